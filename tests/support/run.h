/* The main() of every Check suite: run it in Check's default fork mode, print the closing
 * "100%: Checks: N, Failures: 0, Errors: 0" line, and exit nonzero on any failure. */
#ifndef LIION_TEST_RUN_H
#define LIION_TEST_RUN_H

#include <check.h>

int liion_test_run(Suite *suite);

#endif
