// pthread-cxx: C++ standard locks, which libstdc++ builds on libc's pthread calls:
// std::mutex (pthread_mutex_lock/unlock), std::recursive_mutex re-locked,
// std::shared_mutex read-locked twice then written (pthread_rwlock_*), and a
// std::timed_mutex whose try_lock_for times out (pthread_mutex_clocklock or
// timedlock) while another thread holds it.
// Build: g++ -O1 -g -fno-omit-frame-pointer -pthread -o pthread-cxx pthread-cxx.cpp
// Prints "pid PID cxx", then "NAME ADDR" for each lock, for tests to check against.
#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <thread>

static std::mutex plain;
static std::recursive_mutex recursive;
static std::shared_mutex shared;
static std::timed_mutex timed;

int main() {
  std::printf("pid %d cxx\nplain %p\nrecursive %p\nshared %p\ntimed %p\n", getpid(),
              static_cast<void *>(&plain), static_cast<void *>(&recursive),
              static_cast<void *>(&shared), static_cast<void *>(&timed));
  std::fflush(stdout);
  { std::lock_guard<std::mutex> hold(plain); }
  {
    std::lock_guard<std::recursive_mutex> outer(recursive);
    std::lock_guard<std::recursive_mutex> inner(recursive);
  }
  {
    std::shared_lock<std::shared_mutex> first(shared);
    std::shared_lock<std::shared_mutex> second(shared);
  }
  { std::unique_lock<std::shared_mutex> write(shared); }
  timed.lock();
  bool took = true;
  std::thread waiter([&took] { took = timed.try_lock_for(std::chrono::milliseconds(30)); });
  waiter.join();
  timed.unlock();
  return took ? 1 : 0;
}
