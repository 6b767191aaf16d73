/* closer.c - descriptors closed on a thread of their own (closer.h). */
#include "closer.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

/* A thread's stack: it only calls close(2). */
#define CLOSER_STACK (64 * 1024)

struct closer {
	pthread_t tid[CLOSER_THREADS];
	unsigned nr_threads;
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
	pthread_attr_t attr;
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
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, CLOSER_STACK);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (rc = 0; !rc && c->nr_threads < CLOSER_THREADS; c->nr_threads++)
		rc = pthread_create(&c->tid[c->nr_threads], &attr, closer_main, c);
	if (rc)
		c->nr_threads--;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (!c->nr_threads) {
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
		/* A thread sleeps only while the queue is empty. */
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
	pthread_cond_broadcast(&c->more);
	pthread_mutex_unlock(&c->lock);
	for (unsigned i = 0; i < c->nr_threads; i++)
		pthread_join(c->tid[i], NULL);
	pthread_cond_destroy(&c->more);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
