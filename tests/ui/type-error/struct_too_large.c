/* A struct whose size would pass SIZE_MAX is an error at its definition (it wrapped to a
 * small number once). */
#include <stdio.h>

struct s0 { char x[1 << 30]; char y[1 << 30]; char z[1 << 30]; };
struct s1 { struct s0 p, q, r, s; };
struct s2 { struct s1 p, q, r, s; };
struct s3 { struct s2 p, q, r, s; };
struct s4 { struct s3 p, q, r, s; };
struct s5 { struct s4 p, q, r, s; };
struct s6 { struct s5 p, q, r, s; };
struct s7 { struct s6 p, q, r, s; };
struct s8 { struct s7 p, q, r, s; };
struct s9 { struct s8 p, q, r, s; };
struct s10 { struct s9 p, q, r, s; };
struct s11 { struct s10 p, q, r, s; };
struct s12 { struct s11 p, q, r, s; };
struct s13 { struct s12 p, q, r, s; };
struct s14 { struct s13 p, q, r, s; };
struct s15 { struct s14 p, q, r, s; };
struct s16 { struct s15 p, q, r, s; }; //~ ERROR: type-error

int main(void)
{
    printf("%zu\n", sizeof(struct s15));
    return 0;
}
