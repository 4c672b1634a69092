/*
 * S2 (AB/BA) for attaching to: two threads are created at the start, then take turns, until the
 * process is killed: T1 writes A with O_DIRECT from mmap(B), then T2 writes B with O_DIRECT from
 * mmap(A), every 20 ms. A recorder attached to the running process (faultline record --pid)
 * sees both threads, which it did not see created.
 *
 * usage: s2-attach DIR   (creates DIR/a, DIR/b; prints "ready" once both threads run)
 */
#include "dio-from-mmap.h"
#include <time.h>

static char a[4096], b[4096];
static pthread_mutex_t turn_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn;

/* Waits for turn `me`, runs one write, hands the turn to the other thread. */
static void *worker(void *arg)
{
	int me = (int)(long)arg;
	const struct timespec pause = { 0, 20 * 1000 * 1000 };

	for (;;) {
		pthread_mutex_lock(&turn_lock);
		while (turn != me)
			pthread_cond_wait(&turn_changed, &turn_lock);
		pthread_mutex_unlock(&turn_lock);
		if (me == 0)
			dio_write_from_mmap(a, b);
		else
			dio_write_from_mmap(b, a);
		nanosleep(&pause, NULL);
		pthread_mutex_lock(&turn_lock);
		turn = 1 - me;
		pthread_cond_broadcast(&turn_changed);
		pthread_mutex_unlock(&turn_lock);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t threads[2];

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	make_file(argv[1], "a", 'a', a, sizeof(a));
	make_file(argv[1], "b", 'b', b, sizeof(b));
	for (long i = 0; i < 2; i++)
		if (pthread_create(&threads[i], NULL, worker, (void *)i) != 0)
			die("pthread_create");
	printf("ready\n");
	fflush(stdout);
	pthread_join(threads[0], NULL);
	return 0;
}
