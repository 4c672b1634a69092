/*
 * S5 (a cycle where remap holds the page-cache lock): T1 writes A with O_DIRECT from mmap(B);
 * T2 reflinks A's blocks into B (ioctl FICLONERANGE, B the destination; with `clone`, the
 * whole file with FICLONE, whose source fd is an argument rather than in user memory).
 *
 * One task after the other, so nothing hangs: the verdict is in the lock order. A is the file
 * with the lower inode number (the files are swapped if needed), as docs/design.md §6's
 * fdm-ordered verdict assumes: its fault on B is then a blocking ADD. Prints "reflink: ok",
 * or "reflink: not supported" when the file system has no reflink (ext4: EOPNOTSUPP); any
 * other failure exits 1. T1 keeps its mapping and both keep their fds until the program exits
 * (in the threads form): with LINGER_MS set it stays that long first, so a recorder reading
 * /proc/PID/maps, /proc/PID/fd and the clone range (a static here) late still finds them, and
 * no fd number is reused in between.
 *
 * usage: s5-reflink DIR [threads|procs] [clone]   (creates DIR/a, DIR/b)
 */
#include "dio-from-mmap.h"
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

static char a[4096], b[4096];
static struct file_clone_range range;
static int whole_file;

static void *t1(void *arg)
{
	(void)arg;
	dio_keep_open = 1;
	dio_write_from_mmap(a, b);
	return NULL;
}

static void *t2(void *arg)
{
	int src_fd, dst_fd;

	(void)arg;
	src_fd = open(a, O_RDONLY);
	dst_fd = open(b, O_RDWR);
	if (src_fd < 0 || dst_fd < 0)
		die("open");
	range.src_fd = src_fd;
	range.src_offset = 0;
	range.src_length = FILE_SIZE;
	range.dest_offset = 0;
	if ((whole_file ? ioctl(dst_fd, FICLONE, src_fd) : ioctl(dst_fd, FICLONERANGE, &range)) == 0)
		printf("reflink: ok\n");
	else if (errno == EOPNOTSUPP)
		printf("reflink: not supported\n");
	else
		die(whole_file ? "ioctl FICLONE" : "ioctl FICLONERANGE");
	fflush(stdout);
	return NULL;
}

int main(int argc, char **argv)
{
	struct loop_args args;
	struct stat sa, sb;
	char swap[4096];

	whole_file = argc > 2 && strcmp(argv[argc - 1], "clone") == 0;
	if (argc < 2 || parse_loop_args(argc - whole_file, argv, &args) || args.iterations != 0) {
		fprintf(stderr, "usage: %s DIR [threads|procs] [clone]\n", argv[0]);
		return 2;
	}
	make_file(argv[1], "a", 'a', a, sizeof(a));
	make_file(argv[1], "b", 'b', b, sizeof(b));
	if (stat(a, &sa) || stat(b, &sb))
		die("stat");
	if (sa.st_ino > sb.st_ino) {
		memcpy(swap, a, sizeof(swap));
		memcpy(a, b, sizeof(a));
		memcpy(b, swap, sizeof(b));
	}
	run_task(t1, args.procs);
	run_task(t2, args.procs);
	if (getenv("LINGER_MS") != NULL)
		usleep(1000 * atoi(getenv("LINGER_MS")));
	return 0;
}
