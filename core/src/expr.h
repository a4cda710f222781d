/*
 * expr.h - expression trees and the SQL text generator shared by expr.c and
 * query.c (private to core/src).
 *
 * Public constructors (assoc_expr_compare, _any, ...) lower relationship and
 * proxy comparators at once into a small tree of column comparisons, AND, OR,
 * NOT and correlated EXISTS along one relationship. Rendering walks that tree
 * with a scope chain (which mapper is visible under which table name or
 * alias), names parameters :<column>_<n> as SQLAlchemy does, and records in
 * order what each parameter binds: SQLite numbers distinct named parameters
 * by first appearance, so the printed text is exactly what runs.
 */
#ifndef ASSOC_EXPR_H
#define ASSOC_EXPR_H

#include "internal.h"

enum expr_kind { EXPR_CMP, EXPR_IN, EXPR_AND, EXPR_OR, EXPR_NOT, EXPR_EXISTS };

enum expr_flags {
	EXPR_OBJKEY = 1,      /* CMP: the value is column objcol of obj, read when the query runs */
	EXPR_PARAM_FIRST = 2, /* CMP: render ":param_1 = t.c" (SQLAlchemy's many-to-one form) */
	EXPR_ANON = 4         /* CMP: the parameter is named param_<n>, not after the column */
};

struct assoc_expr {
	enum expr_kind kind;
	unsigned flags;
	/* CMP, IN: a column of a mapper */
	struct assoc_mapper *mapper;
	int col;
	assoc_op op;
	assoc_value value;          /* CMP without OBJKEY: owned */
	assoc_object *obj;          /* CMP with OBJKEY: pinned (assoc_object_ref) */
	int objcol;
	assoc_value *values;        /* IN: owned */
	size_t nvalues;
	/* AND, OR: kids[0..nkids); NOT: kids[0]; EXISTS: kids[0] is the criterion or NULL */
	struct assoc_expr **kids;
	size_t nkids;
	struct relationship *rel;   /* EXISTS: the hop, from rel->attr->mapper to rel->target */
	/* CMP, IN: the column is the alias's; EXISTS: the hop starts at the alias (NULL: the mapper itself) */
	const struct assoc_alias *alias;
};

/* What parameter i binds, in order of appearance. */
enum bind_kind { BIND_VALUE, BIND_OBJKEY, BIND_INT };
struct bind {
	enum bind_kind kind;
	const assoc_value *value;   /* BIND_VALUE: borrowed from the expression */
	assoc_object *obj;          /* BIND_OBJKEY */
	int col;
	int64_t i;                  /* BIND_INT */
};

struct name_count {
	char *name;                 /* owned */
	const void *key;            /* alias counters: the table */
	int n;
};

struct sqlgen {
	strbuf sb;
	struct bind *binds;
	size_t nbinds, capbinds;
	struct name_count *names;   /* parameter names used so far */
	size_t nnames, capnames;
	struct name_count *aliases; /* table aliases used so far */
	size_t naliases, capaliases;
	int oom;
};

/*
 * A mapper visible in a scope, under its table's name (alias 0), <table>_<alias>
 * or name. A user alias (ref) is visible only to expressions bound to it, and
 * the mapper itself only to unbound ones.
 */
struct scope_ent {
	const struct assoc_mapper *mapper;
	int alias;
	const char *name;             /* a user alias's label, or NULL */
	const struct assoc_alias *ref;
};
/* A table as one FROM entry names it. */
struct tref {
	const struct assoc_table *t;
	int alias;
	const char *name;             /* overrides alias when set */
};
struct scope {
	const struct scope *up;
	const struct scope_ent *ents;
	size_t n;
};

void gen_init(struct sqlgen *g);
void gen_free(struct sqlgen *g);
/* The next alias number for table t in this statement (1, 2, ...). */
int gen_alias(struct sqlgen *g, const struct assoc_table *t);
/* Numbers up to n of table t are taken (a user alias's): gen_alias continues after them. */
void gen_alias_reserve(struct sqlgen *g, const struct assoc_table *t, int n);
/* A table reference's column, and its FROM entry ("t", "t AS t_1", "t AS name"). */
void gen_ref_col(struct sqlgen *g, const struct tref *r, int col);
void gen_from_ref(struct sqlgen *g, const struct tref *r);
/* A table as referenced: its name or its alias. */
void gen_table(struct sqlgen *g, const struct assoc_table *t, int alias);
/* A table in a FROM list: "t" or "t AS t_1". */
void gen_from_table(struct sqlgen *g, const struct assoc_table *t, int alias);
void gen_col(struct sqlgen *g, const struct assoc_table *t, int alias, int col);
/* Append :<name>_<n> and record what it binds. */
void gen_param(struct sqlgen *g, const char *name, struct bind b);
/* " WHERE a AND b ..." over the terms, in scope sc (nothing when n is 0). */
int gen_where(struct sqlgen *g, assoc_expr *const *terms, size_t n, const struct scope *sc);

/* assoc_expr_compare without the argument checks, for filter_by. */
int expr_compare(assoc_expr **out, struct assoc_attr *a, assoc_op op, assoc_value v);

/* ---- queries and their aliases (query.c, alias.c) ---- */

/* A JOIN along rel, from the mapper itself or an alias, to the target itself or an alias. */
struct join {
	struct relationship *rel;
	struct assoc_alias *from, *to;
};

struct query_order {
	int col;
	int desc;
	const struct assoc_alias *alias; /* NULL: the query's mapper */
};

struct assoc_query {
	assoc_session *session;
	assoc_mapper *mapper;
	ptrvec terms;          /* assoc_expr *: filter_by and where, ANDed, owned */
	struct join *joins;    /* in join order */
	size_t njoins;
	ptrvec selectin;       /* struct relationship *: selectinload for this query */
	uint8_t *sel;          /* ncols: the columns its rows load (defer, undefer), or NULL: the mapper's */
	ptrvec aliases;        /* struct assoc_alias *, owned, in creation order */
	struct query_order *order;
	size_t norder;
	int64_t limit, offset; /* -1: none */
	char *sql;
};

struct assoc_alias {
	assoc_query *query;
	assoc_mapper *mapper;
	char *label;           /* its name in SQL: the user's, or <table>_<num> */
	int num;               /* generated: its number among the table's aliases; 0 when named */
	int joined;
};

/* Append an ORDER BY term or a JOIN (query.c; the caller has checked them). */
int query_add_order(assoc_query *q, const struct assoc_alias *al, int col, int descending);
int query_add_join(assoc_query *q, struct relationship *rel, struct assoc_alias *from, struct assoc_alias *to);
/* Free the query's aliases. */
void alias_free_all(assoc_query *q);
/* Reserve the generated aliases' numbers in g (before anything else takes one). */
void alias_reserve(struct sqlgen *g, const assoc_query *q);
/* Is al usable in q (created by it, not NULL)? ASSOC_EINVAL naming fn otherwise. */
int alias_check(const assoc_query *q, const struct assoc_alias *al, const char *fn);
/* Every alias e refers to belongs to q and is joined: ASSOC_EINVAL otherwise. */
int alias_check_expr(const assoc_query *q, const assoc_expr *e);
/* Bind e's outermost references to al->mapper to the alias. */
void expr_bind_alias(assoc_expr *e, const struct assoc_alias *al);

#endif
