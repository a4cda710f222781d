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

/* A mapper visible in a scope, under its table's name (alias 0) or <table>_<alias>. */
struct scope_ent {
	const struct assoc_mapper *mapper;
	int alias;
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

#endif
