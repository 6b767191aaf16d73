/* store.c - create, find, open and close an embedded store. */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "closer.h"
#include "dirlist.h"
#include "fdio.h"
#include "inode.h"
#include "journal.h"
#include "lock.h"
#include "recover.h"
#include "spare.h"
#include "ostindex.h"
#include "store_internal.h"

/* mkdir -p relative to dir_fd. */
static int store_mkdirs(int dir_fd, const char *rel, mode_t mode)
{
	char buf[PATH_MAX];
	size_t n = strlen(rel);

	if (n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, rel, n + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || !*p) {
			char c = *p;

			*p = '\0';
			if (mkdirat(dir_fd, buf, mode) < 0 && errno != EEXIST)
				return -errno;
			*p = c;
			if (!c)
				break;
		}
	}
	return 0;
}

int store_check_xattrs(int fd, const char *dir, struct lfs_error *e)
{
	if (fsetxattr(fd, "user.lfs.probe", "1", 1, 0) < 0) {
		int err = errno;

		if (err == ENOTSUP || err == EOPNOTSUPP)
			return lfs_error_set(e, -ENOTSUP,
				"%s: the filesystem does not support user extended attributes (mount it with user_xattr, or use ext4, xfs, btrfs or tmpfs)",
				dir);
		return lfs_error_set(e, -err, "%s: cannot set an extended attribute: %s",
				     dir, strerror(err));
	}
	fremovexattr(fd, "user.lfs.probe");
	return 0;
}

static int dir_is_empty(int fd)
{
	char **names;
	size_t n;
	int rc = dir_list(fd, true, &names, &n);

	if (rc)
		return rc;
	dir_list_free(names, n);
	return n == 0;
}

static int write_u64_file(int dir_fd, const char *rel, uint64_t v)
{
	char buf[32];
	int fd = openat(dir_fd, rel, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int n, rc = 0;

	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%llu\n", (unsigned long long)v);
	if (!(rc = fd_write_all(fd, buf, (size_t)n)) && fsync(fd))
		rc = -errno;
	close(fd);
	return rc;
}

int store_ost_make(int at_fd, const char *rel)
{
	char sub[PATH_MAX];
	int rc = 0;

	for (int d = 0; !rc && d < 32; d++) {
		if ((size_t)snprintf(sub, sizeof(sub), "%s/O/0/d%d", rel, d) >= sizeof(sub))
			return -ENAMETOOLONG;
		rc = store_mkdirs(at_fd, sub, 0755);
	}
	snprintf(sub, sizeof(sub), "%s/LAST_ID", rel);
	return rc ? rc : write_u64_file(at_fd, sub, 0);
}

int store_mkfs(const char *dir, const struct lfs_mkfs_opts *o,
	       struct lfs_error *e)
{
	struct lfs_conf *c;
	struct lfs_layout *def;
	struct lfs_component comp;
	int fd, rc;
	bool created;
	const char *fsname = o->fsname ? o->fsname : "lustre";
	char rel[64], shown[64];

	if (!store_fsname_ok(fsname))
		return lfs_error_set(e, -EINVAL,
			"invalid fsname '%s': 1 to %d letters, digits or '_'",
			lfs_escape(fsname, shown, sizeof(shown)), LFS_FSNAME_MAX);
	if (o->osts < 1 || o->osts > LFS_MAX_OSTS)
		return lfs_error_set(e, -EINVAL, "invalid OST count %u: 1 to %d",
				     o->osts, LFS_MAX_OSTS);
	if (o->stripe_size && (o->stripe_size % LFS_STRIPE_UNIT ||
			       o->stripe_size >= LFS_STRIPE_SIZE_LIMIT))
		return lfs_error_set(e, -EINVAL,
			"invalid stripe size %llu: a multiple of 65536 below 4 GiB",
			(unsigned long long)o->stripe_size);
	if (o->stripe_count < -1 || o->stripe_count > LFS_MAX_STRIPE_COUNT)
		return lfs_error_set(e, -EINVAL, "invalid stripe count %d",
				     o->stripe_count);
	created = mkdir(dir, 0755) == 0;
	if (!created && errno != EEXIST)
		return lfs_error_set(e, -errno, "%s: %s", dir, strerror(errno));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return lfs_error_set(e, -errno, "%s: %s", dir, strerror(errno));
	rc = dir_is_empty(fd);
	if (rc <= 0) {
		rc = rc ? rc : (faccessat(fd, LFS_STORE_MARKER, F_OK, 0) == 0 ?
			lfs_error_set(e, -EEXIST, "%s: already holds a store", dir) :
			lfs_error_set(e, -ENOTEMPTY, "%s: directory not empty", dir));
		close(fd);
		return rc;
	}
	rc = store_check_xattrs(fd, dir, e);
	if (rc) {
		if (created)    /* leave nothing behind: the dir is still empty */
			rmdir(dir);
		goto out;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		rc = -ENOMEM;
		goto out;
	}
	c->format = LFS_STORE_FORMAT;
	strcpy(c->fsname, fsname);
	c->ost_count = o->osts;
	for (uint32_t i = 0; i < o->osts; i++)
		c->osts[i].capacity = o->ost_size ? o->ost_size : 1ULL << 30;
	static const char *const dirs[] = { "mdt/ROOT", "mdt/PENDING",
		"mdt/JOURNAL", "mdt/LAYOUTS", "run" };
	for (size_t i = 0; !rc && i < sizeof(dirs) / sizeof(dirs[0]); i++)
		rc = store_mkdirs(fd, dirs[i], 0755);
	if (!rc)
		rc = ostindex_create(fd);
	for (uint32_t i = 0; !rc && i < o->osts; i++) {
		snprintf(rel, sizeof(rel), "ost/OST%04x", i);
		rc = store_ost_make(fd, rel);
	}
	/* The root's default layout is the filesystem default. */
	def = layout_new();
	memset(&comp, 0, sizeof(comp));
	comp.end = LFS_EOF;
	comp.pattern = LFS_PATTERN_RAID0;
	comp.stripe_size = o->stripe_size ? o->stripe_size : LFS_DEFAULT_STRIPE_SIZE;
	comp.stripe_count = o->stripe_count ? o->stripe_count : 1;
	comp.stripe_offset = -1;
	if (!def)
		rc = rc ? rc : -ENOMEM;
	else if (!rc)
		rc = layout_add_component(def, &comp);
	if (!rc) {
		int root = openat(fd, "mdt/ROOT", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		rc = root < 0 ? -errno : inode_set_dir_default_fd(root, def);
		if (root >= 0)
			close(root);
	}
	layout_free(def);
	/* The marker is written last: a half-made store is not a store. */
	if (!rc)
		rc = store_conf_create(fd, c);
	free(c);
	if (rc && e && !e->msg[0])
		lfs_error_set(e, rc, "%s: %s", dir, strerror(-rc));
out:
	close(fd);
	return rc;
}

int store_discover(const char *explicit_dir, char **out)
{
	char cwd[PATH_MAX];
	const char *env = getenv("LFS_STORE");

	if (explicit_dir && *explicit_dir)
		return (*out = realpath(explicit_dir, NULL)) ? 0 : -errno;
	if (env && *env)
		return (*out = realpath(env, NULL)) ? 0 : -errno;
	if (!getcwd(cwd, sizeof(cwd)))
		return -errno;
	for (;;) {
		char probe[PATH_MAX + sizeof(LFS_STORE_MARKER) + 2];
		char *slash;

		snprintf(probe, sizeof(probe), "%s/%s", strcmp(cwd, "/") ? cwd : "",
			 LFS_STORE_MARKER);
		if (access(probe, F_OK) == 0)
			return (*out = strdup(cwd)) ? 0 : -ENOMEM;
		slash = strrchr(cwd, '/');
		if (!slash || slash == cwd) {
			if (!strcmp(cwd, "/"))
				return -ENOENT;
			strcpy(cwd, "/");
			continue;
		}
		*slash = '\0';
	}
}

/* Register this process in run/: a file we hold locked for our whole
 * life. A run file whose lock can be taken belongs to a dead process. */
static int register_run(struct lfs_store *s)
{
	char name[64], proc[64];
	int run_dir = openat(s->dir_fd, "run", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int fd, rc;

	if (run_dir < 0)
		return -errno;
	/* Locked before it has a name: recovery must never find the run
	 * file of a live process unlocked and take it for a dead one's. */
	fd = openat(run_dir, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
	rc = fd < 0 ? -errno : lfs_lock(fd, LOCK_OWNER, LFS_EXCL);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	for (int tries = 0; !rc; tries++) {
		snprintf(name, sizeof(name), "%d.%u", (int)getpid(),
			 (unsigned)rand_r(&s->rand_state));
		if (linkat(AT_FDCWD, proc, run_dir, name, AT_SYMLINK_FOLLOW) == 0)
			break;
		if (errno != EEXIST || tries > 100)
			rc = -errno;
	}
	close(run_dir);
	if (rc) {
		if (fd >= 0)
			close(fd);
		return rc;
	}
	s->run_fd = fd;
	snprintf(s->run_name, sizeof(s->run_name), "%s", name);
	return 0;
}

/* Why register_run() failed. Most often: the store is someone else's. */
static void register_error(struct lfs_store *s, const char *dir, int rc,
			    struct lfs_error *e)
{
	struct passwd pw, *p = NULL;
	char buf[1024], who[64];
	struct stat st;

	if ((rc != -EACCES && rc != -EPERM) || fstatat(s->dir_fd, "run", &st, 0) ||
	    st.st_uid == geteuid()) {
		lfs_error_set(e, rc, "%s: cannot register in run/: %s", dir,
			      strerror(-rc));
		return;
	}
	getpwuid_r(st.st_uid, &pw, buf, sizeof(buf), &p);
	if (p)
		snprintf(who, sizeof(who), "%s", p->pw_name);
	else
		snprintf(who, sizeof(who), "uid %u", (unsigned)st.st_uid);
	lfs_error_set(e, rc, "%s: this store is writable only by its owner (%s)",
		      dir, who);
}

static int open_dir_at(int at, const char *rel)
{
	int fd = openat(at, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int store_open(const char *dir, int mode, struct lfs_store **out,
	       struct lfs_error *e)
{
	struct lfs_store *s = calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return -ENOMEM;
	s->dir_fd = s->root_fd = s->pending_fd = s->journal_fd =
		s->layouts_fd = s->run_fd = s->rr.fd = s->journal_own_fd =
		s->commit_fd = -1;
	s->ostindex_dir = -1;
	s->rand_state = (unsigned)time(NULL) ^ (unsigned)getpid();
	s->path = realpath(dir, NULL);
	s->conf = calloc(1, sizeof(*s->conf));
	if (!s->path || !s->conf) {
		rc = lfs_error_set(e, s->path ? -ENOMEM : -errno, "%s: %s", dir,
				   strerror(s->path ? ENOMEM : errno));
		goto fail;
	}
	s->dir_fd = open(s->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dir_fd < 0) {
		rc = lfs_error_set(e, -errno, "%s: %s", dir, strerror(errno));
		goto fail;
	}
	rc = store_conf_read(s->dir_fd, s->conf, e);
	if (rc) {
		char detail[sizeof(e->msg)];

		snprintf(detail, sizeof(detail), "%s", e ? e->msg : "");
		lfs_error_set(e, rc, "%s: %s", dir, detail);
		goto fail;
	}
	if ((rc = s->root_fd = open_dir_at(s->dir_fd, "mdt/ROOT")) < 0 ||
	    (rc = s->pending_fd = open_dir_at(s->dir_fd, "mdt/PENDING")) < 0 ||
	    (rc = s->journal_fd = open_dir_at(s->dir_fd, "mdt/JOURNAL")) < 0 ||
	    (rc = s->layouts_fd = open_dir_at(s->dir_fd, "mdt/LAYOUTS")) < 0) {
		lfs_error_set(e, rc, "%s: damaged store: %s", dir, strerror(-rc));
		goto fail;
	}
	/* An OST whose directory is missing is unavailable, not damage:
	 * its disk may be unmounted (store_osts_sync). */
	rc = store_osts_sync(s);
	if (rc) {
		lfs_error_set(e, rc, "%s: %s", dir, strerror(-rc));
		goto fail;
	}
	s->mode = mode;
	if (mode & LFS_STORE_RDWR) {
		rc = register_run(s);
		if (rc) {
			register_error(s, dir, rc, e);
			goto fail;
		}
		s->writable = true;
		rc = recover_if_needed(s, e);
		if (rc)
			goto fail;
	}
	*out = s;
	return 0;
fail:
	store_close(s);
	return rc;
}

int store_open_again(const struct lfs_store *s, struct lfs_store **out,
		     struct lfs_error *e)
{
	return store_open(s->path, s->mode, out, e);
}

void store_close(struct lfs_store *s)
{
	if (!s)
		return;
	closer_stop(s->closer);
	spare_release(s);
	journal_close(s);
	free(s->fill_parent);
	layout_free(s->fill_layout);
	if (s->run_fd >= 0) {
		int run_dir = openat(s->dir_fd, "run", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		/* The index durable before the run file goes (ostindex.h):
		 * if it cannot be, the run file stays for recovery. */
		if (run_dir >= 0 && ostindex_sync(s)) {
			close(run_dir);
			run_dir = -1;
		}
		if (run_dir >= 0) {
			unlinkat(run_dir, s->run_name, 0);
			close(run_dir);
		}
		close(s->run_fd);
	}
	ostindex_close(s);
	for (uint32_t i = 0; i < s->nr_ost_slots; i++) {
		if (s->ost_fd[i] >= 0)
			close(s->ost_fd[i]);
		counter_unmap(&s->usage[i]);
	}
	counter_unmap(&s->rr);
	int fds[] = { s->dir_fd, s->root_fd, s->pending_fd, s->journal_fd,
		      s->layouts_fd, s->commit_fd };
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(s->ost_fd);
	free(s->ost_dev);
	free(s->ost_errno);
	free(s->usage);
	free(s->id_next);
	free(s->id_end);
	free(s->conf);
	free(s->path);
	free(s);
}

const struct lfs_conf *store_conf(const struct lfs_store *s)
{
	return s->conf;
}

const char *store_path(const struct lfs_store *s)
{
	return s->path;
}

bool store_writable(const struct lfs_store *s)
{
	return s->writable;
}

bool store_present(const struct lfs_store *s)
{
	return faccessat(s->dir_fd, LFS_STORE_MARKER, F_OK, 0) == 0;
}

void store_recovery_counts(const struct lfs_store *s,
			   struct lfs_recovery_counts *out)
{
	out->forward = s->recovered_forward;
	out->back = s->recovered_back;
	out->pending = s->recovered_pending;
	out->unfinished = s->recovered_unfinished;
}

unsigned store_take_lastid_fixes(struct lfs_store *s,
				 struct lfs_lastid_fix *fixes)
{
	unsigned n = s->nr_lastid_fix, k = 0;

	for (unsigned i = n > LFS_LASTID_FIXES ? n - LFS_LASTID_FIXES : 0; i < n; i++)
		fixes[k++] = s->lastid_fix[i % LFS_LASTID_FIXES];
	s->nr_lastid_fix = 0;
	return k;
}

int store_parse_ost_operand(const struct lfs_conf *c, const char *text,
			    uint32_t **osts, uint32_t *n, struct lfs_error *e)
{
	char named[LFS_FSNAME_MAX + 64];
	uint32_t one, first = *n;

	snprintf(named, sizeof(named), "%s-%s", c->fsname, text);
	if (store_parse_ost_name(c, text, &one) == 0 ||
	    (!strncmp(text, "OST", 3) && strlen(named) < sizeof(named) - 1 &&
	     store_parse_ost_name(c, named, &one) == 0)) {
		uint32_t *v = realloc(*osts, (*n + 1) * sizeof(*v));

		if (!v)
			return lfs_error_set(e, -ENOMEM, "%s", strerror(ENOMEM));
		*osts = v;
		v[(*n)++] = one;
		return 0;
	}
	if (layout_parse_ost_list(text, osts, n, NULL))
		return lfs_error_set(e, -EINVAL, "%s: not an OST index, range or UUID",
				     text);
	for (uint32_t i = first; i < *n; i++)
		if ((*osts)[i] >= c->ost_count)
			return lfs_error_set(e, -ENODEV,
				"OST %u does not exist (the filesystem has %u OSTs)",
				(*osts)[i], c->ost_count);
	return 0;
}
