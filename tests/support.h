/* support.h - helpers shared by the test executables (real files, real processes). */
#ifndef HB_TEST_SUPPORT_H
#define HB_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agenda.h"
#include "feed.h"

/* Reads a whole file; returns a malloc'd NUL-terminated buffer or NULL. */
char *support_read_file(const char *path, size_t *len);

/* Writes len bytes to path; returns 0 or -1. */
int support_write_file(const char *path, const char *data, size_t len);

/* Makes a fresh temporary directory; returns its malloc'd path. */
char *support_tempdir(void);

/* The shared fixtures folder (env HB_SHARED_DIR, else the compiled default), or NULL
 * when it does not exist. */
const char *support_shared_dir(void);

/* Result of running a command. */
typedef struct {
    int status;     /* exit code, or 128+signal */
    char *out;      /* stdout, malloc'd, NUL-terminated */
    char *err;      /* stderr, malloc'd, NUL-terminated */
} support_run_result;

/* Runs argv (argv[0] a path) with no stdin; captures output. */
support_run_result support_run(char *const argv[]);
void support_run_free(support_run_result *r);

/* Path of the built hallboard executable. */
const char *support_hallboard(void);

/* Parses a feed given as a string with the system zone database. Returns the agenda
 * (caller frees) or NULL; the report is filled either way. */
agenda *support_parse(const char *json, feed_report *rep);

/* True if the report has a problem at exactly `path` whose message contains `needle`. */
bool support_has_problem(const feed_report *rep, feed_severity sev, const char *path,
                         const char *needle);

/* Prints the report (for failing tests). */
void support_print_report(const feed_report *rep);

#endif
