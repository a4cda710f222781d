/*
 * bench_callback.c - what a libffi closure adds to one creator call, in C:
 * the same creator called N times through a plain C function pointer, and
 * through the closure assoc_callback_new() makes for a dispatcher that calls
 * it (the path a binding's creator takes, less the host language). The
 * bindings' benchmarks measure the same with a creator in their language.
 *
 * The creator does what the cheapest real one does: store an object it was
 * given and count the call. Calls go through a volatile function pointer, so
 * neither loop can be inlined away.
 *
 * usage: bench_callback [M]   (M million calls in each loop; default 10)
 */
#define BENCH_LABEL_WIDTH 40
#define BENCH_RATIO_WIDTH 40
#include "bench_util.h"

static long calls;

static int creator(void *userdata, assoc_object *owner, const assoc_value *key, const assoc_value *value,
                   assoc_object **out)
{
	(void)owner;
	(void)key;
	(void)value;
	calls++;
	*out = userdata;
	return 0;
}

/* The binding's one dispatcher, here in C: unpack the arguments and call the creator. */
static int dispatch(void *host_ref, assoc_callback_kind kind, void *const *args)
{
	assoc_creator_fn fn = (assoc_creator_fn)host_ref;
	(void)kind;
	return fn(*(void *const *)args[0], *(assoc_object *const *)args[1], *(const assoc_value *const *)args[2],
	          *(const assoc_value *const *)args[3], *(assoc_object **const *)args[4]);
}

static double loop(assoc_creator_fn volatile fn, void *ud, long n)
{
	assoc_value v = assoc_value_text("keyword");
	assoc_object *out = NULL;
	double t0 = now();
	for (long i = 0; i < n; i++)
		if (fn(ud, NULL, NULL, &v, &out) != 0 || out != ud)
			die("the creator failed");
	return now() - t0;
}

int main(int argc, char **argv)
{
	long millions = argc > 1 ? strtol(argv[1], NULL, 10) : 10;
	if (argc > 2 || millions <= 0 || millions > 1000)
		die("usage: %s [M]  (M million calls in each loop, 1..1000; default 10)", argv[0]);
	const long n = millions * 1000000L;
	const int reps = 5;
	void *token = &calls; /* stands for the object the creator hands back */

	assoc_callback *cb;
	ACHECK(assoc_callback_new(&cb, ASSOC_CALLBACK_CREATOR, dispatch, (void *)(uintptr_t)creator));
	assoc_creator_fn closure = (assoc_creator_fn)assoc_callback_function(cb);

	double direct = 0, through = 0;
	for (int r = 0; r < reps; r++) {
		double d = loop(creator, token, n), c = loop(closure, token, n);
		direct = r ? (d < direct ? d : direct) : d;
		through = r ? (c < through ? c : through) : c;
	}
	if (calls != 2L * reps * n)
		die("the creator ran %ld times; expected %ld", calls, 2L * reps * n);
	assoc_callback_free(cb);

	printf("bench_callback: %ld creator calls, best of %d; assoc %s\n", n, reps, assoc_version());
	printf("  %-*s %8.2f ns per call\n", BENCH_LABEL_WIDTH, "direct C function pointer", direct / n * 1e9);
	printf("  %-*s %8.2f ns per call\n", BENCH_LABEL_WIDTH, "libffi closure + C dispatcher", through / n * 1e9);
	printf("  %-*s %8.2f ns per call (%.2fx)\n", BENCH_LABEL_WIDTH, "the closure adds", (through - direct) / n * 1e9,
	       through / direct);
	printf("closure_overhead_ns=%.3f\n", (through - direct) / n * 1e9);
	printf("(figures only: this benchmark does not pass or fail on time)\n");
	return 0;
}
