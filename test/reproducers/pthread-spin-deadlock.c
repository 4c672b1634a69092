// pthread-spin-deadlock: a spinlock AB/BA that really deadlocks. Thread 1 takes
// sa, thread 2 takes sb, each tells the other through a pipe, then each asks
// for the other's lock: both spin for ever (two CPUs busy) until the process is
// killed. A recorder that stamps a spin lock's request before the spinning
// still sees both requests.
// usage: pthread-spin-deadlock   (never exits by itself)
// Prints "tid1 TID tid2 TID sa ADDR sb ADDR" once both threads hold their
// first lock.
// Build: gcc -O1 -g -fno-omit-frame-pointer -pthread -o pthread-spin-deadlock pthread-spin-deadlock.c
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_spinlock_t sa, sb;
static long tids[2];
static int held[2]; // each thread writes a byte once it holds its first lock
static int go[2];   // main writes two bytes once both do

// Takes `first`, says so, waits until the other thread holds its own, then asks for `second`.
static void take_both(pthread_spinlock_t *first, pthread_spinlock_t *second) {
  char c;
  pthread_spin_lock(first);
  if (write(held[1], "h", 1) != 1 || read(go[0], &c, 1) != 1) abort();
  pthread_spin_lock(second);
}

static void *take_a_then_b(void *arg) {
  tids[0] = syscall(SYS_gettid);
  take_both(&sa, &sb);
  return arg;
}

static void *take_b_then_a(void *arg) {
  tids[1] = syscall(SYS_gettid);
  take_both(&sb, &sa);
  return arg;
}

int main(void) {
  if (pipe(held) != 0 || pipe(go) != 0) return 2;
  pthread_spin_init(&sa, PTHREAD_PROCESS_PRIVATE);
  pthread_spin_init(&sb, PTHREAD_PROCESS_PRIVATE);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, take_a_then_b, NULL);
  pthread_create(&t2, NULL, take_b_then_a, NULL);
  char c[2];
  if (read(held[0], &c[0], 1) != 1 || read(held[0], &c[1], 1) != 1) return 1;
  printf("tid1 %ld tid2 %ld sa %p sb %p\n", tids[0], tids[1], (void *)&sa, (void *)&sb);
  fflush(stdout);
  if (write(go[1], "gg", 2) != 2) return 1;
  pthread_join(t1, NULL);
  return 0;
}
