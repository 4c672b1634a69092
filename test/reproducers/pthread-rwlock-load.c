// pthread-rwlock-load: ten threads each take one shared rwlock 1,000 times
// for reading and 1,000 times for writing (lock + unlock each), 40,000 lock
// calls in all, as fast as they can: the load a recording must keep whole.
// Build: gcc -O1 -g -fno-omit-frame-pointer -pthread -o pthread-rwlock-load pthread-rwlock-load.c
// Usage: pthread-rwlock-load [THREADS [ROUNDS]] (default 10 1000)
// Prints "pid PID load", "shared ADDR" and "calls N" (the rdlock, wrlock and unlock calls
// made) for tests to check against.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_rwlock_t shared = PTHREAD_RWLOCK_INITIALIZER;
static long rounds = 1000;
static volatile long counter;

static void *hammer(void *arg) {
  for (long i = 0; i < rounds; i++) {
    pthread_rwlock_rdlock(&shared);
    (void)counter;
    pthread_rwlock_unlock(&shared);
    pthread_rwlock_wrlock(&shared);
    counter++;
    pthread_rwlock_unlock(&shared);
  }
  return arg;
}

int main(int argc, char **argv) {
  long threads = argc > 1 ? atol(argv[1]) : 10;
  if (argc > 2) rounds = atol(argv[2]);
  if (threads < 1 || threads > 64 || rounds < 1) return 2;
  printf("pid %d load\nshared %p\n", getpid(), (void *)&shared);
  fflush(stdout);
  pthread_t t[64];
  for (long i = 0; i < threads; i++) if (pthread_create(&t[i], NULL, hammer, NULL) != 0) abort();
  for (long i = 0; i < threads; i++) pthread_join(t[i], NULL);
  printf("calls %ld\n", threads * rounds * 4);
  return counter == threads * rounds ? 0 : 1;
}
