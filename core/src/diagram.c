/*
 * diagram.c - the mapping as a Graphviz DOT graph (assoc/diagram.h).
 *
 * Nodes carry HTML-like labels (a table of the mapper's columns, each a port
 * named c<index>), so every name is escaped for HTML inside a label and for a
 * DOT string elsewhere. Node ids are generated (m<mapper>, t<table>,
 * p<mapper>_<proxy>), never names, so no name needs to be a DOT identifier.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Text inside an HTML-like label. */
static void add_html(strbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': sb_add(sb, "&amp;"); break;
		case '<': sb_add(sb, "&lt;"); break;
		case '>': sb_add(sb, "&gt;"); break;
		case '"': sb_add(sb, "&quot;"); break;
		default: sb_addn(sb, s, 1);
		}
	}
}

/* Text inside a DOT "quoted string"; newlines become DOT's centred line breaks. */
static void add_quoted(strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sb_addn(sb, "\\", 1);
		if (*s == '\n')
			sb_add(sb, "\\n");
		else
			sb_addn(sb, s, 1);
	}
}

static const char *direction_name(enum rel_direction d)
{
	switch (d) {
	case REL_ONETOMANY: return "one-to-many";
	case REL_MANYTOONE: return "many-to-one";
	default: return "many-to-many";
	}
}

static const char *kind_name(assoc_collection_kind k)
{
	switch (k) {
	case ASSOC_COLLECTION_LIST: return "list";
	case ASSOC_COLLECTION_SET: return "set";
	case ASSOC_COLLECTION_DICT: return "dict";
	default: return "scalar";
	}
}

static void add_cascade(strbuf *sb, unsigned c)
{
	static const struct { unsigned flag; const char *name; } names[] = {
		{ CASCADE_SAVE_UPDATE, "save-update" }, { CASCADE_MERGE, "merge" },
		{ CASCADE_DELETE, "delete" }, { CASCADE_DELETE_ORPHAN, "delete-orphan" },
		{ CASCADE_EXPUNGE, "expunge" }, { CASCADE_REFRESH, "refresh-expire" },
	};
	const char *sep = "";
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (c & names[i].flag) {
			sb_addf(sb, "%s%s", sep, names[i].name);
			sep = ", ";
		}
	}
	if (!*sep)
		sb_add(sb, "none");
}

static int column_in_fk(const struct assoc_table *t, int col)
{
	for (size_t i = 0; i < t->fks.len; i++) {
		const struct foreign_key *fk = t->fks.items[i];
		for (size_t j = 0; j < fk->n; j++)
			if (fk->cols[j] == col)
				return 1;
	}
	return 0;
}

/* A table as an HTML-like label: a header, then one row (port c<i>) per column. */
static void add_table_label(strbuf *sb, const char *title, const struct assoc_table *t, const char *bg)
{
	sb_addf(sb, "<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\"><tr><td bgcolor=\"%s\"><b>", bg);
	add_html(sb, title);
	sb_add(sb, "</b></td></tr>");
	for (size_t i = 0; i < t->columns.len; i++) {
		const struct column *c = t->columns.items[i];
		sb_addf(sb, "<tr><td port=\"c%zu\" align=\"left\">", i);
		add_html(sb, c->name);
		sb_addf(sb, " : %s", type_sql_name(c->type));
		if (c->primary_key)
			sb_add(sb, " PK");
		if (column_in_fk(t, (int)i))
			sb_add(sb, " FK");
		sb_add(sb, "</td></tr>");
	}
	sb_add(sb, "</table>>");
}

static int table_is_mapped(const assoc_registry *reg, const struct assoc_table *t)
{
	for (size_t i = 0; i < reg->mappers.len; i++)
		if (((const struct assoc_mapper *)reg->mappers.items[i])->table == t)
			return 1;
	return 0;
}

static size_t table_index(const assoc_registry *reg, const struct assoc_table *t)
{
	for (size_t i = 0; i < reg->tables.len; i++)
		if (reg->tables.items[i] == t)
			return i;
	return 0;
}

static void add_relationship(strbuf *sb, const assoc_registry *reg, const struct assoc_mapper *m,
                             const struct relationship *r)
{
	strbuf label;
	sb_init(&label);
	sb_addf(&label, "%s\n%s, %s", r->attr->name, direction_name(r->dir),
	        r->uselist ? kind_name(r->collection) : "scalar (uselist=false)");
	if (r->secondary)
		sb_addf(&label, "\nsecondary: %s", r->secondary->name);
	sb_add(&label, "\ncascade: ");
	add_cascade(&label, r->cascade);
	if (label.oom)
		sb->oom = 1;
	sb_addf(sb, "  m%d -> m%d [label=\"", m->index, r->target->index);
	add_quoted(sb, sb_str(&label));
	sb_add(sb, "\"");
	if (r->dir == REL_MANYTOONE)
		sb_add(sb, ", arrowhead=tee");
	else
		sb_add(sb, ", arrowhead=crow");
	sb_add(sb, "];\n");
	if (r->secondary)
		sb_addf(sb, "  m%d -> t%zu [style=dotted, arrowhead=none];\n  t%zu -> m%d [style=dotted];\n",
		        m->index, table_index(reg, r->secondary), table_index(reg, r->secondary), r->target->index);
	sb_free(&label);
}

/* A proxy: its own node, the owner's dotted edge to it, then hop 1 (the local relationship) and hop 2. */
static void add_proxy(strbuf *sb, const struct assoc_mapper *m, const struct proxy *p)
{
	sb_addf(sb, "  p%d_%d [shape=ellipse, style=dashed, label=\"", m->index, p->index);
	add_quoted(sb, p->attr->name);
	sb_addf(sb, "\\n(%s proxy)\"];\n", kind_name(p->kind));
	sb_addf(sb, "  m%d -> p%d_%d [style=dotted, arrowhead=none];\n", m->index, m->index, p->index);
	sb_addf(sb, "  p%d_%d -> m%d [style=dashed, label=\"1: ", m->index, p->index, p->rel->target->index);
	add_quoted(sb, p->local->name);
	sb_add(sb, "\"];\n");
	const struct assoc_attr *remote = p->remote;
	const struct assoc_mapper *rm = remote->mapper;
	if (remote->kind == ASSOC_ATTR_COLUMN)
		sb_addf(sb, "  p%d_%d -> m%d:c%d [style=dashed, label=\"2: ", m->index, p->index, rm->index,
		        remote->col->index);
	else if (remote->kind == ASSOC_ATTR_RELATIONSHIP)
		sb_addf(sb, "  p%d_%d -> m%d [style=dashed, label=\"2: ", m->index, p->index,
		        remote->rel->target->index);
	else
		sb_addf(sb, "  p%d_%d -> p%d_%d [style=dashed, label=\"2: ", m->index, p->index, rm->index,
		        remote->proxy->index);
	add_quoted(sb, remote->name);
	sb_add(sb, "\"];\n");
}

static void write_graph(strbuf *sb, const assoc_registry *reg)
{
	sb_add(sb, "digraph assoc {\n  rankdir=LR;\n  node [shape=plaintext, fontname=\"Helvetica\"];\n"
	           "  edge [fontname=\"Helvetica\", fontsize=10];\n");
	for (size_t i = 0; i < reg->mappers.len; i++) {
		const struct assoc_mapper *m = reg->mappers.items[i];
		strbuf title;
		sb_init(&title);
		sb_addf(&title, "%s (%s)", m->name, m->table->name);
		if (title.oom)
			sb->oom = 1;
		sb_addf(sb, "  m%d [label=", m->index);
		add_table_label(sb, sb_str(&title), m->table, "lightblue");
		sb_add(sb, "];\n");
		sb_free(&title);
	}
	for (size_t i = 0; i < reg->tables.len; i++) {
		const struct assoc_table *t = reg->tables.items[i];
		if (table_is_mapped(reg, t))
			continue;
		sb_addf(sb, "  t%zu [label=", i);
		add_table_label(sb, t->name, t, "lightgrey");
		sb_add(sb, "];\n");
	}
	for (size_t i = 0; i < reg->mappers.len; i++) {
		const struct assoc_mapper *m = reg->mappers.items[i];
		for (size_t j = 0; j < m->rels.len; j++)
			add_relationship(sb, reg, m, m->rels.items[j]);
		for (size_t j = 0; j < m->proxies.len; j++)
			add_proxy(sb, m, m->proxies.items[j]);
	}
	sb_add(sb, "}\n");
}

int assoc_registry_write_dot(char **out, size_t *len, const assoc_registry *reg)
{
	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!out || !reg)
		return assoc_error_set(ASSOC_EINVAL, "assoc_registry_write_dot: NULL argument");
	if (!reg->configured)
		return assoc_error_set(ASSOC_ESTATE, "assoc_registry_write_dot: configure the registry first");
	strbuf sb;
	sb_init(&sb);
	write_graph(&sb, reg);
	size_t n = sb.len;
	char *text = sb_take(&sb);
	if (!text)
		return err_oom();
	*out = text;
	if (len)
		*len = n;
	return 0;
}

int assoc_registry_write_dot_file(const assoc_registry *reg, const char *path)
{
	if (!path)
		return assoc_error_set(ASSOC_EINVAL, "assoc_registry_write_dot_file: path is NULL");
	char *text;
	size_t n;
	int rc = assoc_registry_write_dot(&text, &n, reg);
	if (rc)
		return rc;
	FILE *f = fopen(path, "w");
	if (!f) {
		rc = assoc_error_set(ASSOC_ERROR, "assoc_registry_write_dot_file: cannot open '%s': %s", path, strerror(errno));
		mem_free(text);
		return rc;
	}
	int ok = fwrite(text, 1, n, f) == n;
	int err = errno;
	if (fclose(f) != 0 && ok) {
		ok = 0;
		err = errno;
	}
	mem_free(text);
	if (!ok) {
		remove(path);
		return assoc_error_set(ASSOC_ERROR, "assoc_registry_write_dot_file: cannot write '%s': %s", path, strerror(err));
	}
	return 0;
}
