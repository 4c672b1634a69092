/*
 * S1 (AA): one task writes page 0 of file A with O_DIRECT from a fresh mmap of page 0 of A.
 * The DIO faults the very range it writes: under a page-cache lock held across the DIO,
 * the task would wait for itself.
 *
 * usage: s1-aa DIR      (creates DIR/a)
 */
#include "dio-from-mmap.h"

int main(int argc, char **argv)
{
	char a[4096];

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	make_file(argv[1], "a", 'a', a, sizeof(a));
	dio_write_from_mmap(a, a);
	return 0;
}
