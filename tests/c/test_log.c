/*
 * test_log.c - the statement log: text, parameters and time of what runs.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"

struct seen {
	int count;
	int inserts;
	char last_insert_param[64];
	int64_t last_id_param;
	double total_seconds;
	int negative_time;
};

static void record(void *ud, const assoc_statement_log *e)
{
	struct seen *s = ud;
	s->count++;
	if (e->seconds < 0)
		s->negative_time = 1;
	s->total_seconds += e->seconds;
	if (!strncmp(e->sql, "INSERT INTO users", 17)) {
		s->inserts++;
		/* users (id, name): the name is the last parameter (PostgreSQL leaves a generated id out) */
		const assoc_value *name = e->nparams ? &e->params[e->nparams - 1] : NULL;
		if (name && name->kind == ASSOC_TEXT)
			snprintf(s->last_insert_param, sizeof s->last_insert_param, "%.*s", (int)name->u.bytes.len,
			         name->u.bytes.data);
	}
	if (strstr(e->sql, "WHERE users.id = ?") && e->nparams == 1 && e->params[0].kind == ASSOC_INTEGER)
		s->last_id_param = e->params[0].u.integer;
}

static void build(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_table *u = fx_table_id(f->reg, "users");
	fx_col(u, "name", ASSOC_TYPE_TEXT);
	fx_mapper(f->reg, "User", "users");
}

/* Every statement is reported once it has run, with its bound values. */
static void test_log_reports_sql_params_and_time(void)
{
	fx f;
	build(&f);
	fx_open(&f);
	struct seen seen = { 0 };
	CHECK_OK(assoc_engine_set_log(f.eng, record, &seen));
	assoc_object *u = fx_add(&f, "User", "name", "it's ann");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(seen.inserts, 1);
	CHECK_STR(seen.last_insert_param, "it's ann");
	int before = seen.count;
	CHECK_STR(fx_get_text(u, "name"), "it's ann"); /* expired by the commit: reloads by primary key */
	CHECK(seen.count > before);
	CHECK_INT(seen.last_id_param, fx_get_int(u, "id"));
	CHECK(!seen.negative_time);
	/* turned off, nothing more is reported */
	CHECK_OK(assoc_engine_set_log(f.eng, NULL, NULL));
	int after = seen.count;
	fx_add(&f, "User", "name", "bob");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(seen.count, after);
	fx_close(&f);
}

/* A file engine's sessions have connections of their own; they report too. */
static void test_log_file_engine_sessions(void)
{
	char path[] = "/tmp/assoc_test_log_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	char url[128];
	snprintf(url, sizeof url, "sqlite:///%s", path);
	fx f;
	build(&f);
	CHECK_OK(assoc_registry_configure(f.reg));
	CHECK_OK(assoc_engine_open(&f.eng, url));
	CHECK_OK(assoc_engine_create_all(f.eng, f.reg));
	struct seen seen = { 0 };
	CHECK_OK(assoc_engine_set_log(f.eng, record, &seen));
	CHECK_OK(assoc_session_new(&f.s, f.eng, f.reg, NULL));
	fx_add(&f, "User", "name", "cy");
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(seen.inserts, 1);
	CHECK_STR(seen.last_insert_param, "cy");
	/* a session made before the log reports too, and stops when it is turned off */
	CHECK_OK(assoc_engine_set_log(f.eng, NULL, NULL));
	assoc_session *before = NULL;
	CHECK_OK(assoc_session_new(&before, f.eng, f.reg, NULL));
	CHECK_OK(assoc_engine_set_log(f.eng, record, &seen));
	assoc_object *o = NULL;
	CHECK_OK(assoc_object_new(&o, before, fx_m(&f, "User")));
	fx_set_text(o, "name", "dee");
	CHECK_OK(assoc_session_add(before, o));
	CHECK_OK(assoc_session_commit(before));
	CHECK_INT(seen.inserts, 2);
	CHECK_STR(seen.last_insert_param, "dee");
	CHECK_OK(assoc_engine_set_log(f.eng, NULL, NULL));
	int after = seen.count;
	CHECK_OK(assoc_object_new(&o, before, fx_m(&f, "User")));
	fx_set_text(o, "name", "eve");
	CHECK_OK(assoc_session_add(before, o));
	CHECK_OK(assoc_session_commit(before));
	CHECK_INT(seen.count, after);
	assoc_session_free(before);
	fx_close(&f);
	unlink(path);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_log_reports_sql_params_and_time),
		TEST(test_log_file_engine_sessions),
	};
	return CHECK_RUN(tests, argc, argv);
}
