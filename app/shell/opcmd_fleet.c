/* opcmd_fleet.c - `hallboard fleet --broker URL --topic PREFIX`: every board's retained
 * status (PREFIX/boards/NAME/status, fleetlink.h), one tab-separated line per board in
 * name order:
 *   NAME  online  SCREEN, PHASE  now: TITLE (+N more)  FOOTER  seen AGE ago
 *   NAME  offline [last seen AGE ago | silent for AGE]
 * A board is offline when the broker published its last will or it said goodbye, or
 * when its last status is older than OPFLEET_SILENT s (it should have published again
 * and the broker should have noticed it gone). Exit 2 when one is offline.
 */
#include "opcmd_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "cli.h"
#include "fleetlink.h"
#include "grapheme.h"

#define OPFLEET_MAX_BOARDS 1000 /* boards listed */
#define OPFLEET_SILENT (2 * FLEETLINK_STATUS_EVERY + 2 * FLEETLINK_KEEPALIVE) /* s */

typedef struct {
    char name[FLEETLINK_NAME_MAX + 1];
    cJSON *status;       /* NULL when it did not parse */
} board_seen;

typedef struct {
    const char *prefix;
    board_seen *b;
    size_t n;
    size_t ignored;
} fleet_seen;

static void take_status(void *ctx, const char *topic, const char *payload, size_t len)
{
    fleet_seen *f = ctx;
    size_t pn = strlen(f->prefix);
    const char *name = topic + pn + strlen("/boards/");
    const char *end = strchr(name, '/');
    size_t nn = end ? (size_t)(end - name) : 0;
    if (len == 0 || nn == 0 || nn > FLEETLINK_NAME_MAX || f->n >= OPFLEET_MAX_BOARDS) {
        f->ignored += len > 0;
        return;
    }
    board_seen *b = &f->b[f->n++];
    memcpy(b->name, name, nn);
    b->name[nn] = '\0';
    b->status = cJSON_ParseWithLength(payload, len);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const board_seen *)a)->name, ((const board_seen *)b)->name);
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* "40 s", "12 min", "5 h 12 min", "3 d 4 h". */
static void age_words(int64_t s, char *buf, size_t cap)
{
    if (s < 0)
        s = 0;
    if (s >= 86400)
        snprintf(buf, cap, "%lld d %lld h", (long long)(s / 86400), (long long)(s % 86400 / 3600));
    else if (s >= 3600)
        snprintf(buf, cap, "%lld h %lld min", (long long)(s / 3600), (long long)(s % 3600 / 60));
    else if (s >= 60)
        snprintf(buf, cap, "%lld min", (long long)(s / 60));
    else
        snprintf(buf, cap, "%lld s", (long long)s);
}

/* "1920x1080 on, during" from the status. */
static void screen_words(const cJSON *st, char *buf, size_t cap)
{
    const cJSON *disp = cJSON_GetObjectItemCaseSensitive(st, "display");
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(st, "state");
    const char *phase = str(state, "phase");
    if (cJSON_IsObject(disp)) {
        const cJSON *w = cJSON_GetObjectItem(disp, "width"), *h = cJSON_GetObjectItem(disp, "height");
        snprintf(buf, cap, "%dx%d %s, %s", cJSON_IsNumber(w) ? w->valueint : 0,
                 cJSON_IsNumber(h) ? h->valueint : 0,
                 cJSON_IsFalse(cJSON_GetObjectItem(disp, "on")) ? "off (schedule)" : "on",
                 phase ? phase : "-");
    } else {
        snprintf(buf, cap, "no display, %s", phase ? phase : "-");
    }
}

/* One board's line. Returns true when it is online. */
static bool describe(const board_seen *b, int64_t now, FILE *out)
{
    const cJSON *st = b->status;
    const char *at = str(st, "published_at");
    int64_t when = 0;
    bool dated = at && civil_rfc3339_check(at, &when, NULL) == 0;
    char age[32];
    age_words(now - when, age, sizeof(age));
    if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(st, "online"))) {
        if (dated)
            fprintf(out, "%s\toffline\tlast seen %s ago\n", b->name, age);
        else
            fprintf(out, "%s\toffline\n", b->name);
        return false;
    }
    if (!dated || now - when > OPFLEET_SILENT) {
        fprintf(out, "%s\toffline\tsilent for %s\n", b->name, dated ? age : "?");
        return false;
    }
    char screen[96], showing[200], t150[151];
    screen_words(st, screen, sizeof(screen));
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(st, "state");
    const cJSON *now_list = cJSON_GetObjectItemCaseSensitive(state, "now");
    const cJSON *first = cJSON_IsArray(now_list) ? cJSON_GetArrayItem(now_list, 0) : NULL;
    const char *title = first ? str(first, "title") : NULL;
    int more = cJSON_IsArray(now_list) ? cJSON_GetArraySize(now_list) - 1 : 0;
    if (title) { /* at most 150 bytes, cut on a grapheme with "…" */
        grapheme_copy(t150, sizeof(t150), title);
        title = t150;
    }
    if (title && more > 0)
        snprintf(showing, sizeof(showing), "now: %s (+%d more)", title, more);
    else if (title)
        snprintf(showing, sizeof(showing), "now: %s", title);
    else
        snprintf(showing, sizeof(showing), "no session now");
    const char *footer = str(cJSON_GetObjectItemCaseSensitive(state, "source"), "footer");
    fprintf(out, "%s\tonline\t%s\t%s\t%s\tseen %s ago\n", b->name, screen, showing,
            footer ? footer : "-", age);
    return true;
}

int opfleet_main(const opcmd_opts *o, FILE *out, FILE *err)
{
    int rc = CLI_EXIT_NETWORK;
    opnet *n = opnet_open(o, &rc, err);
    if (!n)
        return rc;
    fleet_seen f = {o->topic, calloc(OPFLEET_MAX_BOARDS, sizeof(board_seen)), 0, 0};
    rc = f.b ? opnet_collect(n, "boards/+/status", take_status, &f, err) : CLI_EXIT_NETWORK;
    opnet_close(n);
    if (rc == 0) {
        qsort(f.b, f.n, sizeof(*f.b), by_name);
        int64_t now = (int64_t)time(NULL);
        for (size_t i = 0; i < f.n; i++)
            if (!describe(&f.b[i], now, out))
                rc = CLI_EXIT_NETWORK;
        if (f.n == 0)
            fprintf(err, "hallboard: fleet: no board has published under %s/boards\n", o->topic);
    }
    for (size_t i = 0; f.b && i < f.n; i++)
        cJSON_Delete(f.b[i].status);
    free(f.b);
    return rc;
}
