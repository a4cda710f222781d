/*
 * catalog.h - a database's tables as a catalog reader describes them, neutral
 * of the dialect, for reflection (reflect.c).
 *
 * Each dialect has one reader (catalog_sqlite.c: SQLite's PRAGMAs; a
 * PostgreSQL reader would query information_schema / pg_catalog). A reader
 * talks to the database only through the driver interface (driver/driver.h),
 * passes names as bound parameters, and knows nothing of registries.
 */
#ifndef ASSOC_CATALOG_H
#define ASSOC_CATALOG_H

#include "internal.h"

struct cat_column {
	char *name;
	char *decl_type;      /* as declared ("" when none) */
	int notnull;
	int pk;               /* position in the primary key from 1, or 0 */
	char *dflt;           /* the default's SQL text, or NULL */
};

struct cat_fk {
	size_t n;
	char **cols;
	char *ref_table;
	char **ref_cols;      /* NULL entries when the key names no columns: the referenced primary key */
	assoc_fk_action on_delete, on_update;
};

struct cat_unique {
	size_t n;
	char **cols;
	char *name;           /* NULL for an automatic one */
};

struct cat_table {
	char *name;           /* as the database spells it */
	int rowid;            /* SQLite: a rowid table (not WITHOUT ROWID) */
	ptrvec columns;       /* struct cat_column * */
	ptrvec fks;           /* struct cat_fk * */
	ptrvec uniques;       /* struct cat_unique * */
};

struct catalog_reader {
	const char *dialect;  /* the db_dialect name it reads */
	/* The names of the user tables (owned char *, appended to names), in a stable order. */
	int (*list_tables)(db_conn *c, ptrvec *names);
	/* The table called name; *out NULL (and 0) when the database has no such table. */
	int (*read_table)(db_conn *c, const char *name, struct cat_table **out);
};

extern const struct catalog_reader catalog_reader_sqlite;

/* The reader for the engine's dialect, or NULL (message set, ASSOC_EINVAL in *rc). */
const struct catalog_reader *catalog_reader_for(const assoc_engine *e, const char *what, int *rc);
void cat_table_free(struct cat_table *t);
void cat_strings_free(char **v, size_t n);

#endif
