/* The library of SPEC §4: string.h, stdlib.h (conversions, qsort, bsearch, rand), ctype.h,
   math.h, sprintf/snprintf. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct pair { int key; int order; };

static int cmp_key(const void *a, const void *b)
{
    return ((const struct pair *)a)->key - ((const struct pair *)b)->key;
}

int main(void)
{
    int nums[] = {42, 7, 19, 3, 25, 7, 100, -4};
    const char *words[] = {"pear", "apple", "fig", "banana"};
    struct pair pairs[] = {{2, 0}, {1, 1}, {2, 2}, {1, 3}, {0, 4}};
    char buf[64], *end, *tok, line[] = "a,b,,c";
    int key = 25, *hit, i;
    long v;

    qsort(nums, 8, sizeof nums[0], cmp_int);
    for (i = 0; i < 8; i++)
        printf("%d ", nums[i]);
    hit = bsearch(&key, nums, 8, sizeof nums[0], cmp_int);
    printf("| found %d at %ld\n", *hit, hit - nums);
    qsort(words, 4, sizeof words[0], cmp_str);
    printf("%s %s %s %s\n", words[0], words[1], words[2], words[3]);
    qsort(pairs, 5, sizeof pairs[0], cmp_key);
    for (i = 0; i < 5; i++)
        printf("(%d,%d)", pairs[i].key, pairs[i].order);
    printf("\n");
    printf("atoi %d %d %d, atol %ld\n", atoi("  -123abc"), atoi("x"), atoi("+7"), atol("99999999999"));
    v = strtol("0x1fzz", &end, 16);
    printf("strtol %ld rest '%s'; base 0: %ld %ld; strtoul %lu\n", v, end, strtol("0755", NULL, 0), strtol("-0x10", NULL, 0),
           strtoul("4294967296", NULL, 10));
    printf("strtod %.3f %.1e, atof %.2f\n", strtod("3.14159rest", &end), strtod("-2.5e3", NULL),
           atof("0.125"));
    printf("abs %d labs %ld\n", abs(-5), labs(-70000000000L));
    srand(7);
    printf("rand %d %d %d\n", rand() % 100, rand() % 100, rand() % 100);
    printf("ctype: %d%d%d%d%d %c%c\n", !!isalpha('q'), !!isdigit('5'), !!isspace('\t'), !!ispunct('!'), !!isxdigit('G'),
           toupper('m'), tolower('Q'));
    printf("math: %.4f %.1f %.1f %.1f %.1f %.4f %.4f\n", sqrt(2.0), pow(2.0, 10.0), fabs(-3.5), floor(-2.5), ceil(2.1), sin(1.0),
           atan2(1.0, 1.0));
    printf("strlen %lu strcmp %d %d strncmp %d\n", strlen("hello"), strcmp("abc", "abd") < 0, strcmp("b", "a") > 0,
           strncmp("abcdef", "abcxyz", 3));
    strcpy(buf, "foo");
    strcat(buf, "bar");
    strncat(buf, "bazqux", 3);
    printf("buf %s strchr %s strrchr %s strstr %s\n", buf, strchr(buf, 'b'), strrchr(buf, 'b'), strstr(buf, "arb"));
    printf("strspn %lu strcspn %lu strpbrk %s\n", strspn("aabbc", "ab"), strcspn("hello", "lo"), strpbrk("hello", "ol"));
    memset(buf, 'x', 3);
    memmove(buf + 1, buf, 4);
    buf[8] = '\0';
    printf("mem %s memcmp %d memchr %s\n", buf, memcmp("ab", "ac", 2) < 0, (char *)memchr("abcdef", 'd', 6));
    for (tok = strtok(line, ","); tok; tok = strtok(NULL, ","))
        printf("[%s]", tok);
    printf("\n");
    i = snprintf(buf, 5, "%d-%s", 12345, "long");
    printf("snprintf %d '%s'\n", i, buf);
    i = sprintf(buf, "%5.2f|%-4d|%04x|%c", 3.14159, 7, 255, 'z');
    printf("sprintf %d '%s'\n", i, buf);
    {
        char *dup = strdup("copy me");
        char *ndup = strndup("truncate", 5);
        printf("%s %s\n", dup, ndup);
        free(dup);
        free(ndup);
    }
    return 0;
}
