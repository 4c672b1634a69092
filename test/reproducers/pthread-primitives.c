// pthread-primitives: one short, never-hanging use of each pthread lock
// primitive and misuse, chosen by the first argument; threads are ordered by
// pipes and joins (not by locks), so every run makes the same lock calls.
// Build: gcc -O1 -g -fno-omit-frame-pointer -pthread -o pthread-primitives pthread-primitives.c
// Usage: pthread-primitives SCENARIO (see SCENARIOS below)
// Prints "pid PID SCENARIO", then "NAME ADDR" for each lock and "tid NAME TID"
// for each thread, for tests to check the recorded events against.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t ma = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t mb = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t sa, sb;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;
static int gate[2]; // a pipe: one thread tells another it may go on

static void check(int ret, int expected, const char *what) {
  if (ret != expected) {
    fprintf(stderr, "%s: expected %s, got %s\n", what, strerror(expected), strerror(ret));
    exit(1);
  }
}

static void show(const char *name, const volatile void *lock) { printf("%s %p\n", name, (const void *)lock); }
static void show_tid(const char *name) { printf("tid %s %ld\n", name, (long)syscall(SYS_gettid)); fflush(stdout); }
static void signal_gate(void) { if (write(gate[1], "g", 1) != 1) abort(); }
static void wait_gate(void) { char c; if (read(gate[0], &c, 1) != 1) abort(); }

static struct timespec in_ms(clockid_t clock, long ms) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  ts.tv_nsec += ms * 1000000L;
  ts.tv_sec += ts.tv_nsec / 1000000000L;
  ts.tv_nsec %= 1000000000L;
  return ts;
}

static void run(void *(*fn)(void *)) {
  pthread_t t;
  check(pthread_create(&t, NULL, fn, NULL), 0, "pthread_create");
  check(pthread_join(t, NULL), 0, "pthread_join");
}

// timedlock: main holds ma; a thread's timed lock of it times out.
static void *timed_waiter(void *arg) {
  show_tid("waiter");
  struct timespec ts = in_ms(CLOCK_REALTIME, 30);
  check(pthread_mutex_timedlock(&ma, &ts), ETIMEDOUT, "pthread_mutex_timedlock");
  ts = in_ms(CLOCK_REALTIME, 30);
  check(pthread_rwlock_timedrdlock(&rw, &ts), ETIMEDOUT, "pthread_rwlock_timedrdlock");
  return arg;
}
static void timedlock(void) {
  pthread_mutex_lock(&ma);
  pthread_rwlock_wrlock(&rw);
  run(timed_waiter);
  pthread_rwlock_unlock(&rw);
  pthread_mutex_unlock(&ma);
}

// clocklock: as timedlock with the CLOCK_MONOTONIC variants; then an uncontended clock lock.
static void *clock_waiter(void *arg) {
  show_tid("waiter");
  struct timespec ts = in_ms(CLOCK_MONOTONIC, 30);
  check(pthread_mutex_clocklock(&ma, CLOCK_MONOTONIC, &ts), ETIMEDOUT, "pthread_mutex_clocklock");
  ts = in_ms(CLOCK_MONOTONIC, 30);
  check(pthread_rwlock_clockwrlock(&rw, CLOCK_MONOTONIC, &ts), ETIMEDOUT, "pthread_rwlock_clockwrlock");
  return arg;
}
static void clocklock(void) {
  pthread_mutex_lock(&ma);
  pthread_rwlock_rdlock(&rw);
  run(clock_waiter);
  pthread_rwlock_unlock(&rw);
  pthread_mutex_unlock(&ma);
  struct timespec ts = in_ms(CLOCK_MONOTONIC, 30);
  check(pthread_mutex_clocklock(&mb, CLOCK_MONOTONIC, &ts), 0, "pthread_mutex_clocklock");
  pthread_mutex_unlock(&mb);
}

// trylock: main holds ma and rw (write); a thread's trylocks of them fail with EBUSY.
static void *try_waiter(void *arg) {
  show_tid("waiter");
  check(pthread_mutex_trylock(&ma), EBUSY, "pthread_mutex_trylock");
  check(pthread_rwlock_tryrdlock(&rw), EBUSY, "pthread_rwlock_tryrdlock");
  check(pthread_rwlock_trywrlock(&rw), EBUSY, "pthread_rwlock_trywrlock");
  check(pthread_mutex_trylock(&mb), 0, "pthread_mutex_trylock");
  pthread_mutex_unlock(&mb);
  return arg;
}
static void trylock(void) {
  pthread_mutex_lock(&ma);
  pthread_rwlock_wrlock(&rw);
  run(try_waiter);
  pthread_rwlock_unlock(&rw);
  pthread_mutex_unlock(&ma);
}

// condwait: a thread waits on cond with ma; main takes ma (only once the thread sleeps in the
// wait, so ma's release inside pthread_cond_wait comes first), signals.
static volatile long waiter_tid;
static void *cond_waiter(void *arg) {
  show_tid("waiter");
  waiter_tid = syscall(SYS_gettid);
  pthread_mutex_lock(&ma);
  signal_gate();
  while (!ready) pthread_cond_wait(&cond, &ma);
  pthread_mutex_unlock(&ma);
  return arg;
}
// Whether thread `tid` of this process is asleep (state S in /proc/self/task/TID/stat).
static int sleeping(long tid) {
  char path[64], line[512];
  snprintf(path, sizeof path, "/proc/self/task/%ld/stat", tid);
  FILE *f = fopen(path, "r");
  if (f == NULL) return 0;
  size_t n = fread(line, 1, sizeof line - 1, f);
  fclose(f);
  line[n] = 0;
  char *end = strrchr(line, ')');
  return end != NULL && end[1] == ' ' && end[2] == 'S';
}
static void condwait(void) {
  pthread_t t;
  check(pthread_create(&t, NULL, cond_waiter, NULL), 0, "pthread_create");
  wait_gate();
  while (!sleeping(waiter_tid)) usleep(1000);
  pthread_mutex_lock(&ma);
  ready = 1;
  pthread_cond_signal(&cond);
  pthread_mutex_unlock(&ma);
  check(pthread_join(t, NULL), 0, "pthread_join");
}

// recursive: a recursive mutex (from an attr) and a statically initialised one, each re-locked.
static void recursive(void) {
  static pthread_mutex_t rs = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
  pthread_mutex_t r;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&r, &attr);
  show("r", &r);
  show("rs", &rs);
  pthread_mutex_lock(&r);
  pthread_mutex_lock(&r);
  pthread_mutex_unlock(&r);
  pthread_mutex_unlock(&r);
  pthread_mutex_lock(&rs);
  pthread_mutex_lock(&rs);
  pthread_mutex_unlock(&rs);
  pthread_mutex_unlock(&rs);
  pthread_mutex_destroy(&r);
}

// rdreenter: the default (reader-preferring) rwlock read-locked twice; a writer-preferring one
// (PREFER_WRITER_NONRECURSIVE, from an attr) locked for reading once.
static void rdreenter(void) {
  pthread_rwlock_t w;
  pthread_rwlockattr_t attr;
  pthread_rwlockattr_init(&attr);
  pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
  pthread_rwlock_init(&w, &attr);
  show("w", &w);
  pthread_rwlock_rdlock(&rw);
  pthread_rwlock_rdlock(&rw);
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_rdlock(&w);
  pthread_rwlock_unlock(&w);
  pthread_rwlock_destroy(&w);
}

// reinit: m1 then m2; m1 destroyed and initialised again (an errorcheck, robust mutex at the
// same address); then m2 then m1: not an inversion, the first m1 is gone.
static void reinit(void) {
  pthread_mutex_t m1, m2;
  pthread_mutex_init(&m1, NULL);
  pthread_mutex_init(&m2, NULL);
  show("m1", &m1);
  show("m2", &m2);
  pthread_mutex_lock(&m1);
  pthread_mutex_lock(&m2);
  pthread_mutex_unlock(&m2);
  pthread_mutex_unlock(&m1);
  pthread_mutex_destroy(&m1);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&m1, &attr);
  pthread_mutex_lock(&m2);
  pthread_mutex_lock(&m1);
  pthread_mutex_unlock(&m1);
  pthread_mutex_unlock(&m2);
  pthread_mutex_destroy(&m1);
  pthread_mutex_destroy(&m2);
}

// exitheld: a thread takes ma and exits holding it; main then waits for ma, with a timeout.
static void *take_and_exit(void *arg) {
  show_tid("holder");
  pthread_mutex_lock(&ma);
  return arg;
}
static void exitheld(void) {
  run(take_and_exit);
  struct timespec ts = in_ms(CLOCK_REALTIME, 30);
  check(pthread_mutex_timedlock(&ma, &ts), ETIMEDOUT, "pthread_mutex_timedlock");
}

// joinabba: a thread takes ma then mb; once it is joined another takes mb then ma.
static void *take_ab(void *arg) { show_tid("ab"); pthread_mutex_lock(&ma); pthread_mutex_lock(&mb); pthread_mutex_unlock(&mb); pthread_mutex_unlock(&ma); return arg; }
static void *take_ba(void *arg) { show_tid("ba"); pthread_mutex_lock(&mb); pthread_mutex_lock(&ma); pthread_mutex_unlock(&ma); pthread_mutex_unlock(&mb); return arg; }
static void joinabba(void) {
  run(take_ab);
  run(take_ba);
}

// spinabba: spinlocks sa and sb, taken in both orders by two threads (one after the other),
// then each taken by trylock; both destroyed.
static void *spin_ab(void *arg) { show_tid("ab"); pthread_spin_lock(&sa); pthread_spin_lock(&sb); pthread_spin_unlock(&sb); pthread_spin_unlock(&sa); return arg; }
static void *spin_ba(void *arg) { show_tid("ba"); pthread_spin_lock(&sb); pthread_spin_lock(&sa); pthread_spin_unlock(&sa); pthread_spin_unlock(&sb); return arg; }
static void spinabba(void) {
  pthread_spin_init(&sa, PTHREAD_PROCESS_PRIVATE);
  pthread_spin_init(&sb, PTHREAD_PROCESS_PRIVATE);
  show("sa", &sa);
  show("sb", &sb);
  run(spin_ab);
  run(spin_ba);
  check(pthread_spin_trylock(&sa), 0, "pthread_spin_trylock");
  check(pthread_spin_trylock(&sa), EBUSY, "pthread_spin_trylock");
  pthread_spin_unlock(&sa);
  pthread_spin_destroy(&sa);
  pthread_spin_destroy(&sb);
}

static const struct { const char *name; void (*fn)(void); } SCENARIOS[] = {
  { "timedlock", timedlock }, { "clocklock", clocklock }, { "trylock", trylock }, { "condwait", condwait },
  { "recursive", recursive }, { "rdreenter", rdreenter }, { "reinit", reinit }, { "exitheld", exitheld },
  { "joinabba", joinabba }, { "spinabba", spinabba },
};

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  if (pipe(gate) != 0) return 1;
  for (size_t i = 0; i < sizeof SCENARIOS / sizeof SCENARIOS[0]; i++) {
    if (strcmp(argv[1], SCENARIOS[i].name) != 0) continue;
    printf("pid %d %s\n", getpid(), argv[1]);
    show("ma", &ma);
    show("mb", &mb);
    show("rw", &rw);
    fflush(stdout);
    SCENARIOS[i].fn();
    fflush(stdout);
    return 0;
  }
  fprintf(stderr, "unknown scenario %s\n", argv[1]);
  return 2;
}
