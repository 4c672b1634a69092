/*
 * S2 (AB/BA): T1 writes A with O_DIRECT from mmap(B); T2 writes B with O_DIRECT from mmap(A).
 *
 * One-shot form: T1 is joined before T2 starts, so nothing hangs: the inversion is in the
 * order, not in this interleaving. Concurrent form (ITERATIONS PAGES given): both tasks loop at
 * once, ITERATIONS writes of PAGES pages each (1..8), so their DIOs really overlap.
 *
 * usage: s2-abba DIR [threads|procs] [ITERATIONS PAGES]   (creates DIR/a, DIR/b)
 */
#include "dio-from-mmap.h"

static char a[4096], b[4096];
static struct loop_args args;

static void *t1(void *arg)
{
	wait_for_go(arg);
	if (args.iterations > 0)
		dio_loop_from_mmap(a, b, args.iterations, args.pages);
	else
		dio_write_from_mmap(a, b);
	return NULL;
}

static void *t2(void *arg)
{
	wait_for_go(arg);
	if (args.iterations > 0)
		dio_loop_from_mmap(b, a, args.iterations, args.pages);
	else
		dio_write_from_mmap(b, a);
	return NULL;
}

int main(int argc, char **argv)
{
	void *(*tasks[])(void *) = { t1, t2 };

	if (argc < 2 || parse_loop_args(argc, argv, &args)) {
		fprintf(stderr, "usage: %s DIR [threads|procs] [ITERATIONS PAGES]\n", argv[0]);
		return 2;
	}
	make_file(argv[1], "a", 'a', a, sizeof(a));
	make_file(argv[1], "b", 'b', b, sizeof(b));
	if (args.iterations > 0) {
		run_together(tasks, 2, args.procs);
		return 0;
	}
	run_task(t1, args.procs);
	run_task(t2, args.procs);
	/* LINGER_MS: stay a while, so that a recorder reading /proc/PID/maps late still finds them. */
	if (getenv("LINGER_MS") != NULL)
		usleep(1000 * atoi(getenv("LINGER_MS")));
	return 0;
}
