// pthread-ordered: two threads that take two locks in the same order.
// pthread-abba with thread 2 taking lock_a then lock_b too (both threads created first, thread 2
// waits on a pipe that thread 1 writes when done): one lock order only; a lock-order checker
// must report nothing.
// Build: gcc -O1 -g -fno-omit-frame-pointer -pthread -o pthread-ordered pthread-ordered.c
#define SAME_ORDER 1
#include "pthread-abba.c"
