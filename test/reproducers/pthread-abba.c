// pthread-abba: a lock-order inversion that never hangs.
// Thread 1 takes lock_a then lock_b; it is joined before thread 2 starts,
// which takes lock_b then lock_a. The two orders never overlap in time, so the
// program always exits; a lock-order checker still sees A->B and B->A.
// Build: gcc -O1 -g -fno-omit-frame-pointer -pthread -o pthread-abba pthread-abba.c
// Prints "tid1 TID tid2 TID lock_a ADDR lock_b ADDR" for tests to check against.
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static long tids[2];

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
  return arg;
}

static void *take_b_then_a(void *arg) {
  tids[1] = syscall(SYS_gettid);
  pthread_mutex_lock(&lock_b);
  pthread_mutex_lock(&lock_a);
  pthread_mutex_unlock(&lock_a);
  pthread_mutex_unlock(&lock_b);
  return arg;
}

int main(void) {
  pthread_t t;
  // Pauses keep the two phases apart and /proc/PID/maps readable while a
  // collector reads it.
  pause_ms(50);
  pthread_create(&t, NULL, take_a_then_b, NULL);
  pthread_join(t, NULL);
  pause_ms(50);
  pthread_create(&t, NULL, take_b_then_a, NULL);
  pthread_join(t, NULL);
  printf("tid1 %ld tid2 %ld lock_a %p lock_b %p\n", tids[0], tids[1], (void *)&lock_a, (void *)&lock_b);
  fflush(stdout);
  pause_ms(200);
  return 0;
}
