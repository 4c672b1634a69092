// two-writers: two processes, each making N 4 KiB O_DIRECT writes to its own file from a shared
// mmap of the other's file (A from mmap(B), B from mmap(A)), concurrently; timed.
// Usage: two-writers DIR [N]   (N per process, default 10000)
// Writes DIR/tw-a and DIR/tw-b (1 MiB each), then prints "WRITES ELAPSED_NS" on stdout (WRITES
// of both processes together). Exit 1 on any error: DIR must support O_DIRECT (not tmpfs).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { BLOCK = 4096, SPAN_BLOCKS = 256, SIZE = BLOCK * SPAN_BLOCKS };

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void make(const char *path, char fill) {
  static char data[SIZE];
  int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
  memset(data, fill, sizeof data);
  if (fd < 0 || write(fd, data, sizeof data) != (ssize_t)sizeof data || fsync(fd) != 0) {
    perror(path);
    exit(1);
  }
  close(fd);
}

// N O_DIRECT writes to `to` from a shared mapping of `from`.
static int writer(const char *to, const char *from, long n) {
  int fd = open(to, O_WRONLY | O_DIRECT);
  int src = open(from, O_RDONLY);
  if (fd < 0 || src < 0) {
    perror("open");
    return 1;
  }
  char *map = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, src, 0);
  if (map == MAP_FAILED) {
    perror("mmap");
    return 1;
  }
  for (long i = 0; i < n; i++) {
    off_t block = (off_t)(i % SPAN_BLOCKS) * BLOCK;
    if (pwrite(fd, map + block, BLOCK, block) != BLOCK) {
      perror("pwrite");
      return 1;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: two-writers DIR [N]\n");
    return 1;
  }
  long n = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
  char a[4096], b[4096];
  snprintf(a, sizeof a, "%s/tw-a", argv[1]);
  snprintf(b, sizeof b, "%s/tw-b", argv[1]);
  make(a, 'a');
  make(b, 'b');
  long long start = now_ns();
  pid_t kids[2];
  for (int k = 0; k < 2; k++) {
    kids[k] = fork();
    if (kids[k] < 0) {
      perror("fork");
      return 1;
    }
    if (kids[k] == 0) _exit(writer(k == 0 ? a : b, k == 0 ? b : a, n));
  }
  int failed = 0;
  for (int k = 0; k < 2; k++) {
    int status;
    if (waitpid(kids[k], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = 1;
  }
  if (failed) return 1;
  printf("%ld %lld\n", 2 * n, now_ns() - start);
  return 0;
}
