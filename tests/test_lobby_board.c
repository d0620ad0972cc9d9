/* test_lobby_board.c - the lobby on the running board (the real binary on SDL's dummy
 * video driver): its pages turn by themselves every lobby_page_seconds, and /status says
 * which page of how many the screen shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "support.h"

static int num(const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    return cJSON_IsNumber(v) ? v->valueint : -1;
}

static void lobby_pages_turn_by_themselves(void **state)
{
    (void)state;
    char feed[512], port[16];
    snprintf(feed, sizeof(feed), "%s/tests/inputs/lobby108.json", HB_SOURCE_DIR);
    int cport = support_closed_port();
    snprintf(port, sizeof(port), "%d", cport);
    char *argv[] = {"--windowed", "1280x720", "--feed", feed, "--view", "lobby",
                    "--control-port", port, NULL};
    const char *env[] = {"SDL_VIDEODRIVER=dummy", "SDL_RENDER_DRIVER=software",
                         "HALLBOARD_RUN_SECONDS=40", NULL};
    support_board b;
    support_board_start(&b, "lobby_page_seconds = 3\n", env, argv);
    if (!support_board_says(&b, "first frame presented", 20))
        fail_msg("no first frame:\n%s", b.out);
    cJSON *j = support_board_status(cport);
    assert_non_null(j);
    int pages = num(j, "pages"), first = num(j, "page");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "state");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(st, "view")->valuestring, "lobby");
    cJSON_Delete(j);
    assert_true(pages > 1); /* 108 halls do not fit one page of 1280x720 */
    assert_int_equal(first, 1);
    /* The next page within a page's time (3 s) and a little. */
    double t0 = support_now();
    int page = first;
    while (page == first && support_now() - t0 < 6) {
        support_sleep(0.2);
        j = support_board_status(cport);
        page = num(j, "page");
        cJSON_Delete(j);
    }
    assert_int_equal(page, 2);
    double took = support_now() - t0;
    assert_true(took < 4.5);
    support_board_stop(&b, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lobby_pages_turn_by_themselves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
