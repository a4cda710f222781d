/*
 * orm_fixtures.h - SQLAlchemy's test/orm/_fixtures.py tables, and a recorder
 * of the statements a flush or load runs, for the test/orm ports.
 *
 * The recorder stands in for assert_sql_execution: each statement is kept
 * with its parameters written in as SQL literals ("... VALUES (NULL, 'u1')"),
 * transaction control (BEGIN, SAVEPOINT, ...) left out. Expected statements
 * are SQLAlchemy's, in our SQL text: we list every column of an INSERT (the
 * autoincrement id as NULL) and bind positionally; the kind, table, order and
 * values are what SQLAlchemy's test asserts.
 *
 * Header-only (static inline), so each port links it without a library.
 */
#ifndef ASSOC_SQLA_ORM_FIXTURES_H
#define ASSOC_SQLA_ORM_FIXTURES_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

/* ---- text that lives as long as the test (a child process) ---------------- */

static inline const char *of_fmt(const char *fmt, ...)
{
	static char pool[1 << 16];
	static size_t used;
	va_list ap;
	va_start(ap, fmt);
	size_t room = sizeof pool - used;
	int n = vsnprintf(pool + used, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		check_fail_at(__FILE__, __LINE__, "of_fmt: text pool exhausted");
	const char *s = pool + used;
	used += (size_t)n + 1;
	return s;
}

/* ---- the _fixtures tables --------------------------------------------------- */

static inline void of_col_(FX_AT, assoc_table *t, const char *name, assoc_type type, int nullable,
                           const char *fk)
{
	assoc_column_options o = ASSOC_COLUMN_OPTIONS_INIT;
	o.nullable = nullable;
	o.foreign_key = fk;
	int rc = assoc_table_add_column(t, name, type, &o);
	if (rc)
		check_fail_at(file, line, "add column %s: %s", name, check_last_error_());
}
#define of_col(t, name, type, nullable, fk) of_col_(FX_HERE, (t), (name), (type), (nullable), (fk))

/* users, addresses, orders, dingalings, items, order_items, keywords, item_keywords. */
static inline void of_tables(assoc_registry *reg)
{
	assoc_table *t = fx_table_id(reg, "users");
	of_col(t, "name", ASSOC_TYPE_TEXT, 0, NULL);
	t = fx_table_id(reg, "addresses");
	of_col(t, "user_id", ASSOC_TYPE_INFER, 1, "users.id");
	of_col(t, "email_address", ASSOC_TYPE_TEXT, 0, NULL);
	t = fx_table_id(reg, "orders");
	of_col(t, "user_id", ASSOC_TYPE_INFER, 1, "users.id");
	of_col(t, "address_id", ASSOC_TYPE_INFER, 1, "addresses.id");
	of_col(t, "description", ASSOC_TYPE_TEXT, 1, NULL);
	of_col(t, "isopen", ASSOC_TYPE_INTEGER, 1, NULL);
	t = fx_table_id(reg, "dingalings");
	of_col(t, "address_id", ASSOC_TYPE_INFER, 1, "addresses.id");
	of_col(t, "data", ASSOC_TYPE_TEXT, 1, NULL);
	t = fx_table_id(reg, "items");
	of_col(t, "description", ASSOC_TYPE_TEXT, 0, NULL);
	t = fx_table(reg, "order_items");
	of_col(t, "item_id", ASSOC_TYPE_INFER, 1, "items.id");
	of_col(t, "order_id", ASSOC_TYPE_INFER, 1, "orders.id");
	t = fx_table_id(reg, "keywords");
	of_col(t, "name", ASSOC_TYPE_TEXT, 0, NULL);
	t = fx_table(reg, "item_keywords");
	of_col(t, "item_id", ASSOC_TYPE_INFER, 1, "items.id");
	of_col(t, "keyword_id", ASSOC_TYPE_INFER, 1, "keywords.id");
}

/* _fixtures.FixtureTest.fixtures(): the rows every FixtureTest inserts. */
static inline void of_insert_data(assoc_engine *eng)
{
	static const char *const rows[] = {
		"INSERT INTO users (id, name) VALUES (7, 'jack'), (8, 'ed'), (9, 'fred'), (10, 'chuck')",
		"INSERT INTO addresses (id, user_id, email_address) VALUES (1, 7, 'jack@bean.com'), "
		"(2, 8, 'ed@wood.com'), (3, 8, 'ed@bettyboop.com'), (4, 8, 'ed@lala.com'), (5, 9, 'fred@fred.com')",
		"INSERT INTO orders (id, user_id, description, isopen, address_id) VALUES "
		"(1, 7, 'order 1', 0, 1), (2, 9, 'order 2', 0, 4), (3, 7, 'order 3', 1, 1), "
		"(4, 9, 'order 4', 1, 4), (5, 7, 'order 5', 0, NULL)",
		"INSERT INTO dingalings (id, address_id, data) VALUES (1, 2, 'ding 1/2'), (2, 5, 'ding 2/5')",
		"INSERT INTO items (id, description) VALUES (1, 'item 1'), (2, 'item 2'), (3, 'item 3'), "
		"(4, 'item 4'), (5, 'item 5')",
		"INSERT INTO order_items (item_id, order_id) VALUES (1, 1), (2, 1), (3, 1), (1, 2), (2, 2), "
		"(3, 2), (3, 3), (4, 3), (5, 3), (1, 4), (5, 4), (5, 5)",
		"INSERT INTO keywords (id, name) VALUES (1, 'blue'), (2, 'red'), (3, 'green'), (4, 'big'), "
		"(5, 'small'), (6, 'round'), (7, 'square')",
		"INSERT INTO item_keywords (keyword_id, item_id) VALUES (2, 1), (2, 2), (4, 1), (6, 1), "
		"(5, 2), (3, 3), (4, 3), (7, 2), (6, 3)",
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		CHECK_OK(assoc_engine_exec(eng, rows[i]));
}

/* The members of a collection have exactly these ids, in this order. */
static inline void of_ids_(FX_AT, assoc_collection *c, const int64_t *want, size_t n)
{
	size_t len = fx_len_(file, line, c);
	char got[512] = "", exp[512] = "";
	for (size_t i = 0; i < len; i++) {
		size_t l = strlen(got);
		snprintf(got + l, sizeof got - l, "%s%lld", i ? "," : "",
		         (long long)fx_get_int_(file, line, fx_at_(file, line, c, i), "id"));
	}
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(exp);
		snprintf(exp + l, sizeof exp - l, "%s%lld", i ? "," : "", (long long)want[i]);
	}
	if (strcmp(got, exp) != 0)
		check_fail_at(file, line, "collection ids are [%s], expected [%s]", got, exp);
}
#define OF_IDS(c, ...) \
	of_ids_(FX_HERE, (c), (const int64_t[]){ __VA_ARGS__ }, sizeof((int64_t[]){ __VA_ARGS__ }) / sizeof(int64_t))
#define OF_NO_IDS(c) of_ids_(FX_HERE, (c), NULL, 0)

/* The _fixtures tables and mappers User, Address, Order, Item, Keyword, Dingaling (no relationships yet). */
static inline void of_base(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	of_tables(f->reg);
	fx_mapper(f->reg, "User", "users");
	fx_mapper(f->reg, "Address", "addresses");
	fx_mapper(f->reg, "Order", "orders");
	fx_mapper(f->reg, "Item", "items");
	fx_mapper(f->reg, "Keyword", "keywords");
	fx_mapper(f->reg, "Dingaling", "dingalings");
}

/* Relationship options with a target, a loader strategy and an order_by (or NULL). */
static inline assoc_relationship_options of_ropts(const char *target, assoc_lazy lazy, const char *order_by)
{
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = target;
	r.lazy = lazy;
	r.order_by = order_by;
	return r;
}

/* A relationship from its options (target required). */
static inline void of_rel_(FX_AT, assoc_mapper *m, const char *name, const assoc_relationship_options *r)
{
	int rc = assoc_mapper_add_relationship(m, name, r);
	if (rc)
		check_fail_at(file, line, "relationship %s: %s", name, check_last_error_());
}
#define of_rel(m, name, r) of_rel_(FX_HERE, (m), (name), (r))

static inline assoc_object *of_get_(FX_AT, fx *f, const char *mapper, int64_t id)
{
	assoc_object *o = NULL;
	assoc_value pk = assoc_value_integer(id);
	int rc = assoc_session_get(&o, f->s, fx_m_(file, line, f, mapper), &pk, 1);
	if (rc)
		check_fail_at(file, line, "get %s %lld: %s", mapper, (long long)id, check_last_error_());
	return o;
}
#define of_get(f, mapper, id) of_get_(FX_HERE, (f), (mapper), (id))

/* ---- recording statements --------------------------------------------------- */

#define OF_MAX_STMTS 256

typedef struct of_rec {
	const char *sql[OF_MAX_STMTS];
	size_t n;
} of_rec;

static inline int of_is_txn(const char *sql)
{
	static const char *const words[] = { "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE" };
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strncmp(sql, words[i], strlen(words[i])) == 0)
			return 1;
	return 0;
}

/* The statement with each ? replaced by its parameter as an SQL literal. */
static inline const char *of_render(const assoc_statement_log *e)
{
	char buf[4096];
	size_t len = 0, k = 0;
	for (const char *p = e->sql; *p && len < sizeof buf - 64; p++) {
		if (*p != '?' || k >= e->nparams) {
			buf[len++] = *p;
			continue;
		}
		const assoc_value *v = &e->params[k++];
		int w;
		switch (v->kind) {
		case ASSOC_INTEGER: w = snprintf(buf + len, sizeof buf - len, "%lld", (long long)v->u.integer); break;
		case ASSOC_REAL: w = snprintf(buf + len, sizeof buf - len, "%g", v->u.real); break;
		case ASSOC_TEXT:
			w = snprintf(buf + len, sizeof buf - len, "'%.*s'", (int)v->u.bytes.len, v->u.bytes.data);
			break;
		case ASSOC_NULL: w = snprintf(buf + len, sizeof buf - len, "NULL"); break;
		default: w = snprintf(buf + len, sizeof buf - len, "<%s>", assoc_value_kind_name(v->kind)); break;
		}
		if (w > 0)
			len += (size_t)w < sizeof buf - len ? (size_t)w : sizeof buf - len - 1;
	}
	buf[len] = 0;
	return of_fmt("%s", buf);
}

static inline void of_log(void *ud, const assoc_statement_log *e)
{
	of_rec *r = ud;
	if (of_is_txn(e->sql) || r->n >= OF_MAX_STMTS)
		return;
	r->sql[r->n++] = of_render(e);
}

/* Start (or restart) recording on the engine. */
static inline void of_record(of_rec *r, assoc_engine *eng)
{
	r->n = 0;
	CHECK_OK(assoc_engine_set_log(eng, of_log, r));
}

static inline void of_dump(const of_rec *r)
{
	fprintf(stderr, "recorded %zu statements:\n", r->n);
	for (size_t i = 0; i < r->n; i++)
		fprintf(stderr, "  [%zu] %s\n", i, r->sql[i]);
}

/* The statements recorded from position *pos are exactly want[0..n), in order. */
static inline void of_expect_seq_(FX_AT, const of_rec *r, size_t *pos, const char *const *want, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (*pos + i >= r->n || strcmp(r->sql[*pos + i], want[i]) != 0) {
			of_dump(r);
			check_fail_at(file, line, "statement %zu is \"%s\", expected \"%s\"", *pos + i,
			              *pos + i < r->n ? r->sql[*pos + i] : "(none)", want[i]);
		}
	}
	*pos += n;
}

/* The next n statements from *pos are want[0..n) in some order (SQLAlchemy's AllOf). */
static inline void of_expect_allof_(FX_AT, const of_rec *r, size_t *pos, const char *const *want, size_t n)
{
	int used[OF_MAX_STMTS] = { 0 };
	if (*pos + n > r->n) {
		of_dump(r);
		check_fail_at(file, line, "%zu statements recorded, expected at least %zu", r->n, *pos + n);
	}
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;
		while (j < n && (used[j] || strcmp(r->sql[*pos + j], want[i]) != 0))
			j++;
		if (j == n) {
			of_dump(r);
			check_fail_at(file, line, "expected \"%s\" among statements %zu..%zu", want[i], *pos,
			              *pos + n - 1);
		}
		used[j] = 1;
	}
	*pos += n;
}

/* Nothing recorded past *pos. */
static inline void of_expect_end_(FX_AT, const of_rec *r, size_t pos)
{
	if (pos != r->n) {
		of_dump(r);
		check_fail_at(file, line, "%zu statements recorded, expected %zu", r->n, pos);
	}
}

#define OF_N(...) (sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))
/* The recorded statements are exactly these, in this order. */
#define OF_EXPECT(r, ...)                                                                    \
	do {                                                                                     \
		size_t of_pos_ = 0;                                                                  \
		of_expect_seq_(FX_HERE, (r), &of_pos_, (const char *const[]){ __VA_ARGS__ }, OF_N(__VA_ARGS__)); \
		of_expect_end_(FX_HERE, (r), of_pos_);                                               \
	} while (0)
/* Stepwise: OF_SEQ / OF_ALLOF advance pos; OF_END checks nothing follows. */
#define OF_SEQ(r, pos, ...) \
	of_expect_seq_(FX_HERE, (r), &(pos), (const char *const[]){ __VA_ARGS__ }, OF_N(__VA_ARGS__))
#define OF_ALLOF(r, pos, ...) \
	of_expect_allof_(FX_HERE, (r), &(pos), (const char *const[]){ __VA_ARGS__ }, OF_N(__VA_ARGS__))
#define OF_END(r, pos) of_expect_end_(FX_HERE, (r), (pos))

/* How many recorded statements start with prefix (e.g. "SELECT"). */
static inline size_t of_count(const of_rec *r, const char *prefix)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		if (strncmp(r->sql[i], prefix, strlen(prefix)) == 0)
			n++;
	return n;
}

#endif
