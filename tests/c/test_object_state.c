/*
 * test_object_state.c - object states, repr, and pinning objects past their
 * session with assoc_object_ref / assoc_object_unref.
 */
#include <string.h>

#include "fixtures.h"

static void open_model(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	fx_users_addresses(f->reg, NULL, NULL);
	fx_open(f);
}

static void test_state_names(void)
{
	CHECK(fx_icontains(assoc_object_state_name(ASSOC_STATE_TRANSIENT), "transient"));
	CHECK(fx_icontains(assoc_object_state_name(ASSOC_STATE_PENDING), "pending"));
	CHECK(fx_icontains(assoc_object_state_name(ASSOC_STATE_PERSISTENT), "persistent"));
	CHECK(fx_icontains(assoc_object_state_name(ASSOC_STATE_DELETED), "deleted"));
	CHECK(fx_icontains(assoc_object_state_name(ASSOC_STATE_DETACHED), "detached"));
}

/* transient -> pending -> persistent -> deleted -> detached */
static void test_lifecycle(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = fx_new(&f, "User");
	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_TRANSIENT);
	CHECK(assoc_object_mapper(u) == fx_m(&f, "User"));
	CHECK(assoc_object_session(u) == f.s);
	CHECK(!assoc_session_contains(f.s, u));
	fx_set_text(u, "name", "ann");

	CHECK_OK(assoc_session_add(f.s, u));
	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_PENDING);
	CHECK(assoc_session_contains(f.s, u));
	CHECK_INT(assoc_session_new_count(f.s), 1);
	CHECK_INT(fx_count(f.eng, "users"), 0);

	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_PERSISTENT);
	CHECK_INT(assoc_session_new_count(f.s), 0);
	CHECK_INT(assoc_session_identity_count(f.s), 1);
	CHECK_INT(fx_session_count(&f, "User"), 1);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_PERSISTENT);

	/* marked for deletion, it stays persistent until the flush deletes its row */
	CHECK_OK(assoc_session_delete(f.s, u));
	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_PERSISTENT);
	CHECK_INT(assoc_session_deleted_count(f.s), 1);
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_DELETED);
	CHECK_INT(fx_session_count(&f, "User"), 0);
	CHECK_INT(assoc_session_deleted_count(f.s), 0);
	CHECK(assoc_session_contains(f.s, u));

	/* committed, the deleted object leaves the session */
	assoc_object_ref(u);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_DETACHED);
	CHECK(!assoc_session_contains(f.s, u));
	CHECK(assoc_object_session(u) == NULL);
	CHECK_INT(assoc_session_identity_count(f.s), 0);
	assoc_object_unref(u);
	fx_close(&f);
}

/* Deleting a pending object just expunges it: it becomes transient again. */
static void test_delete_pending_expunges(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = fx_add(&f, "User", "name", "never");
	CHECK_OK(assoc_session_delete(f.s, u));
	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_TRANSIENT);
	CHECK(!assoc_session_contains(f.s, u));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "users"), 0);
	/* and it can be added again */
	CHECK_OK(assoc_session_add(f.s, u));
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_INT(fx_count(f.eng, "users"), 1);
	fx_close(&f);
}

/* Deleting a transient object is an error; so is adding one of another session. */
static void test_wrong_session_or_state(void)
{
	fx f;
	open_model(&f);
	assoc_object *t = fx_new(&f, "User");
	CHECK_ERR2(assoc_session_delete(f.s, t), ASSOC_ESTATE, ASSOC_EINVAL);
	assoc_session *other = NULL;
	CHECK_OK(assoc_session_new(&other, f.eng, f.reg, NULL));
	CHECK_ERR2(assoc_session_add(other, t), ASSOC_ESTATE, ASSOC_EINVAL);
	CHECK(!assoc_session_contains(other, t));
	CHECK_INT(assoc_object_state_of(t), ASSOC_STATE_TRANSIENT);
	assoc_session_free(other);
	fx_close(&f);
}

static void test_repr(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_object *a = fx_add(&f, "Address", "email", "a@x");
	fx_set_int(a, "id", 42);
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_STR(assoc_object_repr(u), "<User 1>");
	CHECK_STR(assoc_object_repr(a), "<Address 42>");
	/* a transient object still gets a text naming its mapper */
	assoc_object *t = fx_new(&f, "User");
	const char *r = assoc_object_repr(t);
	CHECK(r != NULL && strstr(r, "User") != NULL);
	fx_close(&f);
}

/* A pinned object outlives its session as detached: columns stay readable,
 * relationship loads fail with ASSOC_EDETACHED, the last unref frees it. */
static void test_pinned_object_survives_close(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_object *a = fx_add(&f, "Address", "email", "ann@x");
	fx_set_obj(a, "user", u);
	CHECK_OK(assoc_session_commit(f.s));
	/* reload the columns (expired by the commit), but not the relationships */
	CHECK_STR(fx_get_text(u, "name"), "ann");
	int64_t uid = fx_get_int(u, "id");
	CHECK_STR(fx_get_text(a, "email"), "ann@x");
	CHECK_INT(fx_get_int(a, "user_id"), uid);

	assoc_object_ref(u);
	assoc_object_ref(a);
	assoc_object_ref(a); /* two pins: needs two unrefs */
	CHECK_OK(assoc_session_close(f.s));
	CHECK(assoc_session_is_closed(f.s));

	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_DETACHED);
	CHECK(assoc_object_session(u) == NULL);
	CHECK_STR(fx_get_text(u, "name"), "ann");
	CHECK_INT(fx_get_int(u, "id"), uid);
	CHECK_STR(assoc_object_repr(u), "<User 1>");

	assoc_collection *c = NULL;
	int rc = assoc_object_collection(&c, u, "addresses");
	if (rc == 0) { /* the handle may come first, the load on first use */
		size_t n = 0;
		rc = assoc_collection_len(&n, c);
	}
	CHECK_INT(rc, ASSOC_EDETACHED);
	CHECK_INT(assoc_error_last()->code, ASSOC_EDETACHED);
	CHECK(assoc_error_last()->message[0] != 0);
	assoc_value v;
	CHECK_ERR(assoc_object_get(a, "user", &v), ASSOC_EDETACHED);
	CHECK_STR(fx_get_text(a, "email"), "ann@x");

	/* the session handle may be freed first; pins keep the objects alive */
	assoc_session_free(f.s);
	f.s = NULL;
	assoc_object_unref(a);
	CHECK_STR(fx_get_text(a, "email"), "ann@x");
	assoc_object_unref(a);
	assoc_object_unref(u);
	fx_close(&f); /* the sanitizer build checks nothing leaked */
}

/* An unpinned object is freed by its session; a pin released while the
 * session is open leaves the object to the session as usual. */
static void test_unref_while_session_open(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	assoc_object_ref(u);
	assoc_object_unref(u);
	CHECK_INT(assoc_object_state_of(u), ASSOC_STATE_PENDING);
	CHECK_OK(assoc_session_commit(f.s));
	CHECK_STR(fx_get_text(u, "name"), "ann");
	fx_close(&f);
}

/* Expired columns of a pinned object cannot load once it is detached. */
static void test_detached_expired_column(void)
{
	fx f;
	open_model(&f);
	assoc_object *u = fx_add(&f, "User", "name", "ann");
	CHECK_OK(assoc_session_commit(f.s)); /* expires u */
	assoc_object_ref(u);
	CHECK_OK(assoc_session_close(f.s));
	assoc_value v;
	CHECK_ERR(assoc_object_get(u, "name", &v), ASSOC_EDETACHED);
	assoc_object_unref(u);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	static const check_test tests[] = {
		TEST(test_state_names),
		TEST(test_lifecycle),
		TEST(test_delete_pending_expunges),
		TEST(test_wrong_session_or_state),
		TEST(test_repr),
		TEST(test_pinned_object_survives_close),
		TEST(test_unref_while_session_open),
		TEST(test_detached_expired_column),
	};
	return CHECK_RUN(tests, argc, argv);
}
