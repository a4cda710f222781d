/*
 * seed003_association_proxy.c - seed 003: the association proxy, in the
 * older declarative style of that document.
 *
 * User and Keyword many-to-many through userkeywords, first without the
 * proxy, then with User.keywords over User.kw (and with a creator). Then
 * the association object UserKeyword, whose "user" relationship creates
 * User.user_keywords by backref (cascade "all, delete-orphan"): as a list,
 * as a dict keyed by special_key (attribute_mapped_collection), and as a
 * composite proxy of strings to strings.
 */
#include <string.h>

#include "example_util.h"

/* Keyword.__repr__: 'Keyword(%s)' % repr(self.keyword) */
static void print_keyword(assoc_value v)
{
	EXPECT(v.kind == ASSOC_OBJECT);
	fputs("Keyword(", stdout);
	ex_print_repr(ex_get(v.u.object, "keyword"));
	putchar(')');
}

static assoc_object *keyword_new(assoc_session *s, assoc_mapper *Keyword, const char *keyword)
{
	assoc_object *k = ex_new(s, Keyword);
	ex_set_text(k, "keyword", keyword);
	return k;
}

static assoc_object *user_new(assoc_session *s, assoc_mapper *User, const char *name)
{
	assoc_object *u = ex_new(s, User);
	ex_set_text(u, "name", name);
	CHECK(assoc_session_add(s, u));
	return u;
}

/*
 * class User(Base):
 *     __tablename__ = 'user'
 *     id = Column(Integer, primary_key=True)
 *     name = Column(String(64))
 *
 * class Keyword(Base):
 *     __tablename__ = 'keyword'
 *     id = Column(Integer, primary_key=True)
 *     keyword = Column('keyword', String(64))
 *
 * and the link table: userkeywords(user_id, keyword_id) for the many-to-many
 * mapping, user_keyword(user_id, keyword_id, special_key) for UserKeyword.
 */
static void define_tables(assoc_registry *reg, const char *link_table, assoc_mapper **User,
                          assoc_mapper **Keyword)
{
	assoc_table *user = ex_table(reg, "user");
	ex_primary_key(user, "id", ASSOC_TYPE_INTEGER);
	ex_column(user, "name", ASSOC_TYPE_TEXT);
	assoc_table *keyword = ex_table(reg, "keyword");
	ex_primary_key(keyword, "id", ASSOC_TYPE_INTEGER);
	ex_column(keyword, "keyword", ASSOC_TYPE_TEXT);
	assoc_table *uk = ex_table(reg, link_table);
	ex_foreign_key(uk, "user_id", ASSOC_TYPE_INTEGER, "user.id", 1);
	ex_foreign_key(uk, "keyword_id", ASSOC_TYPE_INTEGER, "keyword.id", 1);
	if (strcmp(link_table, "user_keyword") == 0)
		ex_column(uk, "special_key", ASSOC_TYPE_TEXT);
	*User = ex_mapper(reg, "User", "user");
	*Keyword = ex_mapper(reg, "Keyword", "keyword");
}

/* ---- simplifying scalar collections ------------------------------------------- */

/* creator=lambda kw: Keyword(keyword=kw) */
static int keyword_creator(void *userdata, assoc_object *owner, const assoc_value *key,
                           const assoc_value *value, assoc_object **out)
{
	(void)key;
	int rc = assoc_object_new(out, assoc_object_session(owner), userdata);
	return rc ? rc : assoc_object_set(*out, "keyword", *value);
}

/*
 *     kw = relationship("Keyword", secondary=lambda: userkeywords_table)
 *     # proxy the 'keyword' attribute from the 'kw' relationship
 *     keywords = association_proxy('kw', 'keyword')     (mode 1)
 *     keywords = association_proxy('kw', 'keyword',
 *                     creator=lambda kw: Keyword(keyword=kw))   (mode 2)
 *
 * mode 0: no proxy, the Keyword objects by hand.
 */
static void scalar_collections(int mode)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *User, *Keyword;

	ex_header(mode == 0   ? "seed 003: a many-to-many collection, without a proxy"
	          : mode == 1 ? "seed 003: simplifying scalar collections"
	                      : "seed 003: simplifying scalar collections, with a creator");
	CHECK(assoc_registry_new(&reg));
	define_tables(reg, "userkeywords", &User, &Keyword);
	ex_relationship_full(User, "kw", "Keyword", "userkeywords", -1, ASSOC_COLLECTION_LIST, NULL,
	                     NULL, NULL);
	if (mode)
		ex_proxy(User, "keywords", "kw", "keyword", mode == 2 ? keyword_creator : NULL,
		         mode == 2 ? Keyword : NULL);
	ex_open(reg, &eng, &s);

	ex_prompt("user = User('jek')");
	assoc_object *user = user_new(s, User, "jek");
	if (mode == 0) {
		ex_prompt("user.kw.append(Keyword('cheese inspector'))");
		ex_append(user, "kw", keyword_new(s, Keyword, "cheese inspector"));
		ex_prompt("session.commit()");
		CHECK(assoc_session_commit(s));
		ex_prompt("print(user.kw)");
		ex_print_collection(user, "kw");
		ex_prompt("print(user.kw[0].keyword)");
		ex_print_str(ex_get(ex_at(user, "kw", 0), "keyword"));
		putchar('\n');
		ex_prompt("print([keyword.keyword for keyword in user.kw])");
		ex_print_collection_attr(user, "kw", "keyword");
	} else {
		assoc_collection *keywords = ex_collection(user, "keywords");
		ex_prompt("user.keywords.append('cheese inspector')");
		CHECK(assoc_collection_append(keywords, assoc_value_text("cheese inspector")));
		ex_prompt("user.keywords");
		ex_print_view(keywords, NULL);
		ex_prompt("user.keywords.append('snack ninja')");
		CHECK(assoc_collection_append(keywords, assoc_value_text("snack ninja")));
		ex_prompt("session.commit()");
		CHECK(assoc_session_commit(s));
		ex_prompt("user.kw");
		ex_print_collection(user, "kw");
		ex_prompt("user.keywords");
		ex_print_view(keywords, NULL);
	}

	ex_close(reg, eng, s);
}

/* ---- simplifying association objects ------------------------------------------- */

/* creator=lambda k, v: UserKeyword(special_key=k, keyword=v) */
static int dict_creator(void *userdata, assoc_object *owner, const assoc_value *key,
                        const assoc_value *value, assoc_object **out)
{
	int rc = assoc_object_new(out, assoc_object_session(owner), userdata);
	if (!rc)
		rc = assoc_object_set(*out, "special_key", *key);
	return rc ? rc : assoc_object_set(*out, "keyword", *value);
}

/*
 * class UserKeyword(Base):
 *     __tablename__ = 'user_keyword'
 *     user_id = Column(Integer, ForeignKey('user.id'), primary_key=True)
 *     keyword_id = Column(Integer, ForeignKey('keyword.id'), primary_key=True)
 *     special_key = Column(String(50))
 *     # bidirectional attribute/collection of "user"/"user_keywords"
 *     user = relationship(User, backref=backref("user_keywords",
 *                                               cascade="all, delete-orphan"))
 *     # reference to the "Keyword" object
 *     keyword = relationship("Keyword")
 *
 * kind DICT: the backref gets collection_class=attribute_mapped_collection("special_key")
 * and User.keywords the creator lambda k, v: UserKeyword(special_key=k, keyword=v).
 * composite: UserKeyword.kw = relationship("Keyword") and
 * UserKeyword.keyword = association_proxy('kw', 'keyword').
 */
static assoc_mapper *define_user_keyword(assoc_registry *reg, assoc_collection_kind kind,
                                         int composite, assoc_mapper **User,
                                         assoc_mapper **Keyword)
{
	define_tables(reg, "user_keyword", User, Keyword);
	assoc_mapper *UserKeyword = ex_mapper(reg, "UserKeyword", "user_keyword");
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	back.cascade = "all, delete-orphan";
	back.collection = kind;
	back.dict_key = kind == ASSOC_COLLECTION_DICT ? "special_key" : NULL;
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "User";
	r.backref = "user_keywords";
	r.backref_options = &back;
	CHECK(assoc_mapper_add_relationship(UserKeyword, "user", &r));
	if (composite) {
		ex_relationship(UserKeyword, "kw", "Keyword", NULL);
		ex_proxy(UserKeyword, "keyword", "kw", "keyword", NULL, NULL);
	} else {
		ex_relationship(UserKeyword, "keyword", "Keyword", NULL);
	}
	/* keywords = association_proxy('user_keywords', 'keyword'[, creator=...]) */
	if (kind == ASSOC_COLLECTION_DICT)
		ex_proxy(*User, "keywords", "user_keywords", "keyword", dict_creator, UserKeyword);
	else
		ex_proxy(*User, "keywords", "user_keywords", "keyword", NULL, NULL);
	return UserKeyword;
}

/* UserKeyword(keyword=None, user=None, special_key=None), as its __init__ does. */
static assoc_object *user_keyword_new(assoc_session *s, assoc_mapper *UserKeyword,
                                      assoc_object *keyword, assoc_object *user,
                                      const char *special_key)
{
	assoc_object *uk = ex_new(s, UserKeyword);
	ex_set_object(uk, "user", user);
	ex_set_object(uk, "keyword", keyword);
	CHECK(assoc_object_set(uk, "special_key", assoc_value_text(special_key)));
	return uk;
}

static void association_objects(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *User, *Keyword;

	ex_header("seed 003: simplifying association objects");
	CHECK(assoc_registry_new(&reg));
	assoc_mapper *UserKeyword =
		define_user_keyword(reg, ASSOC_COLLECTION_LIST, 0, &User, &Keyword);
	ex_open(reg, &eng, &s);

	ex_prompt("user = User('log')");
	assoc_object *user = user_new(s, User, "log");
	assoc_collection *keywords = ex_collection(user, "keywords");
	ex_prompt("for kw in (Keyword('new_from_blammo'), Keyword('its_big')):\n"
	          "...     user.keywords.append(kw)\n"
	          "...");
	const char *const kws[] = { "new_from_blammo", "its_big" };
	for (int i = 0; i < 2; i++)
		CHECK(assoc_collection_append(keywords,
		                              assoc_value_object(keyword_new(s, Keyword, kws[i]))));
	ex_prompt("print(user.keywords)");
	ex_print_view(keywords, print_keyword);

	ex_prompt("user.user_keywords.append(UserKeyword(Keyword('its_heavy')))");
	ex_append(user, "user_keywords",
	          user_keyword_new(s, UserKeyword, keyword_new(s, Keyword, "its_heavy"), NULL, NULL));
	ex_prompt("UserKeyword(Keyword('its_wood'), user, special_key='my special key')");
	assoc_object *wood = user_keyword_new(s, UserKeyword, keyword_new(s, Keyword, "its_wood"), user,
	                                      "my special key");
	/* SQLAlchemy 2.0: the backref does not cascade it into the session */
	ex_prompt("session.add(user.user_keywords[-1])");
	CHECK(assoc_session_add(s, wood));
	ex_prompt("user.keywords");
	ex_print_view(keywords, print_keyword);

	ex_prompt("session.commit()");
	CHECK(assoc_session_commit(s));
	ex_prompt("[(uk.keyword.keyword, uk.special_key) for uk in user.user_keywords]");
	size_t n = ex_len(user, "user_keywords");
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		assoc_object *uk = ex_at(user, "user_keywords", i);
		fputs(i ? ", (" : "(", stdout);
		ex_print_repr(ex_get(ex_get_object(uk, "keyword"), "keyword"));
		fputs(", ", stdout);
		ex_print_repr(ex_get(uk, "special_key"));
		putchar(')');
	}
	puts("]");

	ex_close(reg, eng, s);
}

/* ---- proxying to dictionary based collections ----------------------------------- */

static void dict_collections(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *User, *Keyword;

	ex_header("seed 003: proxying to dictionary based collections");
	CHECK(assoc_registry_new(&reg));
	define_user_keyword(reg, ASSOC_COLLECTION_DICT, 0, &User, &Keyword);
	ex_open(reg, &eng, &s);

	ex_prompt("user = User('log')");
	assoc_object *user = user_new(s, User, "log");
	assoc_collection *keywords = ex_collection(user, "keywords");
	ex_prompt("user.keywords['sk1'] = Keyword('kw1')");
	CHECK(assoc_collection_put(keywords, assoc_value_text("sk1"),
	                           assoc_value_object(keyword_new(s, Keyword, "kw1"))));
	ex_prompt("user.keywords['sk2'] = Keyword('kw2')");
	CHECK(assoc_collection_put(keywords, assoc_value_text("sk2"),
	                           assoc_value_object(keyword_new(s, Keyword, "kw2"))));
	ex_prompt("print(user.keywords)");
	ex_print_dict(keywords, print_keyword);

	ex_prompt("session.commit(); print(user.keywords)");
	CHECK(assoc_session_commit(s));
	ex_print_dict(keywords, print_keyword);

	ex_close(reg, eng, s);
}

/* ---- composite association proxies ----------------------------------------------- */

static void composite(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *User, *Keyword;

	ex_header("seed 003: composite association proxies");
	CHECK(assoc_registry_new(&reg));
	define_user_keyword(reg, ASSOC_COLLECTION_DICT, 1, &User, &Keyword);
	ex_open(reg, &eng, &s);

	ex_prompt("user = User('log')");
	assoc_object *user = user_new(s, User, "log");
	assoc_collection *keywords = ex_collection(user, "keywords");
	ex_prompt("user.keywords = {\n"
	          "...     'sk1':'kw1',\n"
	          "...     'sk2':'kw2'\n"
	          "... }");
	const assoc_value keys[] = { assoc_value_text("sk1"), assoc_value_text("sk2") };
	const assoc_value values[] = { assoc_value_text("kw1"), assoc_value_text("kw2") };
	CHECK(assoc_collection_assign(keywords, keys, values, 2));
	ex_prompt("print(user.keywords)");
	ex_print_dict(keywords, NULL);

	ex_prompt("user.keywords['sk3'] = 'kw3'");
	CHECK(assoc_collection_put(keywords, assoc_value_text("sk3"), assoc_value_text("kw3")));
	ex_prompt("del user.keywords['sk2']");
	CHECK(assoc_collection_delete_key(keywords, assoc_value_text("sk2")));
	ex_prompt("print(user.keywords)");
	ex_print_dict(keywords, NULL);

	ex_prompt("session.commit()");
	CHECK(assoc_session_commit(s));
	ex_prompt("# illustrate un-proxied usage\n"
	          "... print(user.user_keywords['sk3'].kw)");
	assoc_value uk;
	CHECK(assoc_collection_lookup(&uk, ex_collection(user, "user_keywords"),
	                              assoc_value_text("sk3")));
	EXPECT(uk.kind == ASSOC_OBJECT);
	ex_print_object(ex_get_object(uk.u.object, "kw"));
	ex_prompt("print(user.keywords)");
	ex_print_dict(keywords, NULL);

	ex_close(reg, eng, s);
}

int main(void)
{
	scalar_collections(0);
	putchar('\n');
	scalar_collections(1);
	putchar('\n');
	scalar_collections(2);
	putchar('\n');
	association_objects();
	putchar('\n');
	dict_collections();
	putchar('\n');
	composite();
	return 0;
}
