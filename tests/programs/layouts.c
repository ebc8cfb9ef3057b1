/* Struct and union layouts (sizes, offsets, alignments) as gcc computes them on x86-64. */
#include <stdio.h>
#include <stddef.h>
struct a { char c; long l; char d; };
struct b { char c[3]; short s; };
struct c { double d; char c; };
struct d { char c; struct b inner; int i; };
union e { char c[5]; int i; };
struct f { int n; char data[]; };
struct g { char c; union e u; double d[2]; };
struct h { short s; char *p; char c; };
typedef struct { int x[3][4]; char tail; } T;
int main(void) {
  printf("%zu %zu %zu %zu %zu %zu %zu %zu %zu\n", sizeof(struct a), sizeof(struct b), sizeof(struct c), sizeof(struct d), sizeof(union e), sizeof(struct f), sizeof(struct g), sizeof(struct h), sizeof(T));
  printf("%zu %zu %zu %zu %zu %zu\n", offsetof(struct a, d), offsetof(struct d, inner), offsetof(struct d, i), offsetof(struct g, d), offsetof(struct h, c), offsetof(T, tail));
  printf("%zu %zu %zu %zu\n", _Alignof(struct a), _Alignof(struct b), _Alignof(union e), _Alignof(T));
  return 0;
}
