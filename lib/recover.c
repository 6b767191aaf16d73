/* recover.c - find what dead processes left behind and finish or undo it. */
#include "recover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "inode.h"
#include "journal.h"
#include "lock.h"
#include "ost.h"
#include "ostindex.h"
#include "pending.h"
#include "spare.h"
#include "store_internal.h"
#include "walk.h"

/* Open an owned entry of dir_fd and take its owner lock: the fd, locked,
 * if its owner is dead; -EAGAIN while the owner lives; -errno if it
 * cannot be opened (gone meanwhile: its owner finished). */
static int open_if_dead(int dir_fd, const char *name)
{
	int fd = openat(dir_fd, name, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (lfs_trylock(fd, LOCK_OWNER, LFS_EXCL)) {
		close(fd);
		return -EAGAIN;
	}
	return fd;
}

struct dead_walk {
	int (*fn)(struct lfs_store *s, int dir_fd, const char *name, int fd,
		  void *arg);
	struct lfs_store *s;
	void *arg;
};

static int visit_dead(const struct walk_entry *ent, void *arg)
{
	struct dead_walk *d = arg;
	int fd = open_if_dead(ent->dir_fd, ent->name), rc;

	if (fd < 0)
		return 0;
	rc = d->fn(d->s, ent->dir_fd, ent->name, fd, d->arg);
	close(fd);
	return rc;
}

/* Call fn for each entry of dir_fd whose owner is dead; the entry's fd
 * is passed locked. */
static int for_each_dead(int dir_fd,
			 int (*fn)(struct lfs_store *s, int dir_fd,
				   const char *name, int fd, void *arg),
			 struct lfs_store *s, void *arg)
{
	static const struct walk_ops ops = { .visit = visit_dead };
	struct dead_walk d = { fn, s, arg };

	return walk_tree(dir_fd, "", &ops, &d);
}

/* One entry recovery could not finish: reported, kept for the next run
 * (its owner is dead, so any recovery retries it), and the rest goes on. */
static int entry_failed(struct lfsck_report *r, const char *dir,
			const char *name, int rc)
{
	r->unfinished++;
	if (r->note)
		r->note(r->note_arg, "%s/%s: cannot finish it: %s; kept for the next lfsck",
			dir, name, strerror(-rc));
	return 0;
}

/* One recovery pass: its report, and the volatiles named by journal
 * records it could not finish, which the pending scan must keep. */
struct recovery {
	struct lfsck_report *r;
	char **keep;
	size_t nkeep;
};

static int keep_volatile(const char *vol, void *arg)
{
	struct recovery *rec = arg;
	char **v = realloc(rec->keep, (rec->nkeep + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	rec->keep = v;
	if (!(v[rec->nkeep] = strdup(vol)))
		return -ENOMEM;
	rec->nkeep++;
	return 0;
}

static bool kept(const struct recovery *rec, const char *name)
{
	for (size_t i = 0; i < rec->nkeep; i++)
		if (!strcmp(rec->keep[i], name))
			return true;
	return false;
}

static int destroy_pending(struct lfs_store *s, int dir_fd, const char *name,
			   int fd, void *arg)
{
	struct recovery *rec = arg;
	struct lfsck_report *r = rec->r;
	size_t n = strlen(name);
	bool destroyed;
	int rc;

	(void)dir_fd;       /* s->pending_fd */
	/* Its swap's record stays for the next lfsck, which settles it:
	 * until then its layout may be the source's live one. */
	if (kept(rec, name)) {
		if (r->note)
			r->note(r->note_arg,
				"kept mdt/PENDING/%s: the record of its interrupted swap is not finished",
				name);
		return 0;
	}
	/* Kept on purpose by journal recovery: its objects may be data. */
	if (n > 11 && !strcmp(name + n - 11, ".unresolved")) {
		if (r->note)
			r->note(r->note_arg,
				"kept mdt/PENDING/%s: the file of an interrupted swap could not be found (renamed or removed); once you remove it, lfs lfsck --orphans frees what no file uses",
				name);
		return 0;
	}
	rc = pending_release(s, fd, name, r->dry_run, &destroyed);
	if (rc)
		return entry_failed(r, "mdt/PENDING", name, rc);
	if (!destroyed) {
		if (r->note)
			r->note(r->note_arg, "%s mdt/PENDING/%s: its inode is still named",
				r->dry_run ? "would remove" : "removed", name);
		return 0;
	}
	if (r->note)
		r->note(r->note_arg, "%s leftover volatile inode %s",
			r->dry_run ? "would destroy" : "destroyed", name);
	r->pending_destroyed++;
	return 0;
}

static int recover_journal(struct lfs_store *s, int dir_fd, const char *name,
			   int fd, void *arg)
{
	struct recovery *rec = arg;
	struct lfsck_report *r = rec->r;
	int rc = journal_recover(s, fd, r->dry_run, &r->journal_forward,
				 &r->journal_back, keep_volatile, rec);

	if (rc == -ENOMEM)
		return rc;   /* a volatile to keep may not be noted */
	if (rc)
		return entry_failed(r, "mdt/JOURNAL", name, rc);
	if (r->note)
		r->note(r->note_arg, "finished interrupted layout swap %s", name);
	if (!r->dry_run)
		unlinkat(dir_fd, name, 0);
	return 0;
}

/* Spare objects (spare.h) of handles no longer alive: named by no layout
 * (a small one may still hold old bytes, uncharged). A spare is named "<run>.<n>" after its handle's run/ file, and
 * its handle lives while that file's owner lock is held. */
static int visit_spare(const struct walk_entry *ent, void *arg)
{
	const char *dot = strrchr(ent->name, '.');
	char run_name[NAME_MAX + 1];
	int run;

	if (!dot)
		return 0;
	snprintf(run_name, sizeof(run_name), "%.*s", (int)(dot - ent->name),
		 ent->name);
	run = open_if_dead(*(int *)arg, run_name);
	if (run >= 0)
		close(run);
	if (run != -EAGAIN && unlinkat(ent->dir_fd, ent->name, 0) < 0 &&
	    errno != ENOENT)
		return -errno;
	return 0;
}

static int remove_dead_spares(struct lfs_store *s, int run_dir, bool dry_run)
{
	static const struct walk_ops ops = { .visit = visit_spare };
	int rc = 0;

	if (dry_run)
		return 0;
	for (uint32_t i = 0; !rc && i < s->conf->ost_count; i++) {
		int fd = !store_ost_present(s, i) ? -1 :
			 openat(s->ost_fd[i], SPARE_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0)
			continue;      /* none was ever kept on this OST */
		rc = walk_tree(fd, "", &ops, &run_dir);
		close(fd);
	}
	return rc;
}

/* A LAST_ID missing, unreadable or behind the objects is rebuilt from
 * them (ost.h), as Lustre's LFSCK does for a crashed LAST_ID. */
static int check_last_id(struct lfs_store *s, uint32_t ost, uint64_t named,
			 struct lfsck_report *r)
{
	static const char *const what[] = { "", "is behind existing object",
					    "was damaged", "was missing",
					    "is behind layout-named object" };
	uint64_t was, max;
	int rc = ost_last_id_repair(s, ost, r->dry_run, named, &was, &max);

	if (rc <= 0)
		return rc;
	r->lastid_rebuilt++;
	if (r->note && (rc == 1 || rc == 4))
		r->note(r->note_arg, "OST%04x: LAST_ID %llu %s %llu; %s %llu", ost,
			(unsigned long long)was, what[rc], (unsigned long long)max,
			r->dry_run ? "would be rebuilt as" : "rebuilt as",
			(unsigned long long)max);
	else if (r->note)
		r->note(r->note_arg, "OST%04x: LAST_ID %s; %s %llu", ost, what[rc],
			r->dry_run ? "would be rebuilt as" : "rebuilt as",
			(unsigned long long)max);
	return 0;
}

/* The OST index from a full scan (ostindex.h): what it lacked and what
 * it had wrongly are reported, then it is rewritten. */
static int check_ostindex(struct lfs_store *s, struct lfsck_report *r)
{
	bool had;
	int rc = ostindex_rebuild(s, r->dry_run, &r->index_missing,
				  &r->index_stale, &had);

	r->index_built = !had && !r->dry_run;
	if (!rc && r->note && had && (r->index_missing || r->index_stale))
		r->note(r->note_arg, "OST index: %u entry(ies) missing, %u stale%s",
			r->index_missing, r->index_stale,
			r->dry_run ? "" : ", rewritten");
	if (!rc && r->note && !had)
		r->note(r->note_arg, "OST index: %s",
			r->dry_run ? "none (made by lfsck)" : "made");
	return rc;
}

int lfsck_run(struct lfs_store *s, bool orphans, bool dry_run,
	      struct lfsck_report *r, struct lfs_error *e)
{
	struct recovery rec = { r, NULL, 0 };
	uint64_t *named;
	uint32_t nr_named;
	int lock_fd, rc;

	r->dry_run = dry_run;
	if (orphans && (rc = lfsck_orphans_allowed(s, e)))
		return rc;
	/* The configuration is reread on the way (a layout write does): an
	 * OST added meanwhile has no entry here. */
	nr_named = s->conf->ost_count;
	named = calloc(nr_named, sizeof(*named));
	if (!named)
		return lfs_error_set(e, -ENOMEM, "lfsck: %s", strerror(ENOMEM));
	/* One recovery at a time. */
	lock_fd = openat(s->dir_fd, "run", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock_fd < 0) {
		free(named);
		return lfs_error_set(e, -errno, "run/: %s", strerror(errno));
	}
	flock(lock_fd, LOCK_EX);
	rc = for_each_dead(s->journal_fd, recover_journal, s, &rec);
	if (!rc)
		rc = for_each_dead(s->pending_fd, destroy_pending, s, &rec);
	for (size_t i = 0; i < rec.nkeep; i++)
		free(rec.keep[i]);
	free(rec.keep);
	if (!rc)
		rc = remove_dead_spares(s, lock_fd, dry_run);
	if (!rc)
		rc = lfsck_fix_sizes(s, r, named, nr_named);
	if (!rc && orphans)
		rc = lfsck_orphans(s, r);
	for (uint32_t i = 0; !rc && !dry_run && i < s->conf->ost_count; i++)
		if (store_ost_present(s, i))
			rc = ost_usage_recount(s, i, NULL);
	for (uint32_t i = 0; !rc && i < s->conf->ost_count; i++)
		if (store_ost_present(s, i))
			rc = check_last_id(s, i, i < nr_named ? named[i] : 0, r);
	/* An `ost add` or `ost remove` killed half-way (ost_admin.c). */
	if (!rc && !dry_run)
		rc = store_ost_cleanup(s, e);
	if (!rc)
		rc = check_ostindex(s, r);
	free(named);
	close(lock_fd);
	if (rc == -EINTR && r->cancel && *r->cancel)
		lfs_error_set(e, rc, "interrupted: what it did stands, run it again to finish");
	else if (rc)
		lfs_error_set(e, rc, "lfsck: %s", strerror(-rc));
	return rc;
}

static int note_dead_run(struct lfs_store *s, int dir_fd, const char *name,
			 int fd, void *arg)
{
	(void)s;
	(void)fd;
	(void)dir_fd;
	(*(unsigned *)arg)++;
	(void)name;
	return 0;
}

static int remove_dead_run(struct lfs_store *s, int dir_fd, const char *name,
			   int fd, void *arg)
{
	(void)s;
	(void)fd;
	(void)arg;
	unlinkat(dir_fd, name, 0);
	return 0;
}

int recover_if_needed(struct lfs_store *s, struct lfs_error *e)
{
	struct lfsck_report r;
	unsigned dead = 0;
	int run_dir, rc;

	run_dir = openat(s->dir_fd, "run", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (run_dir < 0)
		return lfs_error_set(e, -errno, "run/: %s", strerror(errno));
	rc = for_each_dead(run_dir, note_dead_run, s, &dead);
	if (!rc && dead) {
		memset(&r, 0, sizeof(r));
		rc = lfsck_run(s, false, false, &r, e);
		s->recovered_forward = r.journal_forward;
		s->recovered_back = r.journal_back;
		s->recovered_pending = r.pending_destroyed;
		s->recovered_unfinished = r.unfinished;
		/* Only now forget the dead: a crash during recovery leaves
		 * their run files for the next opener to try again. */
		if (!rc)
			rc = for_each_dead(run_dir, remove_dead_run, s, NULL);
	}
	close(run_dir);
	return rc;
}
