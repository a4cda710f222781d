/* A program outside the tree, built against an installed assoc. */
#include <assoc.h>
#include <stdio.h>

int main(void)
{
	assoc_registry *reg;
	assoc_table *t;
	assoc_mapper *m;
	assoc_engine *e;
	assoc_session *s;
	assoc_object *o;
	assoc_value n;
	assoc_column_options pk = ASSOC_COLUMN_OPTIONS_INIT;
	pk.primary_key = 1;
	if (assoc_registry_new(&reg) || assoc_table_new(&t, reg, "thing") ||
	    assoc_table_add_column(t, "id", ASSOC_TYPE_INTEGER, &pk) ||
	    assoc_mapper_new(&m, reg, "Thing", "thing") || assoc_registry_configure(reg) ||
	    assoc_engine_open(&e, "sqlite://") || assoc_engine_create_all(e, reg) ||
	    assoc_session_new(&s, e, reg, NULL) || assoc_object_new(&o, s, m) || assoc_session_add(s, o) ||
	    assoc_session_commit(s) || assoc_engine_scalar(&n, e, "SELECT count(*) FROM thing", NULL, 0)) {
		fprintf(stderr, "%s\n", assoc_error_last()->message);
		return 1;
	}
	printf("assoc %s: %lld row\n", assoc_version(), (long long)n.u.integer);
	assoc_session_free(s);
	assoc_engine_free(e);
	assoc_registry_free(reg);
	return 0;
}
