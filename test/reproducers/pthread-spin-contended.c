// pthread-spin-contended: THREADS threads take and release one spinlock ROUNDS
// times each, with a little work inside, so that they often find it taken and
// spin (glibc's pthread_spin_lock then retries its `lock decl`).
// usage: pthread-spin-contended THREADS ROUNDS
// Prints "spin ADDR", then "calls N" (lock calls made) and "taken N" (the count
// the lock protected: equal to calls when it excluded every other thread).
// Build: gcc -O1 -g -fno-omit-frame-pointer -pthread -o pthread-spin-contended pthread-spin-contended.c
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static pthread_spinlock_t spin;
static long rounds;
static long taken;

static void pause_ms(long ms) {
  struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
  nanosleep(&ts, NULL);
}

static void *worker(void *arg) {
  for (long r = 0; r < rounds; r++) {
    pthread_spin_lock(&spin);
    taken++;
    for (volatile int i = 0; i < 500; i++) {
    }
    pthread_spin_unlock(&spin);
  }
  return arg;
}

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  int threads = atoi(argv[1]);
  rounds = atol(argv[2]);
  if (threads < 1 || threads > 64 || rounds < 1) return 2;
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  printf("spin %p\n", (void *)&spin);
  fflush(stdout);
  pause_ms(50);
  pthread_t t[64];
  for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
  printf("calls %ld\ntaken %ld\n", threads * rounds, taken);
  fflush(stdout);
  pause_ms(200);
  return 0;
}
