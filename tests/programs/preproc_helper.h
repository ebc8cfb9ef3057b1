#ifndef PREPROC_HELPER_H
#define PREPROC_HELPER_H
#define HELPER_VALUE 7
#define TWICE(x) (2 * (x))
#endif
