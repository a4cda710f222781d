/*
 * bench_append.c - the proxy-append job of bench_proxy alone: the C baseline
 * that the Lua, Ruby and Go benchmarks run in the same run as their own job
 * (the same job with a creator written in their language).
 *
 * The job: in one session, for each of N users make the User, set its name,
 * get the User.keywords proxy view, append 10 distinct keyword strings (the
 * C creator makes each Keyword) and add the user; then commit. Each run is on
 * a fresh database; after each, untimed queries check the rows.
 *
 * The last line is machine-readable, for the bindings' benchmarks:
 *   append_job_seconds=<best of R>
 *
 * usage: bench_append [N [file|memory [R]]]
 */
#define KEYWORDS_PER_USER 10
#define BENCH_LABEL_WIDTH 40
#define BENCH_RATIO_WIDTH 40
#include "bench_util.h"
#include "proxy_model.h"

int main(int argc, char **argv)
{
	const struct bench_args a = bench_args(argc, argv, "assoc_bench_append", "users", KEYWORDS_PER_USER, "keywords");
	printf("bench_append: %ld users x %d keywords appended through User.keywords with a C creator, "
	       "then one commit; assoc %s\n", a.n, KEYWORDS_PER_USER, assoc_version());
	print_setup(&a);

	struct model m;
	define_model(&m, ASSOC_LAZY_SELECT);
	assoc_engine *eng = NULL;
	long stmts = 0;
	struct phase kept = { 0 };
	for (int r = 0; r < a.reps; r++) {
		fresh_engine(&eng, &a.db, m.reg, &stmts);
		struct phase ph = orm_insert(eng, &m, a.n, 1, &stmts);
		orm_verify_rows(eng, a.n, "C append job");
		keep_run(&kept, r == 0, ph, "C append job");
	}
	assoc_engine_free(eng);
	assoc_registry_free(m.reg);
	printf("C append job: %.3f s (build %.3f s, flush + commit %.3f s), best of %d\n", kept.total, kept.part1,
	       kept.part2, a.reps);
	printf("append_job_seconds=%.6f\n", kept.total);
	return bench_done(&a);
}
