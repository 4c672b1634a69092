/*
 * Shared by the faultline reproducers: make a file, and write one page of it with O_DIRECT
 * from a fresh, untouched mmap of another (or the same) file whose page cache was dropped,
 * so the kernel faults the source page in (mm_filemap_fault) inside the DIO
 * (between iomap_dio_rw_begin and iomap_dio_complete).
 */
#ifndef FAULTLINE_DIO_FROM_MMAP_H
#define FAULTLINE_DIO_FROM_MMAP_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

enum { PAGE = 4096, FILE_SIZE = 64 * PAGE };

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* dir/name, FILE_SIZE bytes of `fill`, on disk, not in the page cache. */
static void make_file(const char *dir, const char *name, char fill, char *path, size_t path_size)
{
	static char data[FILE_SIZE];
	int fd;

	snprintf(path, path_size, "%s/%s", dir, name);
	fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0)
		die(path);
	memset(data, fill, sizeof(data));
	if (write(fd, data, sizeof(data)) != (ssize_t)sizeof(data))
		die("write");
	if (fsync(fd))
		die("fsync");
	if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED))
		die("posix_fadvise");
	close(fd);
}

/*
 * Set by a reproducer: dio_write_from_mmap keeps its mapping and both fds until the process
 * exits, so a recorder that names a mapping from /proc when it reads the mmap finds it still
 * mapped, and no later open reuses the fd numbers (a reused fd would name the newer file).
 */
static int dio_keep_open;

/* One 4 KiB O_DIRECT pwrite to page 0 of `dst` from page 0 of a fresh mmap of `src`. */
static void dio_write_from_mmap(const char *dst, const char *src)
{
	int dst_fd, src_fd;
	void *map;

	src_fd = open(src, O_RDONLY);
	if (src_fd < 0)
		die(src);
	/* Drop the source's cached pages so the copy below must fault them in. */
	if (posix_fadvise(src_fd, 0, 0, POSIX_FADV_DONTNEED))
		die("posix_fadvise");
	map = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, src_fd, 0);
	if (map == MAP_FAILED)
		die("mmap");
	dst_fd = open(dst, O_WRONLY | O_DIRECT);
	if (dst_fd < 0)
		die(dst);
	if (pwrite(dst_fd, map, PAGE, 0) != PAGE)
		die("pwrite");
	if (dio_keep_open)
		return;
	close(dst_fd);
	munmap(map, PAGE);
	close(src_fd);
}

/*
 * The concurrent form: `iterations` O_DIRECT pwrites of `pages` pages (1..8) to the start of
 * `dst`, each from a mapping of the last quarter of `src` whose pages were dropped first, so
 * every write faults `src` in inside its DIO. The written range stays apart from any range
 * another task maps, beyond the fault's read-around (32 pages centred on the fault by default):
 * no page-cache coherency hazard, only the lock order.
 */
static inline void dio_loop_from_mmap(const char *dst, const char *src, long iterations, long pages)
{
	const off_t last_quarter = FILE_SIZE / 4 * 3;
	size_t len = (size_t)pages * PAGE;
	int dst_fd, src_fd;
	void *map;
	long i;

	if (pages < 1 || pages > 8) {
		fprintf(stderr, "pages must be 1..8\n");
		exit(2);
	}
	src_fd = open(src, O_RDONLY);
	dst_fd = open(dst, O_WRONLY | O_DIRECT);
	if (src_fd < 0 || dst_fd < 0)
		die("open");
	/* One mapping for the whole loop: an address reused by another thread's mapping would make
	 * the recorder's /proc/PID/maps lookup name the wrong file. */
	map = mmap(NULL, len, PROT_READ, MAP_SHARED, src_fd, last_quarter);
	if (map == MAP_FAILED)
		die("mmap");
	/* Read ahead forward only: a fault's read-around (read_ahead_kb is 8 MiB on some disks)
	 * would bring pages of the range another task writes into the page cache. */
	if (madvise(map, len, MADV_SEQUENTIAL))
		die("madvise");
	for (i = 0; i < iterations; i++) {
		/* Unmap the pages from this mm, then drop them from the page cache. */
		if (madvise(map, len, MADV_DONTNEED) || posix_fadvise(src_fd, last_quarter, (off_t)len, POSIX_FADV_DONTNEED))
			die("madvise/posix_fadvise");
		if (pwrite(dst_fd, map, len, 0) != (ssize_t)len)
			die("pwrite");
	}
	munmap(map, len);
	close(dst_fd);
	close(src_fd);
}

/* The concurrent form's arguments: [threads|procs] ITERATIONS PAGES after DIR. */
struct loop_args {
	int procs;
	long iterations;
	long pages;
};

/*
 * Reads argv[2..] as "[procs|threads] [ITERATIONS PAGES]"; iterations is 0 for the one-shot
 * form. Returns 0, or -1 on a usage error.
 */
static inline int parse_loop_args(int argc, char **argv, struct loop_args *out)
{
	int i = 2;

	out->procs = 0;
	out->iterations = 0;
	out->pages = 1;
	if (i < argc && (strcmp(argv[i], "procs") == 0 || strcmp(argv[i], "threads") == 0))
		out->procs = strcmp(argv[i++], "procs") == 0;
	if (i == argc)
		return 0;
	if (argc - i != 2)
		return -1;
	out->iterations = strtol(argv[i], NULL, 10);
	out->pages = strtol(argv[i + 1], NULL, 10);
	return out->iterations > 0 && out->pages > 0 ? 0 : -1;
}

/*
 * Runs the n functions at once, as threads or as child processes, released together by a pipe
 * closing (every task blocks reading it until all exist), and waits for them all.
 */
static inline void run_together(void *(**fns)(void *), int n, int as_process)
{
	pthread_t threads[8];
	pid_t pids[8];
	int go[2], status, err, i;
	char c;

	if (n > 8 || pipe(go))
		die("run_together");
	for (i = 0; i < n; i++) {
		if (!as_process) {
			err = pthread_create(&threads[i], NULL, fns[i], &go[0]);
			if (err) {
				errno = err;
				die("pthread_create");
			}
			continue;
		}
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork");
		if (pids[i] == 0) {
			close(go[1]);
			if (read(go[0], &c, 1) < 0)
				die("read");
			fns[i](NULL);
			_exit(0);
		}
	}
	close(go[1]);
	for (i = 0; i < n; i++) {
		if (!as_process) {
			pthread_join(threads[i], NULL);
			continue;
		}
		if (waitpid(pids[i], &status, 0) < 0)
			die("waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			exit(1);
	}
	close(go[0]);
}

/* In a task of run_together: block until every task exists (arg is the pipe's read end, or NULL in a child). */
static inline void wait_for_go(void *arg)
{
	char c;

	if (arg != NULL && read(*(int *)arg, &c, 1) < 0)
		die("read");
}

/* Runs fn to completion in a new thread, or in a child process when as_process. */
static inline void run_task(void *(*fn)(void *), int as_process)
{
	pthread_t thread;
	pid_t pid;
	int status, err;

	if (!as_process) {
		err = pthread_create(&thread, NULL, fn, NULL);
		if (err) {
			errno = err;
			die("pthread_create");
		}
		pthread_join(thread, NULL);
		return;
	}
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		fn(NULL);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		exit(1);
}

#endif
