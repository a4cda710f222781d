/*
 * many_to_many.c - test/orm/test_unitofwork.py ManyToManyTest, SaveTest2 and
 * SaveTest3: many-to-many rows written and removed with their collections,
 * an association object, and the order of INSERTs across a many-to-one.
 */
#include "../orm_fixtures.h"

/* The _fixtures tables; Item.<name> -> Keyword through item_keywords. */
static void open_items(fx *f, const char *name, int uselist, const char *order_by)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	of_tables(f->reg);
	fx_mapper(f->reg, "Keyword", "keywords");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = "item_keywords";
	r.uselist = uselist;
	r.order_by = order_by;
	r.lazy = ASSOC_LAZY_JOINED;
	of_rel(fx_mapper(f->reg, "Item", "items"), name, &r);
	fx_open(f);
}

static assoc_object *named(fx *f, const char *mapper, const char *attr, const char *text)
{
	assoc_object *o = fx_new(f, mapper);
	fx_set_text(o, attr, text);
	return o;
}

static int64_t id(assoc_object *o) { return fx_get_int(o, "id"); }

/* The keyword names of a collection, comma-separated. */
static const char *names(assoc_collection *c)
{
	char buf[512] = "";
	for (size_t i = 0; i < fx_len(c); i++) {
		size_t l = strlen(buf);
		snprintf(buf + l, sizeof buf - l, "%s%s", i ? "," : "", fx_get_text(fx_at(c, i), "name"));
	}
	return of_fmt("%s", buf);
}

// test/orm/test_unitofwork.py::ManyToManyTest::test_many_to_many
static void test_many_to_many(void)
{
	static const char *const data[6][5] = {
		{ "mm_item1", "big", "green", "purple", "round" },
		{ "mm_item2", "blue", "imnew", "round", "small" },
		{ "mm_item3" },
		{ "mm_item4", "big", "blue" },
		{ "mm_item5", "big", "exacting", "green" },
		{ "mm_item6", "red", "round", "small" },
	};
	fx f;
	of_rec r;
	open_items(&f, "keywords", -1, "name");
	assoc_object *objects[6], *kws[32];
	const char *kwnames[32];
	size_t nkw = 0;
	for (size_t i = 0; i < 6; i++) {
		objects[i] = named(&f, "Item", "description", data[i][0]);
		for (size_t j = 1; j < 5 && data[i][j]; j++) {
			size_t k = 0;
			while (k < nkw && strcmp(kwnames[k], data[i][j]) != 0)
				k++;
			if (k == nkw) {
				kwnames[nkw] = data[i][j];
				kws[nkw++] = named(&f, "Keyword", "name", data[i][j]);
			}
			fx_append(fx_coll(objects[i], "keywords"), kws[k]);
		}
		CHECK_OK(assoc_session_add(f.s, objects[i]));
	}
	CHECK_OK(assoc_session_flush(f.s));

	/* the query gives the items by description, each with its keywords by name */
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "Item")));
	CHECK_OK(assoc_query_order_by(q, "description", 0));
	assoc_result *res;
	CHECK_OK(assoc_query_all(&res, q));
	assoc_query_free(q);
	CHECK_INT(assoc_result_count(res), 6);
	for (size_t i = 0; i < 6; i++) {
		assoc_object *it = assoc_result_get(res, i);
		CHECK_STR(fx_get_text(it, "description"), data[i][0]);
		char want[256] = "";
		for (size_t j = 1; j < 5 && data[i][j]; j++) {
			size_t l = strlen(want);
			snprintf(want + l, sizeof want - l, "%s%s", j > 1 ? "," : "", data[i][j]);
		}
		CHECK_STR(names(fx_coll(it, "keywords")), want);
	}
	assoc_result_free(res);

	fx_set_text(objects[4], "description", "item4updated");
	assoc_object *k = named(&f, "Keyword", "name", "yellow");
	fx_append(fx_coll(objects[5], "keywords"), k);
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, of_fmt("UPDATE items SET description = 'item4updated' WHERE id = %lld", (long long)id(objects[4])),
	          "INSERT INTO keywords (id, name) VALUES (NULL, 'yellow')",
	          of_fmt("INSERT INTO item_keywords (item_id, keyword_id) VALUES (%lld, %lld)", (long long)id(objects[5]),
	                 (long long)id(k)));

	fx_append(fx_coll(objects[2], "keywords"), k);
	assoc_collection *c5 = fx_coll(objects[5], "keywords");
	int64_t dkid = id(fx_at(c5, 1));
	CHECK_OK(assoc_collection_pop(NULL, c5, 1));
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r,
	          of_fmt("DELETE FROM item_keywords WHERE item_keywords.item_id = %lld AND item_keywords.keyword_id = %lld",
	                 (long long)id(objects[5]), (long long)dkid),
	          of_fmt("INSERT INTO item_keywords (item_id, keyword_id) VALUES (%lld, %lld)", (long long)id(objects[2]),
	                 (long long)id(k)));
	CHECK_OK(assoc_session_delete(f.s, objects[3]));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(fx_sql_int(f.eng, of_fmt("SELECT count(*) FROM item_keywords WHERE item_id = %lld",
	                                   (long long)id(objects[3]))), 0);
	fx_close(&f);
}

// test/orm/test_unitofwork.py::ManyToManyTest::test_many_to_many_remove
static void test_many_to_many_remove(void)
{
	fx f;
	open_items(&f, "keywords", -1, NULL);
	assoc_object *i = named(&f, "Item", "description", "i1");
	assoc_collection *c = fx_coll(i, "keywords");
	fx_append(c, named(&f, "Keyword", "name", "k1"));
	fx_append(c, named(&f, "Keyword", "name", "k2"));
	CHECK_OK(assoc_session_add(f.s, i));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(fx_count(f.eng, "item_keywords"), 2);
	CHECK_OK(assoc_collection_assign(c, NULL, NULL, 0)); /* i.keywords = [] */
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(fx_count(f.eng, "item_keywords"), 0);
	fx_close(&f);
}

// test/orm/test_unitofwork.py::ManyToManyTest::test_scalar
static void test_scalar(void)
{
	fx f;
	open_items(&f, "keyword", 0, NULL);
	assoc_object *i = named(&f, "Item", "description", "x");
	CHECK_OK(assoc_session_add(f.s, i));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_OK(assoc_session_delete(f.s, i)); /* no association row refers to None */
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(fx_count(f.eng, "items"), 0);
	fx_close(&f);
}

// test/orm/test_unitofwork.py::ManyToManyTest::test_many_to_many_update
static void test_many_to_many_update(void)
{
	fx f;
	open_items(&f, "keywords", -1, "name");
	assoc_object *k1 = named(&f, "Keyword", "name", "keyword 1");
	assoc_object *k2 = named(&f, "Keyword", "name", "keyword 2");
	assoc_object *k3 = named(&f, "Keyword", "name", "keyword 3");
	assoc_object *item = named(&f, "Item", "description", "item 1");
	assoc_collection *c = fx_coll(item, "keywords");
	assoc_value three[] = { assoc_value_object(k1), assoc_value_object(k2), assoc_value_object(k3) };
	CHECK_OK(assoc_collection_extend(c, three, 3));
	CHECK_OK(assoc_session_add(f.s, item));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_OK(assoc_collection_assign(c, NULL, NULL, 0));
	fx_append(c, k1);
	fx_append(c, k2);
	CHECK_OK(assoc_session_flush(f.s));
	int64_t iid = id(item), k1id = id(k1), k2id = id(k2);
	CHECK_OK(assoc_session_commit(f.s)); /* expunge_all */
	fx_new_session(&f);
	item = of_get(&f, "Item", iid);
	OF_IDS(fx_coll(item, "keywords"), k1id, k2id);
	fx_close(&f);
}

// test/orm/test_unitofwork.py::ManyToManyTest::test_association
static void test_association(void)
{
	static const char *const items[3][5] = {
		{ "a_item1", "big", "green", "purple", "round" },
		{ "a_item2", "huge", "violet", "yellow" },
		{ "a_item3", "big", "blue" },
	};
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_col(fx_table_id(f.reg, "items"), "description", ASSOC_TYPE_TEXT);
	fx_col(fx_table_id(f.reg, "keywords"), "name", ASSOC_TYPE_TEXT);
	/* item_keywords mapped with primary_key=[item_id, keyword_id] */
	assoc_table *ik = fx_table(f.reg, "item_keywords");
	assoc_column_options pk = ASSOC_COLUMN_OPTIONS_INIT;
	pk.primary_key = 1;
	pk.foreign_key = "items.id";
	CHECK_OK(assoc_table_add_column(ik, "item_id", ASSOC_TYPE_INTEGER, &pk));
	pk.foreign_key = "keywords.id";
	CHECK_OK(assoc_table_add_column(ik, "keyword_id", ASSOC_TYPE_INTEGER, &pk));
	fx_mapper(f.reg, "Keyword", "keywords");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.lazy = ASSOC_LAZY_JOINED;
	r.uselist = 0;
	of_rel(fx_mapper(f.reg, "IKAssociation", "item_keywords"), "keyword", &r);
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "IKAssociation";
	r.lazy = ASSOC_LAZY_JOINED;
	of_rel(fx_mapper(f.reg, "Item", "items"), "keywords", &r);
	fx_open(&f);
	assoc_object *kw[16];
	const char *kwn[16];
	size_t nkw = 0;
	for (size_t i = 0; i < 3; i++) {
		assoc_object *it = named(&f, "Item", "description", items[i][0]);
		for (size_t j = 1; j < 5 && items[i][j]; j++) {
			size_t k = 0;
			while (k < nkw && strcmp(kwn[k], items[i][j]) != 0)
				k++;
			if (k == nkw) {
				kwn[nkw] = items[i][j];
				kw[nkw++] = named(&f, "Keyword", "name", items[i][j]);
			}
			assoc_object *a = fx_new(&f, "IKAssociation");
			fx_set_obj(a, "keyword", kw[k]);
			fx_append(fx_coll(it, "keywords"), a);
		}
		CHECK_OK(assoc_session_add(f.s, it));
	}
	CHECK_OK(assoc_session_flush(f.s));
	/* eq_(fixture(), query(Item).order_by(description)): compared in a new session */
	CHECK_OK(assoc_session_commit(f.s));
	fx_new_session(&f);
	assoc_query *q;
	CHECK_OK(assoc_query_new(&q, f.s, fx_m(&f, "Item")));
	CHECK_OK(assoc_query_order_by(q, "description", 0));
	assoc_result *res;
	CHECK_OK(assoc_query_all(&res, q));
	assoc_query_free(q);
	CHECK_INT(assoc_result_count(res), 3);
	for (size_t i = 0; i < 3; i++) {
		assoc_object *it = assoc_result_get(res, i);
		CHECK_STR(fx_get_text(it, "description"), items[i][0]);
		assoc_collection *c = fx_coll(it, "keywords");
		size_t n = 0;
		while (n + 1 < 5 && items[i][n + 1])
			n++;
		CHECK_INT(fx_len(c), n);
		/* a list compares in order: the rows come back as inserted */
		for (size_t j = 0; j < n; j++)
			CHECK_STR(fx_get_text(fx_get_obj(fx_at(c, j), "keyword"), "name"), items[i][j + 1]);
	}
	assoc_result_free(res);
	fx_close(&f);
}

// test/orm/test_unitofwork.py::SaveTest2::test_m2o_nonmatch
static void test_m2o_nonmatch(void)
{
	fx f;
	of_rec r;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	of_tables(f.reg);
	fx_mapper(f.reg, "User", "users");
	assoc_relationship_options o = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	o.target = "User";
	o.uselist = 0;
	of_rel(fx_mapper(f.reg, "Address", "addresses"), "user", &o);
	fx_open(&f);
	for (int i = 1; i <= 2; i++) {
		assoc_object *a = named(&f, "Address", "email_address", of_fmt("a%d", i));
		fx_set_obj(a, "user", named(&f, "User", "name", of_fmt("u%d", i)));
		CHECK_OK(assoc_session_add(f.s, a));
	}
	of_record(&r, f.eng);
	CHECK_OK(assoc_session_flush(f.s));
	OF_EXPECT(&r, "INSERT INTO users (id, name) VALUES (NULL, 'u1')", "INSERT INTO users (id, name) VALUES (NULL, 'u2')",
	          "INSERT INTO addresses (id, user_id, email_address) VALUES (NULL, 1, 'a1')",
	          "INSERT INTO addresses (id, user_id, email_address) VALUES (NULL, 2, 'a2')");
	fx_close(&f);
}

// test/orm/test_unitofwork.py::SaveTest3::test_manytomany_xtracol_delete
static void test_manytomany_xtracol_delete(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	assoc_column_options pk = ASSOC_COLUMN_OPTIONS_INIT;
	pk.primary_key = 1;
	assoc_table *t = fx_table(f.reg, "items");
	CHECK_OK(assoc_table_add_column(t, "item_id", ASSOC_TYPE_INTEGER, &pk));
	fx_col(t, "item_name", ASSOC_TYPE_TEXT);
	t = fx_table(f.reg, "keywords");
	CHECK_OK(assoc_table_add_column(t, "keyword_id", ASSOC_TYPE_INTEGER, &pk));
	fx_col(t, "name", ASSOC_TYPE_TEXT);
	t = fx_table(f.reg, "assoc");
	fx_fk(t, "item_id", "items.item_id");
	fx_fk(t, "keyword_id", "keywords.keyword_id");
	assoc_column_options foo = ASSOC_COLUMN_OPTIONS_INIT; /* Boolean, default=True */
	foo.has_default = 1;
	foo.default_value = assoc_value_integer(1);
	CHECK_OK(assoc_table_add_column(t, "foo", ASSOC_TYPE_BOOLEAN, &foo));
	fx_mapper(f.reg, "Keyword", "keywords");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = "assoc";
	r.lazy = ASSOC_LAZY_JOINED;
	of_rel(fx_mapper(f.reg, "Item", "items"), "keywords", &r);
	fx_open(&f);
	assoc_object *i = fx_new(&f, "Item");
	assoc_collection *c = fx_coll(i, "keywords");
	fx_append(c, fx_new(&f, "Keyword"));
	fx_append(c, fx_new(&f, "Keyword"));
	CHECK_OK(assoc_session_add(f.s, i));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(fx_count(f.eng, "assoc"), 2);
	CHECK_OK(assoc_collection_assign(c, NULL, NULL, 0));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(fx_count(f.eng, "assoc"), 0);
	fx_close(&f);
}

static const check_test tests[] = {
	TEST(test_many_to_many),
	TEST(test_many_to_many_remove),
	TEST(test_scalar),
	TEST(test_many_to_many_update),
	TEST(test_association),
	TEST(test_m2o_nonmatch),
	TEST(test_manytomany_xtracol_delete),
	{ NULL, NULL },
};

const check_part uow1_many_to_many = { "many_to_many", tests };
