/*
 * S4 (no deadlock: ADD/ADD): T1 writes A with O_DIRECT from mmap(B); T2 writes B through the
 * page cache (a buffered pwrite) from mmap(A).
 *
 * One task after the other, so nothing hangs: the verdict is in the lock order. T2's buffer
 * maps the last quarter of A, apart from the page T1 writes, and both sources' pages are
 * dropped first, so each copy faults its source in. Both keep their fds and mappings until the
 * program exits (in the threads form; a process's go with it): with LINGER_MS set it stays
 * that long first, so a recorder that names files from /proc/PID/maps and /proc/PID/fd late
 * still finds them, and no fd number is reused in between.
 *
 * usage: s4-buffered DIR [threads|procs]   (creates DIR/a, DIR/b)
 */
#include "dio-from-mmap.h"

static char a[4096], b[4096];

static void *t1(void *arg)
{
	(void)arg;
	dio_keep_open = 1;
	dio_write_from_mmap(a, b);
	return NULL;
}

/* One buffered 4 KiB pwrite to page 0 of B from a fresh mapping of A's last quarter. */
static void *t2(void *arg)
{
	const off_t last_quarter = FILE_SIZE / 4 * 3;
	int src_fd, dst_fd;
	void *map;

	(void)arg;
	src_fd = open(a, O_RDONLY);
	dst_fd = open(b, O_WRONLY);
	if (src_fd < 0 || dst_fd < 0)
		die("open");
	if (posix_fadvise(src_fd, 0, 0, POSIX_FADV_DONTNEED))
		die("posix_fadvise");
	map = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, src_fd, last_quarter);
	if (map == MAP_FAILED)
		die("mmap");
	if (pwrite(dst_fd, map, PAGE, 0) != PAGE)
		die("pwrite");
	return NULL;
}

int main(int argc, char **argv)
{
	struct loop_args args;

	if (argc < 2 || parse_loop_args(argc, argv, &args) || args.iterations != 0) {
		fprintf(stderr, "usage: %s DIR [threads|procs]\n", argv[0]);
		return 2;
	}
	make_file(argv[1], "a", 'a', a, sizeof(a));
	make_file(argv[1], "b", 'b', b, sizeof(b));
	run_task(t1, args.procs);
	run_task(t2, args.procs);
	if (getenv("LINGER_MS") != NULL)
		usleep(1000 * atoi(getenv("LINGER_MS")));
	return 0;
}
