/* A dynamic array that grows with realloc, the way a vector does.
   cmem shows: a clean run. Keep a pointer to an element across a push that makes realloc
   move the block, and cmem reports `use-after-free` with the realloc that freed it. */
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    int *data;
    size_t len;
    size_t cap;
} Vec;

static void vec_push(Vec *v, int x)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4;
        int *p = realloc(v->data, cap * sizeof *p);
        if (p == NULL) {
            exit(1);
        }
        v->data = p;
        v->cap = cap;
    }
    v->data[v->len++] = x;
}

int main(void)
{
    Vec v = {NULL, 0, 0};
    long sum = 0;

    for (int i = 0; i < 100; i++) {
        vec_push(&v, i);
    }
    for (size_t i = 0; i < v.len; i++) {
        sum += v.data[i];
    }
    printf("len %zu cap %zu sum %ld\n", v.len, v.cap, sum);
    free(v.data);
    return 0;
}
