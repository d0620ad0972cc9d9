/* loop_live.c - what comes into the window loop from other threads (loop_int.h): the
 * control endpoint (screen requests, pushed feeds and override documents), the fleet
 * broker (feeds and override documents) and the overrides URL. Every channel checks
 * what it brings (trust_accept, then the parser) on its own thread and hands the loop
 * only what passed, as an SDL event; refusals are noted in liveops (log and /status).
 * The loop applies the overrides in force to the agenda once per pass (live_update).
 */
#include "loop_int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cache.h"
#include "fonts.h"
#include "logsafe.h"
#include "rfile.h"
#include "sched.h"

/* ---- Events into the loop ------------------------------------------------------- */

Uint32 loop_fetch_event = (Uint32)-1;
/* A screen request (data1: its sequence); a pushed agenda (data1, owned by the event;
 * data2: a static name of the channel); an override document (data1: ov_msg*). */
static Uint32 screen_event = (Uint32)-1, push_event = (Uint32)-1, ov_event = (Uint32)-1;
/* News from another thread (no data): a refusal was noted, the fleet link came up or
 * went down, an image was decoded or failed: the frame and /status again. */
static Uint32 refused_event = (Uint32)-1;
/* True while the render loop takes events. Before (a display not there yet), the
 * channels hand override documents straight to the liveops and keep the latest feed
 * for the loop's start, under the gate. */
static atomic_bool loop_up;
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static agenda *pending_feed;          /* under gate: a feed that came before the loop */
static const char *pending_how;

typedef struct {
    char scope[ENVELOPE_SCOPE_MAX + 1];
    override_doc *doc;
    char *raw;
    size_t len;
    liveops_channel ch;
} ov_msg;

void loop_register_events(void)
{
    if (loop_fetch_event != (Uint32)-1)
        return;
    Uint32 base = SDL_RegisterEvents(5);
    if (base == (Uint32)-1)
        return;
    loop_fetch_event = base;
    screen_event = base + 1;
    push_event = base + 2;
    ov_event = base + 3;
    refused_event = base + 4;
}

void live_accepting(bool on)
{
    pthread_mutex_lock(&gate);
    atomic_store(&loop_up, on);
    if (on && pending_feed) {
        SDL_Event ev;
        memset(&ev, 0, sizeof(ev));
        ev.type = push_event;
        ev.user.data1 = pending_feed;
        ev.user.data2 = (void *)pending_how;
        if (SDL_PushEvent(&ev) != 1)
            agenda_free(pending_feed);
        pending_feed = NULL;
    }
    pthread_mutex_unlock(&gate);
}

/* Any thread. */
static bool post_to_loop(Uint32 type, void *data, void *data2)
{
    if (type == (Uint32)-1 || !atomic_load(&loop_up))
        return false;
    SDL_Event ev;
    memset(&ev, 0, sizeof(ev));
    ev.type = type;
    ev.user.data1 = data;
    ev.user.data2 = data2;
    return SDL_PushEvent(&ev) == 1;
}

static int64_t thread_now(void)
{
    hb_clock c; /* the system clock, clamped (no server Date on these threads) */
    clock_init(&c);
    return (int64_t)clock_now(&c, NULL);
}

static void free_msg(ov_msg *m)
{
    override_free(m->doc);
    free(m->raw);
    free(m);
}

/* Hands a parsed override document (owned) to the loop, or straight to the liveops
 * before the loop runs; false when it cannot (doc and raw stay the caller's). */
static bool post_overrides(loop_state *s, const char *scope, override_doc *doc, char *raw,
                           size_t len, liveops_channel ch)
{
    ov_msg *m = calloc(1, sizeof(*m));
    if (!m)
        return false;
    snprintf(m->scope, sizeof(m->scope), "%s", scope);
    m->doc = doc;
    m->raw = raw;
    m->len = len;
    m->ch = ch;
    pthread_mutex_lock(&gate);
    bool ok = atomic_load(&loop_up) ? post_to_loop(ov_event, m, NULL) : false;
    if (!ok && !atomic_load(&loop_up) && s->ops) { /* the loop is not running yet */
        liveops_take(s->ops, scope, doc, raw, len, ch, thread_now(), s->err);
        ok = true;
        free(m);
        m = NULL;
    }
    pthread_mutex_unlock(&gate);
    if (!ok)
        free(m);
    return ok;
}

/* Hands a checked feed (owned) to the loop, or keeps it for the loop's start. */
static void post_feed(agenda *a, const char *how)
{
    pthread_mutex_lock(&gate);
    if (atomic_load(&loop_up)) {
        if (!post_to_loop(push_event, a, (void *)how))
            agenda_free(a);
    } else {
        agenda_free(pending_feed);
        pending_feed = a;
        pending_how = how;
    }
    pthread_mutex_unlock(&gate);
}

/* ---- The channels' side (their threads) ---------------------------------------- */

/* Notes a refusal and has the loop publish /status again (it lists them). */
static void refuse(loop_state *s, liveops_channel ch, const char *what, const char *why,
                   int64_t now)
{
    liveops_refused(s->ops, ch, what, why, now, s->err);
    post_to_loop(refused_event, NULL, NULL);
}

/* Checks and parses override bytes that came through ch for scope, and hands them to
 * the loop. Returns 0, or -1 after noting the refusal. */
static int intake_overrides(loop_state *s, liveops_channel ch, const char *scope,
                            const char *bytes, size_t len)
{
    int64_t now = thread_now();
    char why[TRUST_WHY_MAX + OVERRIDE_ERR_MAX], *doc_bytes = NULL;
    size_t doc_len = 0;
    if (trust_accept(s->trust, ENVELOPE_OVERRIDES, scope, bytes, len, now, &doc_bytes,
                     &doc_len, why, sizeof(why)) != 0) {
        refuse(s, ch, "overrides", why, now);
        return -1;
    }
    override_doc *doc = NULL;
    char perr[OVERRIDE_ERR_MAX];
    if (override_parse(doc_bytes, doc_len, &doc, perr, sizeof(perr)) != 0) {
        char *nl = strchr(perr, '\n');
        if (nl)
            *nl = '\0';
        snprintf(why, sizeof(why), "not a valid override document: %s", perr);
        refuse(s, ch, "overrides", why, now);
        free(doc_bytes);
        return -1;
    }
    if (!post_overrides(s, scope, doc, doc_bytes, doc_len, ch)) {
        override_free(doc);
        free(doc_bytes);
        return -1;
    }
    return 0;
}

/* A feed from the fleet: checked, kept like a pushed one, handed to the loop. */
static void intake_feed(loop_state *s, const char *bytes, size_t len)
{
    int64_t now = thread_now();
    char why[TRUST_WHY_MAX + 200], *feed = NULL;
    size_t flen = 0;
    const board_live *live = s->live;
    if (live->fetch.url) {
        refuse(s, LIVEOPS_FLEET, "feed",
                        "this board polls a feed URL: a pushed feed would not last", now);
        return;
    }
    if (trust_accept(s->trust, ENVELOPE_FEED, "", bytes, len, now, &feed, &flen, why,
                     sizeof(why)) != 0) {
        refuse(s, LIVEOPS_FLEET, "feed", why, now);
        return;
    }
    feed_report *rep = calloc(1, sizeof(*rep));
    agenda *a = rep ? feed_parse(feed, flen, &live->feed_opts, rep) : NULL;
    if (!a) {
        char probs[300] = "out of memory";
        if (rep)
            feed_report_format(rep, probs, sizeof(probs));
        char *nl = strchr(probs, '\n');
        if (nl)
            *nl = '\0';
        snprintf(why, sizeof(why), "the feed is not valid: %s", probs);
        refuse(s, LIVEOPS_FLEET, "feed", why, now);
    } else if (live->push_cache) {
        cache_meta meta;
        memset(&meta, 0, sizeof(meta));
        snprintf(meta.url, sizeof(meta.url), "%s", CONTROL_PUSH_URL);
        snprintf(meta.revision, sizeof(meta.revision), "%.*s", CACHE_FIELD_MAX - 1,
                 a->revision ? a->revision : "");
        meta.fetched_at = now;
        if (cache_store(live->push_cache, &meta, feed, flen, NULL, why, sizeof(why)) != 0)
            fprintf(s->err, "hallboard: fleet feed not kept for the next start: %s\n", why);
    }
    if (a)
        post_feed(a, "fleet");
    free(rep);
    free(feed);
}

static void on_fleet(void *ctx, fleetlink_kind kind, const char *scope, const char *payload,
                     size_t len)
{
    loop_state *s = ctx;
    if (kind == FLEETLINK_FEED) {
        if (len > 0) /* a removed retained feed: keep what is shown */
            intake_feed(s, payload, len);
        return;
    }
    if (len == 0) { /* the retained document was removed: none for that scope */
        static const char none[] = "{\"hallboard_overrides\": 1}";
        override_doc *doc = NULL;
        char *raw = strdup(none), perr[OVERRIDE_ERR_MAX];
        if (raw && override_parse(raw, strlen(raw), &doc, perr, sizeof(perr)) == 0 &&
            post_overrides(s, scope, doc, raw, strlen(raw), LIVEOPS_FLEET))
            return;
        override_free(doc);
        free(raw);
        return;
    }
    intake_overrides(s, LIVEOPS_FLEET, scope, payload, len);
}

static void on_fleet_state(void *ctx, bool connected)
{
    (void)ctx;
    (void)connected;
    post_to_loop(refused_event, NULL, NULL); /* /status again, with "fleet" as it is */
}

static void on_image_settled(void *ctx)
{
    (void)ctx;
    post_to_loop(refused_event, NULL, NULL);
}

void live_images_start(loop_state *s)
{
    const board_live *live = s->live;
    images_config ic = {.cache_dir = live ? live->state_dir : NULL,
                        .ca_file = live ? live->fetch.ca_file : NULL,
                        .allow_insecure_redirect = live && live->fetch.allow_insecure_redirect,
                        .on_settled = on_image_settled,
                        .ctx = s};
    s->images = images_create(&ic);
    if (!s->images) {
        fprintf(s->err, "hallboard: images cannot start: the board runs without them\n");
        return;
    }
    s->health.images = s->images;
    draw_set_images(s->f.d, s->images);
    images_want_agenda(s->images, s->f.a);
}

static void on_url_body(void *ctx, const char *body, size_t len)
{
    intake_overrides(ctx, LIVEOPS_URL, "", body, len);
}

static void on_url_fail(void *ctx, const char *why)
{
    loop_state *s = ctx;
    char shown[LOGSAFE_LINE];
    fprintf(s->err, "hallboard: overrides URL: %s\n", logsafe(why, shown, sizeof(shown)));
}

/* The endpoint's callbacks (its thread). */
static bool ask_screen(void *ctx, unsigned seq)
{
    (void)ctx;
    return post_to_loop(screen_event, (void *)(uintptr_t)seq, NULL);
}

static bool take_pushed(void *ctx, agenda *a)
{
    (void)ctx;
    return post_to_loop(push_event, a, (void *)"endpoint");
}

static bool take_overrides(void *ctx, const char *scope, override_doc *doc, char *raw,
                           size_t len)
{
    return post_overrides(ctx, scope, doc, raw, len, LIVEOPS_ENDPOINT);
}

static void push_refused(void *ctx, const char *what, const char *why)
{
    refuse(ctx, LIVEOPS_ENDPOINT, what, why, thread_now());
}

static char *get_overrides(void *ctx, const char *scope, size_t *len)
{
    loop_state *s = ctx;
    return liveops_raw(s->ops, scope, len);
}

/* ---- The loop's side ------------------------------------------------------------ */

/* The render loop's answer to GET /screen.png: the frame drawn again at t and read
 * back before it is presented (black outside the display schedule). */
static void answer_screen(loop_state *s, unsigned seq, int64_t t)
{
    frame_ctx *f = &s->f;
    SDL_Renderer *r = s->r;
    control_server *ctl = s->ctl;
    bool dark = s->dark;
    FILE *err = s->err;
    int ow = 0, oh = 0;
    if (SDL_GetRendererOutputSize(r, &ow, &oh) != 0 || ow <= 0 || oh <= 0) {
        control_screen(ctl, seq, NULL, 0, 0, 0); /* cannot be read */
        return;
    }
    if (dark) {
        control_screen(ctl, seq, NULL, ow, oh, 0);
        return;
    }
    void *px = malloc((size_t)ow * (size_t)oh * 4);
    bool splash = loop_splash(s); /* what is on the screen: the splash, or the frame */
    bool ok = px && (splash || frame_present(f, t, ow, oh, err) == 0) &&
              SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ARGB8888, px, ow * 4) == 0;
    SDL_RenderPresent(r);
    fonts_trim(f->fc);
    control_screen(ctl, seq, ok ? px : NULL, ok ? ow : 0, oh, ow * 4);
    free(px);
}

/* The trust state: with a trusted key that does not load, every push is refused (a
 * board told to obey only the organisers never falls back to obeying anyone). */
static void start_trust(loop_state *s, bool *pushes_off)
{
    const board_live *live = s->live;
    *pushes_off = false;
    s->trust = trust_open(live->trusted_key, live->state_dir, s->err);
    if (!s->trust && live->trusted_key) {
        fprintf(s->err, "hallboard: trusted_key %s cannot be used: every push is refused\n",
                live->trusted_key);
        *pushes_off = true;
    }
}

static void start_fleet(loop_state *s)
{
    const board_live *live = s->live;
    char *password = NULL, why[300];
    size_t plen = 0;
    if (live->fleet_password_file &&
        rfile_read(live->fleet_password_file, 4096, &password, &plen, why, sizeof(why)) != 0) {
        fprintf(s->err, "hallboard: fleet: %s: connecting without a password\n", why);
        password = NULL;
    }
    while (password && plen > 0 && (password[plen - 1] == '\n' || password[plen - 1] == '\r'))
        password[--plen] = '\0';
    fleetlink_config fc = {.broker = live->fleet_broker,
                           .prefix = live->fleet_topic,
                           .name = live->board_name,
                           .hall = live->hall_id,
                           .user = live->fleet_user,
                           .password = password,
                           .ca_file = live->fetch.ca_file,
                           .on_message = on_fleet,
                           .on_state = on_fleet_state,
                           .ctx = s};
    s->fleet = fleetlink_start(&fc, s->err);
    free(password);
    if (!s->fleet)
        fprintf(s->err, "hallboard: running without the fleet\n");
}

/* The first /status, before the display: it answers from the start, "waiting for a
 * display" too. Under the gate: a channel may hand the liveops a document meanwhile. */
static char *first_status(loop_state *s, int64_t now0)
{
    status_input st0 = s->o->status;
    st0.demo = s->o->demo;
    char note0[STATUS_LINE_MAX];
    health_list_problems(s->o->problems, false, NULL, NULL, &s->health.problems);
    health_join_note(&st0, &s->health.problems, s->o->lang, note0, sizeof(note0));
    pthread_mutex_lock(&gate);
    char *doc = health_document(liveops_agenda(s->ops, s->a, now0, s->err, NULL), s->o, &st0,
                                &s->health, now0, loop_real_seconds());
    pthread_mutex_unlock(&gate);
    return doc;
}

void live_start(loop_state *s)
{
    hb_clock clock0; /* one clamped now, before the loop's clock runs */
    clock_init(&clock0);
    int64_t now0 = (int64_t)clock_now(&clock0, NULL);
    health_state h0 = {.started_at = now0, .started_mono = loop_real_seconds(),
                       .live = s->live};
    s->health = h0;
    const board_live *live = s->live;
    s->ops = liveops_create(live ? live->state_dir : NULL, s->o->hall, s->err);
    s->health.ops = s->ops;
    if (!live)
        return;
    bool pushes_off = false;
    start_trust(s, &pushes_off);
    if (live->control_port > 0) {
        control_config cc = {.port = live->control_port,
                             .token = pushes_off ? NULL : live->control_token,
                             .token_file = pushes_off ? NULL : live->control_token_file,
                             .bind = live->control_bind,
                             .feed_url = live->fetch.url,
                             .cache_dir = live->push_cache,
                             .feed_opts = live->feed_opts,
                             .trust = s->trust,
                             .want_screen = ask_screen,
                             .take_agenda = take_pushed,
                             .take_overrides = pushes_off ? NULL : take_overrides,
                             .get_overrides = get_overrides,
                             .refused = push_refused,
                             .ctx = s};
        s->ctl = control_start(&cc, s->err);
    }
    bool fleet = !pushes_off && live->fleet_broker && live->fleet_topic;
    if (s->ctl || fleet) {
        if (fleet)
            start_fleet(s);
        s->health.fleet = s->fleet;
        char *doc = first_status(s, now0);
        if (doc && s->fleet)
            fleetlink_publish_status(s->fleet, doc);
        control_publish(s->ctl, doc);
    }
    if (!pushes_off && live->overrides_url) {
        fetch_config fc = live->fetch;
        fc.url = live->overrides_url;
        s->ovp = ovpoll_start(&fc, live->overrides_interval, on_url_body, on_url_fail, s);
        if (!s->ovp)
            fprintf(s->err, "hallboard: cannot poll %s\n", live->overrides_url);
    }
}

void live_update(loop_state *s, int64_t t)
{
    bool rebuilt = false;
    const agenda *shown = liveops_agenda(s->ops, s->a, t, s->err, &rebuilt);
    if (rebuilt || shown != s->f.a) {
        s->f.a = shown;
        s->dirty = true;
        if (s->images)
            images_want_agenda(s->images, shown);
    }
    /* The cards are the state's: none in an emergency, which shows nothing else. */
    size_t idx[AGENDA_MAX_CARDS];
    size_t n = shown->announcement.level == AGENDA_ALERT_EMERGENCY
                   ? 0
                   : sched_cards_at(shown, t, idx, AGENDA_MAX_CARDS);
    if (n != s->cards_shown) {
        s->cards_shown = n;
        if (s->f.card >= n)
            s->f.card = 0;
        s->dirty = true;
    }
}

int64_t live_next_change(loop_state *s, int64_t t)
{
    return liveops_next_change(s->ops, s->a, t);
}

bool live_event(loop_state *s, const SDL_Event *ev, int64_t t)
{
    if (ev->type == (Uint32)-1)
        return false;
    if (ev->type == screen_event) {
        answer_screen(s, (unsigned)(uintptr_t)ev->user.data1, t);
        s->health.frames += !s->dark;
        live_publish(s, t);
    } else if (ev->type == push_event) {
        loop_take_agenda(s, ev->user.data1, ev->user.data2);
    } else if (ev->type == refused_event) {
        s->dirty = true;
    } else if (ev->type == ov_event) {
        ov_msg *m = ev->user.data1;
        liveops_take(s->ops, m->scope, m->doc, m->raw, m->len, m->ch, t, s->err);
        free(m); /* doc and raw are the liveops' now */
        s->dirty = true;
    } else {
        return false;
    }
    return true;
}

void live_publish(loop_state *s, int64_t t)
{
    if (!s->ctl && !s->fleet)
        return;
    frame_problems(&s->f, &s->health.problems);
    s->health.pages = s->f.lr ? s->f.lr->pages : 0;
    s->health.page = s->f.lr ? s->f.lr->page : 0;
    char *doc = health_document(s->f.a, s->o, &s->f.status, &s->health, t,
                                loop_real_seconds());
    if (doc && s->fleet)
        fleetlink_publish_status(s->fleet, doc);
    control_publish(s->ctl, doc); /* takes it (no endpoint: freed) */
}

void live_stop(loop_state *s)
{
    live_accepting(false);
    control_release(s->ctl); /* a request waiting for the screen gives up */
    control_stop(s->ctl);
    s->ctl = NULL;
    ovpoll_stop(s->ovp);
    s->ovp = NULL;
    fleetlink_stop(s->fleet);
    s->fleet = s->health.fleet = NULL;
    SDL_Event ev;
    if (push_event != (Uint32)-1) {
        while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, push_event, push_event) == 1)
            agenda_free(ev.user.data1);
        while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, ov_event, ov_event) == 1)
            free_msg(ev.user.data1);
    }
    trust_close(s->trust);
    s->trust = NULL;
    pthread_mutex_lock(&gate);
    agenda_free(pending_feed);
    pending_feed = NULL;
    pthread_mutex_unlock(&gate);
}
