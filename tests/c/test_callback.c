/*
 * test_callback.c - libffi closures: each kind's signature reaches the
 * dispatcher intact, results come back, many live at once, and a closure
 * serves as a proxy's creator like any C function.
 */
#include <string.h>

#include "fixtures.h"

struct seen {
	assoc_callback_kind kind;
	void *args[5];     /* the argument values, as pointers or integers */
	int64_t integer;   /* the int / size_t argument, where the kind has one */
	int calls;
	int result;
};

static int record(void *host_ref, assoc_callback_kind kind, void *const *args)
{
	struct seen *s = host_ref;
	s->kind = kind;
	s->calls++;
	for (int i = 0; i < 5; i++)
		s->args[i] = NULL;
	switch (kind) {
	case ASSOC_CALLBACK_GETSET_FACTORY:
		s->args[0] = *(void **)args[0];
		s->integer = *(int *)args[1];
		s->args[2] = *(void **)args[2];
		s->args[3] = *(void **)args[3];
		break;
	case ASSOC_CALLBACK_BULK_SET:
		for (int i = 0; i < 4; i++)
			s->args[i] = *(void **)args[i];
		s->integer = (int64_t) * (size_t *)args[4];
		break;
	case ASSOC_CALLBACK_TRANSACTION:
		s->args[0] = *(void **)args[0];
		s->args[1] = *(void **)args[1];
		s->integer = *(unsigned int *)args[2];
		break;
	default: {
		int n = kind == ASSOC_CALLBACK_CREATOR ? 5 : kind == ASSOC_CALLBACK_SETTER ? 4 : 3;
		for (int i = 0; i < n; i++)
			s->args[i] = *(void **)args[i];
	}
	}
	return s->result;
}

#define P(n) ((void *)(uintptr_t)(n))

static assoc_callback *make(assoc_callback_kind kind, struct seen *s)
{
	assoc_callback *cb = NULL;
	CHECK_OK(assoc_callback_new(&cb, kind, record, s));
	CHECK(assoc_callback_function(cb) != NULL);
	CHECK(assoc_callback_host_ref(cb) == s);
	CHECK_INT(assoc_callback_kind_of(cb), kind);
	return cb;
}

static void test_every_kind_passes_its_arguments(void)
{
	struct seen s = { .result = -14 };
	assoc_callback *cb = make(ASSOC_CALLBACK_CREATOR, &s);
	CHECK_INT(((assoc_creator_fn)assoc_callback_function(cb))(P(1), P(2), P(3), P(4), P(5)), -14);
	CHECK(s.args[0] == P(1) && s.args[1] == P(2) && s.args[2] == P(3) && s.args[3] == P(4) && s.args[4] == P(5));
	assoc_callback_free(cb);

	s.result = 0;
	cb = make(ASSOC_CALLBACK_GETTER, &s);
	CHECK_INT(((assoc_getter_fn)assoc_callback_function(cb))(P(7), P(8), P(9)), 0);
	CHECK(s.kind == ASSOC_CALLBACK_GETTER && s.args[0] == P(7) && s.args[1] == P(8) && s.args[2] == P(9));
	assoc_callback_free(cb);

	s.result = 3;
	cb = make(ASSOC_CALLBACK_SETTER, &s);
	CHECK_INT(((assoc_setter_fn)assoc_callback_function(cb))(P(1), P(2), NULL, P(4)), 3);
	CHECK(s.args[2] == NULL && s.args[3] == P(4));
	assoc_callback_free(cb);

	cb = make(ASSOC_CALLBACK_GETSET_FACTORY, &s);
	((assoc_getset_factory_fn)assoc_callback_function(cb))(P(5), ASSOC_COLLECTION_DICT, P(6), P(7));
	CHECK_INT(s.integer, ASSOC_COLLECTION_DICT);
	CHECK(s.args[0] == P(5) && s.args[2] == P(6) && s.args[3] == P(7));
	assoc_callback_free(cb);

	cb = make(ASSOC_CALLBACK_PROXY_FACTORY, &s);
	((assoc_proxy_factory_fn)assoc_callback_function(cb))(P(1), P(2), P(3));
	CHECK(s.args[1] == P(2) && s.args[2] == P(3));
	assoc_callback_free(cb);

	cb = make(ASSOC_CALLBACK_BULK_SET, &s);
	((assoc_proxy_bulk_set_fn)assoc_callback_function(cb))(P(1), P(2), P(3), P(4), (size_t)1 << 40);
	CHECK(s.integer == (int64_t)1 << 40);
	CHECK(s.args[3] == P(4));
	assoc_callback_free(cb);

	s.result = -17;
	cb = make(ASSOC_CALLBACK_TRANSACTION, &s);
	CHECK_INT(((assoc_transaction_fn)assoc_callback_function(cb))(P(8), P(9), 4000000000u), -17);
	CHECK(s.args[0] == P(8) && s.args[1] == P(9) && s.integer == 4000000000);
	assoc_callback_free(cb);
	CHECK_INT(s.calls, 7);
}

static void test_unknown_kind_and_null_dispatch(void)
{
	assoc_callback *cb = NULL;
	struct seen s = { 0 };
	CHECK_ERR(assoc_callback_new(&cb, (assoc_callback_kind)99, record, &s), ASSOC_EINVAL);
	CHECK_MSG_CONTAINS("kind");
	CHECK_ERR(assoc_callback_new(&cb, ASSOC_CALLBACK_GETTER, NULL, &s), ASSOC_EINVAL);
	CHECK(cb == NULL);
	assoc_callback_free(NULL);
}

/* A thousand closures live at once; each reaches its own host reference. */
static void test_many_closures_at_once(void)
{
	enum { N = 1000 };
	static struct seen seen[N];
	static assoc_callback *cbs[N];
	for (int i = 0; i < N; i++) {
		memset(&seen[i], 0, sizeof seen[i]);
		seen[i].result = i;
		cbs[i] = make(ASSOC_CALLBACK_GETTER, &seen[i]);
	}
	for (int i = N - 1; i >= 0; i--)
		CHECK_INT(((assoc_getter_fn)assoc_callback_function(cbs[i]))(NULL, P(i + 1), NULL), i);
	for (int i = 0; i < N; i++) {
		CHECK_INT(seen[i].calls, 1);
		CHECK(seen[i].args[1] == P(i + 1));
		assoc_callback_free(cbs[i]);
	}
}

/* The dispatcher behind a proxy creator: makes a Keyword, or refuses. */
static assoc_mapper *keyword_mapper;

static int creator_dispatch(void *host_ref, assoc_callback_kind kind, void *const *args)
{
	int *calls = host_ref;
	(*calls)++;
	CHECK_INT(kind, ASSOC_CALLBACK_CREATOR);
	assoc_object *owner = *(assoc_object **)args[1];
	const assoc_value *value = *(const assoc_value **)args[3];
	assoc_object **out = *(assoc_object ***)args[4];
	if (value->kind == ASSOC_TEXT && !strcmp(value->u.bytes.data, "boom"))
		return assoc_error_set(ASSOC_ECALLBACK, "host creator raised: boom");
	int rc = assoc_object_new(out, assoc_object_session(owner), keyword_mapper);
	return rc ? rc : assoc_object_set(*out, "keyword", *value);
}

static void test_closure_as_proxy_creator(void)
{
	fx f;
	memset(&f, 0, sizeof f);
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_col(fx_table_id(f.reg, "users"), "name", ASSOC_TYPE_TEXT);
	fx_col(fx_table_id(f.reg, "keywords"), "keyword", ASSOC_TYPE_TEXT);
	assoc_table *uk = fx_table(f.reg, "user_keywords");
	fx_fk(uk, "user_id", "users.id");
	fx_fk(uk, "keyword_id", "keywords.id");
	assoc_mapper *user = fx_mapper(f.reg, "User", "users");
	keyword_mapper = fx_mapper(f.reg, "Keyword", "keywords");
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Keyword";
	r.secondary = "user_keywords";
	CHECK_OK(assoc_mapper_add_relationship(user, "kw", &r));
	int calls = 0;
	assoc_callback *cb = NULL;
	CHECK_OK(assoc_callback_new(&cb, ASSOC_CALLBACK_CREATOR, creator_dispatch, &calls));
	CHECK_OK(assoc_registry_adopt_callback(f.reg, cb)); /* freed with the registry */
	assoc_proxy_options po = ASSOC_PROXY_OPTIONS_INIT;
	po.target_collection = "kw";
	po.attr = "keyword";
	po.creator = (assoc_creator_fn)assoc_callback_function(cb);
	CHECK_OK(assoc_mapper_add_proxy(user, "keywords", &po));
	fx_open(&f);
	assoc_object *u = fx_add(&f, "User", "name", "jek");
	assoc_collection *kw = fx_coll(u, "keywords");
	CHECK_OK(assoc_collection_append(kw, assoc_value_text("cheese-inspector")));
	CHECK_ERR(assoc_collection_append(kw, assoc_value_text("boom")), ASSOC_ECALLBACK);
	CHECK_MSG_CONTAINS("boom");
	CHECK_INT(fx_len(kw), 1); /* the failed append changed nothing */
	CHECK_INT(calls, 2);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "user_keywords"), 1);
	CHECK_STR(fx_sql_text(f.eng, "SELECT keyword FROM keywords"), "cheese-inspector");
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_every_kind_passes_its_arguments),
		TEST(test_unknown_kind_and_null_dispatch),
		TEST(test_many_closures_at_once),
		TEST(test_closure_as_proxy_creator),
	};
	return CHECK_RUN(tests, argc, argv);
}
