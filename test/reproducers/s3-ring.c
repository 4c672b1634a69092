/*
 * S3 (ring of three): T1 writes A from mmap(B), T2 writes B from mmap(C), T3 writes C from
 * mmap(A), all with O_DIRECT, one after the other, so nothing hangs.
 *
 * usage: s3-ring DIR [procs]   (creates DIR/a, DIR/b, DIR/c; "procs": processes, else threads)
 */
#include "dio-from-mmap.h"

static char a[4096], b[4096], c[4096];

static void *t1(void *arg) { (void)arg; dio_write_from_mmap(a, b); return NULL; }
static void *t2(void *arg) { (void)arg; dio_write_from_mmap(b, c); return NULL; }
static void *t3(void *arg) { (void)arg; dio_write_from_mmap(c, a); return NULL; }

int main(int argc, char **argv)
{
	int procs = argc == 3 && strcmp(argv[2], "procs") == 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s DIR [procs]\n", argv[0]);
		return 2;
	}
	make_file(argv[1], "a", 'a', a, sizeof(a));
	make_file(argv[1], "b", 'b', b, sizeof(b));
	make_file(argv[1], "c", 'c', c, sizeof(c));
	run_task(t1, procs);
	run_task(t2, procs);
	run_task(t3, procs);
	return 0;
}
