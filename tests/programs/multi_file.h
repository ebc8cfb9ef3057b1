/* Shared by the three files of multi_file.c. */
#ifndef MULTI_FILE_H
#define MULTI_FILE_H

enum color { RED, GREEN, BLUE };

struct item {
    int value;
    enum color color;
    struct item *next;
};

struct item *push(struct item *head, int value, enum color color);
void free_items(struct item *head);
int sum(const struct item *head, int (*keep)(const struct item *));

extern int pushes;          /* defined in multi_file_list.c */
extern const char *names[]; /* defined in multi_file_stats.c */
int count(void);            /* each file has a static `count` of its own but this one */

#endif
