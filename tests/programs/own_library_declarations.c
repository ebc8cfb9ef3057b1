/* A program may declare a library function itself instead of including its header
   (C11 §7.1.4p2): the declaration is the library function. A function the program
   defines under a library name is its own. */
int printf(const char *format, ...);
void *malloc(unsigned long size);
void free(void *p);
unsigned long strlen(const char *s);
extern int abs(int);

/* The program's own, not the library's. */
int atoi(const char *s)
{
    return s[0] == '4' ? 42 : -1;
}

int main(void)
{
    char *p = malloc(6);
    p[0] = 'h'; p[1] = 'e'; p[2] = 'l'; p[3] = 'l'; p[4] = 'o'; p[5] = '\0';
    printf("%s %lu %d %d\n", p, strlen(p), abs(-7), atoi("4"));
    free(p);
    return 0;
}
