/* Tokenizer benchmark: generates a large C-like source text in one malloc'd string,
   splits it into tokens (identifiers, numbers, punctuation), interns every identifier in a
   chained hash table of malloc'd strings, and prints counts and a checksum.
   Stresses byte-wise reads of a big block, short string copies and hash lookups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_BYTES 400000
#define BUCKETS 1024

struct sym {
    char *name;
    int count;
    struct sym *next;
};

static unsigned int seed = 12345;

static int next_rand(void) {
    seed = seed * 1103515245u + 12345u;
    return (int)((seed >> 16) & 0x7fff);
}

static const char *words[] = {"int", "char", "while", "return", "node", "next", "value",
                              "count", "buffer", "length", "index", "malloc", "free",
                              "left", "right", "parent", "key", "data", "size", "tmp"};
static const char *puncts[] = {"(", ")", "{", "}", ";", ",", "=", "+", "-", "*", "->", "==", "<", ">"};

static unsigned int hash(const char *s, int n) {
    unsigned int h = 5381;
    int i;
    for (i = 0; i < n; i++)
        h = h * 33u + (unsigned char)s[i];
    return h;
}

static char *generate(int *len) {
    char *text = malloc(TEXT_BYTES + 64);
    int n = 0;
    while (n < TEXT_BYTES) {
        int kind = next_rand() % 10;
        const char *w;
        int wl;
        if (kind < 5) {
            w = words[next_rand() % 20];
            wl = strlen(w);
            memcpy(text + n, w, wl);
            n += wl;
            if (next_rand() % 3 == 0) {
                text[n++] = '_';
                text[n++] = (char)('a' + next_rand() % 26);
            }
        } else if (kind < 7) {
            int v = next_rand() % 10000;
            n += sprintf(text + n, "%d", v);
        } else {
            w = puncts[next_rand() % 14];
            wl = strlen(w);
            memcpy(text + n, w, wl);
            n += wl;
        }
        text[n++] = (next_rand() % 8 == 0) ? '\n' : ' ';
    }
    text[n] = '\0';
    *len = n;
    return text;
}

static struct sym *intern(struct sym **table, const char *s, int n) {
    unsigned int b = hash(s, n) % BUCKETS;
    struct sym *p;
    for (p = table[b]; p != NULL; p = p->next) {
        if ((int)strlen(p->name) == n && memcmp(p->name, s, n) == 0) {
            p->count++;
            return p;
        }
    }
    p = malloc(sizeof *p);
    p->name = malloc(n + 1);
    memcpy(p->name, s, n);
    p->name[n] = '\0';
    p->count = 1;
    p->next = table[b];
    table[b] = p;
    return p;
}

int main(void) {
    int len, i = 0, idents = 0, numbers = 0, puncts_seen = 0, lines = 1, distinct = 0;
    long checksum = 0;
    struct sym **table = calloc(BUCKETS, sizeof *table);
    char *text = generate(&len);
    while (i < len) {
        char c = text[i];
        if (c == ' ') {
            i++;
        } else if (c == '\n') {
            lines++;
            i++;
        } else if ((c >= 'a' && c <= 'z') || c == '_') {
            int start = i;
            struct sym *s;
            while (i < len && ((text[i] >= 'a' && text[i] <= 'z') || text[i] == '_'))
                i++;
            s = intern(table, text + start, i - start);
            checksum = (checksum * 31 + s->count) % 1000000007;
            idents++;
        } else if (c >= '0' && c <= '9') {
            long v = 0;
            while (i < len && text[i] >= '0' && text[i] <= '9') {
                v = v * 10 + (text[i] - '0');
                i++;
            }
            checksum = (checksum + v) % 1000000007;
            numbers++;
        } else {
            if (i + 1 < len && ((c == '-' && text[i + 1] == '>') || (c == '=' && text[i + 1] == '=')))
                i++;
            puncts_seen++;
            checksum = (checksum + c) % 1000000007;
            i++;
        }
    }
    for (i = 0; i < BUCKETS; i++) {
        struct sym *p = table[i];
        while (p != NULL) {
            struct sym *next = p->next;
            distinct++;
            free(p->name);
            free(p);
            p = next;
        }
    }
    free(table);
    free(text);
    printf("lines %d idents %d numbers %d puncts %d distinct %d checksum %ld\n", lines, idents,
           numbers, puncts_seen, distinct, checksum);
    return 0;
}
