/* ovpoll.c - the overrides URL's poller (ovpoll.h). */
#include "ovpoll.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "override.h"

struct ovpoll {
    fetch_config cfg;
    char *url, *ca_file;
    int interval_s;
    void (*deliver)(void *ctx, const char *body, size_t len);
    void (*fail)(void *ctx, const char *why);
    void *ctx;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop;
};

/* Waits s seconds or until stopped; true when stopped. */
static bool pause_or_stop(ovpoll *p, int s)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += s;
    pthread_mutex_lock(&p->lock);
    while (!p->stop && pthread_cond_timedwait(&p->cond, &p->lock, &until) == 0)
        ;
    bool stop = p->stop;
    pthread_mutex_unlock(&p->lock);
    return stop;
}

static void *run(void *arg)
{
    ovpoll *p = arg;
    char *last = NULL, why[300], last_why[300] = "";
    size_t last_len = 0;
    do {
        char *body = NULL;
        size_t len = 0;
        /* An envelope is larger than the document it carries (base64). */
        if (fetch_get(&p->cfg, OVERRIDE_MAX_BYTES * 2, &body, &len, why, sizeof(why)) != 0) {
            if (strcmp(why, last_why) != 0)
                p->fail(p->ctx, why);
            snprintf(last_why, sizeof(last_why), "%s", why);
            continue;
        }
        last_why[0] = '\0';
        if (last && len == last_len && memcmp(body, last, len) == 0) {
            free(body);
            continue;
        }
        p->deliver(p->ctx, body, len);
        free(last);
        last = body;
        last_len = len;
    } while (!pause_or_stop(p, p->interval_s));
    free(last);
    return NULL;
}

ovpoll *ovpoll_start(const fetch_config *cfg, int interval_s,
                     void (*deliver)(void *ctx, const char *body, size_t len),
                     void (*fail)(void *ctx, const char *why), void *ctx)
{
    ovpoll *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->cfg = *cfg;
    p->url = strdup(cfg->url);
    p->ca_file = cfg->ca_file ? strdup(cfg->ca_file) : NULL;
    p->cfg.url = p->url;
    p->cfg.ca_file = p->ca_file;
    p->cfg.cache_dir = NULL;
    p->interval_s = interval_s > 0 ? interval_s : 10;
    p->deliver = deliver;
    p->fail = fail;
    p->ctx = ctx;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    if (!p->url || (cfg->ca_file && !p->ca_file) ||
        pthread_create(&p->thread, NULL, run, p) != 0) {
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->cond);
        free(p->url);
        free(p->ca_file);
        free(p);
        return NULL;
    }
    return p;
}

void ovpoll_stop(ovpoll *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
    free(p->url);
    free(p->ca_file);
    free(p);
}
