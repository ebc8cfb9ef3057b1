// Bit-fields under #pragma pack(N) for N = 1, 2, 4, 8 and __attribute__((packed)), beside
// unpacked ones: sizes, alignments and the bytes each field covers, as gcc lays them out.
// (Generated at random and checked against gcc.)
#include <stdio.h>
#include <string.h>
#pragma pack(push, 8)
struct s0 { unsigned short f0 : 11; int f1 : 2; };
#pragma pack(pop)
#pragma pack(push, 8)
struct s1 { unsigned : 0; unsigned long long f1 : 11; unsigned f2 : 6; };
#pragma pack(pop)
struct __attribute__((packed)) s2 { unsigned : 0; short : 0; long long fz : 3; };
#pragma pack(push, 4)
struct s3 { unsigned f0 : 21; unsigned f1 : 12; int f2 : 15; };
#pragma pack(pop)
#pragma pack(push, 2)
struct s4 { char f0 : 8; char f1 : 2; };
#pragma pack(pop)
#pragma pack(push, 4)
struct s5 { long long m0; unsigned long long fz : 3; };
#pragma pack(pop)
#pragma pack(push, 4)
struct s6 { unsigned char f0 : 2; unsigned f1 : 3; unsigned long long m2; long long m3; unsigned char f4 : 2; int f5 : 27; };
#pragma pack(pop)
#pragma pack(push, 1)
struct s7 { unsigned short f0 : 6; unsigned long long f1 : 5; unsigned char f2 : 3; };
#pragma pack(pop)
int main(void) {
    printf("s0 %zu %zu\n", sizeof(struct s0), _Alignof(struct s0));
    { struct s0 v; memset(&v, 0, sizeof v); v.f0 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f0\n"); }
    { struct s0 v; memset(&v, 0, sizeof v); v.f1 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f1\n"); }
    printf("s1 %zu %zu\n", sizeof(struct s1), _Alignof(struct s1));
    { struct s1 v; memset(&v, 0, sizeof v); v.f1 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f1\n"); }
    { struct s1 v; memset(&v, 0, sizeof v); v.f2 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f2\n"); }
    printf("s2 %zu %zu\n", sizeof(struct s2), _Alignof(struct s2));
    { struct s2 v; memset(&v, 0, sizeof v); v.fz = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" fz\n"); }
    printf("s3 %zu %zu\n", sizeof(struct s3), _Alignof(struct s3));
    { struct s3 v; memset(&v, 0, sizeof v); v.f0 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f0\n"); }
    { struct s3 v; memset(&v, 0, sizeof v); v.f1 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f1\n"); }
    { struct s3 v; memset(&v, 0, sizeof v); v.f2 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f2\n"); }
    printf("s4 %zu %zu\n", sizeof(struct s4), _Alignof(struct s4));
    { struct s4 v; memset(&v, 0, sizeof v); v.f0 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f0\n"); }
    { struct s4 v; memset(&v, 0, sizeof v); v.f1 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f1\n"); }
    printf("s5 %zu %zu\n", sizeof(struct s5), _Alignof(struct s5));
    { struct s5 v; memset(&v, 0, sizeof v); v.fz = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" fz\n"); }
    printf("s6 %zu %zu\n", sizeof(struct s6), _Alignof(struct s6));
    { struct s6 v; memset(&v, 0, sizeof v); v.f0 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f0\n"); }
    { struct s6 v; memset(&v, 0, sizeof v); v.f1 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f1\n"); }
    { struct s6 v; memset(&v, 0, sizeof v); v.f4 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f4\n"); }
    { struct s6 v; memset(&v, 0, sizeof v); v.f5 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f5\n"); }
    printf("s7 %zu %zu\n", sizeof(struct s7), _Alignof(struct s7));
    { struct s7 v; memset(&v, 0, sizeof v); v.f0 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f0\n"); }
    { struct s7 v; memset(&v, 0, sizeof v); v.f1 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f1\n"); }
    { struct s7 v; memset(&v, 0, sizeof v); v.f2 = -1; unsigned char *b = (unsigned char *)&v; for (size_t i = 0; i < sizeof v; i++) printf("%02x", b[i]); printf(" f2\n"); }
    return 0;
}
