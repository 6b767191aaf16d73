/* llapi_double_fs.c - the layout calls on files of the liblustreapi test
 * double (double.h; docs/lustre.md, "The test double"); the data version,
 * locks, lease and swap are in llapi_double_swap.c.
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

#define XATTR DOUBLE_XATTR

pthread_mutex_t double_mu = PTHREAD_MUTEX_INITIALIZER;
static struct lfs_store *servers;

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
bool double_fd_path(int fd, char *path)
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
	/* A relative name is judged from the working directory. */
	snprintf(copy, sizeof(copy), "%s%s", strchr(path, '/') ? "" : "./", path);
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

/* The servers, opened on first use; callers hold double_mu. */
static int servers_open(void)
{
	const char *dir = getenv("LLAPI_DOUBLE_SERVERS");

	if (servers)
		return 0;
	if (!dir || !*dir)
		return -ENODEV;
	return store_open(dir, LFS_STORE_RDWR, &servers, NULL);
}

/* The library unloaded (dlclose, exit): the servers' handle closed, its
 * run/ entry with it. */
__attribute__((destructor)) static void servers_close(void)
{
	store_close(servers);
	servers = NULL;
}

/* --- layouts in the xattr ---------------------------------------------- */

int double_xget(int fd, struct lfs_layout **l)
{
	char buf[65536];
	ssize_t n = fgetxattr(fd, XATTR, buf, sizeof(buf));

	*l = NULL;
	if (n < 0)
		return -errno;
	return layout_decode(buf, (size_t)n, l);
}

int double_xset(int fd, const struct lfs_layout *l)
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
		double_xget(fd, &l);
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
 * takes the inherited default's pool. Callers hold double_mu. */
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
 * always); true in *changed when one was. Each later one is a layout
 * change, gen + 1, as the store's inode_instantiate() and the MDS's
 * (the first is the creation's). Callers hold double_mu. */
static int instantiate(struct lfs_layout *l, uint64_t size, bool *changed)
{
	int rc = servers_open();

	for (uint32_t i = 0; !rc && i < l->nr_comps; i++) {
		if (l->comps[i].flags & LFS_COMP_INIT ||
		    (i && l->comps[i].start >= size))
			continue;
		rc = alloc_component(servers, l, i, NULL, NULL);
		l->gen += i ? 1 : 0;
		*changed = true;
	}
	return rc;
}

/* fd's layout: a file's, made and instantiated as the MDS would have by
 * now; a directory's default (an unset layout when it has none). Callers
 * hold double_mu. */
int double_file_layout(int fd, struct lfs_layout **out)
{
	char path[PATH_MAX], dir[PATH_MAX];
	bool changed = false;
	struct stat st;
	int rc;

	*out = NULL;
	if (!double_fd_path(fd, path))
		return -ENOTTY;
	if (fstat(fd, &st))
		return -errno;
	rc = double_xget(fd, out);
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
		rc = double_xset(fd, *out);
	if (rc) {
		layout_free(*out);
		*out = NULL;
	}
	return rc;
}

EXPORT struct llapi_layout *llapi_layout_get_by_fd(int fd, int flags)
{
	struct llapi_layout *w;
	struct lfs_layout *l;
	struct stat st;
	int rc;

	(void)flags;
	pthread_mutex_lock(&double_mu);
	rc = double_file_layout(fd, &l);
	pthread_mutex_unlock(&double_mu);
	if (rc) {
		errno = -rc;
		return NULL;
	}
	w = l ? double_wrap(l) : llapi_layout_alloc();
	if (w && !fstat(fd, &st))
		w->ondisk_dir = S_ISDIR(st.st_mode);
	return w;
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
	pthread_mutex_lock(&double_mu);
	if (!specified(w->l) && mount_root(root) && (rd = default_of(root))) {
		layout_free(w->l);
		w->l = rd;
	}
	if (!servers_open() && !store_root_default(servers, &fs))
		fill_from(w->l, fs);
	layout_free(fs);
	pthread_mutex_unlock(&double_mu);
	return w;
}

/* Pools named must exist (the MGS's list), as lod_qos_parse_config.
 * Callers hold double_mu, the servers open. */
int double_check_pools(const struct lfs_layout *l)
{
	const struct lfs_conf *conf = store_conf(servers);

	for (uint32_t i = 0; i < l->nr_comps; i++)
		if (l->comps[i].pool[0] && !store_pool_find(conf, l->comps[i].pool))
			return -EINVAL;
	return 0;
}

/* The layout given to a just-opened fd (LL_IOC_LOV_SETSTRIPE's work):
 * a directory's default set (an unset one removes it; one naming no pool
 * keeps the old pool), or a file without one given it. Callers hold double_mu. */
static int set_layout(int fd, const char *path, const struct lfs_layout *req)
{
	struct lfs_layout *l = NULL, *old = NULL;
	char dir[PATH_MAX];
	bool changed = false;
	struct stat st;
	int rc = servers_open();

	if (!rc && fstat(fd, &st))
		rc = -errno;
	/* A directory given stripe size 0, count 0, offset -1 and no pool
	 * loses its default (LOVEA_DELETE_VALUES). */
	if (!rc && S_ISDIR(st.st_mode) && !specified(req))
		return fremovexattr(fd, XATTR) && errno != ENODATA ? -errno : 0;
	/* A directory keeps the request as it is; a file's is checked once
	 * filled (below: an all-default request, lfs.c's llapi_file_open_param
	 * of zeros, is the inherited default). */
	if (!rc && S_ISDIR(st.st_mode))
		rc = layout_validate(req, store_conf(servers)->ost_count, NULL);
	if (!rc)
		rc = double_check_pools(req);
	if (rc)
		return rc;
	if (S_ISDIR(st.st_mode)) {
		l = layout_dup(req);
		if (!l)
			return -ENOMEM;
		if (!*layout_pool(l) && !double_xget(fd, &old) && *layout_pool(old))
			for (uint32_t i = 0; i < l->nr_comps; i++)
				if (!l->comps[i].nr_osts)
					snprintf(l->comps[i].pool, sizeof(l->comps[i].pool),
						 "%s", layout_pool(old));
		layout_free(old);
		rc = double_xset(fd, l);
		layout_free(l);
		return rc;
	}
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if (!double_xget(fd, &old)) {
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
		rc = double_xset(fd, l);
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
	pthread_mutex_lock(&double_mu);
	rc = set_layout(fd, path, w->l);
	pthread_mutex_unlock(&double_mu);
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
	pthread_mutex_lock(&double_mu);
	rc = servers_open();
	if (!rc)
		snprintf(fsname, LLAPI_FSNAME_BUF, "%s", store_conf(servers)->fsname);
	pthread_mutex_unlock(&double_mu);
	return rc;
}

/* One MDT: index 0. */
EXPORT int llapi_file_fget_mdtidx(int fd, int *mdtidx)
{
	char path[PATH_MAX];

	if (!double_fd_path(fd, path))
		return -ENOTTY;
	*mdtidx = 0;
	return 0;
}

/* For the double's other files (double.h). */
bool double_on_mount(const char *path)
{
	return path_on_mount(path);
}

int double_servers(struct lfs_store **out)
{
	int rc = servers_open();

	if (!rc)
		rc = store_conf_reload(servers);
	*out = rc ? NULL : servers;
	return rc;
}

bool double_mount_root(char *root)
{
	return mount_root(root);
}
