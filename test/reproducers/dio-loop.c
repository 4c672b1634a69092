// dio-loop: N O_DIRECT pwrites of 4 KiB to one file, timed.
// Usage: dio-loop DIR [N]   (N defaults to 10000)
// Writes DIR/dio-loop.dat (4 KiB aligned buffer, offsets cycling over 1 MiB),
// then prints "ITERATIONS ELAPSED_NS" on stdout. Exit 1 on any error: the
// file system under DIR must support O_DIRECT (tmpfs does not).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { BLOCK = 4096, SPAN_BLOCKS = 256 };

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: dio-loop DIR [N]\n");
    return 1;
  }
  long n = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
  char path[4096];
  snprintf(path, sizeof path, "%s/dio-loop.dat", argv[1]);
  int fd = open(path, O_CREAT | O_WRONLY | O_DIRECT, 0644);
  if (fd < 0) {
    perror(path);
    return 1;
  }
  void *buf;
  if (posix_memalign(&buf, BLOCK, BLOCK) != 0) return 1;
  memset(buf, 'f', BLOCK);
  long long start = now_ns();
  for (long i = 0; i < n; i++) {
    if (pwrite(fd, buf, BLOCK, (off_t)(i % SPAN_BLOCKS) * BLOCK) != BLOCK) {
      perror("pwrite");
      return 1;
    }
  }
  long long elapsed = now_ns() - start;
  close(fd);
  printf("%ld %lld\n", n, elapsed);
  return 0;
}
