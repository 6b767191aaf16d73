/* closer.c - descriptors closed on a thread of their own (closer.h). */
#include "closer.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

struct closer {
	pthread_t tid;
	pthread_mutex_t lock;
	pthread_cond_t more;
	int fds[CLOSER_QUEUE];
	size_t head, n;          /* a ring: n descriptors from head */
	bool stop;
};

static void *closer_main(void *arg)
{
	struct closer *c = arg;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		int fd;

		while (!c->n && !c->stop)
			pthread_cond_wait(&c->more, &c->lock);
		if (!c->n)
			break;
		fd = c->fds[c->head];
		c->head = (c->head + 1) % CLOSER_QUEUE;
		c->n--;
		pthread_mutex_unlock(&c->lock);
		close(fd);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

int closer_start(struct closer **out)
{
	struct closer *c = calloc(1, sizeof(*c));
	sigset_t all, old;
	int rc;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->more, NULL);
	/* Born with every signal blocked: the process's signals (an
	 * interrupt the shell waits for) go to the threads that act. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&c->tid, NULL, closer_main, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		pthread_cond_destroy(&c->more);
		pthread_mutex_destroy(&c->lock);
		free(c);
		return -rc;
	}
	*out = c;
	return 0;
}

bool closer_put(struct closer *c, int fd)
{
	bool taken;

	pthread_mutex_lock(&c->lock);
	taken = c->n < CLOSER_QUEUE;
	if (taken) {
		/* It sleeps only once the queue is empty. */
		if (!c->n)
			pthread_cond_signal(&c->more);
		c->fds[(c->head + c->n++) % CLOSER_QUEUE] = fd;
	}
	pthread_mutex_unlock(&c->lock);
	return taken;
}

void closer_stop(struct closer *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_signal(&c->more);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->tid, NULL);
	pthread_cond_destroy(&c->more);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
