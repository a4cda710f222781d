/*
 * test_mapper_config.c - assoc_registry_configure(): the errors it reports
 * (naming the mapper, relationship and tables involved), and correcting a
 * registry after a failed configure.
 *
 * Where the headers allow either code for an unknown name (ECONFIG: "cannot be
 * configured"; ENOTFOUND: "unknown ... mapper, attribute"), both are accepted.
 */
#include <string.h>

#include "fixtures.h"

static assoc_registry *new_reg(void)
{
	assoc_registry *reg = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	return reg;
}

static assoc_mapper *mapper(assoc_registry *reg, const char *name)
{
	assoc_mapper *m = NULL;
	CHECK_OK(assoc_registry_mapper(&m, reg, name));
	return m;
}

/* users and addresses with no foreign key between them. */
static void test_no_foreign_key_then_added(void)
{
	assoc_registry *reg = new_reg();
	assoc_table *u = fx_table_id(reg, "users");
	fx_col(u, "name", ASSOC_TYPE_TEXT);
	assoc_table *a = fx_table_id(reg, "addresses");
	fx_col(a, "user_id", ASSOC_TYPE_INTEGER);
	fx_rel(fx_mapper(reg, "User", "users"), "addresses", "Address", NULL, NULL);
	fx_mapper(reg, "Address", "addresses");

	CHECK_ERR(assoc_registry_configure(reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("User");
	CHECK_MSG_CONTAINS("addresses");
	CHECK_MSG_CONTAINS("users");
	CHECK(!assoc_registry_is_configured(reg));

	/* nothing was frozen: add the foreign key and configure again */
	const char *cols[] = { "user_id" }, *ref[] = { "id" };
	CHECK_OK(assoc_table_add_foreign_key(a, 1, cols, "users", ref, NULL));
	CHECK_OK(assoc_registry_configure(reg));
	CHECK(assoc_registry_is_configured(reg));
	assoc_attr *attr = NULL;
	CHECK_OK(assoc_mapper_attr(&attr, mapper(reg, "User"), "addresses"));
	CHECK(assoc_attr_target(attr) == mapper(reg, "Address"));
	CHECK_INT(assoc_attr_collection_kind(attr), ASSOC_COLLECTION_LIST);
	assoc_registry_free(reg);
}

/* messages has two foreign keys to users: sender_id and recipient_id. */
static assoc_registry *messages_model(const char *sent_fks, const char *sender_fks,
                                      const char *received_fks, const char *recipient_fks)
{
	assoc_registry *reg = new_reg();
	assoc_table *u = fx_table_id(reg, "users");
	fx_col(u, "name", ASSOC_TYPE_TEXT);
	assoc_table *m = fx_table_id(reg, "messages");
	fx_col(m, "body", ASSOC_TYPE_TEXT);
	fx_fk(m, "sender_id", "users.id");
	fx_fk(m, "recipient_id", "users.id");
	assoc_mapper *user = fx_mapper(reg, "User", "users");
	assoc_mapper *message = fx_mapper(reg, "Message", "messages");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Message";
	r.back_populates = "sender";
	r.foreign_keys = sent_fks;
	CHECK_OK(assoc_mapper_add_relationship(user, "sent", &r));
	r.back_populates = "recipient";
	r.foreign_keys = received_fks;
	CHECK_OK(assoc_mapper_add_relationship(user, "received", &r));
	r.target = "User";
	r.back_populates = "sent";
	r.foreign_keys = sender_fks;
	CHECK_OK(assoc_mapper_add_relationship(message, "sender", &r));
	r.back_populates = "received";
	r.foreign_keys = recipient_fks;
	CHECK_OK(assoc_mapper_add_relationship(message, "recipient", &r));
	return reg;
}

static void test_ambiguous_foreign_keys(void)
{
	assoc_registry *reg = messages_model(NULL, NULL, NULL, NULL);
	CHECK_ERR(assoc_registry_configure(reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("users");
	CHECK_MSG_CONTAINS("messages");
	CHECK(!assoc_registry_is_configured(reg));
	assoc_registry_free(reg);
}

/* With foreign_keys given, each relationship uses its own column. */
static void test_foreign_keys_resolve_ambiguity(void)
{
	fx f = { 0 };
	f.reg = messages_model("messages.sender_id", "messages.sender_id",
	                       "messages.recipient_id", "messages.recipient_id");
	fx_open(&f);
	assoc_object *ann = fx_add(&f, "User", "name", "ann");
	assoc_object *bob = fx_add(&f, "User", "name", "bob");
	assoc_object *msg = fx_new(&f, "Message");
	fx_set_text(msg, "body", "hello");
	fx_set_obj(msg, "sender", ann);
	fx_set_obj(msg, "recipient", bob);
	CHECK_OK(assoc_session_add(f.s, msg)); /* a backref alone does not cascade it (SQLAlchemy 2.0) */
	/* back_populates in memory, each on its own side */
	CHECK_INT(fx_len(fx_coll(ann, "sent")), 1);
	CHECK_INT(fx_len(fx_coll(ann, "received")), 0);
	CHECK_INT(fx_len(fx_coll(bob, "received")), 1);
	CHECK_INT(fx_len(fx_coll(bob, "sent")), 0);
	CHECK_OK(assoc_session_commit(f.s));

	CHECK_INT(fx_sql_int(f.eng, "SELECT count(*) FROM messages m JOIN users s ON s.id = m.sender_id "
	                            "JOIN users r ON r.id = m.recipient_id "
	                            "WHERE s.name = 'ann' AND r.name = 'bob'"), 1);
	fx_new_session(&f);
	assoc_value pk = assoc_value_integer(fx_sql_int(f.eng, "SELECT id FROM users WHERE name = 'bob'"));
	assoc_object *b = NULL;
	CHECK_OK(assoc_session_get(&b, f.s, fx_m(&f, "User"), &pk, 1));
	CHECK(b != NULL);
	CHECK_INT(fx_len(fx_coll(b, "sent")), 0);
	assoc_collection *rec = fx_coll(b, "received");
	CHECK_INT(fx_len(rec), 1);
	assoc_object *m = fx_at(rec, 0);
	CHECK_STR(fx_get_text(m, "body"), "hello");
	CHECK_STR(fx_get_text(fx_get_obj(m, "sender"), "name"), "ann");
	fx_close(&f);
}

static void test_unknown_target_mapper_then_defined(void)
{
	assoc_registry *reg = new_reg();
	fx_users_addresses(reg, NULL, NULL);
	fx_table_id(reg, "phones");
	fx_rel(mapper(reg, "User"), "phones", "Phone", NULL, NULL);
	CHECK_ERR2(assoc_registry_configure(reg), ASSOC_ECONFIG, ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("Phone");
	CHECK(!assoc_registry_is_configured(reg));
	/* the missing table's foreign key and mapper arrive; configure succeeds */
	assoc_table *phones = NULL;
	CHECK_OK(assoc_registry_table(&phones, reg, "phones"));
	fx_fk(phones, "user_id", "users.id");
	fx_mapper(reg, "Phone", "phones");
	CHECK_OK(assoc_registry_configure(reg));
	assoc_attr *a = NULL;
	CHECK_OK(assoc_mapper_attr(&a, mapper(reg, "User"), "phones"));
	CHECK(assoc_attr_target(a) == mapper(reg, "Phone"));
	assoc_registry_free(reg);
}

static void test_unknown_back_populates_then_added(void)
{
	assoc_registry *reg = new_reg();
	assoc_table *u = fx_table_id(reg, "users");
	fx_col(u, "name", ASSOC_TYPE_TEXT);
	assoc_table *a = fx_table_id(reg, "addresses");
	fx_fk(a, "user_id", "users.id");
	fx_rel(fx_mapper(reg, "User", "users"), "addresses", "Address", "owner", NULL);
	assoc_mapper *address = fx_mapper(reg, "Address", "addresses");
	CHECK_ERR2(assoc_registry_configure(reg), ASSOC_ECONFIG, ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("owner");
	CHECK_MSG_CONTAINS("Address");
	fx_rel(address, "owner", "User", "addresses", NULL);
	CHECK_OK(assoc_registry_configure(reg));
	assoc_attr *attr = NULL;
	CHECK_OK(assoc_mapper_attr(&attr, address, "owner"));
	CHECK_INT(assoc_attr_collection_kind(attr), ASSOC_COLLECTION_SCALAR);
	assoc_registry_free(reg);
}

static void test_unknown_dict_key_then_column_added(void)
{
	assoc_registry *reg = new_reg();
	fx_table_id(reg, "users");
	assoc_table *n = fx_table_id(reg, "notes");
	fx_fk(n, "user_id", "users.id");
	assoc_mapper *user = fx_mapper(reg, "User", "users");
	fx_mapper(reg, "Note", "notes");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Note";
	r.collection = ASSOC_COLLECTION_DICT;
	r.dict_key = "keyword";
	CHECK_OK(assoc_mapper_add_relationship(user, "notes", &r));
	CHECK_ERR2(assoc_registry_configure(reg), ASSOC_ECONFIG, ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("keyword");
	fx_col(n, "keyword", ASSOC_TYPE_TEXT);
	CHECK_OK(assoc_registry_configure(reg));
	assoc_attr *attr = NULL;
	CHECK_OK(assoc_mapper_attr(&attr, user, "notes"));
	CHECK_INT(assoc_attr_collection_kind(attr), ASSOC_COLLECTION_DICT);
	assoc_registry_free(reg);
}

static void test_unknown_secondary_then_created(void)
{
	assoc_registry *reg = new_reg();
	fx_table_id(reg, "teachers");
	fx_table_id(reg, "students");
	assoc_mapper *teacher = fx_mapper(reg, "Teacher", "teachers");
	fx_mapper(reg, "Student", "students");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Student";
	r.secondary = "teacher_students";
	CHECK_OK(assoc_mapper_add_relationship(teacher, "students", &r));
	CHECK_ERR2(assoc_registry_configure(reg), ASSOC_ECONFIG, ASSOC_ENOTFOUND);
	CHECK_MSG_CONTAINS("teacher_students");

	assoc_table *ts = fx_table(reg, "teacher_students");
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	o.foreign_key = "teachers.id";
	CHECK_OK(assoc_table_add_column(ts, "teacher_id", ASSOC_TYPE_INFER, &o));
	o.foreign_key = "students.id";
	CHECK_OK(assoc_table_add_column(ts, "student_id", ASSOC_TYPE_INFER, &o));
	CHECK_OK(assoc_registry_configure(reg));
	assoc_attr *attr = NULL;
	CHECK_OK(assoc_mapper_attr(&attr, teacher, "students"));
	CHECK_INT(assoc_attr_collection_kind(attr), ASSOC_COLLECTION_LIST);
	assoc_registry_free(reg);
}

/* A mapped table needs a primary key (the identity); an association table may go without. */
static void test_mapped_table_without_primary_key(void)
{
	assoc_registry *reg = NULL;
	assoc_table *t = NULL;
	CHECK_OK(assoc_registry_new(&reg));
	CHECK_OK(assoc_table_new(&t, reg, "keyless"));
	CHECK_OK(assoc_table_add_column(t, "name", ASSOC_TYPE_TEXT, NULL));
	assoc_mapper *m = NULL;
	CHECK_OK(assoc_mapper_new(&m, reg, "Keyless", "keyless"));
	CHECK_ERR(assoc_registry_configure(reg), ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("Keyless");
	CHECK_MSG_CONTAINS("keyless");
	CHECK_MSG_CONTAINS("primary key");
	CHECK(!assoc_registry_is_configured(reg));
	CHECK_OK(assoc_table_add_column(t, "id", ASSOC_TYPE_INTEGER, &(assoc_column_options){ .version = ASSOC_COLUMN_OPTIONS_VERSION, .primary_key = 1, .nullable = -1, .autoincrement = -1 }));
	CHECK_OK(assoc_registry_configure(reg));
	assoc_registry_free(reg);
}

static void test_relationship_option_errors(void)
{
	assoc_registry *reg = new_reg();
	fx_users_addresses(reg, NULL, NULL);
	assoc_mapper *user = mapper(reg, "User");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	CHECK_ERR(assoc_mapper_add_relationship(user, "no_target", &r), ASSOC_EINVAL);
	r.target = "Address";
	r.version = 999;
	CHECK_ERR(assoc_mapper_add_relationship(user, "bad_version", &r), ASSOC_EINVAL);
	r.version = ASSOC_RELATIONSHIP_OPTIONS_VERSION;
	CHECK_ERR(assoc_mapper_add_relationship(user, "addresses", &r), ASSOC_EEXISTS);
	CHECK_MSG_CONTAINS("addresses");
	/* a cascade word that does not exist */
	r.cascade = "save-update, explode";
	int rc = assoc_mapper_add_relationship(user, "boom", &r);
	if (rc == 0)
		rc = assoc_registry_configure(reg);
	CHECK(rc == ASSOC_EINVAL || rc == ASSOC_ECONFIG);
	CHECK_MSG_CONTAINS("explode");
	assoc_registry_free(reg);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_no_foreign_key_then_added),
		TEST(test_ambiguous_foreign_keys),
		TEST(test_foreign_keys_resolve_ambiguity),
		TEST(test_unknown_target_mapper_then_defined),
		TEST(test_unknown_back_populates_then_added),
		TEST(test_unknown_dict_key_then_column_added),
		TEST(test_unknown_secondary_then_created),
		TEST(test_relationship_option_errors),
		TEST(test_mapped_table_without_primary_key),
	};
	return CHECK_RUN(tests, argc, argv);
}
