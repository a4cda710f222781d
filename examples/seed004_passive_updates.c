/*
 * seed004_passive_updates.c - seed 004: relationship update cascades.
 *
 * A User's primary key is its username, and each Address refers to it. When
 * john's username changes, his addresses must follow, either way:
 *   - passive_updates true (the default) with the foreign key declared
 *     ON UPDATE CASCADE: the database updates the addresses itself;
 *   - passive_updates false, with no ON UPDATE action: the session issues
 *     the UPDATEs of addresses.user_id itself.
 * Both ways the addresses hold the new username, in the objects and in the
 * database, and address.user is still john.
 */
#include <string.h>

#include "example_util.h"

/* Remembers the tables the library UPDATEs, in the order it first does. */
struct updated_tables {
	char names[4][32];
	int n;
};

static void trace_updates(void *userdata, const char *sql, size_t nparams)
{
	struct updated_tables *u = userdata;
	char name[32];
	size_t len = 0;
	(void)nparams;
	if (strncmp(sql, "UPDATE ", 7) != 0)
		return;
	for (const char *p = sql + 7; *p && *p != ' ' && len + 1 < sizeof name; p++)
		if (*p != '"' && *p != '`')
			name[len++] = *p;
	name[len] = '\0';
	for (int i = 0; i < u->n; i++)
		if (strcmp(u->names[i], name) == 0)
			return;
	if (u->n < 4)
		strcpy(u->names[u->n++], name);
}

/*
 * class User(Base):
 *     __tablename__ = 'users'
 *     username = Column(String(50), primary_key=True)
 *
 * class Address(Base):
 *     __tablename__ = 'addresses'
 *     id = Column(Integer, primary_key=True)
 *     email = Column(String(100))
 *     user_id = Column(String(50), ForeignKey('users.username', onupdate='CASCADE'))
 *     user = relationship(User, backref=backref('addresses', passive_updates=True))
 *
 * or, for (b): ForeignKey('users.username') and backref('addresses', passive_updates=False).
 */
static void passive_updates(int database_cascades)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	struct updated_tables updated = { .n = 0 };

	ex_header(database_cascades
	                  ? "seed 004: passive_updates=True, the database cascades (ON UPDATE CASCADE)"
	                  : "seed 004: passive_updates=False, the session issues the UPDATEs");
	CHECK(assoc_registry_new(&reg));

	ex_primary_key(ex_table(reg, "users"), "username", ASSOC_TYPE_TEXT);
	assoc_mapper *User = ex_mapper(reg, "User", "users");

	assoc_table *addresses = ex_table(reg, "addresses");
	ex_primary_key(addresses, "id", ASSOC_TYPE_INTEGER);
	ex_column(addresses, "email", ASSOC_TYPE_TEXT);
	assoc_column_options fk = ASSOC_COLUMN_OPTIONS_INIT;
	fk.foreign_key = "users.username";
	fk.on_update = database_cascades ? ASSOC_FK_CASCADE : ASSOC_FK_NO_ACTION;
	CHECK(assoc_table_add_column(addresses, "user_id", ASSOC_TYPE_TEXT, &fk));
	assoc_mapper *Address = ex_mapper(reg, "Address", "addresses");
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	back.passive_updates = database_cascades;
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "User";
	r.backref = "addresses";
	r.backref_options = &back;
	CHECK(assoc_mapper_add_relationship(Address, "user", &r));

	ex_open(reg, &eng, &s);

	ex_prompt("john = User(username='john')");
	assoc_object *john = ex_new(s, User);
	ex_set_text(john, "username", "john");
	ex_prompt("home_of_john = Address(email='home@john.example', user=john)");
	assoc_object *home_of_john = ex_new(s, Address);
	ex_set_text(home_of_john, "email", "home@john.example");
	ex_set_object(home_of_john, "user", john);
	ex_prompt("office_of_john = Address(email='office@john.example', user=john)");
	assoc_object *office_of_john = ex_new(s, Address);
	ex_set_text(office_of_john, "email", "office@john.example");
	ex_set_object(office_of_john, "user", john);
	ex_prompt("s.add(john); s.commit()");
	CHECK(assoc_session_add(s, john));
	CHECK(assoc_session_commit(s));
	ex_prompt("[a.user_id for a in john.addresses]");
	ex_print_collection_attr(john, "addresses", "user_id");

	ex_prompt("john.username = 'jonathan'; s.commit()");
	CHECK(assoc_engine_set_trace(eng, trace_updates, &updated));
	ex_set_text(john, "username", "jonathan");
	CHECK(assoc_session_commit(s));
	CHECK(assoc_engine_set_trace(eng, NULL, NULL));

	ex_prompt("john");
	ex_print_object(john);
	ex_prompt("home_of_john.user_id");
	ex_print_repr(ex_get(home_of_john, "user_id"));
	putchar('\n');
	ex_prompt("office_of_john.user_id");
	ex_print_repr(ex_get(office_of_john, "user_id"));
	putchar('\n');
	ex_prompt("home_of_john.user is john");
	ex_print_bool(ex_get_object(home_of_john, "user") == john);
	ex_prompt("office_of_john.user is john");
	ex_print_bool(ex_get_object(office_of_john, "user") == john);
	ex_prompt("john.addresses");
	ex_print_collection(john, "addresses");

	/* what the database holds, and who updated it */
	assoc_value v;
	CHECK(assoc_engine_scalar(&v, eng,
	                          "SELECT group_concat(user_id, ', ') FROM "
	                          "(SELECT user_id FROM addresses ORDER BY id)",
	                          NULL, 0));
	fputs("addresses.user_id in the database: ", stdout);
	ex_print_str(v);
	putchar('\n');
	fputs("tables the session UPDATEd:", stdout);
	for (int i = 0; i < updated.n; i++)
		printf("%s %s", i ? "," : "", updated.names[i]);
	putchar('\n');

	ex_close(reg, eng, s);
}

int main(void)
{
	passive_updates(1);
	putchar('\n');
	passive_updates(0);
	return 0;
}
