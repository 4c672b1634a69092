// pthread-spin-abba: a spinlock order inversion that never hangs.
// Two threads, created before either takes a lock (so they could run at once),
// take turns through pipes (no lock orders them): thread 1 takes sa then sb,
// thread 2 then takes sb then sa. The two orders never overlap in time, so the
// program always exits, and a lock-order checker still sees sa->sb and sb->sa.
// usage: pthread-spin-abba [ROUNDS]   ROUNDS rounds (default 1); 0: a round
//        every 20 ms until killed (for recorders that attach to it).
// Prints "tid1 TID tid2 TID sa ADDR sb ADDR" once both threads run, before the
// first round.
// Build: gcc -O1 -g -fno-omit-frame-pointer -pthread -o pthread-spin-abba pthread-spin-abba.c
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_spinlock_t sa, sb;
static long tids[2];
static long rounds = 1;
static int started[2]; // each thread writes a byte once it runs
static int go_ba[2];   // thread 1 -> thread 2: your turn
static int go_ab[2];   // thread 2 -> thread 1: your turn (and main -> thread 1 at first)

static void pause_ms(long ms) {
  struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
  nanosleep(&ts, NULL);
}

static void put(int fd) { if (write(fd, "g", 1) != 1) abort(); }
static void take(int fd) { char c; if (read(fd, &c, 1) != 1) abort(); }

static void *take_a_then_b(void *arg) {
  tids[0] = syscall(SYS_gettid);
  put(started[1]);
  for (long r = 0; rounds == 0 || r < rounds; r++) {
    take(go_ab[0]);
    if (rounds == 0) pause_ms(20);
    pthread_spin_lock(&sa);
    pthread_spin_lock(&sb);
    pthread_spin_unlock(&sb);
    pthread_spin_unlock(&sa);
    put(go_ba[1]);
  }
  return arg;
}

static void *take_b_then_a(void *arg) {
  tids[1] = syscall(SYS_gettid);
  put(started[1]);
  for (long r = 0; rounds == 0 || r < rounds; r++) {
    take(go_ba[0]);
    pthread_spin_lock(&sb);
    pthread_spin_lock(&sa);
    pthread_spin_unlock(&sa);
    pthread_spin_unlock(&sb);
    put(go_ab[1]);
  }
  return arg;
}

int main(int argc, char **argv) {
  if (argc > 1) rounds = atol(argv[1]);
  if (rounds < 0 || pipe(started) != 0 || pipe(go_ab) != 0 || pipe(go_ba) != 0) return 2;
  pthread_spin_init(&sa, PTHREAD_PROCESS_PRIVATE);
  pthread_spin_init(&sb, PTHREAD_PROCESS_PRIVATE);
  // The pause keeps /proc/PID/maps readable for a collector that attached at
  // start, and the one at the end keeps it there while the last events are read.
  pause_ms(50);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, take_a_then_b, NULL);
  pthread_create(&t2, NULL, take_b_then_a, NULL);
  take(started[0]);
  take(started[0]);
  printf("tid1 %ld tid2 %ld sa %p sb %p\n", tids[0], tids[1], (void *)&sa, (void *)&sb);
  fflush(stdout);
  put(go_ab[1]);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  pause_ms(200);
  return 0;
}
