// pthread-abba: a lock-order inversion that never hangs.
// Both threads are created before either takes a lock, so they could run
// concurrently; thread 2 first waits on a pipe read that thread 1 writes once
// it has released A and B (a pipe, not a mutex or condvar, so no lock event
// orders them). Thread 1 takes lock_a then lock_b, thread 2 lock_b then
// lock_a: the two orders never overlap in time, so the program always exits,
// and a thread-aware lock-order checker still sees A->B and B->A.
// Build: gcc -O1 -g -fno-omit-frame-pointer -pthread -o pthread-abba pthread-abba.c
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

// Thread 2: B then A (the inversion), or A then B when built as pthread-ordered.c.
#ifdef SAME_ORDER
#define FIRST lock_a
#define SECOND lock_b
#else
#define FIRST lock_b
#define SECOND lock_a
#endif
static void *take_second_pair(void *arg) {
  tids[1] = syscall(SYS_gettid);
  char go;
  if (read(turn[0], &go, 1) != 1) abort();
  pthread_mutex_lock(&FIRST);
  pthread_mutex_lock(&SECOND);
  pthread_mutex_unlock(&SECOND);
  pthread_mutex_unlock(&FIRST);
  return arg;
}

int main(void) {
  pthread_t t1, t2;
  if (pipe(turn) != 0) return 1;
  // The pause keeps /proc/PID/maps readable for a collector that attached at
  // start, and the one at the end keeps it there while the last events are read.
  pause_ms(50);
  pthread_create(&t1, NULL, take_a_then_b, NULL);
  pthread_create(&t2, NULL, take_second_pair, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("tid1 %ld tid2 %ld lock_a %p lock_b %p\n", tids[0], tids[1], (void *)&lock_a, (void *)&lock_b);
  fflush(stdout);
  pause_ms(200);
  return 0;
}
