// pthread-ordered: two threads that take two locks in the same order.
// The same shape as pthread-abba (both threads created first, thread 2 waits
// on a pipe that thread 1 writes when done), but both take lock_a then
// lock_b: one lock order only; a lock-order checker must report nothing.
// Build: gcc -O1 -g -fno-omit-frame-pointer -pthread -o pthread-ordered pthread-ordered.c
// Prints "tid1 TID tid2 TID lock_a ADDR lock_b ADDR" for tests to check against.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static long tids[2];
static int turn[2]; // pipe: thread 1 writes one byte when it is done

static void pause_ms(long ms) {
  struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
  nanosleep(&ts, NULL);
}

static void *take_a_then_b(void *arg) {
  tids[0] = syscall(SYS_gettid);
  pthread_mutex_lock(&lock_a);
  pthread_mutex_lock(&lock_b);
  pthread_mutex_unlock(&lock_b);
  pthread_mutex_unlock(&lock_a);
  if (write(turn[1], "g", 1) != 1) abort();
  return arg;
}

static void *take_a_then_b_again(void *arg) {
  tids[1] = syscall(SYS_gettid);
  char go;
  if (read(turn[0], &go, 1) != 1) abort();
  pthread_mutex_lock(&lock_a);
  pthread_mutex_lock(&lock_b);
  pthread_mutex_unlock(&lock_b);
  pthread_mutex_unlock(&lock_a);
  return arg;
}

int main(void) {
  pthread_t t1, t2;
  if (pipe(turn) != 0) return 1;
  // The pause keeps /proc/PID/maps readable for a collector that attached at
  // start, and the one at the end keeps it there while the last events are read.
  pause_ms(50);
  pthread_create(&t1, NULL, take_a_then_b, NULL);
  pthread_create(&t2, NULL, take_a_then_b_again, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("tid1 %ld tid2 %ld lock_a %p lock_b %p\n", tids[0], tids[1], (void *)&lock_a, (void *)&lock_b);
  fflush(stdout);
  pause_ms(200);
  return 0;
}
