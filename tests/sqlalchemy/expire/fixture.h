/*
 * fixture.h - test/orm/_fixtures.py's users, addresses and orders with their
 * rows, for the test_expire port. Each test maps what it needs.
 */
#ifndef ASSOC_SQLA_EXPIRE_FIXTURE_H
#define ASSOC_SQLA_EXPIRE_FIXTURE_H

#include "../ce_util.h"

static inline void xf_tables(fx *f)
{
	memset(f, 0, sizeof *f);
	CHECK_OK(assoc_registry_new(&f->reg));
	assoc_column_options nn = ASSOC_COLUMN_OPTIONS_INIT;
	nn.nullable = 0;
	assoc_table *t = fx_table_id(f->reg, "users");
	CHECK_OK(assoc_table_add_column(t, "name", ASSOC_TYPE_TEXT, &nn));
	t = fx_table_id(f->reg, "addresses");
	fx_fk(t, "user_id", "users.id");
	CHECK_OK(assoc_table_add_column(t, "email_address", ASSOC_TYPE_TEXT, &nn));
	t = fx_table_id(f->reg, "orders");
	fx_fk(t, "user_id", "users.id");
	fx_fk(t, "address_id", "addresses.id");
	fx_col(t, "description", ASSOC_TYPE_TEXT);
	fx_col(t, "isopen", ASSOC_TYPE_INTEGER);
}

/* relationship(target, backref=..., cascade=..., lazy=..., order_by=...) */
static inline void xf_rel(fx *f, const char *mapper, const char *name, const char *target, const char *backref,
                          const char *cascade, assoc_lazy lazy, const char *order_by)
{
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = target;
	r.backref = backref;
	r.cascade = cascade;
	r.lazy = lazy;
	r.order_by = order_by;
	CHECK_OK(assoc_mapper_add_relationship(fx_m(f, mapper), name, &r));
}

/* properties={col: deferred(table.c.col)} (group may be NULL) */
static inline void xf_defer(fx *f, const char *mapper, const char *col, const char *group)
{
	assoc_mapper_column_options o = ASSOC_MAPPER_COLUMN_OPTIONS_INIT;
	o.deferred = 1;
	o.group = group;
	CHECK_OK(assoc_mapper_set_column_options(fx_m(f, mapper), col, &o));
}

/* Configure, create and insert the fixture rows; autoflush as given. */
static inline void xf_open(fx *f, int autoflush)
{
	fx_open(f);
	CHECK_OK(assoc_engine_exec(f->eng,
		"INSERT INTO users (id, name) VALUES (7, 'jack'), (8, 'ed'), (9, 'fred'), (10, 'chuck');"
		"INSERT INTO addresses (id, user_id, email_address) VALUES (1, 7, 'jack@bean.com'), "
		"(2, 8, 'ed@wood.com'), (3, 8, 'ed@bettyboop.com'), (4, 8, 'ed@lala.com'), (5, 9, 'fred@fred.com');"
		"INSERT INTO orders (id, user_id, description, isopen, address_id) VALUES "
		"(1, 7, 'order 1', 0, 1), (2, 9, 'order 2', 0, 4), (3, 7, 'order 3', 1, 1), "
		"(4, 9, 'order 4', 1, 4), (5, 7, 'order 5', 0, NULL)"));
	if (!autoflush) {
		assoc_session_free(f->s);
		assoc_session_options so = ASSOC_SESSION_OPTIONS_INIT;
		so.autoflush = 0;
		CHECK_OK(assoc_session_new(&f->s, f->eng, f->reg, &so));
	}
}

/* Orders mapped as Order, description deferred when defer_description. */
static inline void xf_orders(fx *f, int defer_description, int autoflush)
{
	xf_tables(f);
	fx_mapper(f->reg, "User", "users");
	fx_mapper(f->reg, "Address", "addresses");
	fx_mapper(f->reg, "Order", "orders");
	if (defer_description)
		xf_defer(f, "Order", "description", NULL);
	xf_open(f, autoflush);
}

/* Users mapped with addresses = relationship(Address, backref="user", lazy=lazy). */
static inline void xf_users_addresses(fx *f, assoc_lazy lazy, const char *cascade, const char *order_by)
{
	xf_tables(f);
	fx_mapper(f->reg, "User", "users");
	fx_mapper(f->reg, "Address", "addresses");
	xf_rel(f, "User", "addresses", "Address", "user", cascade, lazy, order_by);
}

/* query(mapper).options(defer(col) / undefer(col)).first(): opt 'd' or 'u' (0: no option). */
static inline assoc_object *xf_first(fx *f, const char *mapper, char opt, const char *col)
{
	assoc_query *q;
	assoc_object *o = NULL;
	CHECK_OK(assoc_query_new(&q, f->s, fx_m(f, mapper)));
	if (opt == 'd')
		CHECK_OK(assoc_query_defer(q, col));
	else if (opt == 'u')
		CHECK_OK(assoc_query_undefer(q, col));
	CHECK_OK(assoc_query_first(&o, q));
	assoc_query_free(q);
	CHECK(o != NULL);
	return o;
}

static inline assoc_object *xf_get(fx *f, const char *mapper, int64_t id)
{
	return ce_get_int(f, mapper, id);
}

/* How many statements reading the TEXT attribute takes, checking its value. */
static inline int xf_read_count(fx *f, assoc_object *o, const char *attr, const char *want)
{
	ce_counter c;
	ce_count_start(&c, f->eng);
	int same = ce_text_is(o, attr, want);
	int n = ce_count_stop(&c, f->eng);
	CHECK(same);
	return n;
}

/* How many statements reading the INTEGER attribute takes, checking its value. */
static inline int xf_int_count(fx *f, assoc_object *o, const char *attr, int64_t want)
{
	ce_counter c;
	ce_count_start(&c, f->eng);
	int64_t v = fx_get_int(o, attr);
	int n = ce_count_stop(&c, f->eng);
	CHECK_INT(v, want);
	return n;
}

#endif
