/*
 * seed003_proxy_querying.c - seed 003: querying with association proxies.
 *
 * Three mappings of that document: UserKeyword as an association object
 * (User.keywords.any(keyword='jek')), the composite one whose
 * UserKeyword.keyword is a scalar proxy (UserKeyword.keyword == 'jek'), and
 * the many-to-many one through userkeywords (User.keywords.contains('jek')).
 * Each query prints its SQL and then the rows it finds; then joins along
 * User.keywords (*User.keywords.attr, and local_attr / remote_attr).
 *
 * The document prints the SQL of an old SQLAlchemy, abbreviated in places
 * ("SELECT user.*"); the C library prints it as seed 001 does: "user"
 * quoted, every column labelled, on one line.
 */
#include "example_util.h"

enum mapping {
	ASSOCIATION_OBJECT, /* UserKeyword.keyword = relationship("Keyword") */
	COMPOSITE,          /* UserKeyword.kw = relationship("Keyword"); keyword = association_proxy('kw', 'keyword') */
	MANY_TO_MANY        /* User.kw = relationship("Keyword", secondary=userkeywords) */
};

struct model {
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *User, *UserKeyword, *Keyword;
};

/*
 * user(id, name), keyword(id, keyword) and user_keyword(user_id, keyword_id,
 * special_key) or userkeywords(user_id, keyword_id); User.keywords =
 * association_proxy('user_keywords', 'keyword') or ('kw', 'keyword').
 */
static void open_model(struct model *m, enum mapping mapping)
{
	const char *link = mapping == MANY_TO_MANY ? "userkeywords" : "user_keyword";
	CHECK(assoc_registry_new(&m->reg));
	assoc_table *user = ex_table(m->reg, "user");
	ex_primary_key(user, "id", ASSOC_TYPE_INTEGER);
	ex_column(user, "name", ASSOC_TYPE_TEXT);
	assoc_table *keyword = ex_table(m->reg, "keyword");
	ex_primary_key(keyword, "id", ASSOC_TYPE_INTEGER);
	ex_column(keyword, "keyword", ASSOC_TYPE_TEXT);
	assoc_table *uk = ex_table(m->reg, link);
	ex_foreign_key(uk, "user_id", ASSOC_TYPE_INTEGER, "user.id", 1);
	ex_foreign_key(uk, "keyword_id", ASSOC_TYPE_INTEGER, "keyword.id", 1);
	m->User = ex_mapper(m->reg, "User", "user");
	m->Keyword = ex_mapper(m->reg, "Keyword", "keyword");
	m->UserKeyword = NULL;
	if (mapping == MANY_TO_MANY) {
		ex_relationship_full(m->User, "kw", "Keyword", "userkeywords", -1, ASSOC_COLLECTION_LIST,
		                     NULL, NULL, NULL);
		ex_proxy(m->User, "keywords", "kw", "keyword", NULL, NULL);
	} else {
		ex_column(uk, "special_key", ASSOC_TYPE_TEXT);
		m->UserKeyword = ex_mapper(m->reg, "UserKeyword", "user_keyword");
		assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
		back.cascade = "all, delete-orphan";
		assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
		r.target = "User";
		r.backref = "user_keywords";
		r.backref_options = &back;
		CHECK(assoc_mapper_add_relationship(m->UserKeyword, "user", &r));
		if (mapping == COMPOSITE) {
			ex_relationship(m->UserKeyword, "kw", "Keyword", NULL);
			ex_proxy(m->UserKeyword, "keyword", "kw", "keyword", NULL, NULL);
		} else {
			ex_relationship(m->UserKeyword, "keyword", "Keyword", NULL);
		}
		ex_proxy(m->User, "keywords", "user_keywords", "keyword", NULL, NULL);
	}
	ex_open(m->reg, &m->eng, &m->s);

	/* jek has 'cheese inspector'; log has 'jek' and 'snack ninja'; ann has none */
	static const char *const users[] = { "jek", "log", "ann" };
	static const char *const tags[][2] = { { "cheese inspector", NULL },
		                                   { "jek", "snack ninja" },
		                                   { NULL, NULL } };
	for (int i = 0; i < 3; i++) {
		assoc_object *u = ex_new(m->s, m->User);
		ex_set_text(u, "name", users[i]);
		CHECK(assoc_session_add(m->s, u));
		for (int k = 0; k < 2 && tags[i][k]; k++) {
			if (mapping == ASSOCIATION_OBJECT) {
				assoc_object *kw = ex_new(m->s, m->Keyword);
				ex_set_text(kw, "keyword", tags[i][k]);
				CHECK(assoc_collection_append(ex_collection(u, "keywords"),
				                              assoc_value_object(kw)));
			} else {
				/* a string: a Keyword (and a UserKeyword) made by the proxies */
				CHECK(assoc_collection_append(ex_collection(u, "keywords"),
				                              assoc_value_text(tags[i][k])));
			}
		}
	}
	CHECK(assoc_session_commit(m->s));
}

/* Print the query's SQL, then run it and print what it finds. */
static void show(assoc_query *q, const char *name_attr)
{
	puts(assoc_query_sql(q));
	assoc_result *r;
	CHECK(assoc_query_all(&r, q));
	fputs("-> [", stdout);
	for (size_t i = 0; i < assoc_result_count(r); i++) {
		assoc_object *o = assoc_result_get(r, i);
		if (i)
			fputs(", ", stdout);
		if (name_attr)
			ex_print_repr(ex_get(o, name_attr));
		else
			fputs(assoc_object_repr(o), stdout);
	}
	puts("]");
	assoc_result_free(r);
	assoc_query_free(q);
}

static assoc_query *query_where(struct model *m, assoc_mapper *mapper, assoc_expr *e)
{
	assoc_query *q;
	CHECK(assoc_query_new(&q, m->s, mapper));
	CHECK(assoc_query_where(q, e));
	return q;
}

/* any() and has() produce a "nested" EXISTS clause. */
static void any_on_association_object(void)
{
	struct model m;
	assoc_expr *crit, *e;

	ex_header("seed 003: any() through an association object");
	open_model(&m, ASSOCIATION_OBJECT);
	ex_prompt("print(session.query(User).filter(User.keywords.any(keyword='jek')))");
	CHECK(assoc_expr_compare(&crit, m.Keyword, "keyword", ASSOC_OP_EQ, assoc_value_text("jek")));
	CHECK(assoc_expr_any(&e, m.User, "keywords", crit));
	show(query_where(&m, m.User, e), "name");
	ex_close(m.reg, m.eng, m.s);
}

/* For a proxy to a scalar attribute, __eq__() is supported. */
static void eq_on_scalar_proxy(void)
{
	struct model m;
	assoc_expr *e;

	ex_header("seed 003: == on a scalar proxy");
	open_model(&m, COMPOSITE);
	ex_prompt("print(session.query(UserKeyword).filter(UserKeyword.keyword == 'jek'))");
	CHECK(assoc_expr_compare(&e, m.UserKeyword, "keyword", ASSOC_OP_EQ, assoc_value_text("jek")));
	show(query_where(&m, m.UserKeyword, e), NULL);
	ex_close(m.reg, m.eng, m.s);
}

/* and .contains() is available for a proxy to a scalar collection. */
static void contains_on_scalar_collection(void)
{
	struct model m;
	assoc_expr *e;

	ex_header("seed 003: contains() on a proxy to a scalar collection");
	open_model(&m, MANY_TO_MANY);
	ex_prompt("print(session.query(User).filter(User.keywords.contains('jek')))");
	CHECK(assoc_expr_contains(&e, m.User, "keywords", assoc_value_text("jek")));
	show(query_where(&m, m.User, e), "name");
	ex_close(m.reg, m.eng, m.s);
}

/*
 * q = session.query(User).join(*User.keywords.attr)
 *
 * uka = aliased(UserKeyword)
 * ka = aliased(Keyword)
 * q = session.query(User).\
 *         join(uka, User.keywords.local_attr).\
 *         join(ka, User.keywords.remote_attr)
 *
 * The library has no aliased(): the second form joins the tables themselves.
 */
static void joins(void)
{
	struct model m;
	assoc_query *q;
	assoc_expr *e;

	ex_header("seed 003: joining with the attr, local_attr and remote_attr of a proxy");
	open_model(&m, ASSOCIATION_OBJECT);

	ex_prompt("q = session.query(User).join(*User.keywords.attr)");
	CHECK(assoc_query_new(&q, m.s, m.User));
	CHECK(assoc_query_join(q, m.User, "keywords"));
	ex_prompt("print(q.filter(Keyword.keyword == 'snack ninja'))");
	CHECK(assoc_expr_compare(&e, m.Keyword, "keyword", ASSOC_OP_EQ,
	                         assoc_value_text("snack ninja")));
	CHECK(assoc_query_where(q, e));
	show(q, "name");

	assoc_attr *keywords;
	CHECK(assoc_mapper_attr(&keywords, m.User, "keywords"));
	assoc_attr *local = assoc_proxy_local_attr(keywords);
	assoc_attr *remote = assoc_proxy_remote_attr(keywords);
	EXPECT(local && remote);
	ex_prompt("User.keywords.attr");
	printf("(%s.%s, %s.%s)\n", assoc_mapper_name(assoc_attr_mapper(local)), assoc_attr_name(local),
	       assoc_mapper_name(assoc_attr_mapper(remote)), assoc_attr_name(remote));

	ex_prompt("q = session.query(User).\\\n"
	          "...         join(User.keywords.local_attr).\\\n"
	          "...         join(User.keywords.remote_attr)");
	CHECK(assoc_query_new(&q, m.s, m.User));
	CHECK(assoc_query_join(q, assoc_attr_mapper(local), assoc_attr_name(local)));
	CHECK(assoc_query_join(q, assoc_attr_mapper(remote), assoc_attr_name(remote)));
	ex_prompt("print(q.filter(Keyword.keyword == 'cheese inspector'))");
	CHECK(assoc_expr_compare(&e, m.Keyword, "keyword", ASSOC_OP_EQ,
	                         assoc_value_text("cheese inspector")));
	CHECK(assoc_query_where(q, e));
	show(q, "name");

	ex_close(m.reg, m.eng, m.s);
}

int main(void)
{
	any_on_association_object();
	putchar('\n');
	eq_on_scalar_proxy();
	putchar('\n');
	contains_on_scalar_collection();
	putchar('\n');
	joins();
	return 0;
}
