/**
 * @file assoc/diagram.h
 * @brief A picture of the mapping, as a Graphviz DOT graph.
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

/**
 * Write the DOT text of a configured registry into *out, a NUL-terminated
 * string of *len bytes (len may be NULL) that the caller owns and frees with
 * assoc_free(). Names are quoted and escaped, so any table or column name
 * the registry accepts is drawn as given.
 *
 * @param out      receives the text, owned by the caller (free with assoc_free());
 *                 NULL on error.
 * @param len      receives its length in bytes, without the NUL; may be NULL.
 * @param registry a configured registry, only read.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ESTATE when the
 *         registry is not configured, ASSOC_ENOMEM.
 */
ASSOC_API int assoc_registry_write_dot(char **out, size_t *len, const assoc_registry *registry);

/**
 * Write the same text as assoc_registry_write_dot() to the file at path
 * (created or truncated).
 *
 * @param registry a configured registry, only read.
 * @param path     the file's path, borrowed for the call.
 * @return 0, or ASSOC_EINVAL for a NULL argument, ASSOC_ESTATE when the
 *         registry is not configured, ASSOC_ENOMEM, and ASSOC_ERROR naming the
 *         file and the reason when it cannot be written (a partly written file
 *         is removed).
 */
ASSOC_API int assoc_registry_write_dot_file(const assoc_registry *registry, const char *path);

#ifdef __cplusplus
}
#endif
#endif
