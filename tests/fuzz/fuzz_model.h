/*
 * fuzz_model.h - what the fuzzed data should be: an in-memory model of the
 * users, their keyword list, keyword dict and addresses, with the
 * transaction snapshots a rollback returns to.
 *
 * Objects are named by serial numbers (made in this order in one input) that
 * index the driver's handle tables; serials are never reused, so a snapshot
 * restored by a rollback still names the right handles.
 */
#ifndef ASSOC_FUZZ_MODEL_H
#define ASSOC_FUZZ_MODEL_H

#include <string.h>

#define FZ_MAXU 12    /* users made in one input */
#define FZ_MAXK 12    /* keywords made */
#define FZ_MAXA 24    /* addresses made */
#define FZ_LISTCAP 8  /* members of one user's keyword list */
#define FZ_NKEYS 6    /* dict keys "s0".."s5" */
#define FZ_ADDRCAP 4  /* addresses of one user */
#define FZ_NESTCAP 6  /* open savepoints */

struct fz_link { int kw, serial; };          /* a KeywordLink: its Keyword, creation order */
struct fz_entry { int key, kw, serial; };    /* a UserKeywordAssociation under special_key */

struct fz_user {
	int alive;
	int nlist;
	struct fz_link list[FZ_LISTCAP];   /* User.keyword_list, in memory order */
	int ndict;
	struct fz_entry dict[FZ_NKEYS];    /* User.keywords, in insertion order */
	int naddr;
	int addr[FZ_ADDRCAP];              /* User.addresses: address serials */
};

struct fz_model {
	struct fz_user u[FZ_MAXU];
	int kw_alive[FZ_MAXK];
	int kw_ver[FZ_MAXK];               /* each keyword's text version */
	int email[FZ_MAXA];                /* each address's email version */
};

static inline void fz_sort_links(struct fz_link *a, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && a[j - 1].serial > a[j].serial; j--) {
			struct fz_link t = a[j];
			a[j] = a[j - 1];
			a[j - 1] = t;
		}
}

static inline void fz_sort_entries(struct fz_entry *a, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && a[j - 1].serial > a[j].serial; j--) {
			struct fz_entry t = a[j];
			a[j] = a[j - 1];
			a[j - 1] = t;
		}
}

static inline void fz_sort_ints(int *a, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && a[j - 1] > a[j]; j--) {
			int t = a[j];
			a[j] = a[j - 1];
			a[j - 1] = t;
		}
}

/*
 * An expired user's collections reload from the database, ordered by primary
 * key, which follows the order the rows were made in.
 */
static inline void fz_model_reloaded(struct fz_user *u)
{
	fz_sort_links(u->list, u->nlist);
	fz_sort_entries(u->dict, u->ndict);
	fz_sort_ints(u->addr, u->naddr);
}

static inline void fz_model_reloaded_all(struct fz_model *m)
{
	for (int i = 0; i < FZ_MAXU; i++)
		if (m->u[i].alive)
			fz_model_reloaded(&m->u[i]);
}

static inline int fz_list_find(const struct fz_user *u, int kw)
{
	for (int i = 0; i < u->nlist; i++)
		if (u->list[i].kw == kw)
			return i;
	return -1;
}

static inline int fz_dict_find(const struct fz_user *u, int key)
{
	for (int i = 0; i < u->ndict; i++)
		if (u->dict[i].key == key)
			return i;
	return -1;
}

/* 1 when some live user's list or dict holds keyword kw. */
static inline int fz_kw_used(const struct fz_model *m, int kw)
{
	for (int i = 0; i < FZ_MAXU; i++) {
		const struct fz_user *u = &m->u[i];
		if (!u->alive)
			continue;
		if (fz_list_find(u, kw) >= 0)
			return 1;
		for (int j = 0; j < u->ndict; j++)
			if (u->dict[j].kw == kw)
				return 1;
	}
	return 0;
}

static inline void fz_list_remove_at(struct fz_user *u, int i)
{
	memmove(&u->list[i], &u->list[i + 1], (size_t)(u->nlist - i - 1) * sizeof u->list[0]);
	u->nlist--;
}

static inline void fz_addr_remove_at(struct fz_user *u, int i)
{
	memmove(&u->addr[i], &u->addr[i + 1], (size_t)(u->naddr - i - 1) * sizeof u->addr[0]);
	u->naddr--;
}

#endif
