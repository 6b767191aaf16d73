/* llapi_double_fs.c - the file calls of the liblustreapi test double
 * (double.h; docs/lustre.md, "The test double").
 *
 * The mount is the host directory $LFS_LUSTRE_TEST_MOUNT: its files are
 * ordinary host files holding their data, so plain open/read/write work as
 * on a client. What the servers keep is modelled so:
 *  - a file's layout, or a directory's default, is liblfs's layout record
 *    in the xattr user.lfs-double.lov (objects with real ids reserved by
 *    liblfs's allocator, alloc_component(), over the embedded store
 *    $LLAPI_DOUBLE_SERVERS, whose configuration is the OSTs, their states
 *    and the pools);
 *  - a file made without a layout gets its default one (the parent's
 *    default, else the root's, else the filesystem's: the store's root
 *    default) when first asked, and each component the size reaches is
 *    instantiated when asked, as the MDS does on a write's layout intent;
 *  - the data version hashes size, mtime (Linux >= 6.13 gives a
 *    fine-grained mtime to a write after a stat, so any write after a
 *    read of the version moves it) and the layout generation;
 *  - a lease is the kernel's (F_SETLEASE), broken by any other open for
 *    writing: the double's signal handler gives it up at once, as the MDS
 *    revokes a lease, and llapi_lease_check() then returns 0;
 *  - the group lock is an OFD lock (excludes other group locks, not plain
 *    writers: the data version catches those);
 *  - llapi_fswap_layouts*() exchanges the layouts (gen = max + 1) and,
 *    since on Lustre the data lives in the objects the layouts name, the
 *    data and the atime/mtime too.
 * LLAPI_DOUBLE_HOOK_GROUP_LOCK and LLAPI_DOUBLE_HOOK_LEASE name a shell
 * command run just after a group lock or lease is taken: the tests' way
 * to put a writer exactly there.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "alloc.h"
#include "double.h"
#include "store.h"

#define XATTR "user.lfs-double.lov"
#define GROUP_BYTE ((1LL << 62) + 17)
#define MAX_FD 65536

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct lfs_store *servers;
static int group_gid[MAX_FD];
/* The access mode (+ 1) of an fd a read lease made read-only. */
static int saved_acc[MAX_FD];

/* --- where things are -------------------------------------------------- */

static bool mount_root(char *root)
{
	const char *m = getenv(LLAPI_TEST_MOUNT_ENV);

	return m && *m && realpath(m, root);
}

static bool under(const char *abs, const char *root)
{
	size_t n = strlen(root);

	return !strncmp(abs, root, n) && (abs[n] == '/' || !abs[n]);
}

/* fd's path (" (deleted)" dropped), and whether it is on the mount. */
static bool fd_path(int fd, char *path)
{
	char proc[64], root[PATH_MAX];
	ssize_t n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, path, PATH_MAX - 1);
	if (n < 0 || !mount_root(root))
		return false;
	path[n] = '\0';
	if (n > 10 && !strcmp(path + n - 10, " (deleted)"))
		path[n - 10] = '\0';
	return under(path, root);
}

static bool path_on_mount(const char *path)
{
	char abs[PATH_MAX], root[PATH_MAX], copy[PATH_MAX];
	char *slash;

	if (!mount_root(root))
		return false;
	snprintf(copy, sizeof(copy), "%s", path);
	while (!realpath(copy, abs)) {
		slash = strrchr(copy, '/');
		if (errno != ENOENT || !slash)
			return false;
		if (slash == copy) {
			snprintf(abs, sizeof(abs), "/");
			break;
		}
		*slash = '\0';
	}
	return under(abs, root);
}

static void dir_of(const char *path, char *dir)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, PATH_MAX, ".");
	else if (slash == path)
		snprintf(dir, PATH_MAX, "/");
	else
		snprintf(dir, PATH_MAX, "%.*s", (int)(slash - path), path);
}

/* The servers, opened on first use; callers hold mu. */
static int servers_open(void)
{
	const char *dir = getenv("LLAPI_DOUBLE_SERVERS");

	if (servers)
		return 0;
	if (!dir || !*dir)
		return -ENODEV;
	return store_open(dir, LFS_STORE_RDWR, &servers, NULL);
}

/* --- layouts in the xattr ---------------------------------------------- */

static int xget(int fd, struct lfs_layout **l)
{
	char buf[65536];
	ssize_t n = fgetxattr(fd, XATTR, buf, sizeof(buf));

	*l = NULL;
	if (n < 0)
		return -errno;
	return layout_decode(buf, (size_t)n, l);
}

static int xset(int fd, const struct lfs_layout *l)
{
	void *buf;
	size_t len;
	int rc = layout_encode(l, &buf, &len);

	if (rc)
		return rc;
	rc = fsetxattr(fd, XATTR, buf, len, 0) ? -errno : 0;
	free(buf);
	return rc;
}

static struct lfs_layout *default_of(const char *dir)
{
	struct lfs_layout *l = NULL;
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		xget(fd, &l);
		close(fd);
	}
	return l;
}

/* Unset fields of l from d, component by component (a plain d fills
 * every component from its one). */
static void fill_from(struct lfs_layout *l, const struct lfs_layout *d)
{
	if (!d)
		return;
	for (uint32_t i = 0; i < l->nr_comps; i++) {
		struct lfs_component *c = &l->comps[i];
		const struct lfs_component *s =
			&d->comps[i < d->nr_comps && d->composite ? i : 0];

		if (!c->stripe_size)
			c->stripe_size = s->stripe_size;
		if (!c->stripe_count)
			c->stripe_count = s->stripe_count;
		if (!c->pattern)
			c->pattern = s->pattern;
	}
}

/* The MDS's lod_ah_init for a new file in dir: the request (NULL: the
 * default it inherits, as it is), unset fields from the parent's default,
 * the root's, then the filesystem's; a component without pool or OST list
 * takes the inherited default's pool. Callers hold mu. */
static int new_layout(const char *dir, const struct lfs_layout *req,
		      struct lfs_layout **out)
{
	char root[PATH_MAX];
	struct lfs_layout *pd = default_of(dir), *rd = NULL, *fs = NULL, *l;
	const char *pool;
	int rc = servers_open();

	if (!rc && mount_root(root))
		rd = default_of(root);
	if (!rc)
		rc = store_root_default(servers, &fs);
	l = rc ? NULL : layout_dup(req ? req : pd ? pd : rd ? rd : fs);
	if (!rc && !l)
		rc = -ENOMEM;
	if (!rc) {
		pool = layout_pool(pd) && *layout_pool(pd) ? layout_pool(pd) :
		       layout_pool(rd) ? layout_pool(rd) : "";
		for (uint32_t i = 0; i < l->nr_comps; i++) {
			free(l->comps[i].objects);
			l->comps[i].objects = NULL;
			l->comps[i].nr_objects = 0;
			l->comps[i].flags &= ~LFS_COMP_INIT;
		}
		if (req)
			for (uint32_t i = 0; i < l->nr_comps; i++)
				if (!l->comps[i].pool[0] && !l->comps[i].nr_osts)
					snprintf(l->comps[i].pool, sizeof(l->comps[i].pool),
						 "%s", pool);
		fill_from(l, pd);
		fill_from(l, rd);
		fill_from(l, fs);
		l->gen = 0;
	}
	layout_free(pd);
	layout_free(rd);
	layout_free(fs);
	*out = l;
	return rc;
}

/* Allocate the components a file of `size` bytes reaches (the first
 * always); true in *changed when one was. Callers hold mu. */
static int instantiate(struct lfs_layout *l, uint64_t size, bool *changed)
{
	int rc = servers_open();

	for (uint32_t i = 0; !rc && i < l->nr_comps; i++) {
		if (l->comps[i].flags & LFS_COMP_INIT ||
		    (i && l->comps[i].start >= size))
			continue;
		rc = alloc_component(servers, l, i, NULL, NULL);
		*changed = true;
	}
	return rc;
}

/* fd's layout: a file's, made and instantiated as the MDS would have by
 * now; a directory's default (an unset layout when it has none). Callers
 * hold mu. */
static int file_layout(int fd, struct lfs_layout **out)
{
	char path[PATH_MAX], dir[PATH_MAX];
	bool changed = false;
	struct stat st;
	int rc;

	*out = NULL;
	if (!fd_path(fd, path))
		return -ENOTTY;
	if (fstat(fd, &st))
		return -errno;
	rc = xget(fd, out);
	if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode))
		return rc == -ENODATA ? 0 : rc;
	if (rc == -ENODATA) {
		dir_of(path, dir);
		rc = new_layout(dir, NULL, out);
		changed = true;
	}
	if (!rc)
		rc = instantiate(*out, (uint64_t)st.st_size, &changed);
	if (!rc && changed)
		rc = xset(fd, *out);
	if (rc) {
		layout_free(*out);
		*out = NULL;
	}
	return rc;
}

EXPORT struct llapi_layout *llapi_layout_get_by_fd(int fd, int flags)
{
	struct lfs_layout *l;
	int rc;

	(void)flags;
	pthread_mutex_lock(&mu);
	rc = file_layout(fd, &l);
	pthread_mutex_unlock(&mu);
	if (rc) {
		errno = -rc;
		return NULL;
	}
	return l ? double_wrap(l) : llapi_layout_alloc();
}

static bool specified(const struct lfs_layout *l)
{
	const struct lfs_component *c = &l->comps[0];

	return l->composite || l->nr_comps > 1 || c->stripe_size ||
	       c->stripe_count || c->stripe_offset >= 0 || c->pool[0] ||
	       c->nr_osts || c->pattern;
}

/* LLAPI_LAYOUT_GET_EXPECTED (llapi_layout_expected()): a directory with
 * a default of its own fills the rest from the filesystem's, one without
 * shows the root's. */
EXPORT struct llapi_layout *llapi_layout_get_by_path(const char *path, int flags)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY), err;
	struct llapi_layout *w;
	char root[PATH_MAX];
	struct lfs_layout *fs = NULL, *rd;

	if (fd < 0)
		return NULL;
	w = llapi_layout_get_by_fd(fd, flags);
	err = errno;
	close(fd);
	if (!w || !(flags & LLAPI_LAYOUT_GET_EXPECTED)) {
		errno = err;
		return w;
	}
	pthread_mutex_lock(&mu);
	if (!specified(w->l) && mount_root(root) && (rd = default_of(root))) {
		layout_free(w->l);
		w->l = rd;
	}
	if (!servers_open() && !store_root_default(servers, &fs))
		fill_from(w->l, fs);
	layout_free(fs);
	pthread_mutex_unlock(&mu);
	return w;
}

/* Pools named must exist (the MGS's list), as lod_qos_parse_config. */
static int check_pools(const struct lfs_layout *l)
{
	const struct lfs_conf *conf = store_conf(servers);

	for (uint32_t i = 0; i < l->nr_comps; i++)
		if (l->comps[i].pool[0] && !store_pool_find(conf, l->comps[i].pool))
			return -EINVAL;
	return 0;
}

/* The layout given to a just-opened fd (LL_IOC_LOV_SETSTRIPE's work):
 * a directory's default set (an unset one removes it; one naming no pool
 * keeps the old pool), or a file without one given it. Callers hold mu. */
static int set_layout(int fd, const char *path, const struct lfs_layout *req)
{
	struct lfs_layout *l = NULL, *old = NULL;
	char dir[PATH_MAX];
	bool changed = false;
	struct stat st;
	int rc = servers_open();

	if (!rc && fstat(fd, &st))
		rc = -errno;
	if (!rc && (rc = layout_validate(req, store_conf(servers)->ost_count, NULL)) == 0)
		rc = check_pools(req);
	if (rc)
		return rc;
	if (S_ISDIR(st.st_mode)) {
		if (!specified(req))
			return fremovexattr(fd, XATTR) && errno != ENODATA ? -errno : 0;
		l = layout_dup(req);
		if (!l)
			return -ENOMEM;
		if (!*layout_pool(l) && !xget(fd, &old) && *layout_pool(old))
			for (uint32_t i = 0; i < l->nr_comps; i++)
				if (!l->comps[i].nr_osts)
					snprintf(l->comps[i].pool, sizeof(l->comps[i].pool),
						 "%s", layout_pool(old));
		layout_free(old);
		rc = xset(fd, l);
		layout_free(l);
		return rc;
	}
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if (!xget(fd, &old)) {
		layout_free(old);
		return -EEXIST;
	}
	dir_of(path, dir);
	rc = new_layout(dir, req, &l);
	if (!rc)
		rc = layout_validate(l, store_conf(servers)->ost_count, NULL);
	if (!rc)
		rc = instantiate(l, (uint64_t)st.st_size, &changed);
	if (!rc)
		rc = xset(fd, l);
	layout_free(l);
	return rc;
}

/* A volatile name ("DIR/" LUSTRE_VOLATILE_HDR ...) is an unnamed file in
 * DIR, gone at its last close, as the MDS makes it. */
EXPORT int llapi_layout_file_open(const char *path, int flags, mode_t mode,
				  const struct llapi_layout *w)
{
	const char *base = path ? strrchr(path, '/') : NULL;
	char dir[PATH_MAX];
	int fd, rc = 0;

	if (!path || (w && w->magic != DOUBLE_LAYOUT_MAGIC)) {
		errno = EINVAL;
		return -1;
	}
	if (w && !path_on_mount(path)) {
		errno = ENOTTY;
		return -1;
	}
	base = base ? base + 1 : path;
	if (!strncmp(base, LLAPI_VOLATILE_HDR, strlen(LLAPI_VOLATILE_HDR))) {
		int acc = flags & O_ACCMODE;

		dir_of(path, dir);
		fd = open(dir, O_TMPFILE | (acc == O_RDONLY ? O_RDWR : acc) |
			  (flags & (O_CLOEXEC | O_NOATIME)), mode);
	} else {
		fd = open(path, flags, mode);
	}
	if (!w || fd < 0)
		return fd;
	pthread_mutex_lock(&mu);
	rc = set_layout(fd, path, w->l);
	pthread_mutex_unlock(&mu);
	if (rc) {
		close(fd);
		errno = -rc;
		return -1;
	}
	return fd;
}

EXPORT int llapi_search_fsname(const char *pathname, char *fsname)
{
	int rc;

	if (!path_on_mount(pathname))
		return -ENODEV;
	pthread_mutex_lock(&mu);
	rc = servers_open();
	if (!rc)
		snprintf(fsname, LLAPI_FSNAME_BUF, "%s", store_conf(servers)->fsname);
	pthread_mutex_unlock(&mu);
	return rc;
}

/* One MDT: index 0. */
EXPORT int llapi_file_fget_mdtidx(int fd, int *mdtidx)
{
	char path[PATH_MAX];

	if (!fd_path(fd, path))
		return -ENOTTY;
	*mdtidx = 0;
	return 0;
}

/* --- data version, locks, lease, swap ---------------------------------- */

static int dv_of(int fd, uint64_t *dv)
{
	struct lfs_layout *l = NULL;
	struct stat st;
	uint64_t v[5], h = 0xcbf29ce484222325ULL;

	if (fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	xget(fd, &l);
	v[0] = st.st_ino;
	v[1] = (uint64_t)st.st_size;
	v[2] = (uint64_t)st.st_mtim.tv_sec;
	v[3] = (uint64_t)st.st_mtim.tv_nsec;
	v[4] = l ? l->gen : 0;
	layout_free(l);
	for (size_t i = 0; i < sizeof(v); i++)
		h = (h ^ ((unsigned char *)v)[i]) * 0x100000001b3ULL;
	*dv = h;
	return 0;
}

EXPORT int llapi_get_data_version(int fd, uint64_t *data_version, uint64_t flags)
{
	char path[PATH_MAX];

	(void)flags;   /* no client cache to flush: writes are the host's */
	if (!fd_path(fd, path))
		return -ENOTTY;
	return dv_of(fd, data_version);
}

static void hook(const char *env)
{
	const char *cmd = getenv(env);

	if (cmd && *cmd && system(cmd) == -1)
		perror(env);
}

static int ofd(int fd, short type, bool wait)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
			    .l_start = GROUP_BYTE, .l_len = 1 };

	return fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) ? -errno : 0;
}

/* ll_get_grouplock: gid 0 is invalid; one group lock per open file. */
static int group_lock(int fd, int gid)
{
	char path[PATH_MAX];
	int rc;

	if (!fd_path(fd, path))
		return -ENOTTY;
	if (!gid || fd < 0 || fd >= MAX_FD || group_gid[fd])
		return -EINVAL;
	rc = ofd(fd, F_WRLCK, true);
	if (!rc)
		group_gid[fd] = gid;
	return rc;
}

EXPORT int llapi_group_lock(int fd, int gid)
{
	int rc = group_lock(fd, gid);

	if (!rc)
		hook("LLAPI_DOUBLE_HOOK_GROUP_LOCK");
	return rc;
}

EXPORT int llapi_group_unlock(int fd, int gid)
{
	if (fd < 0 || fd >= MAX_FD || !gid || group_gid[fd] != gid)
		return -EINVAL;
	group_gid[fd] = 0;
	return ofd(fd, F_UNLCK, false);
}

static void on_lease_break(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fcntl(si->si_fd, F_SETLEASE, F_UNLCK);
}

static void lease_setup(void)
{
	struct sigaction sa = { .sa_sigaction = on_lease_break,
				.sa_flags = SA_SIGINFO | SA_RESTART };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGRTMIN + 5, &sa, NULL);
}

/* fd again, on a new open file description with access mode acc. */
static int reopen(int fd, int acc)
{
	char proc[64];
	int fl = fcntl(fd, F_GETFL), cloexec = fcntl(fd, F_GETFD) & FD_CLOEXEC;
	int n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = open(proc, (fl & (O_NOATIME | O_APPEND)) | acc);
	if (n < 0)
		return -errno;
	if (dup3(n, fd, cloexec ? O_CLOEXEC : 0) < 0) {
		close(n);
		return -errno;
	}
	close(n);
	return 0;
}

static void restore_access(int fd)
{
	if (fd >= 0 && fd < MAX_FD && saved_acc[fd]) {
		reopen(fd, saved_acc[fd] - 1);
		saved_acc[fd] = 0;
	}
}

static int access_of(int fd)
{
	return fd >= 0 && fd < MAX_FD && saved_acc[fd] ? saved_acc[fd] - 1 :
	       fcntl(fd, F_GETFL) & O_ACCMODE;
}

/* A read lease on an fd open for writing: Lustre's lease ignores the
 * holder's own open, the kernel's does not, so the open file description
 * becomes a read-only one until the lease goes. */
EXPORT int llapi_lease_acquire(int fd, int mode)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	char path[PATH_MAX];
	int acc, rc;

	if (mode != LLAPI_LEASE_RDLCK && mode != LLAPI_LEASE_WRLCK)
		return -EINVAL;
	if (!fd_path(fd, path) || fd >= MAX_FD)
		return -ENOTTY;
	pthread_once(&once, lease_setup);
	acc = fcntl(fd, F_GETFL) & O_ACCMODE;
	if (mode == LLAPI_LEASE_RDLCK && acc != O_RDONLY) {
		rc = reopen(fd, O_RDONLY);
		if (rc)
			return rc;
		saved_acc[fd] = acc + 1;
	}
	if (fcntl(fd, F_SETSIG, SIGRTMIN + 5) ||
	    fcntl(fd, F_SETLEASE, mode == LLAPI_LEASE_RDLCK ? F_RDLCK : F_WRLCK)) {
		rc = errno == EAGAIN ? -EBUSY : -errno;
		restore_access(fd);
		return rc;
	}
	hook("LLAPI_DOUBLE_HOOK_LEASE");
	return 0;
}

EXPORT int llapi_lease_check(int fd)
{
	int l = fcntl(fd, F_GETLEASE);

	if (l < 0)
		return -errno;
	return l == F_RDLCK ? LLAPI_LEASE_RDLCK : l == F_WRLCK ? LLAPI_LEASE_WRLCK : 0;
}

EXPORT int llapi_lease_release(int fd)
{
	int held = llapi_lease_check(fd);

	if (held > 0 && fcntl(fd, F_SETLEASE, F_UNLCK))
		held = -errno;
	restore_access(fd);
	return held;
}

/* All of from's data into to, holes kept. */
static int copy_all(int from, int to)
{
	static char buf[1 << 20];
	struct stat st;
	off_t off = 0, d, h;

	if (fstat(from, &st) || ftruncate(to, 0))
		return -errno;
	while (off < st.st_size && (d = lseek(from, off, SEEK_DATA)) >= 0) {
		h = lseek(from, d, SEEK_HOLE);
		for (off = d; off < h;) {
			ssize_t n = pread(from, buf, (size_t)(h - off < (off_t)sizeof(buf) ?
					  h - off : (off_t)sizeof(buf)), off);

			if (n <= 0 || pwrite(to, buf, (size_t)n, off) != n)
				return n < 0 ? -errno : -EIO;
			off += n;
		}
	}
	if (off < st.st_size && errno != ENXIO)
		return -errno;
	return ftruncate(to, st.st_size) ? -errno : 0;
}

/* Layouts, data and times exchanged, under mu, the data versions
 * checked first. */
static int swap_locked(int fd1, int fd2, uint64_t dv1, uint64_t dv2,
		       uint64_t flags)
{
	struct lfs_layout *l1 = NULL, *l2 = NULL;
	struct stat st1, st2;
	struct timespec t1[2], t2[2];
	int w1 = -1, w2 = -1, tmp = -1, rc;
	uint64_t dv;
	uint32_t gen;
	char proc[64];

	if (flags & LLAPI_SWAP_LAYOUTS_CHECK_DV1) {
		if ((rc = dv_of(fd1, &dv)))
			return rc;
		if (dv != dv1)
			return -EAGAIN;
	}
	if (flags & LLAPI_SWAP_LAYOUTS_CHECK_DV2) {
		if ((rc = dv_of(fd2, &dv)))
			return rc;
		if (dv != dv2)
			return -EAGAIN;
	}
	if (fstat(fd1, &st1) || fstat(fd2, &st2))
		return -errno;
	if ((rc = file_layout(fd1, &l1)) || (rc = file_layout(fd2, &l2)))
		goto out;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd1);
	w1 = open(proc, O_RDWR);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd2);
	w2 = open(proc, O_RDWR);
	tmp = memfd_create("llapi-double-swap", 0);
	if (w1 < 0 || w2 < 0 || tmp < 0) {
		rc = -errno;
		goto out;
	}
	if ((rc = copy_all(w1, tmp)) || (rc = copy_all(w2, w1)) ||
	    (rc = copy_all(tmp, w2)))
		goto out;
	gen = (l1->gen > l2->gen ? l1->gen : l2->gen) + 1;
	l1->gen = l2->gen = gen;
	if ((rc = xset(w1, l2)) || (rc = xset(w2, l1)))
		goto out;
	t1[0] = flags & LLAPI_SWAP_LAYOUTS_KEEP_ATIME ? st1.st_atim : st2.st_atim;
	t1[1] = flags & LLAPI_SWAP_LAYOUTS_KEEP_MTIME ? st1.st_mtim : st2.st_mtim;
	t2[0] = flags & LLAPI_SWAP_LAYOUTS_KEEP_ATIME ? st2.st_atim : st1.st_atim;
	t2[1] = flags & LLAPI_SWAP_LAYOUTS_KEEP_MTIME ? st2.st_mtim : st1.st_mtim;
	if (futimens(w1, t1) || futimens(w2, t2))
		rc = -errno;
out:
	layout_free(l1);
	layout_free(l2);
	if (w1 >= 0)
		close(w1);
	if (w2 >= 0)
		close(w2);
	if (tmp >= 0)
		close(tmp);
	return rc;
}

EXPORT int llapi_fswap_layouts_grouplock(int fd1, int fd2, uint64_t dv1,
					 uint64_t dv2, int gid, uint64_t flags)
{
	char p1[PATH_MAX], p2[PATH_MAX];
	struct stat st1, st2;
	int rc;

	if (!fd_path(fd1, p1) || !fd_path(fd2, p2))
		return -ENOTTY;
	if (fstat(fd1, &st1) || fstat(fd2, &st2))
		return -errno;
	if (!S_ISREG(st1.st_mode) || !S_ISREG(st2.st_mode) ||
	    st1.st_ino == st2.st_ino)
		return -EINVAL;
	/* Both open for writing, as ll_ioctl's swap wants. */
	if (access_of(fd1) == O_RDONLY || access_of(fd2) == O_RDONLY)
		return -EPERM;
	/* The lease given up and the swap done as one (Lustre's close
	 * intent): a writer that broke it first wins. */
	if (flags & LLAPI_SWAP_LAYOUTS_CLOSE) {
		if (llapi_lease_check(fd1) <= 0)
			return -EBUSY;
		llapi_lease_release(fd1);
	}
	if (gid && (rc = group_lock(fd1, gid)))
		return rc;
	if (gid && (rc = group_lock(fd2, gid))) {
		llapi_group_unlock(fd1, gid);
		return rc;
	}
	pthread_mutex_lock(&mu);
	rc = swap_locked(fd1, fd2, dv1, dv2, flags);
	pthread_mutex_unlock(&mu);
	if (gid) {
		llapi_group_unlock(fd2, gid);
		llapi_group_unlock(fd1, gid);
	}
	return rc;
}

EXPORT int llapi_fswap_layouts(int fd1, int fd2, uint64_t dv1, uint64_t dv2,
			       uint64_t flags)
{
	int gid;

	do
		gid = (int)random();
	while (!gid);
	return llapi_fswap_layouts_grouplock(fd1, fd2, dv1, dv2, gid, flags);
}
