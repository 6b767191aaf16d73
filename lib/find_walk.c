/* find_walk.c - lfs find's match of one entry (Lustre 2.15.3's
 * cb_find_init and its find_check_* helpers, lustre/utils/liblustreapi.c),
 * the walk, and --printf (printf_format_directive). */
#include "find.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dirlist.h"
#include "inode.h"
#include "lustre_stripe.h"
#include "ns.h"
#include "ost.h"
#include "pfid.h"

int find_entry_layout(struct find_entry *ent, const struct lfs_layout **out)
{
	if (!ent->layout_read) {
		ent->layout_read = true;
		if (ent->api && (S_ISDIR(ent->st.st_mode) || S_ISREG(ent->st.st_mode))) {
			bool dir = S_ISDIR(ent->st.st_mode);

			ent->layout_rc = dir && ent->fd < 0 ? -EACCES :
				lustre_entry_layout(ent->api, ent->dir_fd, ent->base,
						    dir ? ent->fd : -1, dir, &ent->layout);
		} else if (S_ISDIR(ent->st.st_mode)) {
			ent->layout_rc = ent->fd < 0 ? -EACCES :
				inode_get_dir_default(ent->s, ent->fd, &ent->layout);
		} else if (S_ISREG(ent->st.st_mode)) {
			ent->layout_rc = layout_xattr_getat(ent->s, ent->dir_fd,
							    ent->base, &ent->layout);
			if (ent->layout_rc == -ENODATA)
				ent->layout_rc = 0;
		}
		if (ent->layout_rc == -EINVAL)
			lfs_error_set(&ent->e, -EINVAL, "layout is corrupt");
	}
	*out = ent->layout;
	return ent->layout_rc;
}

/* 512-byte blocks: a striped file's are its objects'. */
static uint64_t entry_blocks(struct find_entry *ent)
{
	const struct lfs_layout *l;
	uint64_t blocks = 0;

	/* On a client mount st_blocks already is the objects' sum. */
	if (ent->api || !S_ISREG(ent->st.st_mode) || find_entry_layout(ent, &l) || !l)
		return (uint64_t)ent->st.st_blocks;
	for (uint32_t c = 0; c < l->nr_comps; c++)
		for (uint32_t i = 0; i < l->comps[c].nr_objects; i++) {
			const struct lfs_object *o = &l->comps[c].objects[i];
			struct stat st;

			if (!ost_object_stat(ent->s, o->ost, o->id, &st))
				blocks += (uint64_t)st.st_blocks;
		}
	return blocks;
}

static int entry_btime(struct find_entry *ent, time_t *t)
{
	struct statx stx;

	if (statx(ent->dir_fd, ent->base, AT_SYMLINK_NOFOLLOW, STATX_BTIME, &stx))
		return -errno;
	if (!(stx.stx_mask & STATX_BTIME))
		return lfs_error_set(&ent->e, -EOPNOTSUPP,
				     "the host filesystem keeps no birth time");
	*t = stx.stx_btime.tv_sec;
	return 0;
}

static time_t entry_time(const struct find_entry *ent, int which)
{
	return which == FIND_ATIME ? ent->st.st_atim.tv_sec :
	       which == FIND_MTIME ? ent->st.st_mtim.tv_sec : ent->st.st_ctim.tv_sec;
}

/* The last name of the path as given (trailing slashes aside). */
static const char *last_name(const char *path, char *buf, size_t len)
{
	size_t n = strlen(path);
	const char *p;

	while (n > 1 && path[n - 1] == '/')
		n--;
	snprintf(buf, len, "%.*s", (int)n, path);
	p = strrchr(buf, '/');
	return p && p[1] ? p + 1 : buf;
}

/* The component getstripe -c/-S shows: a plain layout's only one, a
 * composite's last instantiated one. */
static const struct lfs_component *shown_comp(const struct lfs_layout *l)
{
	if (!l)
		return NULL;
	return l->composite ? layout_last_init(l) : &l->comps[0];
}

static uint64_t comp_stripes(const struct lfs_component *c)
{
	if (!c)
		return 0;
	return (c->flags & LFS_COMP_INIT) ? c->nr_objects : (uint16_t)c->stripe_count;
}

static bool num_ok(uint64_t v, const struct find_num *n, uint64_t margin)
{
	return !n->set || find_value_cmp(v, n->val, n->sign, n->negate, margin) > 0;
}

static bool perm_ok(const struct find_filter *f, mode_t mode)
{
	bool d;

	mode &= 07777;
	if (f->perm_sign == FIND_PERM_EXACT)
		d = mode == f->perm;
	else if (f->perm_sign == FIND_PERM_ALL)
		d = (mode & f->perm) == f->perm;
	else
		d = (mode & f->perm) != 0;
	return d != f->perm_negate;
}

/* check_obd_match: regular files only, whatever the negation. */
static bool ost_ok(const struct find_filter *f, const struct find_entry *ent,
		   const struct lfs_layout *l)
{
	bool found = false;

	if (!S_ISREG(ent->st.st_mode))
		return false;
	for (uint32_t c = 0; l && c < l->nr_comps && !found; c++) {
		const struct lfs_component *comp = &l->comps[c];

		if (l->composite && !(comp->flags & LFS_COMP_INIT))
			continue;
		for (uint32_t i = 0; i < comp->nr_objects && !found; i++)
			for (uint32_t k = 0; k < f->nr_osts; k++)
				found |= comp->objects[i].ost == f->osts[k];
	}
	return found != f->ost_negate;
}

/* find_check_pool: no layout is a layout without a pool. */
static bool pool_ok(const struct find_filter *f, const struct lfs_layout *l)
{
	bool found = !l && !f->pool[0];

	for (uint32_t c = 0; l && c < l->nr_comps && !found; c++) {
		const char *p = l->comps[c].pool;

		if (l->composite && !(l->comps[c].flags & LFS_COMP_INIT))
			continue;
		found = p[0] ? !strcmp(p, f->pool) || !strcmp(f->pool, "*") : !f->pool[0];
	}
	return found != f->pool_negate;
}

/* find_check_layout: an entry without a layout never passes. */
static bool layout_ok(const struct find_filter *f, const struct lfs_layout *l)
{
	bool found = false;

	if (!l)
		return false;
	for (uint32_t c = 0; c < l->nr_comps; c++)
		found |= (l->comps[c].pattern & f->layout) != 0;
	return found != f->layout_negate;
}

/* find_comp_end_cmp */
static int end_cmp(uint64_t end, const struct find_num *n)
{
	int m;

	if (n->val != LFS_EOF)
		return find_value_cmp(end, n->val, n->sign, n->negate,
				      end == LFS_EOF ? 0 : n->unit);
	if (n->sign == 0)
		m = end == LFS_EOF ? 1 : -1;
	else if (n->sign > 0)
		m = end == LFS_EOF ? -1 : 1;
	else
		m = -1;
	return n->negate ? -m : m;
}

/* find_check_comp_options: a plain layout, or none, is one component
 * [0, EOF) (instantiated unless a directory's), counted as 0; some
 * component must pass every component test. */
static bool comp_ok(const struct find_filter *f, const struct find_entry *ent,
		    const struct lfs_layout *l)
{
	struct lfs_component forged = {
		.flags = S_ISDIR(ent->st.st_mode) ? 0 : LFS_COMP_INIT,
		.end = LFS_EOF,
	};
	const struct lfs_component *c = &forged;
	uint32_t n = 1, count = 0;

	if (l && l->composite) {
		c = l->comps;
		n = count = l->nr_comps;
	}
	if (!num_ok(count, &f->comp_count, 1))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (f->check_comp_flags &&
		    ((c[i].flags & f->comp_flags) != f->comp_flags ||
		     (c[i].flags & f->comp_neg_flags)))
			continue;
		if (!num_ok(c[i].start, &f->comp_start, f->comp_start.unit))
			continue;
		if (f->comp_end.set && end_cmp(c[i].end, &f->comp_end) < 0)
			continue;
		return true;
	}
	return false;
}

static bool times_ok(const struct find_filter *f, struct find_entry *ent,
		     int *rc)
{
	time_t bt = 0;

	*rc = 0;
	if ((f->times[FIND_BTIME].set || f->newer[FIND_BTIME][0] ||
	     f->newer[FIND_BTIME][1]) && (*rc = entry_btime(ent, &bt)))
		return false;
	for (int i = 0; i < FIND_NTIMES; i++) {
		uint64_t t = (uint64_t)(i == FIND_BTIME ? bt : entry_time(ent, i));

		if (!num_ok(t, &f->times[i], f->time_margin))
			return false;
		/* --newerXY: strictly newer; negated, not newer. */
		for (int neg = 0; neg < 2; neg++)
			if (f->newer[i][neg] &&
			    find_value_cmp(t, (uint64_t)f->newer[i][neg], -1, neg, 0) < 0)
				return false;
	}
	return true;
}

int find_match(const struct find_filter *f, struct find_entry *ent)
{
	const struct stat *st = &ent->st;
	const struct lfs_layout *l = NULL;
	char buf[PATH_MAX];
	int rc;

	if (f->name && (fnmatch(f->name, last_name(ent->path, buf, sizeof(buf)), 0) == 0)
		       == f->name_negate)
		return 0;
	if (f->type && ((st->st_mode & S_IFMT) == f->type) == f->type_negate)
		return 0;
	if (f->perm_sign && !perm_ok(f, st->st_mode))
		return 0;
	if (f->check_uid && (st->st_uid == f->uid) == f->uid_negate)
		return 0;
	if (f->check_gid && (st->st_gid == f->gid) == f->gid_negate)
		return 0;
	/* Every entry lives on MDT 0. */
	if (f->check_mdt && f->mdt_negate)
		return 0;
	if (!times_ok(f, ent, &rc) || rc)
		return rc;
	if (!num_ok((uint64_t)st->st_size, &f->size, f->size.unit))
		return 0;
	if (!find_filter_needs_layout(f))
		return 1;
	/* The OST index answered --ost (find_walk): a file on none of its
	 * OSTs fails without its layout read, and one on them needs its
	 * layout only for the other tests. */
	if (f->nr_osts && ent->ost_indexed < 0)
		return 0;
	if (f->nr_osts && ent->ost_indexed > 0 && !find_filter_needs_layout_but_ost(f))
		return 1;
	if ((rc = find_entry_layout(ent, &l)))
		return rc;
	if (!num_ok(shown_comp(l) ? shown_comp(l)->stripe_size : 0, &f->stripe_size,
		    f->stripe_size.unit) ||
	    !num_ok(comp_stripes(shown_comp(l)), &f->stripe_count, 1) ||
	    (f->check_layout && !layout_ok(f, l)) ||
	    (f->nr_osts && !ost_ok(f, ent, l)) ||
	    (f->check_pool && !pool_ok(f, l)) ||
	    ((f->comp_count.set || f->comp_start.set || f->comp_end.set ||
	      f->check_comp_flags) && !comp_ok(f, ent, l)))
		return 0;
	/* -b stats each object: only when asked. */
	return !f->blocks.set || num_ok(entry_blocks(ent) * 512, &f->blocks, f->blocks.unit);
}

/* --printf */

struct out {
	find_out_fn fn;
	void *arg;
	int rc;
};

static void put(struct out *o, const char *b, size_t n)
{
	if (!o->rc && n)
		o->rc = o->fn(o->arg, b, n);
}

static void putf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void putf(struct out *o, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(o, buf, n < 0 ? 0 : (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* %a %A@ %c %C@ %t %T@ %w %W@: ctime(3)'s form, or seconds with '@'.
 * Returns the characters taken after '%', 0 when unknown. */
static int put_time(struct out *o, const char *seq, struct find_entry *ent)
{
	static const char letters[] = "actwACTW";
	const char *p = strchr(letters, *seq);
	int which, len = 1;
	time_t t = 0;
	struct tm tm;
	char buf[64];

	if (!p || !*seq)
		return 0;
	if (p - letters >= 4) {
		if (seq[1] != '@')
			return 0;
		len = 2;
	}
	which = (int)((p - letters) % 4);
	if (which == 3)
		entry_btime(ent, &t);
	else
		t = entry_time(ent, which == 0 ? FIND_ATIME : which == 1 ? FIND_CTIME : FIND_MTIME);
	localtime_r(&t, &tm);
	put(o, buf, strftime(buf, sizeof(buf), len == 2 ? "%s" : "%c", &tm));
	return len;
}

/* %Lc %LS %Li %Lo %Lp (of the last instantiated component), %LF, %LP,
 * %Lh; a directory shows its MDT striping, as Lustre's LMV: none. */
static int put_lustre(struct out *o, char c, struct find_entry *ent)
{
	const struct lfs_component *comp;
	const struct lfs_layout *l = NULL;
	bool dir = S_ISDIR(ent->st.st_mode);

	if (!strchr("cFhioPpS", c) || !c)
		return 0;
	if (c == 'F') {
		putf(o, "%#llx:%#llx:0x0", LFS_FID_SEQ, (unsigned long long)ent->st.st_ino);
		return 2;
	}
	if (c == 'P' || (dir && (c == 'c' || c == 'i'))) {
		put(o, "0", 1);
		return 2;
	}
	if (dir) {
		if (c == 'h')
			put(o, "none", 4);
		else if (c == 'o')
			put(o, "[0]", 3);
		return 2;
	}
	if (!S_ISREG(ent->st.st_mode) || find_entry_layout(ent, &l) || !l ||
	    !(comp = shown_comp(l)))
		return 2;
	switch (c) {
	case 'c': putf(o, "%" PRIu64, comp_stripes(comp)); break;
	case 'S': putf(o, "%" PRIu64, comp->stripe_size); break;
	case 'p': put(o, comp->pool, strlen(comp->pool)); break;
	case 'i':
		if (comp->nr_objects)
			putf(o, "%u", comp->objects[0].ost);
		break;
	case 'o':
		for (uint32_t k = 0; k < l->nr_comps; k++) {
			const struct lfs_component *x = &l->comps[k];
			uint32_t n = x->nr_objects ? x->nr_objects :
				     x->stripe_count > 0 ? (uint32_t)x->stripe_count : 0;

			put(o, "[", 1);
			for (uint32_t i = 0; i < n; i++) {
				if (i)
					put(o, ",", 1);
				if (x->nr_objects)
					putf(o, "%u", x->objects[i].ost);
				else
					put(o, "?", 1);
			}
			put(o, "]", 1);
		}
		break;
	}
	return 2;
}

static int put_directive(struct out *o, const char *seq, struct find_entry *ent)
{
	const struct stat *st = &ent->st;
	static const char types[] = "fdlbcps";
	static const mode_t modes[] = { S_IFREG, S_IFDIR, S_IFLNK, S_IFBLK,
					S_IFCHR, S_IFIFO, S_IFSOCK };
	char y = '?';

	switch (*seq) {
	case 'b': putf(o, "%" PRIu64, entry_blocks(ent)); return 1;
	case 'k': putf(o, "%" PRIu64, (entry_blocks(ent) + 1) / 2); return 1;
	case 'G': putf(o, "%u", (unsigned)st->st_gid); return 1;
	case 'U': putf(o, "%u", (unsigned)st->st_uid); return 1;
	case 'm': putf(o, "%#o", (unsigned)(st->st_mode & ~S_IFMT)); return 1;
	case 'p': put(o, ent->path, strlen(ent->path)); return 1;
	case 's': putf(o, "%lld", (long long)st->st_size); return 1;
	case '%': put(o, "%", 1); return 1;
	case 'L': return put_lustre(o, seq[1], ent);
	case 'y':
		for (int i = 0; i < 7; i++)
			if ((st->st_mode & S_IFMT) == modes[i])
				y = types[i];
		put(o, &y, 1);
		return 1;
	}
	return put_time(o, seq, ent);
}

int find_printf(const char *fmt, struct find_entry *ent, find_out_fn fn,
		void *arg)
{
	struct out o = { fn, arg, 0 };

	if (!ent->st_full && !fstatat(ent->dir_fd, ent->base, &ent->st,
				      AT_SYMLINK_NOFOLLOW))
		ent->st_full = true;
	while (*fmt && !o.rc) {
		int taken = 0;

		if (*fmt == '%') {
			taken = put_directive(&o, fmt + 1, ent);
		} else if (*fmt == '\\' && fmt[1] && strchr("nt\\0", fmt[1])) {
			char c = fmt[1] == 'n' ? '\n' : fmt[1] == 't' ? '\t' :
				 fmt[1] == '0' ? '\0' : '\\';

			put(&o, &c, 1);
			taken = 1;
		}
		if (taken) {
			fmt += taken + 1;
		} else {
			put(&o, fmt, 1);
			fmt++;
		}
	}
	return o.rc;
}
