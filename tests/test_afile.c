/* test_afile.c - the atomic writer (afile.h) on real files: a file replaced whole with
 * its mode, a failure at any step leaves the old file and no temporary file, a folder
 * that cannot be written names the step. */
#include "support.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"

/* Entries of dir, "." and ".." not counted. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void afile_replaces_a_file_whole_with_its_mode(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    char path[600], tmpl[640];
    snprintf(path, sizeof(path), "%s/state", dir);
    assert_int_equal(support_write_file(path, "old contents", 12), 0);
    afile_part parts[] = {{"new ", 4}, {"", 0}, {"contents\n", 9}};
    snprintf(tmpl, sizeof(tmpl), "%s/.state.XXXXXX", dir);
    const char *step = NULL, *tmp = NULL;
    assert_int_equal(afile_replace(path, tmpl, 0640, 0, parts, 3, &step, &tmp), 0);
    assert_ptr_equal(tmp, tmpl);
    assert_string_not_equal(tmpl + strlen(tmpl) - 6, "XXXXXX"); /* the name used */
    size_t n;
    char *got = support_read_file(path, &n);
    assert_non_null(got);
    assert_int_equal(n, 13);
    assert_string_equal(got, "new contents\n");
    free(got);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0640);
    assert_int_equal(entries(dir), 1); /* no temporary file left */
    /* Without a template: PATH.XXXXXX beside it, and an empty file is a file; not
     * synced, it is replaced all the same. */
    assert_int_equal(afile_replace(path, NULL, 0600, AFILE_NO_SYNC, NULL, 0, NULL, &tmp), 0);
    assert_int_equal(strncmp(tmp, path, strlen(path)), 0);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    assert_int_equal(entries(dir), 1);
    support_remove_tree(dir);
    free(dir);
}

static void afile_failure_keeps_the_old_file_and_leaves_no_temporary_one(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    char path[600], sub[600];
    /* The target is a folder with an entry: the rename fails after the write. */
    snprintf(path, sizeof(path), "%s/target", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(sub, sizeof(sub), "%s/target/kept", dir);
    assert_int_equal(support_write_file(sub, "x", 1), 0);
    afile_part part = {"data", 4};
    const char *step = NULL;
    errno = 0;
    assert_int_equal(afile_replace(path, NULL, 0644, 0, &part, 1, &step, NULL), -1);
    assert_string_equal(step, "rename");
    assert_int_not_equal(errno, 0);
    assert_int_equal(entries(dir), 1);
    assert_int_equal(entries(path), 1);
    /* A folder that does not exist: nothing can be created. */
    snprintf(path, sizeof(path), "%s/missing/state", dir);
    assert_int_equal(afile_replace(path, NULL, 0644, 0, &part, 1, &step, NULL), -1);
    assert_string_equal(step, "create");
    assert_int_equal(errno, ENOENT);
    assert_int_equal(entries(dir), 1);
    support_remove_tree(dir);
    free(dir);
}

static void afile_syncs_a_parent_folder(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    char path[600];
    snprintf(path, sizeof(path), "%s/a//", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_equal(afile_sync_parent(path), 0);  /* dir itself */
    assert_int_equal(afile_sync_parent("relative-name"), 0); /* "." */
    assert_int_equal(afile_sync_dir(dir), 0);
    snprintf(path, sizeof(path), "%s/none/x", dir);
    assert_int_equal(afile_sync_parent(path), -1);
    assert_int_equal(errno, ENOENT);
    support_remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(afile_replaces_a_file_whole_with_its_mode),
        cmocka_unit_test(afile_failure_keeps_the_old_file_and_leaves_no_temporary_one),
        cmocka_unit_test(afile_syncs_a_parent_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
