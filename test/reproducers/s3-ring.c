/*
 * S3 (ring of three): T1 writes A from mmap(B), T2 writes B from mmap(C), T3 writes C from
 * mmap(A), all with O_DIRECT.
 *
 * One-shot form: one after the other, so nothing hangs. Concurrent form (ITERATIONS PAGES
 * given): the three loop at once, ITERATIONS writes of PAGES pages each (1..8).
 *
 * usage: s3-ring DIR [threads|procs] [ITERATIONS PAGES]   (creates DIR/a, DIR/b, DIR/c)
 */
#include "dio-from-mmap.h"

static char a[4096], b[4096], c[4096];
static struct loop_args args;

static void write_from(const char *dst, const char *src, void *arg)
{
	wait_for_go(arg);
	if (args.iterations > 0)
		dio_loop_from_mmap(dst, src, args.iterations, args.pages);
	else
		dio_write_from_mmap(dst, src);
}

static void *t1(void *arg) { write_from(a, b, arg); return NULL; }
static void *t2(void *arg) { write_from(b, c, arg); return NULL; }
static void *t3(void *arg) { write_from(c, a, arg); return NULL; }

int main(int argc, char **argv)
{
	void *(*tasks[])(void *) = { t1, t2, t3 };

	if (argc < 2 || parse_loop_args(argc, argv, &args)) {
		fprintf(stderr, "usage: %s DIR [threads|procs] [ITERATIONS PAGES]\n", argv[0]);
		return 2;
	}
	make_file(argv[1], "a", 'a', a, sizeof(a));
	make_file(argv[1], "b", 'b', b, sizeof(b));
	make_file(argv[1], "c", 'c', c, sizeof(c));
	if (args.iterations > 0) {
		run_together(tasks, 3, args.procs);
		return 0;
	}
	run_task(t1, args.procs);
	run_task(t2, args.procs);
	run_task(t3, args.procs);
	return 0;
}
