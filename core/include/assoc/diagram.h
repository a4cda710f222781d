/*
 * assoc/diagram.h - a picture of the mapping, as a Graphviz DOT graph.
 *
 * One node per mapper (its table and columns, primary and foreign keys
 * marked), one per table that no mapper maps (a secondary table), an edge per
 * relationship (its name, collection kind, direction, secondary table and
 * cascade), and for each association proxy a node of its own with its two
 * hops drawn as two edges: the local relationship, then the attribute on its
 * target. Render it with `dot -Tsvg mapping.dot -o mapping.svg`.
 */
#ifndef ASSOC_DIAGRAM_H
#define ASSOC_DIAGRAM_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Write the DOT text of a configured registry into *out, a NUL-terminated
 * string of *len bytes (len may be NULL) that the caller owns and frees with
 * assoc_free(). Names are quoted and escaped, so any table or column name
 * the registry accepts is drawn as given.
 *
 * Errors: ASSOC_EINVAL for a NULL argument, ASSOC_ESTATE when the registry is
 * not configured, ASSOC_ENOMEM. On error *out is NULL.
 */
ASSOC_API int assoc_registry_write_dot(char **out, size_t *len, const assoc_registry *registry);

/*
 * Write the same text to the file at path (created or truncated). Errors as
 * above, and ASSOC_ERROR naming the file and the reason when it cannot be
 * written (a partly written file is removed).
 */
ASSOC_API int assoc_registry_write_dot_file(const assoc_registry *registry, const char *path);

#ifdef __cplusplus
}
#endif
#endif
