/*
 * test_diagram.c - assoc_registry_write_dot: the mapping as a Graphviz graph.
 *
 * The DOT text is checked for what it must say (mappers, columns and keys,
 * relationships with kind, direction, secondary and cascade, proxies as two
 * hops) and rendered with Graphviz's dot when ASSOC_TEST_DOT names it (CTest
 * sets it when dot is installed; cmake/dev.sh installs graphviz).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proxy_model.h"

static int contains(const char *text, const char *part)
{
	return strstr(text, part) != NULL;
}

#define CHECK_HAS(text, part)                                                         \
	do {                                                                          \
		if (!contains((text), (part)))                                        \
			check_fail_at(__FILE__, __LINE__, "no \"%s\" in:\n%s", (part), (text)); \
	} while (0)

/* The proxy model, configured, with its four standard proxies. */
static void model(fx *f)
{
	pm_standard(pm_model(f));
	CHECK_OK(assoc_registry_configure(f->reg));
}

static void test_mappers_columns_and_keys(void)
{
	fx f;
	model(&f);
	char *dot;
	size_t len;
	CHECK_OK(assoc_registry_write_dot(&dot, &len, f.reg));
	CHECK_INT(len, strlen(dot));
	CHECK(strncmp(dot, "digraph assoc {", 15) == 0);
	CHECK_HAS(dot, "<b>User (users)</b>");
	CHECK_HAS(dot, "<b>Keyword (keywords)</b>");
	CHECK_HAS(dot, "<b>Note (notes)</b>");
	CHECK_HAS(dot, ">id : INTEGER PK<");
	CHECK_HAS(dot, ">user_id : INTEGER FK<");
	CHECK_HAS(dot, ">weight : INTEGER<");
	/* secondary tables are no mapper's: drawn on their own */
	CHECK_HAS(dot, "<b>user_kw</b>");
	CHECK_HAS(dot, ">keyword_id : INTEGER PK FK<");
	CHECK(dot[len - 2] == '}' && dot[len - 1] == '\n');
	assoc_free(dot);
	fx_close(&f);
}

static void test_relationships(void)
{
	fx f;
	model(&f);
	char *dot;
	CHECK_OK(assoc_registry_write_dot(&dot, NULL, f.reg));
	CHECK_HAS(dot, "label=\"kw\\nmany-to-many, list\\nsecondary: user_kw\\ncascade: save-update, merge\"");
	CHECK_HAS(dot, "label=\"tags\\nmany-to-many, set\\nsecondary: user_tags");
	CHECK_HAS(dot, "label=\"notes\\none-to-many, dict\\ncascade: save-update, merge, delete, delete-orphan, "
	               "expunge, refresh-expire\"");
	CHECK_HAS(dot, "label=\"user\\nmany-to-one, scalar (uselist=false)\\ncascade: save-update, merge\", arrowhead=tee");
	assoc_free(dot);
	fx_close(&f);
}

static void test_proxies_are_two_hops(void)
{
	fx f;
	model(&f);
	char *dot;
	CHECK_OK(assoc_registry_write_dot(&dot, NULL, f.reg));
	CHECK_HAS(dot, "label=\"keywords\\n(list proxy)\"");
	CHECK_HAS(dot, "label=\"tag_names\\n(set proxy)\"");
	CHECK_HAS(dot, "label=\"note_bodies\\n(dict proxy)\"");
	/* hop 1 along the relationship to Keyword (m1), hop 2 to its keyword column (port c1) */
	CHECK_HAS(dot, "p0_0 -> m1 [style=dashed, label=\"1: kw\"]");
	CHECK_HAS(dot, "p0_0 -> m1:c1 [style=dashed, label=\"2: keyword\"]");
	CHECK_HAS(dot, "p0_1 -> m1:c2 [style=dashed, label=\"2: weight\"]");
	CHECK_HAS(dot, "p0_3 -> m2:c2 [style=dashed, label=\"2: body\"]");
	assoc_free(dot);
	fx_close(&f);
}

/* Names with quotes, backslashes and HTML's special characters come out escaped. */
static void test_names_are_escaped(void)
{
	assoc_registry *reg;
	CHECK_OK(assoc_registry_new(&reg));
	assoc_table *t = fx_table_id(reg, "odd \"t\" <&>");
	fx_col(t, "a\\b", ASSOC_TYPE_TEXT);
	assoc_table *c = fx_table_id(reg, "kids");
	fx_fk(c, "parent_id", "odd \"t\" <&>.id");
	assoc_mapper *m = fx_mapper(reg, "Odd", "odd \"t\" <&>");
	fx_mapper(reg, "Kid", "kids");
	fx_rel(m, "kids \"x\"", "Kid", NULL, NULL);
	CHECK_OK(assoc_registry_configure(reg));
	char *dot;
	CHECK_OK(assoc_registry_write_dot(&dot, NULL, reg));
	CHECK_HAS(dot, "<b>Odd (odd &quot;t&quot; &lt;&amp;&gt;)</b>");
	CHECK_HAS(dot, ">a\\b : TEXT<");
	CHECK_HAS(dot, "label=\"kids \\\"x\\\"\\none-to-many");
	CHECK(!contains(dot, "<&>"));
	assoc_free(dot);
	assoc_registry_free(reg);
}

static void test_errors(void)
{
	char *dot = (char *)"unchanged";
	CHECK_ERR(assoc_registry_write_dot(&dot, NULL, NULL), ASSOC_EINVAL);
	CHECK(dot == NULL);
	assoc_registry *reg;
	CHECK_OK(assoc_registry_new(&reg));
	CHECK_ERR(assoc_registry_write_dot(NULL, NULL, reg), ASSOC_EINVAL);
	dot = (char *)"unchanged";
	CHECK_ERR(assoc_registry_write_dot(&dot, NULL, reg), ASSOC_ESTATE);
	CHECK_MSG_CONTAINS("configure the registry first");
	CHECK(dot == NULL);
	CHECK_ERR(assoc_registry_write_dot_file(reg, "/tmp/x.dot"), ASSOC_ESTATE);
	assoc_registry_free(reg);

	fx f;
	model(&f);
	CHECK_ERR(assoc_registry_write_dot_file(f.reg, NULL), ASSOC_EINVAL);
	CHECK_ERR(assoc_registry_write_dot_file(f.reg, "/nonexistent-dir/m.dot"), ASSOC_ERROR);
	CHECK_MSG_CONTAINS("cannot open '/nonexistent-dir/m.dot'");
	if (access("/dev/full", W_OK) == 0) {
		CHECK_ERR(assoc_registry_write_dot_file(f.reg, "/dev/full"), ASSOC_ERROR);
		CHECK_MSG_CONTAINS("cannot write '/dev/full'");
	}
	fx_close(&f);
}

/* An allocator that fails the Nth allocation and those after it. */
static long alloc_budget = -1;
static void *fail_malloc(void *ud, size_t n)
{
	(void)ud;
	if (alloc_budget == 0)
		return NULL;
	if (alloc_budget > 0)
		alloc_budget--;
	return malloc(n);
}
static void *fail_realloc(void *ud, void *p, size_t n)
{
	(void)ud;
	if (alloc_budget == 0)
		return NULL;
	if (alloc_budget > 0)
		alloc_budget--;
	return realloc(p, n);
}
static void fail_free(void *ud, void *p)
{
	(void)ud;
	free(p);
}

static void test_every_allocation_can_fail(void)
{
	fx f;
	model(&f);
	assoc_allocator a = ASSOC_ALLOCATOR_INIT;
	a.malloc = fail_malloc;
	a.realloc = fail_realloc;
	a.free = fail_free;
	CHECK_OK(assoc_set_allocator(&a));
	int done = 0;
	for (long n = 0; !done && n < 10000; n++) {
		alloc_budget = n;
		char *dot = (char *)"unchanged";
		int rc = assoc_registry_write_dot(&dot, NULL, f.reg);
		alloc_budget = -1;
		if (rc == 0) {
			CHECK(n > 0);
			CHECK(contains(dot, "note_bodies"));
			assoc_free(dot);
			done = 1;
		} else {
			CHECK_INT(rc, ASSOC_ENOMEM);
			CHECK(dot == NULL);
		}
	}
	CHECK(done);
	CHECK_OK(assoc_set_allocator(NULL));
	fx_close(&f);
}

static void test_renders_with_graphviz(void)
{
	const char *dot_program = getenv("ASSOC_TEST_DOT");
	if (!dot_program || !*dot_program) {
		CHECK_SKIP("Graphviz's dot not found (ASSOC_TEST_DOT unset)");
		return;
	}
	fx f;
	model(&f);
	char in[] = "/tmp/assoc-diagram-XXXXXX";
	int fd = mkstemp(in);
	CHECK(fd >= 0);
	close(fd);
	CHECK_OK(assoc_registry_write_dot_file(f.reg, in));
	char out[sizeof in + 4];
	snprintf(out, sizeof out, "%s.svg", in);
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "'%s' -Tsvg '%s' -o '%s'", dot_program, in, out);
	CHECK_INT(system(cmd), 0);
	FILE *svg = fopen(out, "r");
	CHECK(svg != NULL);
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof text - 1, svg);
	text[n] = '\0';
	fclose(svg);
	CHECK_HAS(text, "<svg");
	CHECK_HAS(text, "User (users)");
	CHECK_HAS(text, "note_bodies");
	CHECK_HAS(text, "secondary: user_kw");
	CHECK_HAS(text, "2: keyword");
	remove(in);
	remove(out);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_mappers_columns_and_keys),
		TEST(test_relationships),
		TEST(test_proxies_are_two_hops),
		TEST(test_names_are_escaped),
		TEST(test_errors),
		TEST(test_every_allocation_can_fail),
		TEST(test_renders_with_graphviz),
	};
	return CHECK_RUN(tests, argc, argv);
}
