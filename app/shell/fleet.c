/* fleet.c - `hallboard status BOARD...` (fleet.h). */
#include "fleet.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "growbuf.h"
#include "grapheme.h"

typedef struct {
    growbuf b;
    bool too_big;
} body;

static size_t on_data(char *d, size_t size, size_t n, void *ud)
{
    body *b = ud;
    size_t add = size * n;
    if (add > FLEET_MAX_BODY || b->b.len > FLEET_MAX_BODY - add) {
        b->too_big = true;
        return 0; /* stops the transfer */
    }
    return growbuf_append(&b->b, d, add, FLEET_MAX_BODY) ? add : 0;
}

/* The /status URL of a board argument into url (cap bytes). False when it is not
 * one. */
static bool status_url(const char *board, char *url, size_t cap)
{
    size_t n = strlen(board);
    if (n == 0 || n > 200 || strpbrk(board, " \t\r\n"))
        return false;
    if (strncmp(board, "http://", 7) == 0 || strncmp(board, "https://", 8) == 0) {
        while (n > 8 && board[n - 1] == '/')
            n--;
        snprintf(url, cap, "%.*s/status", (int)n, board);
    } else {
        /* host, host:port, [v6], [v6]:port */
        const char *close = board[0] == '[' ? strchr(board, ']') : NULL;
        const char *colon = close ? strchr(close, ':') : strchr(board, ':');
        if (board[0] == '[' && !close)
            return false;
        if (colon)
            snprintf(url, cap, "http://%s/status", board);
        else
            snprintf(url, cap, "http://%s:%d/status", board, FLEET_DEFAULT_PORT);
    }
    return true;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* "3 d 4 h", "5 h 12 min", "12 min", "40 s". */
static void uptime_words(double s, char *buf, size_t cap)
{
    long t = s > 0 ? (long)s : 0;
    if (t >= 86400)
        snprintf(buf, cap, "%ld d %ld h", t / 86400, t % 86400 / 3600);
    else if (t >= 3600)
        snprintf(buf, cap, "%ld h %ld min", t / 3600, t % 3600 / 60);
    else if (t >= 60)
        snprintf(buf, cap, "%ld min", t / 60);
    else
        snprintf(buf, cap, "%ld s", t);
}

/* One board's line from its /status document. */
static void describe(const char *board, const cJSON *st, FILE *out)
{
    const cJSON *disp = cJSON_GetObjectItemCaseSensitive(st, "display");
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(st, "state");
    char screen[64];
    if (cJSON_IsObject(disp)) {
        const cJSON *w = cJSON_GetObjectItem(disp, "width"), *h = cJSON_GetObjectItem(disp, "height");
        snprintf(screen, sizeof(screen), "%dx%d %s", cJSON_IsNumber(w) ? w->valueint : 0,
                 cJSON_IsNumber(h) ? h->valueint : 0,
                 cJSON_IsFalse(cJSON_GetObjectItem(disp, "on")) ? "off (schedule)" : "on");
    } else {
        snprintf(screen, sizeof(screen), "waiting for a display");
    }
    const cJSON *now = cJSON_GetObjectItemCaseSensitive(state, "now");
    const cJSON *first = cJSON_IsArray(now) ? cJSON_GetArrayItem(now, 0) : NULL;
    const char *title = first ? str(first, "title") : NULL;
    int more = cJSON_IsArray(now) ? cJSON_GetArraySize(now) - 1 : 0;
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(state, "source");
    const char *footer = source ? str(source, "footer") : NULL;
    const cJSON *up = cJSON_GetObjectItemCaseSensitive(st, "uptime_s");
    char upw[32];
    uptime_words(cJSON_IsNumber(up) ? up->valuedouble : 0, upw, sizeof(upw));
    char showing[200], t150[151];
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
    fprintf(out, "%s\tok\t%s\t%s\t%s\tup %s\n", board, screen, showing, footer ? footer : "-",
            upw);
}

int fleet_status(const char *const boards[], size_t n, FILE *out, FILE *err)
{
    if (n == 0 || n > FLEET_MAX_BOARDS) {
        fprintf(err, "hallboard: usage: hallboard status BOARD... (HOST[:PORT] or URL, 1..%d "
                     "boards)\n", FLEET_MAX_BOARDS);
        return 64;
    }
    char url[256];
    for (size_t i = 0; i < n; i++)
        if (!status_url(boards[i], url, sizeof(url))) {
            fprintf(err, "hallboard: status: \"%s\" is not HOST[:PORT] or an http(s) URL\n",
                    boards[i]);
            return 64;
        }
    CURL *h = curl_easy_init();
    if (!h) {
        fprintf(err, "hallboard: status: cannot start libcurl\n");
        return 2;
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        status_url(boards[i], url, sizeof(url));
        body b = {{NULL, 0, 0}, false};
        curl_easy_reset(h);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)FLEET_CONNECT_TIMEOUT);
        curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)FLEET_TIMEOUT);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        CURLcode cc = curl_easy_perform(h);
        long code = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        cJSON *st = cc == CURLE_OK && code == 200 && b.b.data ? cJSON_Parse(b.b.data) : NULL;
        if (st && cJSON_IsObject(st)) {
            describe(boards[i], st, out);
        } else {
            rc = 2;
            if (cc != CURLE_OK)
                fprintf(out, "%s\tunreachable: %s\n", boards[i],
                        b.too_big ? "answer too large" : curl_easy_strerror(cc));
            else if (code != 200)
                fprintf(out, "%s\tunreachable: HTTP %ld (not a board's control endpoint?)\n",
                        boards[i], code);
            else
                fprintf(out, "%s\tunreachable: the answer is not a board's status\n", boards[i]);
        }
        cJSON_Delete(st);
        growbuf_free(&b.b);
    }
    curl_easy_cleanup(h);
    return rc;
}
