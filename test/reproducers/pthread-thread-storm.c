// pthread-thread-storm: THREADS short-lived threads started and joined in turn, 64 at a time, by
// the main thread; thread i takes three distinct mutexes of 16 in ascending order (one lock
// order: no deadlock) and releases them. The fork/join shape of a test suite's thread pool
// that a check must replay in little memory.
// Build: gcc -O1 -g -fno-omit-frame-pointer -pthread -o pthread-thread-storm pthread-thread-storm.c
// Usage: pthread-thread-storm [THREADS] (default 32429)
// Prints "pid PID storm" and "threads N".
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define BATCH 64
#define MUTEXES 16

static pthread_mutex_t m[MUTEXES];

static void *body(void *arg) {
  long i = (long)arg;
  // a < b < c < MUTEXES.
  int a = i % (MUTEXES - 2);
  int b = a + 1 + (i / 14) % (MUTEXES - 2 - a);
  int c = b + 1 + (i / 196) % (MUTEXES - 1 - b);
  pthread_mutex_lock(&m[a]);
  pthread_mutex_lock(&m[b]);
  pthread_mutex_lock(&m[c]);
  pthread_mutex_unlock(&m[c]);
  pthread_mutex_unlock(&m[b]);
  pthread_mutex_unlock(&m[a]);
  return NULL;
}

int main(int argc, char **argv) {
  long threads = argc > 1 ? atol(argv[1]) : 32429;
  printf("pid %d storm\n", (int)getpid());
  fflush(stdout);
  for (int i = 0; i < MUTEXES; i++) pthread_mutex_init(&m[i], NULL);
  pthread_t t[BATCH];
  for (long i = 0; i < threads; i += BATCH) {
    int n = threads - i < BATCH ? (int)(threads - i) : BATCH;
    for (int j = 0; j < n; j++) {
      if (pthread_create(&t[j], NULL, body, (void *)(i + j)) != 0) {
        perror("pthread_create");
        return 1;
      }
    }
    for (int j = 0; j < n; j++) pthread_join(t[j], NULL);
  }
  printf("threads %ld\n", threads);
  return 0;
}
