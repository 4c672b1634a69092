/*
 * S2 (AB/BA): T1 writes A with O_DIRECT from mmap(B); then T2 writes B with O_DIRECT from
 * mmap(A). T1 is joined before T2 starts, so nothing hangs: the inversion is in the order,
 * not in this interleaving.
 *
 * usage: s2-abba DIR [procs]   (creates DIR/a, DIR/b; "procs": two processes, else two threads)
 */
#include "dio-from-mmap.h"

static char a[4096], b[4096];

static void *t1(void *arg) { (void)arg; dio_write_from_mmap(a, b); return NULL; }
static void *t2(void *arg) { (void)arg; dio_write_from_mmap(b, a); return NULL; }

int main(int argc, char **argv)
{
	int procs = argc == 3 && strcmp(argv[2], "procs") == 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s DIR [procs]\n", argv[0]);
		return 2;
	}
	make_file(argv[1], "a", 'a', a, sizeof(a));
	make_file(argv[1], "b", 'b', b, sizeof(b));
	run_task(t1, procs);
	run_task(t2, procs);
	return 0;
}
