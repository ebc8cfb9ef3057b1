// _Thread_local/__thread (one thread: static storage), _Atomic as a qualifier and as
// _Atomic(T), and <stdatomic.h> operations with their sequential meaning.
#include <stdio.h>
#include <stdatomic.h>
_Thread_local int counter = 5;
static __thread int hidden;
_Atomic int hits;
_Atomic(long) total = 10;
int next(void) { static _Thread_local int calls; return ++calls; }
static int first(void) {
    counter++; hidden += 2; hits++; total += hits;
    next(); next();
    _Atomic(int) *p = &hits;
    printf("%d %d %d %ld %d %d %zu\n", counter, hidden, hits, total, next(), *p, sizeof(_Atomic(short)));
    return 0;
}
atomic_int counter2 = ATOMIC_VAR_INIT(0);
static atomic_flag lock = ATOMIC_FLAG_INIT;
int main(void) {
    first();
    atomic_long total;
    atomic_init(&total, 5);
    int arr[3] = {0, 0, 0}; int i = 0;
    atomic_fetch_add(&counter2, 3);
    int old = atomic_fetch_sub(&counter2, 1);
    long prev = atomic_exchange(&total, 40L);
    int expected = 2;
    _Bool ok = atomic_compare_exchange_strong(&counter2, &expected, 10);
    int exp2 = 7;
    _Bool ok2 = atomic_compare_exchange_weak(&counter2, &exp2, 11);
    atomic_fetch_add(&arr[i++], 1);
    _Bool was = atomic_flag_test_and_set(&lock), now = atomic_flag_test_and_set(&lock);
    atomic_flag_clear(&lock);
    atomic_thread_fence(memory_order_seq_cst);
    printf("%d %d %ld %ld %d %d %d %d %d %d %d %d\n", atomic_load(&counter2), old, prev, atomic_load_explicit(&total, memory_order_relaxed), ok, ok2, exp2, arr[0], arr[1], i, was, now);
    return 0;
}
