/*
 * seed001_proxy_querying.c - seed 001: querying with association proxies.
 *
 * User.special_keys proxies a column (UserKeywordAssociation.special_key)
 * and User.keywords an object (UserKeywordAssociation.keyword, a Keyword):
 * comparisons on them compile to correlated EXISTS subqueries, printed as
 * SQLAlchemy prints them and then run on three users. Last, a join along
 * both hops of User.keywords (its local_attr, then its remote_attr).
 */
#include <string.h>

#include "example_util.h"

/*
 * class User(Base):
 *     __tablename__ = "user"
 *     id: Mapped[int] = mapped_column(primary_key=True)
 *     name: Mapped[str] = mapped_column(String(64))
 *     user_keyword_associations: Mapped[UserKeywordAssociation] = relationship(
 *         cascade="all, delete-orphan",
 *     )
 *     # object-targeted association proxy
 *     keywords: AssociationProxy[List[Keyword]] = association_proxy(
 *         "user_keyword_associations", "keyword",
 *     )
 *     # column-targeted association proxy
 *     special_keys: AssociationProxy[List[str]] = association_proxy(
 *         "user_keyword_associations", "special_key"
 *     )
 *
 * class UserKeywordAssociation(Base):
 *     __tablename__ = "user_keyword"
 *     user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
 *     keyword_id: Mapped[int] = mapped_column(ForeignKey("keyword.id"), primary_key=True)
 *     special_key: Mapped[str] = mapped_column(String(64))
 *     keyword: Mapped[Keyword] = relationship()
 *
 * class Keyword(Base):
 *     __tablename__ = "keyword"
 *     id: Mapped[int] = mapped_column(primary_key=True)
 *     keyword: Mapped[str] = mapped_column(String(64))
 */
struct model {
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *User, *UserKeywordAssociation, *Keyword;
};

static void open_model(struct model *m)
{
	CHECK(assoc_registry_new(&m->reg));
	assoc_table *user = ex_table(m->reg, "user");
	ex_primary_key(user, "id", ASSOC_TYPE_INTEGER);
	ex_column(user, "name", ASSOC_TYPE_TEXT);
	assoc_table *uk = ex_table(m->reg, "user_keyword");
	ex_foreign_key(uk, "user_id", ASSOC_TYPE_INTEGER, "user.id", 1);
	ex_foreign_key(uk, "keyword_id", ASSOC_TYPE_INTEGER, "keyword.id", 1);
	ex_column(uk, "special_key", ASSOC_TYPE_TEXT);
	assoc_table *keyword = ex_table(m->reg, "keyword");
	ex_primary_key(keyword, "id", ASSOC_TYPE_INTEGER);
	ex_column(keyword, "keyword", ASSOC_TYPE_TEXT);

	m->User = ex_mapper(m->reg, "User", "user");
	m->UserKeywordAssociation = ex_mapper(m->reg, "UserKeywordAssociation", "user_keyword");
	m->Keyword = ex_mapper(m->reg, "Keyword", "keyword");
	ex_relationship_full(m->User, "user_keyword_associations", "UserKeywordAssociation", NULL, -1,
	                     ASSOC_COLLECTION_LIST, NULL, "all, delete-orphan", NULL);
	ex_proxy(m->User, "keywords", "user_keyword_associations", "keyword", NULL, NULL);
	ex_proxy(m->User, "special_keys", "user_keyword_associations", "special_key", NULL, NULL);
	ex_relationship(m->UserKeywordAssociation, "keyword", "Keyword", NULL);
	ex_open(m->reg, &m->eng, &m->s);
}

/*
 * jek: special_key "jek", Keyword "cheese-inspector";
 * log: special_key "blammo-jek", Keyword "jek";
 * ann: special_key "sk1", Keyword "snack-ninja".
 */
static void add_users(struct model *m)
{
	static const char *const rows[][3] = { { "jek", "jek", "cheese-inspector" },
		                                   { "log", "blammo-jek", "jek" },
		                                   { "ann", "sk1", "snack-ninja" } };
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assoc_object *u = ex_new(m->s, m->User);
		ex_set_text(u, "name", rows[i][0]);
		assoc_object *k = ex_new(m->s, m->Keyword);
		ex_set_text(k, "keyword", rows[i][2]);
		assoc_object *a = ex_new(m->s, m->UserKeywordAssociation);
		ex_set_text(a, "special_key", rows[i][1]);
		ex_set_object(a, "keyword", k);
		ex_append(u, "user_keyword_associations", a);
		CHECK(assoc_session_add(m->s, u));
	}
	CHECK(assoc_session_commit(m->s));
}

/* Print the query's SQL, then run it and print the names of the users found. */
static void show(assoc_query *q)
{
	puts(assoc_query_sql(q));
	assoc_result *r;
	CHECK(assoc_query_all(&r, q));
	fputs("-> [", stdout);
	for (size_t i = 0; i < assoc_result_count(r); i++) {
		if (i)
			fputs(", ", stdout);
		ex_print_repr(ex_get(assoc_result_get(r, i), "name"));
	}
	puts("]");
	assoc_result_free(r);
	assoc_query_free(q);
}

static assoc_query *select_where(struct model *m, assoc_expr *e)
{
	assoc_query *q;
	CHECK(assoc_query_new(&q, m->s, m->User));
	CHECK(assoc_query_where(q, e));
	return q;
}

static void column_proxy(void)
{
	struct model m;
	assoc_expr *e;

	ex_header("seed 001: querying a column-targeted association proxy");
	open_model(&m);
	add_users(&m);

	ex_prompt("print(session.scalars(select(User).where(User.special_keys == \"jek\")))");
	CHECK(assoc_expr_compare(&e, m.User, "special_keys", ASSOC_OP_EQ, assoc_value_text("jek")));
	show(select_where(&m, e));

	ex_prompt("print(session.scalars(select(User).where(User.special_keys.like(\"%jek\"))))");
	CHECK(assoc_expr_compare(&e, m.User, "special_keys", ASSOC_OP_LIKE, assoc_value_text("%jek")));
	show(select_where(&m, e));

	ex_close(m.reg, m.eng, m.s);
}

static void object_proxy(void)
{
	struct model m;
	assoc_expr *crit, *e;

	ex_header("seed 001: querying an object-targeted association proxy");
	open_model(&m);
	add_users(&m);

	ex_prompt("print(session.scalars(select(User).where(User.keywords.any(Keyword.keyword == \"jek\"))))");
	CHECK(assoc_expr_compare(&crit, m.Keyword, "keyword", ASSOC_OP_EQ, assoc_value_text("jek")));
	CHECK(assoc_expr_any(&e, m.User, "keywords", crit));
	show(select_where(&m, e));

	ex_close(m.reg, m.eng, m.s);
}

/* select(User).join(*User.keywords.attr), and the same hop by hop. */
static void joins(void)
{
	struct model m;
	assoc_query *q;
	assoc_expr *e;

	ex_header("seed 001: joining along an association proxy");
	open_model(&m);
	add_users(&m);

	ex_prompt("print(select(User).join(*User.keywords.attr).where(Keyword.keyword == \"jek\"))");
	CHECK(assoc_query_new(&q, m.s, m.User));
	CHECK(assoc_query_join(q, m.User, "keywords"));
	CHECK(assoc_expr_compare(&e, m.Keyword, "keyword", ASSOC_OP_EQ, assoc_value_text("jek")));
	CHECK(assoc_query_where(q, e));
	show(q);

	assoc_attr *keywords, *local, *remote;
	CHECK(assoc_mapper_attr(&keywords, m.User, "keywords"));
	local = assoc_proxy_local_attr(keywords);
	remote = assoc_proxy_remote_attr(keywords);
	EXPECT(local && remote);
	ex_prompt("User.keywords.local_attr, User.keywords.remote_attr");
	printf("(%s.%s, %s.%s)\n", assoc_mapper_name(assoc_attr_mapper(local)), assoc_attr_name(local),
	       assoc_mapper_name(assoc_attr_mapper(remote)), assoc_attr_name(remote));
	ex_prompt("print(select(User)\n"
	          "...     .join(User.keywords.local_attr)\n"
	          "...     .join(User.keywords.remote_attr)\n"
	          "...     .where(Keyword.keyword == \"jek\"))");
	CHECK(assoc_query_new(&q, m.s, m.User));
	CHECK(assoc_query_join(q, assoc_attr_mapper(local), assoc_attr_name(local)));
	CHECK(assoc_query_join(q, assoc_attr_mapper(remote), assoc_attr_name(remote)));
	CHECK(assoc_expr_compare(&e, m.Keyword, "keyword", ASSOC_OP_EQ, assoc_value_text("jek")));
	CHECK(assoc_query_where(q, e));
	show(q);

	ex_close(m.reg, m.eng, m.s);
}

int main(void)
{
	column_proxy();
	putchar('\n');
	object_proxy();
	putchar('\n');
	joins();
	return 0;
}
