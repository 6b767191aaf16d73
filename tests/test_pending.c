/* Unit tests for lib/pending.c and the unnamed files of lib/inode.c: an
 * entry of mdt/PENDING destroys its inode only when no other name keeps
 * it. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inode.h"
#include "lock.h"
#include "ost.h"
#include "ns.h"
#include "pending.h"
#include "store_internal.h"

struct fix {
	char dir[64];
	char store[96];
	struct lfs_store *s;
};

static int setup(void **state)
{
	struct lfs_mkfs_opts o = { .osts = 2, .ost_size = 8 << 20 };
	struct lfs_error e = { 0 };
	struct fix *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/lfs-test-pending-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->store, sizeof(f->store), "%s/store", f->dir);
	if (store_mkfs(f->store, &o, &e) || store_open(f->store, LFS_STORE_RDWR, &f->s, &e))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	store_close(f->s);
	testutil_rm_tree(f->dir);
	free(f);
	return 0;
}

/* A file of two stripes, written so both objects exist. */
static struct lfs_inode *new_file(struct lfs_store *s, const char *rel)
{
	struct lfs_layout req = { 0 };
	struct lfs_component c = { .stripe_count = 2, .end = LFS_EOF };
	struct lfs_inode *ino = NULL;

	req.nr_comps = 1;
	req.comps = &c;
	assert_int_equal(inode_create(s, rel, 0644, &req, &ino, NULL), 0);
	assert_int_equal(ino->layout->comps[0].nr_objects, 2);
	return ino;
}

static int objects_present(struct lfs_store *s, const struct lfs_layout *l)
{
	int n = 0;

	for (uint32_t i = 0; i < l->comps[0].nr_objects; i++) {
		const struct lfs_object *o = &l->comps[0].objects[i];
		char rel[64];
		struct stat st;

		ost_object_relpath(o->id, rel, sizeof(rel));
		n += fstatat(s->ost_fd[o->ost], rel, &st, 0) == 0;
	}
	return n;
}

static int count_pending(struct lfs_store *s)
{
	int fd = openat(s->pending_fd, ".", O_RDONLY | O_DIRECTORY), n = 0;
	DIR *d = fdopendir(fd);
	struct dirent *de;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_linked_entry_keeps_a_named_inode(void **state)
{
	struct fix *f = *state;
	struct lfs_inode *ino = new_file(f->s, "a");
	char pend[64];
	bool destroyed = true;
	struct stat st;

	assert_int_equal(lfs_lock(ino->fd, LOCK_OWNER, LFS_EXCL), 0);
	assert_int_equal(pending_enter(f->s, ino->fd, -1, NULL, "replace", pend,
				       sizeof(pend)), 0);
	assert_int_equal(strncmp(pend, "replace.", 8), 0);
	assert_int_equal(fstat(ino->fd, &st), 0);
	assert_int_equal(st.st_nlink, 2);
	assert_int_equal(count_pending(f->s), 1);
	/* A dry run says what would happen and changes nothing. */
	assert_int_equal(pending_release(f->s, ino->fd, pend, true, &destroyed), 0);
	assert_false(destroyed);
	assert_int_equal(count_pending(f->s), 1);
	assert_int_equal(pending_release(f->s, ino->fd, pend, false, &destroyed), 0);
	assert_false(destroyed);
	assert_int_equal(count_pending(f->s), 0);
	assert_int_equal(objects_present(f->s, ino->layout), 2);
	assert_int_equal(fstatat(f->s->root_fd, "a", &st, 0), 0);
	inode_close(ino);
}

static void test_last_name_entry_destroys(void **state)
{
	struct fix *f = *state;
	struct lfs_inode *ino = new_file(f->s, "a");
	char pend[64];
	bool destroyed = false;
	struct stat st;

	assert_int_equal(lfs_lock(ino->fd, LOCK_OWNER, LFS_EXCL), 0);
	assert_int_equal(pending_enter(f->s, ino->fd, f->s->root_fd, "a", "unlink",
				       pend, sizeof(pend)), 0);
	assert_int_equal(fstatat(f->s->root_fd, "a", &st, 0), -1);
	assert_int_equal(pending_release(f->s, ino->fd, pend, true, &destroyed), 0);
	assert_true(destroyed);
	assert_int_equal(objects_present(f->s, ino->layout), 2);
	assert_int_equal(pending_release(f->s, ino->fd, pend, false, &destroyed), 0);
	assert_true(destroyed);
	assert_int_equal(objects_present(f->s, ino->layout), 0);
	assert_int_equal(count_pending(f->s), 0);
	inode_close(ino);
}

static void test_unnamed_file(void **state)
{
	struct fix *f = *state;
	struct lfs_inode *ino = NULL, *other;
	struct stat st, named;
	char pend[64];
	bool destroyed = true;
	int fd;

	other = new_file(f->s, "taken");
	inode_close(other);
	assert_int_equal(inode_create_unnamed(f->s, "taken", 0600, NULL, &ino, pend,
					      sizeof(pend), NULL), -EEXIST);
	assert_int_equal(count_pending(f->s), 0);
	assert_int_equal(inode_create_unnamed(f->s, "b", 0600, NULL, &ino, pend,
					      sizeof(pend), NULL), 0);
	assert_int_equal(fstatat(f->s->root_fd, "b", &st, 0), -1);
	assert_int_equal(count_pending(f->s), 1);
	/* Owned: recovery, opening the entry, finds its lock held. */
	fd = openat(f->s->pending_fd, pend, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(lfs_lock_conflicts(fd, LOCK_OWNER, LFS_EXCL), 1);
	close(fd);
	assert_int_equal(inode_link(ino, "taken"), -EEXIST);
	assert_int_equal(inode_link(ino, "b"), 0);
	assert_int_equal(fstat(ino->fd, &st), 0);
	assert_int_equal(fstatat(f->s->root_fd, "b", &named, 0), 0);
	assert_int_equal(st.st_ino, named.st_ino);   /* the same inode */
	assert_int_equal(named.st_mode & 0777, 0600);
	assert_int_equal(pending_release(f->s, ino->fd, pend, false, &destroyed), 0);
	assert_false(destroyed);
	assert_int_equal(count_pending(f->s), 0);
	assert_int_equal(objects_present(f->s, ino->layout),
			 ino->layout->comps[0].nr_objects);
	inode_close(ino);
}

/* An entry whose owner let go of the inode (died, or its release failed)
 * goes with the removal of the last name: rm drops it under the lock it
 * holds, and destroys then. Another inode's entry stays. */
static void test_dead_entry_goes_with_the_last_name(void **state)
{
	struct fix *f = *state;
	struct lfs_inode *ino = new_file(f->s, "a"), *other = new_file(f->s, "b");
	char dead[64], kept[64];
	struct stat st;

	assert_int_equal(lfs_lock(ino->fd, LOCK_OWNER, LFS_EXCL), 0);
	assert_int_equal(pending_enter(f->s, ino->fd, -1, NULL, "new", dead,
				       sizeof(dead)), 0);
	assert_int_equal(lfs_unlock(ino->fd, LOCK_OWNER), 0);
	assert_int_equal(lfs_lock(other->fd, LOCK_OWNER, LFS_EXCL), 0);
	assert_int_equal(pending_enter(f->s, other->fd, -1, NULL, "new", kept,
				       sizeof(kept)), 0);
	assert_int_equal(lfs_unlock(other->fd, LOCK_OWNER), 0);
	assert_int_equal(linkat(f->s->root_fd, "a", f->s->root_fd, "a2", 0), 0);
	assert_int_equal(count_pending(f->s), 2);
	/* One of two names: the dead entry goes, the objects stay. */
	assert_int_equal(ns_unlink(f->s, "a"), 0);
	assert_int_equal(fstat(ino->fd, &st), 0);
	assert_int_equal(st.st_nlink, 1);
	assert_int_equal(objects_present(f->s, ino->layout), 2);
	assert_int_equal(count_pending(f->s), 1);
	/* The last: the objects go, once, and only the other inode's entry
	 * is left (for recovery). */
	assert_int_equal(ns_unlink(f->s, "a2"), 0);
	assert_int_equal(objects_present(f->s, ino->layout), 0);
	assert_int_equal(count_pending(f->s), 1);
	assert_int_equal(fstatat(f->s->pending_fd, kept, &st, 0), 0);
	assert_int_equal(objects_present(f->s, other->layout), 2);
	inode_close(ino);
	inode_close(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_linked_entry_keeps_a_named_inode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_name_entry_destroys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unnamed_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dead_entry_goes_with_the_last_name, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
