/* overfile.c - an override document file: read, parsed, applied (overfile.h). */
#include "overfile.h"

#include <stdlib.h>
#include <string.h>

#include "logsafe.h"
#include "rfile.h"

int overfile_load(const char *path, override_doc **out, char *err, size_t errcap)
{
    *out = NULL;
    char *bytes = NULL;
    size_t len = 0;
    if (rfile_read(path, OVERRIDE_MAX_BYTES, &bytes, &len, err, errcap) != 0)
        return -1;
    char *why = malloc(OVERRIDE_ERR_MAX);
    if (!why) {
        free(bytes);
        snprintf(err, errcap, "out of memory reading %s", path);
        return -1;
    }
    int rc = override_parse(bytes, len, out, why, OVERRIDE_ERR_MAX);
    if (rc != 0) {
        char name[LOGSAFE_LINE];
        snprintf(err, errcap, "%s: not a valid override document\n%s",
                 logsafe(path, name, sizeof(name)), why);
        size_t n = strlen(err);
        if (n && err[n - 1] == '\n')
            err[n - 1] = '\0';
    }
    free(why);
    free(bytes);
    return rc;
}

int overfile_apply(const char *path, const agenda *base, int64_t now, int32_t hall,
                   agenda **out, FILE *err)
{
    *out = NULL;
    char *why = malloc(OVERFILE_ERR_MAX);
    if (!why) {
        fprintf(err, "hallboard: out of memory\n");
        return -1;
    }
    override_doc *d;
    if (overfile_load(path, &d, why, OVERFILE_ERR_MAX) != 0) {
        /* Every line of the reason on its own "hallboard: " line. */
        for (char *line = why, *nl; line; line = nl ? nl + 1 : NULL) {
            nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            fprintf(err, "hallboard: %s\n", line);
        }
        free(why);
        return -1;
    }
    free(why);
    const override_doc *docs[] = {d};
    override_report rep;
    int rc = override_apply(base, docs, 1, now, hall, out, &rep);
    override_free(d);
    if (rc != 0) {
        fprintf(err, "hallboard: out of memory\n");
        return -1;
    }
    char name[LOGSAFE_LINE];
    logsafe(path, name, sizeof(name));
    for (size_t i = 0; i < rep.n_warnings; i++)
        fprintf(err, "hallboard: %s: %s\n", name, rep.warnings[i]);
    if (rep.dropped > rep.n_warnings)
        fprintf(err, "hallboard: %s: ... and %zu more dropped\n", name,
                rep.dropped - rep.n_warnings);
    return 0;
}
