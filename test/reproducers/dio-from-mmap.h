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

enum { PAGE = 4096, FILE_SIZE = 16 * PAGE };

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
	close(dst_fd);
	munmap(map, PAGE);
	close(src_fd);
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
