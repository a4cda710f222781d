/*
 * bench_core.c - the core's cost over hand-written sqlite3, on one model.
 *
 * A benchmark, not a test: it prints figures and ratios and never passes or
 * fails on time. It exits non-zero only when something does not work (an assoc
 * or sqlite3 call fails, or the rows read back are not the rows written).
 *
 * Model: parent(id INTEGER PK, name TEXT) and child(id INTEGER PK, parent_id
 * INTEGER FK -> parent.id with an index, name TEXT); mapper Parent with the
 * one-to-many "children" (back_populates "parent") and Child with the
 * many-to-one "parent".
 *
 * Job A, the ORM: in one session, make N parents with 5 children each (set
 * name, append the children to parent.children, add the parent; the children
 * reach the session by the save-update cascade), then commit. In a new
 * session, query every parent and, for each, read its name, its children and
 * each child's name. The load is timed with both strategies for children:
 * lazy="select" (one SELECT per parent on first access) and lazy="selectin"
 * (IN queries issued with the parents' query), through two registries over
 * the same tables.
 *
 * Job B, the baseline: the same work with sqlite3 prepared statements in one
 * transaction. Insert: one INSERT per row, parent ids from
 * sqlite3_last_insert_rowid(). Load (the figure the ratios use): "SELECT id,
 * name FROM parent ORDER BY id" and "SELECT id, parent_id, name FROM child",
 * both plain table scans, into arrays of structs with malloc'd copies of the
 * names; each child finds its parent by binary search and a counting pass
 * groups the children by parent (the fastest of the hand-written loads tried:
 * reading the children ORDER BY parent_id through the index was slower). A
 * second, per-parent baseline (one prepared "... WHERE parent_id = ?" per
 * parent, the N+1 pattern of lazy="select") is shown for reference.
 *
 * Both jobs run on fresh database files in /tmp with the settings every assoc
 * connection has (PRAGMA foreign_keys = ON, busy_timeout 5000, the default
 * journal_mode and synchronous), and both load on a newly opened connection
 * (a new assoc session on a file engine opens one). With "memory" as the
 * second argument both use in-memory databases instead. Each insert runs R
 * times, each on a fresh database, and each load R times on the last of them;
 * the best run of each is reported.
 *
 * usage: bench_core [N [file|memory [R]]]
 *   N parents (default 100000); R runs of each insert and load, the best shown (default 3)
 */
#define CHILDREN_PER_PARENT 5
#define BENCH_LABEL_WIDTH 38 /* the report's label columns, for bench_util.h */
#define BENCH_RATIO_WIDTH 36
#include "bench_util.h"

#include <inttypes.h>

/* ---- the data ------------------------------------------------------------ */

static int parent_name(char *buf, size_t size, long i)
{
	return snprintf(buf, size, "parent %ld", i);
}

static int child_name(char *buf, size_t size, long i, int j)
{
	return snprintf(buf, size, "child %ld.%d", i, j);
}

/* What a load must find: the number of children and the sum of their names' lengths. */
struct expect {
	long parents;
	long children;
	uint64_t parent_name_bytes;
	uint64_t child_name_bytes;
};

static struct expect expected(long n)
{
	struct expect e = { n, n * CHILDREN_PER_PARENT, 0, 0 };
	char buf[64];
	for (long i = 0; i < n; i++) {
		e.parent_name_bytes += (uint64_t)parent_name(buf, sizeof buf, i);
		for (int j = 0; j < CHILDREN_PER_PARENT; j++)
			e.child_name_bytes += (uint64_t)child_name(buf, sizeof buf, i, j);
	}
	return e;
}

static void verify(const char *who, const struct expect *want, const struct expect *got)
{
	if (got->parents != want->parents || got->children != want->children ||
	    got->parent_name_bytes != want->parent_name_bytes ||
	    got->child_name_bytes != want->child_name_bytes)
		die("%s: read back %ld parents (%" PRIu64 " name bytes) and %ld children (%" PRIu64
		    " name bytes); expected %ld (%" PRIu64 ") and %ld (%" PRIu64 ")",
		    who, got->parents, got->parent_name_bytes, got->children, got->child_name_bytes,
		    want->parents, want->parent_name_bytes, want->children, want->child_name_bytes);
}

/* ---- Job A: the ORM ------------------------------------------------------ */

struct model {
	assoc_registry *reg;
	assoc_mapper *Parent, *Child;
	assoc_attr *parent_name, *parent_children;
	assoc_attr *child_name;
};

static void define_model(struct model *m, assoc_lazy children_lazy)
{
	assoc_column_options o;
	assoc_relationship_options r;
	assoc_table *parent, *child;

	ACHECK(assoc_registry_new(&m->reg));

	ACHECK(assoc_table_new(&parent, m->reg, "parent"));
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	ACHECK(assoc_table_add_column(parent, "id", ASSOC_TYPE_INTEGER, &o));
	ACHECK(assoc_table_add_column(parent, "name", ASSOC_TYPE_TEXT, NULL));

	ACHECK(assoc_table_new(&child, m->reg, "child"));
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.primary_key = 1;
	ACHECK(assoc_table_add_column(child, "id", ASSOC_TYPE_INTEGER, &o));
	o = (assoc_column_options)ASSOC_COLUMN_OPTIONS_INIT;
	o.foreign_key = "parent.id";
	o.index = 1;
	ACHECK(assoc_table_add_column(child, "parent_id", ASSOC_TYPE_INTEGER, &o));
	ACHECK(assoc_table_add_column(child, "name", ASSOC_TYPE_TEXT, NULL));

	ACHECK(assoc_mapper_new(&m->Parent, m->reg, "Parent", "parent"));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Child";
	r.back_populates = "parent";
	r.lazy = children_lazy;
	ACHECK(assoc_mapper_add_relationship(m->Parent, "children", &r));

	ACHECK(assoc_mapper_new(&m->Child, m->reg, "Child", "child"));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Parent";
	r.back_populates = "children";
	ACHECK(assoc_mapper_add_relationship(m->Child, "parent", &r));

	ACHECK(assoc_registry_configure(m->reg));
	ACHECK(assoc_mapper_attr(&m->parent_name, m->Parent, "name"));
	ACHECK(assoc_mapper_attr(&m->parent_children, m->Parent, "children"));
	ACHECK(assoc_mapper_attr(&m->child_name, m->Child, "name"));
}

static struct phase orm_insert(assoc_engine *eng, const struct model *m, long n, long *stmts)
{
	assoc_session *s;
	char buf[64];
	long before = *stmts;

	double t0 = now();
	ACHECK(assoc_session_new(&s, eng, m->reg, NULL));
	for (long i = 0; i < n; i++) {
		assoc_object *p;
		assoc_collection *children;
		ACHECK(assoc_object_new(&p, s, m->Parent));
		parent_name(buf, sizeof buf, i);
		ACHECK(assoc_object_set_attr(p, m->parent_name, assoc_value_text(buf)));
		ACHECK(assoc_object_collection_attr(&children, p, m->parent_children));
		for (int j = 0; j < CHILDREN_PER_PARENT; j++) {
			assoc_object *c;
			ACHECK(assoc_object_new(&c, s, m->Child));
			child_name(buf, sizeof buf, i, j);
			ACHECK(assoc_object_set_attr(c, m->child_name, assoc_value_text(buf)));
			ACHECK(assoc_collection_append(children, assoc_value_object(c)));
		}
		ACHECK(assoc_session_add(s, p));
	}
	double t1 = now();
	if (assoc_session_new_count(s) != (size_t)(n * (CHILDREN_PER_PARENT + 1)))
		die("ORM insert: %zu objects pending before the commit; expected %ld (did the "
		    "save-update cascade reach the children?)",
		    assoc_session_new_count(s), n * (CHILDREN_PER_PARENT + 1));
	ACHECK(assoc_session_commit(s));
	double t2 = now();
	assoc_session_free(s);
	double t3 = now();

	struct phase ph = phase_times(t0, t1, t2);
	ph.teardown = t3 - t2;
	ph.statements = *stmts - before;
	return ph;
}

static struct phase orm_load(assoc_engine *eng, const struct model *m, const struct expect *want,
                             const char *who, long *stmts)
{
	struct expect got = { 0, 0, 0, 0 };
	assoc_session *s;
	assoc_query *q;
	assoc_result *res;
	long before = *stmts;

	double t0 = now();
	ACHECK(assoc_session_new(&s, eng, m->reg, NULL));
	ACHECK(assoc_query_new(&q, s, m->Parent));
	ACHECK(assoc_query_all(&res, q));
	double t1 = now();
	size_t np = assoc_result_count(res);
	for (size_t i = 0; i < np; i++) {
		assoc_object *p = assoc_result_get(res, i);
		assoc_collection *children;
		assoc_value v;
		size_t nc;
		ACHECK(assoc_object_get_attr(p, m->parent_name, &v));
		if (v.kind != ASSOC_TEXT)
			die("%s: Parent.name is %s, not TEXT", who, assoc_value_kind_name(v.kind));
		got.parent_name_bytes += v.u.bytes.len;
		ACHECK(assoc_object_collection_attr(&children, p, m->parent_children));
		ACHECK(assoc_collection_len(&nc, children));
		for (size_t j = 0; j < nc; j++) {
			ACHECK(assoc_collection_get(&v, children, j));
			if (v.kind != ASSOC_OBJECT)
				die("%s: a member of Parent.children is %s", who, assoc_value_kind_name(v.kind));
			ACHECK(assoc_object_get_attr(v.u.object, m->child_name, &v));
			if (v.kind != ASSOC_TEXT)
				die("%s: Child.name is %s, not TEXT", who, assoc_value_kind_name(v.kind));
			got.child_name_bytes += v.u.bytes.len;
		}
		got.children += (long)nc;
	}
	got.parents = (long)np;
	double t2 = now();
	assoc_result_free(res);
	assoc_query_free(q);
	assoc_session_free(s);
	double t3 = now();

	verify(who, want, &got);
	struct phase ph = phase_times(t0, t1, t2);
	ph.teardown = t3 - t2;
	ph.statements = *stmts - before;
	return ph;
}

/* ---- Job B: hand-written sqlite3 ----------------------------------------- */

static const char *const raw_ddl =
	"CREATE TABLE parent (\n"
	"\tid INTEGER NOT NULL,\n"
	"\tname TEXT,\n"
	"\tPRIMARY KEY (id)\n"
	");\n"
	"CREATE TABLE child (\n"
	"\tid INTEGER NOT NULL,\n"
	"\tparent_id INTEGER,\n"
	"\tname TEXT,\n"
	"\tPRIMARY KEY (id),\n"
	"\tFOREIGN KEY(parent_id) REFERENCES parent (id)\n"
	");\n"
	"CREATE INDEX ix_child_parent_id ON child (parent_id);\n";

static struct phase raw_insert(sqlite3 *db, long n)
{
	struct phase ph = { 0 };
	sqlite3_stmt *ins_parent, *ins_child;
	char buf[64];

	double t0 = now();
	SCHECK(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL));
	SCHECK(db, sqlite3_prepare_v2(db, "INSERT INTO parent (name) VALUES (?)", -1, &ins_parent, NULL));
	SCHECK(db, sqlite3_prepare_v2(db, "INSERT INTO child (parent_id, name) VALUES (?, ?)", -1,
	                              &ins_child, NULL));
	for (long i = 0; i < n; i++) {
		int len = parent_name(buf, sizeof buf, i);
		SCHECK(db, sqlite3_bind_text(ins_parent, 1, buf, len, SQLITE_STATIC));
		SSTEP(db, ins_parent);
		SCHECK(db, sqlite3_reset(ins_parent));
		sqlite3_int64 pid = sqlite3_last_insert_rowid(db);
		for (int j = 0; j < CHILDREN_PER_PARENT; j++) {
			len = child_name(buf, sizeof buf, i, j);
			SCHECK(db, sqlite3_bind_int64(ins_child, 1, pid));
			SCHECK(db, sqlite3_bind_text(ins_child, 2, buf, len, SQLITE_STATIC));
			SSTEP(db, ins_child);
			SCHECK(db, sqlite3_reset(ins_child));
		}
	}
	sqlite3_finalize(ins_parent);
	sqlite3_finalize(ins_child);
	SCHECK(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
	ph.total = now() - t0;
	ph.part2 = ph.total;
	ph.statements = 2 + n * (1 + CHILDREN_PER_PARENT);
	return ph;
}

struct raw_parent;

struct raw_child {
	int64_t id;
	int64_t parent_id;
	char *name;
	size_t name_len;
	struct raw_parent *parent;
};

struct raw_parent {
	int64_t id;
	char *name;
	size_t name_len;
	struct raw_child **children; /* a run of raw_data.index */
	size_t nchildren;
};

struct raw_data {
	struct raw_parent *parents; /* in id order */
	size_t nparents, cap_parents;
	struct raw_child *children; /* in the order read */
	size_t nchildren, cap_children;
	struct raw_child **index;   /* the children grouped by parent */
};

static void raw_read_parents(sqlite3 *db, struct raw_data *d)
{
	sqlite3_stmt *st;
	int rc;
	SCHECK(db, sqlite3_prepare_v2(db, "SELECT id, name FROM parent ORDER BY id", -1, &st, NULL));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		d->parents = grow(d->parents, d->nparents, &d->cap_parents, sizeof *d->parents, 1024);
		struct raw_parent *p = &d->parents[d->nparents++];
		p->id = sqlite3_column_int64(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		p->name_len = (size_t)sqlite3_column_bytes(st, 1);
		p->name = xstrndup(name, p->name_len);
		p->children = NULL;
		p->nchildren = 0;
	}
	sqlite_check(db, rc, SQLITE_DONE, "SELECT parent");
	sqlite3_finalize(st);
}

/* Append the current row (id, parent_id, name at columns 0, 1, 2) to d->children. */
static struct raw_child *raw_read_child(sqlite3_stmt *st, struct raw_data *d)
{
	d->children = grow(d->children, d->nchildren, &d->cap_children, sizeof *d->children, 4096);
	struct raw_child *c = &d->children[d->nchildren++];
	c->id = sqlite3_column_int64(st, 0);
	c->parent_id = sqlite3_column_int64(st, 1);
	const char *name = (const char *)sqlite3_column_text(st, 2);
	c->name_len = (size_t)sqlite3_column_bytes(st, 2);
	c->name = xstrndup(name, c->name_len);
	c->parent = NULL;
	return c;
}

static struct raw_parent *raw_find_parent(struct raw_data *d, int64_t id)
{
	size_t lo = 0, hi = d->nparents;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->parents[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->nparents && d->parents[lo].id == id ? &d->parents[lo] : NULL;
}

/* Walk what was loaded, as the ORM load does. */
static struct expect raw_walk(const struct raw_data *d)
{
	struct expect got = { (long)d->nparents, 0, 0, 0 };
	for (size_t i = 0; i < d->nparents; i++) {
		const struct raw_parent *p = &d->parents[i];
		got.parent_name_bytes += p->name_len;
		for (size_t j = 0; j < p->nchildren; j++)
			got.child_name_bytes += p->children[j]->name_len;
		got.children += (long)p->nchildren;
	}
	return got;
}

/*
 * Two SELECTs, each a plain table scan: the parents in id order, then every
 * child. Each child finds its parent by binary search; a counting pass then
 * groups the children by parent. (Reading the children ORDER BY parent_id
 * through the index instead was slower.)
 */
static struct phase raw_load_bulk(sqlite3 *db, struct raw_data *d, const struct expect *want)
{
	sqlite3_stmt *st;
	int rc;

	double t0 = now();
	SCHECK(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL));
	raw_read_parents(db, d);
	SCHECK(db, sqlite3_prepare_v2(db, "SELECT id, parent_id, name FROM child", -1, &st, NULL));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		raw_read_child(st, d);
	sqlite_check(db, rc, SQLITE_DONE, "SELECT child");
	sqlite3_finalize(st);
	SCHECK(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
	/* link each child to its parent and count; then group (the arrays no longer move) */
	for (size_t k = 0; k < d->nchildren; k++) {
		struct raw_child *c = &d->children[k];
		c->parent = raw_find_parent(d, c->parent_id);
		if (!c->parent)
			die("baseline load: child %" PRId64 " has no parent %" PRId64, c->id, c->parent_id);
		c->parent->nchildren++;
	}
	d->index = xmalloc(d->nchildren * sizeof *d->index);
	size_t off = 0;
	for (size_t i = 0; i < d->nparents; i++) {
		d->parents[i].children = d->index + off;
		off += d->parents[i].nchildren;
		d->parents[i].nchildren = 0;
	}
	for (size_t k = 0; k < d->nchildren; k++) {
		struct raw_parent *p = d->children[k].parent;
		p->children[p->nchildren++] = &d->children[k];
	}
	double t1 = now();
	struct expect got = raw_walk(d);
	double t2 = now();

	verify("baseline load (bulk)", want, &got);
	struct phase ph = phase_times(t0, t1, t2);
	ph.statements = 2;
	return ph;
}

/* One SELECT of the parents, then one prepared lookup per parent (N+1). */
static struct phase raw_load_per_parent(sqlite3 *db, struct raw_data *d, const struct expect *want)
{
	sqlite3_stmt *st;
	int rc;

	double t0 = now();
	SCHECK(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL));
	raw_read_parents(db, d);
	SCHECK(db, sqlite3_prepare_v2(db,
	                              "SELECT id, parent_id, name FROM child WHERE parent_id = ? ORDER BY id",
	                              -1, &st, NULL));
	double t1 = now();
	for (size_t i = 0; i < d->nparents; i++) {
		struct raw_parent *p = &d->parents[i];
		SCHECK(db, sqlite3_bind_int64(st, 1, p->id));
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			raw_read_child(st, d);
			p->nchildren++;
		}
		sqlite_check(db, rc, SQLITE_DONE, "SELECT child WHERE parent_id");
		SCHECK(db, sqlite3_reset(st));
	}
	sqlite3_finalize(st);
	SCHECK(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
	/* each parent's children are a run of the array, which no longer moves */
	d->index = xmalloc(d->nchildren * sizeof *d->index);
	size_t off = 0;
	for (size_t i = 0; i < d->nparents; i++) {
		struct raw_parent *p = &d->parents[i];
		p->children = d->index + off;
		for (size_t j = 0; j < p->nchildren; j++) {
			d->index[off + j] = &d->children[off + j];
			d->children[off + j].parent = p;
		}
		off += p->nchildren;
	}
	struct expect got = raw_walk(d);
	double t2 = now();

	verify("baseline load (per parent)", want, &got);
	struct phase ph = phase_times(t0, t1, t2);
	ph.statements = 1 + (long)d->nparents;
	return ph;
}

static double raw_free(struct raw_data *d)
{
	double t0 = now();
	for (size_t i = 0; i < d->nparents; i++)
		free(d->parents[i].name);
	for (size_t k = 0; k < d->nchildren; k++)
		free(d->children[k].name);
	free(d->parents);
	free(d->children);
	free(d->index);
	memset(d, 0, sizeof *d);
	return now() - t0;
}

/* ---- main ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
	const struct bench_args a =
		bench_args(argc, argv, "assoc_bench", "parents", CHILDREN_PER_PARENT, "children");
	const long n = a.n;
	const int reps = a.reps;

	const struct expect want = expected(n);
	printf("bench_core: %ld parents x %d children = %ld children; assoc %s, SQLite %s\n", n,
	       CHILDREN_PER_PARENT, want.children, assoc_version(), sqlite3_libversion());
	print_setup(&a);

	/* ---- Job A: the ORM ---- */
	struct model lazy_m, selectin_m;
	define_model(&lazy_m, ASSOC_LAZY_SELECT);
	define_model(&selectin_m, ASSOC_LAZY_SELECTIN);
	assoc_engine *eng = NULL;
	long stmts = 0;
	struct phase orm_ins = { 0 };
	for (int r = 0; r < reps; r++) { /* each on a fresh database; the last one is kept */
		fresh_engine(&eng, &a.db, lazy_m.reg, &stmts);
		keep_run(&orm_ins, r == 0, orm_insert(eng, &lazy_m, n, &stmts), "ORM insert");
	}
	struct phase orm_sel = { 0 }, orm_in = { 0 };
	for (int r = 0; r < reps; r++)
		keep_run(&orm_sel, r == 0, orm_load(eng, &lazy_m, &want, "ORM load (lazy=select)", &stmts),
		         "ORM load, lazy=select");
	for (int r = 0; r < reps; r++)
		keep_run(&orm_in, r == 0, orm_load(eng, &selectin_m, &want, "ORM load (lazy=selectin)", &stmts),
		         "ORM load, lazy=selectin");
	assoc_engine_free(eng);
	assoc_registry_free(lazy_m.reg);
	assoc_registry_free(selectin_m.reg);

	/* ---- Job B: hand-written sqlite3 ---- */
	sqlite3 *raw = NULL;
	struct phase raw_ins = { 0 };
	for (int r = 0; r < reps; r++) { /* each on a fresh database; the last one is kept */
		raw = fresh_raw(raw, &a.db, raw_ddl);
		keep_run(&raw_ins, r == 0, raw_insert(raw, n), "baseline insert");
	}
	struct phase raw_bulk = { 0 }, raw_pp = { 0 };
	struct raw_data data = { 0 };
	for (int r = 0; r < 2 * reps; r++) { /* reps bulk loads, then reps N+1 loads */
		int bulk = r < reps;
		raw = reopen_raw(raw, &a.db);
		struct phase ph = bulk ? raw_load_bulk(raw, &data, &want) : raw_load_per_parent(raw, &data, &want);
		ph.teardown = raw_free(&data);
		keep_run(bulk ? &raw_bulk : &raw_pp, r % reps == 0, ph,
		         bulk ? "baseline load, bulk" : "baseline load, N+1");
	}
	SCHECK(raw, sqlite3_close(raw));
	putchar('\n');

	/* ---- report ---- */
	report_header();
	row("insert (build, flush, commit)", orm_ins.total, raw_ins.total);
	detail("ORM: build objects + add", orm_ins.part1);
	detail("ORM: flush + commit", orm_ins.part2);
	row("load, lazy=selectin  vs bulk baseline", orm_in.total, raw_bulk.total);
	detail("ORM: query parents (+ selectin)", orm_in.part1);
	detail("ORM: walk", orm_in.part2);
	row("load, lazy=select    vs bulk baseline", orm_sel.total, raw_bulk.total);
	detail("ORM: query parents", orm_sel.part1);
	detail("ORM: walk (lazy loads children)", orm_sel.part2);
	row("load, lazy=select    vs N+1 baseline", orm_sel.total, raw_pp.total);
	printf("\n  not in the figures above:\n");
	detail("ORM: close insert session", orm_ins.teardown);
	detail("ORM: close lazy=selectin session", orm_in.teardown);
	detail("ORM: close lazy=select session", orm_sel.teardown);
	detail("baseline: free arrays (bulk)", raw_bulk.teardown);
	detail("baseline: free arrays (N+1)", raw_pp.teardown);
	printf("\n  statements run: insert ORM %ld, baseline %ld; one load: ORM lazy=selectin %ld, "
	       "lazy=select %ld; baseline bulk %ld, N+1 %ld\n",
	       orm_ins.statements, raw_ins.statements, orm_in.statements, orm_sel.statements,
	       raw_bulk.statements, raw_pp.statements);
	double nobj = (double)(want.parents + want.children);
	printf("  per object (%.0f objects): insert ORM %.2f us, baseline %.2f us; "
	       "load ORM lazy=selectin %.2f us, baseline %.2f us\n",
	       nobj, orm_ins.total * 1e6 / nobj, raw_ins.total * 1e6 / nobj,
	       orm_in.total * 1e6 / nobj, raw_bulk.total * 1e6 / nobj);

	target_header("the ORM");
	target("insert", orm_ins.total, raw_ins.total);
	target("load, lazy=selectin (vs bulk)", orm_in.total, raw_bulk.total);
	target("load, lazy=select   (vs bulk)", orm_sel.total, raw_bulk.total);
	target("load, lazy=select   (vs N+1)", orm_sel.total, raw_pp.total);
	return bench_done(&a);
}
