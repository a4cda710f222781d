/*
 * rb_values.c - assoc_value to and from Ruby values.
 *
 *   NULL <-> nil            INTEGER <-> Integer (true/false go in as 1/0)
 *   REAL <-> Float          TEXT <-> String (UTF-8); Symbol, Time, Date go in as TEXT
 *   BLOB <-> binary String (Encoding::BINARY)
 *   OBJECT <-> the object's one Assoc::Object wrapper
 */
#include <string.h>

#include "assoc_rb.h"

static ID id_strftime, id_to_time;
static VALUE fmt_datetime, fmt_datetime_usec, fmt_date;

static int is_date(VALUE v)
{
	static VALUE date_class = Qundef; /* Date, once the program has required "date" */
	if (date_class == Qundef || NIL_P(date_class)) {
		if (!rb_const_defined(rb_cObject, rb_intern("Date")))
			return 0;
		date_class = rb_const_get(rb_cObject, rb_intern("Date"));
		rb_gc_register_mark_object(date_class);
	}
	return RTEST(rb_obj_is_kind_of(v, date_class));
}

/* Time and Date as DATETIME text: "YYYY-MM-DD HH:MM:SS[.ffffff]" or "YYYY-MM-DD". */
static VALUE datetime_text(VALUE v)
{
	if (!rb_obj_is_kind_of(v, rb_cTime)) {
		if (rb_respond_to(v, rb_intern("hour"))) /* a DateTime: by its Time */
			v = rb_funcall(v, id_to_time, 0);
		else
			return rb_funcall(v, id_strftime, 1, fmt_date);
	}
	VALUE usec = rb_funcall(v, rb_intern("usec"), 0);
	return rb_funcall(v, id_strftime, 1, FIX2LONG(usec) ? fmt_datetime_usec : fmt_datetime);
}

static assoc_value string_value(VALUE s, volatile VALUE *keep)
{
	int enc = ENCODING_GET(s);
	if (enc == rb_ascii8bit_encindex())
		return assoc_value_blob(RSTRING_PTR(s), (size_t)RSTRING_LEN(s));
	if (enc != rb_utf8_encindex() && enc != rb_usascii_encindex()) {
		s = rb_str_encode(s, rb_enc_from_encoding(rb_utf8_encoding()), 0, Qnil);
		*keep = s;
	}
	if (rb_enc_str_coderange(s) == ENC_CODERANGE_BROKEN)
		assoc_rb_raise(ASSOC_ETYPE, "invalid UTF-8 in a %s string", rb_enc_name(rb_enc_get(s)));
	return assoc_value_textn(RSTRING_PTR(s), (size_t)RSTRING_LEN(s));
}

assoc_value assoc_rb_to_value(VALUE v, volatile VALUE *keep)
{
	switch (TYPE(v)) {
	case T_NIL: return assoc_value_null();
	case T_TRUE: return assoc_value_integer(1);
	case T_FALSE: return assoc_value_integer(0);
	case T_FIXNUM: return assoc_value_integer((int64_t)FIX2LONG(v));
	case T_BIGNUM:
		/* rb_big2ll would raise a RangeError of its own: name the value instead */
		if (RTEST(rb_funcall(v, '>', 1, LL2NUM(INT64_MAX))) || RTEST(rb_funcall(v, '<', 1, LL2NUM(INT64_MIN)))) {
			VALUE s = rb_big2str(v, 10);
			assoc_rb_raise(ASSOC_ERANGE, "the integer %s does not fit in 64 bits", StringValueCStr(s));
		}
		return assoc_value_integer((int64_t)rb_big2ll(v));
	case T_FLOAT: return assoc_value_real(RFLOAT_VALUE(v));
	case T_STRING: return string_value(v, keep);
	case T_SYMBOL: {
		VALUE s = rb_sym2str(v);
		*keep = s;
		return string_value(s, keep);
	}
	case T_DATA:
		if (assoc_rb_is_object(v))
			return assoc_value_object(assoc_rb_object_ptr(v));
		break;
	default:
		break;
	}
	if (rb_obj_is_kind_of(v, rb_cTime) || is_date(v)) {
		VALUE s = datetime_text(v);
		*keep = s;
		return assoc_value_textn(RSTRING_PTR(s), (size_t)RSTRING_LEN(s));
	}
	assoc_rb_raise(ASSOC_ETYPE,
	               "cannot store a %s: expected nil, true, false, an Integer, Float, String, Symbol, "
	               "Time or Date, or an Assoc::Object",
	               rb_obj_classname(v));
}

VALUE assoc_rb_from_value(const assoc_value *v)
{
	switch (v->kind) {
	case ASSOC_NULL: return Qnil;
	case ASSOC_INTEGER: return LL2NUM((long long)v->u.integer);
	case ASSOC_REAL: return DBL2NUM(v->u.real);
	case ASSOC_TEXT: return rb_utf8_str_new(v->u.bytes.data, (long)v->u.bytes.len);
	case ASSOC_BLOB: return rb_str_new(v->u.bytes.data, (long)v->u.bytes.len);
	case ASSOC_OBJECT: return assoc_rb_object_wrap(v->u.object);
	}
	return Qnil;
}

assoc_value *assoc_rb_to_values(VALUE ary, size_t *n, volatile VALUE *store)
{
	*n = 0;
	if (NIL_P(ary))
		return NULL;
	if (!RB_TYPE_P(ary, T_ARRAY))
		assoc_rb_raise(ASSOC_ETYPE, "expected an Array of values, got %s", rb_obj_classname(ary));
	long len = RARRAY_LEN(ary);
	/* first pass: convert, and find how many bytes the strings need */
	volatile VALUE first_store = 0;
	assoc_value *first = rb_alloc_tmp_buffer(&first_store, (len ? len : 1) * (long)sizeof *first);
	volatile VALUE sources = rb_ary_new_capa(len); /* the string behind each TEXT and BLOB */
	size_t bytes = 0;
	for (long i = 0; i < len; i++) {
		volatile VALUE keep = Qnil;
		VALUE item = RARRAY_AREF(ary, i);
		first[i] = assoc_rb_to_value(item, &keep);
		if (first[i].kind == ASSOC_TEXT || first[i].kind == ASSOC_BLOB) {
			bytes += first[i].u.bytes.len + 1;
			rb_ary_push(sources, NIL_P(keep) ? item : keep);
		} else {
			rb_ary_push(sources, Qnil);
		}
	}
	/* second pass: one buffer for the values and their bytes (allocating may have moved a string) */
	size_t head = (size_t)len * sizeof(assoc_value);
	assoc_value *vals = rb_alloc_tmp_buffer(store, (long)(head + bytes + 1));
	memcpy(vals, first, head);
	char *arena = (char *)vals + head;
	for (long i = 0; i < len; i++) {
		VALUE src = RARRAY_AREF(sources, i);
		if (NIL_P(src))
			continue;
		size_t l = vals[i].u.bytes.len;
		memcpy(arena, RSTRING_PTR(src), l);
		arena[l] = '\0';
		vals[i].u.bytes.data = arena;
		arena += l + 1;
	}
	rb_free_tmp_buffer(&first_store);
	RB_GC_GUARD(sources);
	*n = (size_t)len;
	return vals;
}

VALUE assoc_rb_from_valuelist(assoc_valuelist *list)
{
	size_t n = assoc_valuelist_count(list);
	VALUE a = rb_ary_new_capa((long)n);
	for (size_t i = 0; i < n; i++) {
		assoc_value v = assoc_valuelist_get(list, i);
		rb_ary_push(a, assoc_rb_from_value(&v));
	}
	assoc_valuelist_free(list);
	return a;
}

const char *assoc_rb_cstr(VALUE v, volatile VALUE *keep)
{
	if (NIL_P(v))
		return NULL;
	if (RB_TYPE_P(v, T_SYMBOL))
		v = rb_sym2str(v);
	else if (!RB_TYPE_P(v, T_STRING))
		assoc_rb_raise(ASSOC_ETYPE, "expected a String or Symbol, got %s", rb_obj_classname(v));
	*keep = v;
	return StringValueCStr(v);
}

void assoc_rb_init_values(void)
{
	id_strftime = rb_intern("strftime");
	id_to_time = rb_intern("to_time");
	fmt_datetime = rb_str_new_cstr("%Y-%m-%d %H:%M:%S");
	fmt_datetime_usec = rb_str_new_cstr("%Y-%m-%d %H:%M:%S.%6N");
	fmt_date = rb_str_new_cstr("%Y-%m-%d");
	rb_gc_register_mark_object(fmt_datetime);
	rb_gc_register_mark_object(fmt_datetime_usec);
	rb_gc_register_mark_object(fmt_date);
}
