/*
 * seed001_association_proxy.c - seed 001: the association proxy, a
 * read/write view of an attribute two hops away.
 *
 * User.keywords shows the Keyword.keyword strings of the many-to-many
 * relationship User.kw (with the proxy, without it, and with a creator);
 * then it bridges the association object UserKeywordAssociation to its
 * Keyword, as a list and as a dict keyed by special_key; last, as a
 * composite proxy, it is a dict of strings to strings, with and without
 * unique Keyword rows (the seed's UniqueObject caveat, built in).
 */
#include "example_util.h"

/* Keyword.__repr__: Keyword('kw'). */
static void print_keyword(assoc_value v)
{
	EXPECT(v.kind == ASSOC_OBJECT);
	fputs("Keyword(", stdout);
	ex_print_repr(ex_get(v.u.object, "keyword"));
	putchar(')');
}

/* Keyword(keyword), a transient object of session s. */
static assoc_object *keyword_new(assoc_session *s, assoc_mapper *Keyword, const char *keyword)
{
	assoc_object *k = ex_new(s, Keyword);
	ex_set_text(k, "keyword", keyword);
	return k;
}

/*
 * class User(Base):
 *     __tablename__ = "user"
 *     id: Mapped[int] = mapped_column(primary_key=True)
 *     name: Mapped[str] = mapped_column(String(64))
 *
 * class Keyword(Base):
 *     __tablename__ = "keyword"
 *     id: Mapped[int] = mapped_column(primary_key=True)
 *     keyword: Mapped[str] = mapped_column(String(64))
 *
 * and the table user_keyword(user_id, keyword_id), with special_key when
 * it maps the association object UserKeywordAssociation.
 */
static void define_tables(assoc_registry *reg, int special_key, assoc_mapper **User,
                          assoc_mapper **Keyword)
{
	assoc_table *user = ex_table(reg, "user");
	ex_primary_key(user, "id", ASSOC_TYPE_INTEGER);
	ex_column(user, "name", ASSOC_TYPE_TEXT);
	assoc_table *keyword = ex_table(reg, "keyword");
	ex_primary_key(keyword, "id", ASSOC_TYPE_INTEGER);
	ex_column(keyword, "keyword", ASSOC_TYPE_TEXT);
	assoc_table *uk = ex_table(reg, "user_keyword");
	ex_foreign_key(uk, "user_id", ASSOC_TYPE_INTEGER, "user.id", 1);
	ex_foreign_key(uk, "keyword_id", ASSOC_TYPE_INTEGER, "keyword.id", 1);
	if (special_key)
		ex_column(uk, "special_key", ASSOC_TYPE_TEXT);
	*User = ex_mapper(reg, "User", "user");
	*Keyword = ex_mapper(reg, "Keyword", "keyword");
}

/* User(name), added to the session. */
static assoc_object *user_new(assoc_session *s, assoc_mapper *User, const char *name)
{
	assoc_object *u = ex_new(s, User);
	ex_set_text(u, "name", name);
	CHECK(assoc_session_add(s, u));
	return u;
}

/* ---- simplifying scalar collections ------------------------------------- */

/* creator=lambda kw: Keyword(keyword=kw); userdata is the Keyword mapper. */
static int keyword_creator(void *userdata, assoc_object *owner, const assoc_value *key,
                           const assoc_value *value, assoc_object **out)
{
	(void)key;
	int rc = assoc_object_new(out, assoc_object_session(owner), userdata);
	return rc ? rc : assoc_object_set(*out, "keyword", *value);
}

/*
 *     kw: Mapped[List[Keyword]] = relationship(secondary=lambda: user_keyword_table)
 *     keywords: AssociationProxy[List[str]] = association_proxy("kw", "keyword")
 */
static void scalar_collections(int with_creator)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *User, *Keyword;

	ex_header(with_creator ? "seed 001: simplifying scalar collections, with a creator"
	                       : "seed 001: simplifying scalar collections");
	CHECK(assoc_registry_new(&reg));
	define_tables(reg, 0, &User, &Keyword);
	ex_relationship_full(User, "kw", "Keyword", "user_keyword", -1, ASSOC_COLLECTION_LIST, NULL,
	                     NULL, NULL);
	ex_proxy(User, "keywords", "kw", "keyword", with_creator ? keyword_creator : NULL,
	         with_creator ? Keyword : NULL);
	ex_open(reg, &eng, &s);

	ex_prompt("user = User(\"jek\")");
	assoc_object *user = user_new(s, User, "jek");
	assoc_collection *keywords = ex_collection(user, "keywords");
	ex_prompt("user.keywords.append(\"cheese-inspector\")");
	CHECK(assoc_collection_append(keywords, assoc_value_text("cheese-inspector")));
	ex_prompt("user.keywords.append(\"snack-ninja\")");
	CHECK(assoc_collection_append(keywords, assoc_value_text("snack-ninja")));
	ex_prompt("print(user.keywords)");
	ex_print_view(keywords, NULL);

	/* the proxy made the Keyword objects, and they are in the relationship */
	ex_prompt("print([keyword.keyword for keyword in user.kw])");
	ex_print_collection_attr(user, "kw", "keyword");

	ex_prompt("session.commit(); print(user.keywords)");
	CHECK(assoc_session_commit(s));
	ex_print_view(keywords, NULL);
	ex_prompt("print(user.kw)");
	ex_print_collection(user, "kw");
	ex_prompt("session.scalar(select(func.count()).select_from(user_keyword_table))");
	printf("%" PRId64 "\n", ex_count_rows(eng, "user_keyword"));

	ex_close(reg, eng, s);
}

/* The identical series of operations without using the association proxy. */
static void scalar_collections_without_proxy(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *User, *Keyword;

	ex_header("seed 001: the same without the association proxy");
	CHECK(assoc_registry_new(&reg));
	define_tables(reg, 0, &User, &Keyword);
	ex_relationship_full(User, "kw", "Keyword", "user_keyword", -1, ASSOC_COLLECTION_LIST, NULL,
	                     NULL, NULL);
	ex_open(reg, &eng, &s);

	ex_prompt("# identical operations without using the association proxy");
	ex_prompt("user = User(\"jek\")");
	assoc_object *user = user_new(s, User, "jek");
	ex_prompt("user.kw.append(Keyword(\"cheese-inspector\"))");
	ex_append(user, "kw", keyword_new(s, Keyword, "cheese-inspector"));
	ex_prompt("user.kw.append(Keyword(\"snack-ninja\"))");
	ex_append(user, "kw", keyword_new(s, Keyword, "snack-ninja"));
	ex_prompt("print([keyword.keyword for keyword in user.kw])");
	ex_print_collection_attr(user, "kw", "keyword");

	ex_close(reg, eng, s);
}

/* ---- simplifying association objects ------------------------------------ */

/* creator=lambda keyword_obj: UserKeywordAssociation(keyword=keyword_obj) */
static int association_creator(void *userdata, assoc_object *owner, const assoc_value *key,
                               const assoc_value *value, assoc_object **out)
{
	(void)key;
	int rc = assoc_object_new(out, assoc_object_session(owner), userdata);
	return rc ? rc : assoc_object_set(*out, "keyword", *value);
}

/*
 * class User(Base):
 *     user_keyword_associations: Mapped[List[UserKeywordAssociation]] = relationship(
 *         back_populates="user", cascade="all, delete-orphan")
 *     keywords: AssociationProxy[List[Keyword]] = association_proxy(
 *         "user_keyword_associations", "keyword",
 *         creator=lambda keyword_obj: UserKeywordAssociation(keyword=keyword_obj))
 *
 * class UserKeywordAssociation(Base):
 *     __tablename__ = "user_keyword"
 *     user_id, keyword_id: primary key, foreign keys to user.id and keyword.id
 *     special_key: Mapped[Optional[str]] = mapped_column(String(50))
 *     user: Mapped[User] = relationship(back_populates="user_keyword_associations")
 *     keyword: Mapped[Keyword] = relationship()
 */
static void association_objects(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *User, *Keyword;

	ex_header("seed 001: simplifying association objects");
	CHECK(assoc_registry_new(&reg));
	define_tables(reg, 1, &User, &Keyword);
	assoc_mapper *UKA = ex_mapper(reg, "UserKeywordAssociation", "user_keyword");
	ex_relationship_full(User, "user_keyword_associations", "UserKeywordAssociation", NULL, -1,
	                     ASSOC_COLLECTION_LIST, NULL, "all, delete-orphan", "user");
	ex_proxy(User, "keywords", "user_keyword_associations", "keyword", association_creator, UKA);
	ex_relationship(UKA, "user", "User", "user_keyword_associations");
	ex_relationship(UKA, "keyword", "Keyword", NULL);
	ex_open(reg, &eng, &s);

	ex_prompt("user = User(\"log\")");
	assoc_object *user = user_new(s, User, "log");
	assoc_collection *keywords = ex_collection(user, "keywords");
	ex_prompt("for kw in (Keyword(\"new_from_blammo\"), Keyword(\"its_big\")):\n"
	          "...     user.keywords.append(kw)");
	const char *const kws[] = { "new_from_blammo", "its_big" };
	for (int i = 0; i < 2; i++)
		CHECK(assoc_collection_append(keywords,
		                              assoc_value_object(keyword_new(s, Keyword, kws[i]))));
	ex_prompt("print(user.keywords)");
	ex_print_view(keywords, print_keyword);

	/* each append made a UserKeywordAssociation whose .user is the user */
	ex_prompt("[a.user is user for a in user.user_keyword_associations]");
	assoc_collection *ukas = ex_collection(user, "user_keyword_associations");
	printf("[%s, %s]\n", ex_get_object(ex_at(user, "user_keyword_associations", 0), "user") == user
	                             ? "True" : "False",
	       ex_get_object(ex_at(user, "user_keyword_associations", 1), "user") == user ? "True"
	                                                                                  : "False");

	ex_prompt("user.user_keyword_associations.append(\n"
	          "...     UserKeywordAssociation(keyword=Keyword(\"its_heavy\"))\n"
	          "... )");
	assoc_object *heavy = ex_new(s, UKA);
	ex_set_object(heavy, "keyword", keyword_new(s, Keyword, "its_heavy"));
	CHECK(assoc_collection_append(ukas, assoc_value_object(heavy)));

	ex_prompt("UserKeywordAssociation(\n"
	          "...     keyword=Keyword(\"its_wood\"), user=user, special_key=\"my special key\"\n"
	          "... )");
	assoc_object *wood = ex_new(s, UKA);
	ex_set_object(wood, "keyword", keyword_new(s, Keyword, "its_wood"));
	ex_set_object(wood, "user", user); /* back_populates appends it */
	ex_set_text(wood, "special_key", "my special key");
	/* SQLAlchemy 2.0: the backref does not cascade it into the session */
	ex_prompt("session.add(user.user_keyword_associations[-1])");
	CHECK(assoc_session_add(s, wood));

	ex_prompt("print(user.keywords)");
	ex_print_view(keywords, print_keyword);

	ex_prompt("session.commit()");
	CHECK(assoc_session_commit(s));
	ex_prompt("print(user.keywords)");
	ex_print_view(keywords, print_keyword);
	ex_prompt("[a.special_key for a in user.user_keyword_associations]");
	ex_print_collection_attr(user, "user_keyword_associations", "special_key");

	ex_close(reg, eng, s);
}

/* ---- proxying to dictionary based collections --------------------------- */

/*
 * creator=lambda k, v: UserKeywordAssociation(special_key=k, keyword=v)
 * keyword is a relationship to Keyword here, and a proxy of kw.keyword in
 * the composite mapping: the same creator serves both.
 */
static int dict_creator(void *userdata, assoc_object *owner, const assoc_value *key,
                        const assoc_value *value, assoc_object **out)
{
	int rc = assoc_object_new(out, assoc_object_session(owner), userdata);
	if (!rc)
		rc = assoc_object_set(*out, "special_key", *key);
	return rc ? rc : assoc_object_set(*out, "keyword", *value);
}

/*
 * user_keyword_associations as attribute_keyed_dict("special_key"), and User
 * and UserKeywordAssociation with the relationships both ways; composite:
 * UserKeywordAssociation.kw = relationship(Keyword) and
 * UserKeywordAssociation.keyword = association_proxy("kw", "keyword").
 */
static assoc_mapper *define_dict_model(assoc_registry *reg, int composite, int unique,
                                       assoc_mapper **User, assoc_mapper **Keyword)
{
	define_tables(reg, 1, User, Keyword);
	assoc_mapper *UKA = ex_mapper(reg, "UserKeywordAssociation", "user_keyword");
	ex_relationship_full(*User, "user_keyword_associations", "UserKeywordAssociation", NULL, -1,
	                     ASSOC_COLLECTION_DICT, "special_key", "all, delete-orphan", "user");
	ex_proxy(*User, "keywords", "user_keyword_associations", "keyword", dict_creator, UKA);
	ex_relationship(UKA, "user", "User", "user_keyword_associations");
	if (composite) {
		ex_relationship(UKA, "kw", "Keyword", NULL);
		assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
		p.target_collection = "kw";
		p.attr = "keyword";
		p.unique = unique;
		CHECK(assoc_mapper_add_proxy(UKA, "keyword", &p));
	} else {
		ex_relationship(UKA, "keyword", "Keyword", NULL);
	}
	return UKA;
}

static void dict_collections(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *User, *Keyword;

	ex_header("seed 001: proxying to dictionary based collections");
	CHECK(assoc_registry_new(&reg));
	define_dict_model(reg, 0, 0, &User, &Keyword);
	ex_open(reg, &eng, &s);

	ex_prompt("user = User(\"log\")");
	assoc_object *user = user_new(s, User, "log");
	assoc_collection *keywords = ex_collection(user, "keywords");
	ex_prompt("user.keywords[\"sk1\"] = Keyword(\"kw1\")");
	CHECK(assoc_collection_put(keywords, assoc_value_text("sk1"),
	                           assoc_value_object(keyword_new(s, Keyword, "kw1"))));
	ex_prompt("user.keywords[\"sk2\"] = Keyword(\"kw2\")");
	CHECK(assoc_collection_put(keywords, assoc_value_text("sk2"),
	                           assoc_value_object(keyword_new(s, Keyword, "kw2"))));
	ex_prompt("print(user.keywords)");
	ex_print_dict(keywords, print_keyword);

	ex_prompt("session.commit(); print(user.keywords)");
	CHECK(assoc_session_commit(s));
	ex_print_dict(keywords, print_keyword);
	ex_prompt("[a.special_key for a in user.user_keyword_associations.values()]");
	ex_print_collection_attr(user, "user_keyword_associations", "special_key");

	ex_close(reg, eng, s);
}

/* ---- composite association proxies --------------------------------------- */

static void composite(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *User, *Keyword;

	ex_header("seed 001: composite association proxies");
	CHECK(assoc_registry_new(&reg));
	define_dict_model(reg, 1, 0, &User, &Keyword);
	ex_open(reg, &eng, &s);

	ex_prompt("user = User(\"log\")");
	assoc_object *user = user_new(s, User, "log");
	assoc_collection *keywords = ex_collection(user, "keywords");
	ex_prompt("user.keywords = {\"sk1\": \"kw1\", \"sk2\": \"kw2\"}");
	const assoc_value keys[] = { assoc_value_text("sk1"), assoc_value_text("sk2") };
	const assoc_value values[] = { assoc_value_text("kw1"), assoc_value_text("kw2") };
	CHECK(assoc_collection_assign(keywords, keys, values, 2));
	ex_prompt("print(user.keywords)");
	ex_print_dict(keywords, NULL);

	ex_prompt("user.keywords[\"sk3\"] = \"kw3\"");
	CHECK(assoc_collection_put(keywords, assoc_value_text("sk3"), assoc_value_text("kw3")));
	ex_prompt("del user.keywords[\"sk2\"]");
	CHECK(assoc_collection_delete_key(keywords, assoc_value_text("sk2")));
	ex_prompt("print(user.keywords)");
	ex_print_dict(keywords, NULL);

	ex_prompt("session.commit()");
	CHECK(assoc_session_commit(s));
	ex_prompt("# illustrate un-proxied usage\n"
	          "... print(user.user_keyword_associations[\"sk3\"].kw)");
	assoc_value uka;
	CHECK(assoc_collection_lookup(&uka, ex_collection(user, "user_keyword_associations"),
	                              assoc_value_text("sk3")));
	EXPECT(uka.kind == ASSOC_OBJECT);
	assoc_object *kw = ex_get_object(uka.u.object, "kw");
	ex_print_object(kw);
	ex_prompt("print(user.user_keyword_associations[\"sk3\"].kw.keyword)");
	ex_print_str(ex_get(kw, "keyword"));
	putchar('\n');
	ex_prompt("print(user.keywords)");
	ex_print_dict(keywords, NULL);

	ex_close(reg, eng, s);
}

/*
 * The caveat: each set makes a new Keyword, so two users tagging the same
 * word make two rows. With unique set on UserKeywordAssociation.keyword, the
 * proxy looks the Keyword up first (in the session, then the database), as
 * the UniqueObject recipe does.
 */
static void composite_unique(int unique)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s, *s2;
	assoc_mapper *User, *Keyword;

	ex_header(unique ? "seed 001: composite proxies, unique keywords (unique=True)"
	                 : "seed 001: composite proxies, a Keyword per set operation");
	CHECK(assoc_registry_new(&reg));
	define_dict_model(reg, 1, unique, &User, &Keyword);
	ex_open(reg, &eng, &s);

	ex_prompt("jek = User(\"jek\")\n"
	          ">>> jek.keywords = {\"sk1\": \"cheese-inspector\", \"sk2\": \"snack-ninja\"}");
	assoc_object *jek = user_new(s, User, "jek");
	const assoc_value keys[] = { assoc_value_text("sk1"), assoc_value_text("sk2") };
	const assoc_value values[] = { assoc_value_text("cheese-inspector"),
	                               assoc_value_text("snack-ninja") };
	CHECK(assoc_collection_assign(ex_collection(jek, "keywords"), keys, values, 2));
	ex_prompt("log = User(\"log\")\n>>> log.keywords[\"sk1\"] = \"snack-ninja\"");
	assoc_object *log = user_new(s, User, "log");
	CHECK(assoc_collection_put(ex_collection(log, "keywords"), assoc_value_text("sk1"),
	                           assoc_value_text("snack-ninja")));
	ex_prompt("log.user_keyword_associations[\"sk1\"].kw is "
	          "jek.user_keyword_associations[\"sk2\"].kw");
	assoc_value a, b;
	CHECK(assoc_collection_lookup(&a, ex_collection(log, "user_keyword_associations"),
	                              assoc_value_text("sk1")));
	CHECK(assoc_collection_lookup(&b, ex_collection(jek, "user_keyword_associations"),
	                              assoc_value_text("sk2")));
	ex_print_bool(ex_get_object(a.u.object, "kw") == ex_get_object(b.u.object, "kw"));
	ex_prompt("session.commit()");
	CHECK(assoc_session_commit(s));
	ex_prompt("session.scalar(select(func.count()).select_from(Keyword))");
	printf("%" PRId64 "\n", ex_count_rows(eng, "keyword"));

	/* a later session: the existing row is found in the database */
	ex_prompt("session = Session(engine)\n"
	          ">>> ann = User(\"ann\"); session.add(ann)\n"
	          ">>> ann.keywords[\"sk1\"] = \"cheese-inspector\"\n"
	          ">>> session.commit()");
	CHECK(assoc_session_new(&s2, eng, reg, NULL));
	assoc_object *ann = user_new(s2, User, "ann");
	CHECK(assoc_collection_put(ex_collection(ann, "keywords"), assoc_value_text("sk1"),
	                           assoc_value_text("cheese-inspector")));
	CHECK(assoc_session_commit(s2));
	ex_prompt("print(ann.keywords)");
	ex_print_named_view(ann, "keywords", NULL);
	ex_prompt("session.scalar(select(func.count()).select_from(Keyword))");
	printf("%" PRId64 "\n", ex_count_rows(eng, "keyword"));

	assoc_session_free(s2);
	ex_close(reg, eng, s);
}

int main(void)
{
	scalar_collections(0);
	putchar('\n');
	scalar_collections_without_proxy();
	putchar('\n');
	scalar_collections(1);
	putchar('\n');
	association_objects();
	putchar('\n');
	dict_collections();
	putchar('\n');
	composite();
	putchar('\n');
	composite_unique(0);
	putchar('\n');
	composite_unique(1);
	return 0;
}
