/* counter.c - small counter files shared by every process (see counter.h). */
#include "counter.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <unistd.h>

int counter_map(int dir_fd, const char *name, enum counter_width w, size_t n,
		struct counter_file *c)
{
	size_t len = (size_t)w * n;
	int rc;

	c->base = NULL;
	c->len = len;
	c->fd = openat(dir_fd, name, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (c->fd < 0)
		return -errno;
	/* Grown with zeros, its blocks allocated now: a store of the mapping
	 * must never need a block the disk has not got (SIGBUS). Idempotent,
	 * so racing openers agree. */
	if ((errno = posix_fallocate(c->fd, 0, (off_t)len)))
		goto fail;
	c->base = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
	if (c->base == MAP_FAILED) {
		c->base = NULL;
		goto fail;
	}
	return 0;
fail:
	rc = -errno;
	close(c->fd);
	c->fd = -1;
	return rc;
}

void counter_unmap(struct counter_file *c)
{
	if (c->base)
		munmap(c->base, c->len);
	if (c->fd >= 0)
		close(c->fd);
	c->base = NULL;
	c->fd = -1;
}

uint64_t counter_get64(const struct counter_file *c, size_t i)
{
	return __atomic_load_n((uint64_t *)c->base + i, __ATOMIC_SEQ_CST);
}

void counter_set64(struct counter_file *c, size_t i, uint64_t v)
{
	__atomic_store_n((uint64_t *)c->base + i, v, __ATOMIC_SEQ_CST);
}

void counter_add64(struct counter_file *c, size_t i, int64_t delta)
{
	uint64_t *p = (uint64_t *)c->base + i;
	uint64_t old = __atomic_load_n(p, __ATOMIC_SEQ_CST), new;

	uint64_t down = delta < 0 ? (uint64_t)0 - (uint64_t)delta : 0;

	do {
		new = down ? (down > old ? 0 : old - down) : old + (uint64_t)delta;
	} while (!__atomic_compare_exchange_n(p, &old, new, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
}

uint32_t counter_fetch_add32(struct counter_file *c, size_t i, uint32_t delta)
{
	return __atomic_fetch_add((uint32_t *)c->base + i, delta, __ATOMIC_SEQ_CST);
}
