/* find.c - lfs find's filter: one parser per test, as Lustre 2.15.3's
 * lfs_find() option loop reads them (lustre/utils/lfs.c); the time
 * tests' parsers are in find_time.c. */
#include "find.h"
#include "find_internal.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "size.h"

void find_filter_init(struct find_filter *f, time_t now)
{
	memset(f, 0, sizeof(*f));
	f->now = now;
	f->cwd = "/";
	f->max_depth = -1;
	f->time_margin = DEFAULT_TIME_MARGIN;
}

void find_filter_free(struct find_filter *f)
{
	free(f->name);
	free(f->osts);
	f->name = NULL;
	f->osts = NULL;
}

bool find_filter_needs_layout_but_ost(const struct find_filter *f)
{
	return f->check_pool || f->stripe_count.set || f->stripe_size.set ||
	       f->check_layout || f->comp_count.set || f->comp_start.set ||
	       f->comp_end.set || f->check_comp_flags || f->blocks.set;
}

bool find_filter_needs_layout(const struct find_filter *f)
{
	return f->nr_osts || find_filter_needs_layout_but_ost(f);
}

bool find_filter_needs_stat(const struct find_filter *f)
{
	bool t = false;

	for (int i = 0; i < FIND_NTIMES; i++)
		t |= f->times[i].set || f->newer[i][0] || f->newer[i][1];
	return t || f->want_stat || f->size.set || f->blocks.set ||
	       f->check_uid || f->check_gid || f->perm_sign;
}

int find_value_cmp(uint64_t file, uint64_t limit, int sign, bool negate,
		   uint64_t margin)
{
	int ret = -1;

	if (sign > 0) {
		if (file + margin <= limit)
			ret = 1;
	} else if (sign == 0) {
		if (file <= limit && file + margin > limit)
			ret = 1;
	} else if (file > limit) {
		ret = 1;
	}
	return negate ? -ret : ret;
}

/* "+" means above (-1 for find_value_cmp), "-" at most N-1 units (+1). */
static const char *take_sign(const char *v, int *sign)
{
	*sign = 0;
	if (*v == '+')
		*sign = -1;
	else if (*v == '-')
		*sign = 1;
	return *sign ? v + 1 : v;
}

/* [+-]N[unit] as llapi_parse_size with *size_units preset to def_unit:
 * the unit is the suffix's, else def_unit, and the value is in bytes. */
static int parse_sized(const char *v, uint64_t def_unit, struct find_num *n)
{
	char buf[64], *end;
	int rc;

	v = take_sign(v, &n->sign);
	if (!isdigit((unsigned char)*v) || strlen(v) + 2 > sizeof(buf))
		return -EINVAL;
	/* Where the number ends, as strtoull sees it: "0x1e" has no unit. */
	strtoull(v, &end, 0);
	if (*end == '.')
		end += strspn(end + 1, "0123456789") + 1;
	n->unit = def_unit;
	if (*end) {
		uint64_t one;

		snprintf(buf, sizeof(buf), "1%c", *end);
		if (end[1] || size_parse(buf, &one))
			return -EINVAL;
		n->unit = one;
		snprintf(buf, sizeof(buf), "%s", v);
	} else {
		/* The default unit applies to the fraction too ("1.5"). */
		snprintf(buf, sizeof(buf), "%s%s", v, def_unit == 1024 ? "k" : "");
	}
	rc = size_parse(buf, &n->val);
	if (rc)
		return rc;
	n->set = true;
	return 0;
}

/* [+-]N, decimal, 0x hex or 0 octal (strtoul base 0), at most max. */
static int parse_count(const char *v, uint64_t max, struct find_num *n)
{
	unsigned long long x;
	char *end;

	v = take_sign(v, &n->sign);
	if (!isdigit((unsigned char)*v))
		return -EINVAL;
	errno = 0;
	x = strtoull(v, &end, 0);
	if (errno || *end || x > max)
		return -EINVAL;
	n->val = x;
	n->unit = 1;
	n->set = true;
	return 0;
}

/* Lustre's str2quotaid(): decimal below UINT32_MAX. */
static int quota_id(const char *v, uint32_t *id)
{
	unsigned long x;
	char *end;

	if (!isdigit((unsigned char)*v))
		return -EINVAL;
	errno = 0;
	x = strtoul(v, &end, 10);
	if (errno || *end || x >= UINT32_MAX)
		return -EINVAL;
	*id = (uint32_t)x;
	return 0;
}

/* A name first, then a number, as Lustre's name2uid/str2quotaid. */
static int owner_id(const char *v, bool group, uint32_t *id, struct lfs_error *e)
{
	char buf[4096];

	if (group) {
		struct group gr, *g = NULL;

		if (!getgrnam_r(v, &gr, buf, sizeof(buf), &g) && g) {
			*id = g->gr_gid;
			return 0;
		}
	} else {
		struct passwd pw, *p = NULL;

		if (!getpwnam_r(v, &pw, buf, sizeof(buf), &p) && p) {
			*id = p->pw_uid;
			return 0;
		}
	}
	if (quota_id(v, id))
		return lfs_error_set(e, -ENOENT, "%s: %s cannot be found.",
				     group ? "Group/GID" : "User/UID", v);
	return 0;
}

static mode_t process_umask(void)
{
	char line[128];
	unsigned m = 022;
	FILE *fp = fopen("/proc/self/status", "re");

	/* umask(2) would change it, if only for a moment. */
	while (fp && fgets(line, sizeof(line), fp))
		if (sscanf(line, "Umask: %o", &m) == 1)
			break;
	if (fp)
		fclose(fp);
	return (mode_t)m & 07777;
}

/* One clause of a symbolic mode, as Lustre's parse_symbolic(). */
static int parse_symbolic(const char *in, mode_t *mode, const char **end)
{
	bool user = false, group = false, other = false, all = false, who;
	mode_t perm = 0, prev = 0, mask = 0;
	char op;

	for (;; in++) {
		if (*in == 'u')
			user = true;
		else if (*in == 'g')
			group = true;
		else if (*in == 'o')
			other = true;
		else if (*in == 'a')
			user = group = other = all = true;
		else
			break;
	}
	who = user || group || other;
	if (!who)
		mask = process_umask();
	if (*in != '-' && *in != '+' && *in != '=')
		return -1;
	op = *in++;
	if (*in == 'u' || *in == 'g' || *in == 'o') {
		int shift = *in == 'u' ? 6 : *in == 'g' ? 3 : 0;

		prev = (*mode >> shift) & 7;
		perm |= (user ? prev << 6 : 0) | (group ? prev << 3 : 0) |
			(other ? prev : 0);
		in++;
	} else {
		for (;; in++) {
			if (*in == 'r')
				perm |= (user ? 0400 : 0) | (group ? 040 : 0) |
					(other ? 04 : 0) | (who ? 0 : 0444 & ~mask);
			else if (*in == 'w')
				perm |= (user ? 0200 : 0) | (group ? 020 : 0) |
					(other ? 02 : 0) | (who ? 0 : 0222 & ~mask);
			else if (*in == 'x')
				perm |= (user ? 0100 : 0) | (group ? 010 : 0) |
					(other ? 01 : 0) | (who ? 0 : 0111 & ~mask);
			else if (*in == 'X') {
				if (*mode & 0111)
					perm |= (user ? 0100 : 0) | (group ? 010 : 0) |
						(other ? 01 : 0) | (who ? 0 : 0111);
			} else if (*in == 's') {
				if (!(other && !group && !user))
					perm |= (user ? S_ISUID : 0) | (group ? S_ISGID : 0);
			} else if (*in == 't') {
				perm |= (!who || all) ? S_ISVTX : 0;
			} else {
				break;
			}
		}
	}
	/* A copied u, g or o is one character. */
	if (prev && *in && *in != ',')
		return -1;
	if (op == '-')
		*mode &= ~perm;
	else if (op == '+')
		*mode |= perm;
	else if (perm)
		*mode = perm;
	*end = in;
	return 0;
}

/* Lustre's str2mode_t(): octal up to 07777, or symbolic clauses. */
static int parse_mode(const char *in, mode_t *mode)
{
	const char *end;

	if (*in >= '0' && *in <= '7') {
		unsigned long x;
		char *e;

		errno = 0;
		x = strtoul(in, &e, 8);
		if (errno || *e || x > 07777)
			return -1;
		*mode = (mode_t)x;
		return 0;
	}
	*mode = 0;
	do {
		if (parse_symbolic(in, mode, &end))
			return -1;
		in = end + 1;
	} while (*end == ',');
	return *end ? -1 : 0;
}

/* One OST of --ost: an index, FSNAME-OSTxxxx[_UUID] or OSTxxxx[_UUID]. */
static int ost_index(const struct lfs_conf *c, const char *v, uint32_t *ost)
{
	char buf[64];

	if (!strncmp(v, "OST", 3) && strlen(v) < 32) {
		snprintf(buf, sizeof(buf), "%s-%s", c->fsname, v);
		v = buf;
	}
	return store_parse_ost_name(c, v, ost);
}

/* What the parsers of comma lists fill and check against. */
struct list_arg {
	struct find_filter *f;
	struct lfs_store *s;
	struct lfs_error *e;
};

/* fn on each name of a comma list; a list without one is fn(""). */
static int each_name(const char *v, int (*fn)(struct list_arg *a, const char *t),
		     struct list_arg *a)
{
	char *dup = strdup(v), *save = NULL, *t;
	int rc = 0, seen = 0;

	if (!dup)
		return -ENOMEM;
	for (t = strtok_r(dup, ",", &save); t && !rc; t = strtok_r(NULL, ",", &save), seen++)
		rc = fn(a, t);
	if (!seen)
		rc = fn(a, "");
	free(dup);
	return rc;
}

static int add_ost(struct list_arg *a, const char *t)
{
	uint32_t ost, *n;

	if (a->f->api ? find_client_ost(a->f, t, &ost) != 0 :
			ost_index(store_conf(a->s), t, &ost) != 0)
		return lfs_error_set(a->e, -ENOENT, "%s: unknown obduuid", t);
	n = realloc(a->f->osts, (a->f->nr_osts + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	a->f->osts = n;
	a->f->osts[a->f->nr_osts++] = ost;
	return 0;
}

/* -m: the store has one MDT, index 0. */
static int check_mdt(struct list_arg *a, const char *t)
{
	char uuid[LLAPI_FSNAME_BUF + 16], fsname[LLAPI_FSNAME_BUF];
	size_t n = strlen(t);

	if (a->f->api)
		find_client_fsname(a->f, fsname);
	snprintf(uuid, sizeof(uuid), "%s-MDT0000",
		 a->f->api ? fsname : store_conf(a->s)->fsname);
	if (n > 5 && !strcmp(t + n - 5, "_UUID"))
		n -= 5;
	if (strcmp(t, "0") && strcmp(t, "0x0") &&
	    (n != strlen(uuid) || strncmp(t, uuid, n)))
		return lfs_error_set(a->e, -ENOENT, "%s: unknown obduuid", t);
	return 0;
}

static int parse_pool(struct find_filter *f, const char *v,
		      struct lfs_store *s, struct lfs_error *e)
{
	if (!strcmp(v, "*") || !*v) {
		strcpy(f->pool, v);
		return 0;
	}
	char fsname[LLAPI_FSNAME_BUF];

	if (f->api)
		find_client_fsname(f, fsname);
	else
		snprintf(fsname, sizeof(fsname), "%s", store_conf(s)->fsname);
	if (strlen(v) > LFS_POOL_NAME_MAX + strlen(fsname) + 1 ||
	    layout_pool_name(v, f->pool, NULL) || !f->pool[0])
		return lfs_error_set(e, -EINVAL, "Pool name %s is invalid", v);
	if (f->api ? find_client_pool(f, f->pool) != 0 :
		     !store_pool_find(store_conf(s), f->pool))
		return lfs_error_set(e, -ENOENT, "pool '%s.%s' does not exist",
				     fsname, f->pool);
	return 0;
}

/* Lustre's name2layout(). */
static int add_pattern(struct list_arg *a, const char *t)
{
	static const char *const names[] = { "released", "raid0", "mdt", "overstriping" };
	static const uint32_t bits[] = { FIND_PAT_RELEASED, LFS_PATTERN_RAID0,
					 FIND_PAT_MDT, LFS_PATTERN_OVERSTRIPED };

	for (size_t i = 0; i < 4; i++)
		if (!strcmp(t, names[i])) {
			a->f->layout |= bits[i];
			return 0;
		}
	return -EINVAL;
}

/* Lustre's comp_str2flags(): flag names, "^" negating. Only init exists
 * here; the others are accepted and never set. */
static int add_comp_flag(struct list_arg *a, const char *t)
{
	static const char *const names[] = {
		"init", "stale", "prefer", "offline", "nosync", "extension" };
	bool no = *t == '^';

	for (size_t i = 0; i < 6; i++)
		if (!strcmp(t + no, names[i])) {
			*(no ? &a->f->comp_neg_flags : &a->f->comp_flags) |=
				i ? 1u << (i + 8) : LFS_COMP_INIT;
			return 0;
		}
	return -EINVAL;
}

static bool same(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && !(*a == '_' && *b == '-'))
			return false;
	return *a == *b;
}

static const char *const type_letters = "bcdflps";
static const mode_t type_modes[] = { S_IFBLK, S_IFCHR, S_IFDIR, S_IFREG,
				     S_IFLNK, S_IFIFO, S_IFSOCK };

int find_filter_set(struct find_filter *f, const char *long_name,
		    const char *value, bool negate, struct lfs_store *s,
		    struct lfs_error *e)
{
	const char *n = long_name, *v = value ? value : "";
	struct list_arg la = { f, s, e };
	struct find_num *num = NULL;
	const char *what = NULL;
	int rc = 0;

	if (same(n, "lazy")) {
		f->lazy = true;
		return 0;
	}
	if (!value)
		return lfs_error_set(e, -EINVAL, "--%s needs a value", n);
	if (same(n, "size")) {
		num = &f->size;
		rc = parse_sized(v, 1, num);
		what = "file size";
	} else if (same(n, "blocks")) {
		num = &f->blocks;
		rc = parse_sized(v, 1024, num);
		what = "blocks";
	} else if (same(n, "stripe-size")) {
		num = &f->stripe_size;
		rc = parse_sized(v, 1, num);
		/* Lustre: assume KiB if too small to be valid. */
		if (!rc && num->val < 4096)
			num->val *= 1024;
		what = "stripe_size";
	} else if (same(n, "stripe-count")) {
		num = &f->stripe_count;
		rc = parse_count(v, LFS_MAX_STRIPE_COUNT, num);
		what = "stripe_count";
	} else if (same(n, "component-count") || same(n, "comp-count")) {
		num = &f->comp_count;
		rc = parse_count(v, UINT32_MAX, num);
		what = "component count";
	} else if (same(n, "component-start") || same(n, "comp-start")) {
		num = &f->comp_start;
		rc = parse_sized(v, 1, num);
		what = "component start";
	} else if (same(n, "component-end") || same(n, "comp-end")) {
		const char *u;

		num = &f->comp_end;
		u = take_sign(v, &num->sign);
		if (!strcmp(u, "EOF") || !strcmp(u, "eof")) {
			num->val = LFS_EOF;
			num->unit = 1;
			num->set = true;
		} else if (!(rc = parse_sized(v, 1, num)) && num->val < 4096) {
			num->val *= 1024;
		}
		what = "component end";
	} else if (same(n, "atime") || same(n, "mtime") || same(n, "ctime") ||
		   same(n, "btime") || same(n, "Btime")) {
		num = &f->times[find_time_index(n[0])];
		rc = find_parse_time(f, v, num, e);
		if (rc)
			return rc;
	} else if (!strncmp(n, "newer", 5)) {
		if (n[5] && (!n[6] || n[7]))
			return lfs_error_set(e, -EINVAL, "unknown test '%s'", n);
		return find_parse_newer(f, n[5] ? n[5] : 'm', n[5] ? n[6] : 'm', v,
				   negate, s, e);
	} else if (same(n, "maxdepth") || same(n, "mindepth")) {
		long long d;

		if (number_parse(v, 0, INT_MAX, &d))
			return lfs_error_set(e, -EINVAL, "bad %s '%s'", n, v);
		*(n[1] == 'a' ? &f->max_depth : &f->min_depth) = (int)d;
		return 0;
	} else if (same(n, "name")) {
		char *dup = strdup(v);

		if (!dup)
			return -ENOMEM;
		free(f->name);
		f->name = dup;
		f->name_negate = negate;
		return 0;
	} else if (same(n, "type")) {
		const char *t = v[0] ? strchr(type_letters, v[0]) : NULL;

		if (!t || v[1])
			return lfs_error_set(e, -EINVAL, "bad type '%s'", v);
		f->type = type_modes[t - type_letters];
		f->type_negate = negate;
		return 0;
	} else if (same(n, "uid") || same(n, "user")) {
		rc = owner_id(v, false, &f->uid, e);
		f->check_uid = !rc;
		f->uid_negate = negate;
		return rc;
	} else if (same(n, "gid") || same(n, "group")) {
		rc = owner_id(v, true, &f->gid, e);
		f->check_gid = !rc;
		f->gid_negate = negate;
		return rc;
	} else if (same(n, "perm")) {
		f->perm_sign = FIND_PERM_EXACT;
		if (*v == '/' || *v == '-')
			f->perm_sign = *v++ == '/' ? FIND_PERM_ANY : FIND_PERM_ALL;
		if (parse_mode(v, &f->perm))
			return lfs_error_set(e, -EINVAL, "invalid mode '%s'", v);
		f->perm_negate = negate;
		return 0;
	} else if (same(n, "ost") || same(n, "obd") || same(n, "stripe-index")) {
		f->ost_negate = negate;
		return each_name(v, add_ost, &la);
	} else if (same(n, "mdt") || same(n, "mdt-index")) {
		rc = each_name(v, check_mdt, &la);
		f->check_mdt = !rc;
		f->mdt_negate = negate;
		return rc;
	} else if (same(n, "pool")) {
		rc = parse_pool(f, v, s, e);
		f->check_pool = !rc;
		f->pool_negate = negate;
		return rc;
	} else if (same(n, "layout")) {
		f->layout = 0;
		if (each_name(v, add_pattern, &la))
			return lfs_error_set(e, -EINVAL, "bad layout '%s'", v);
		f->check_layout = true;
		f->layout_negate = negate;
		return 0;
	} else if (same(n, "component-flags") || same(n, "comp-flags")) {
		f->comp_flags = f->comp_neg_flags = 0;
		if (each_name(v, add_comp_flag, &la))
			return lfs_error_set(e, -EINVAL, "bad component flags '%s'", v);
		if (negate) {
			uint32_t t = f->comp_flags;

			f->comp_flags = f->comp_neg_flags;
			f->comp_neg_flags = t;
		}
		f->check_comp_flags = true;
		return 0;
	} else {
		return lfs_error_set(e, -EINVAL, "unknown test '%s'", n);
	}
	if (rc) {
		num->set = false;
		return lfs_error_set(e, -EINVAL, "bad %s '%s'", what, v);
	}
	num->negate = negate;
	return 0;
}
