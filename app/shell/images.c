/* images.c - the images module (images.h): the table of known images, the worker that
 * loads them (images_load.c) and the render thread's textures.
 *
 * Each entry goes QUEUED -> LOADING (the worker holds its reference) -> DECODED (a
 * surface waits for the render thread) -> READY (a texture) or FAILED. An entry
 * forgotten while the worker loads it is marked `gone`; the worker frees what it
 * brings back. One mutex guards the table; the worker never holds it while loading.
 */
#include "images.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "images_int.h"

typedef enum { E_FREE, E_QUEUED, E_LOADING, E_DECODED, E_READY, E_FAILED } e_state;

typedef struct {
    e_state st;
    char *ref;
    bool gone;              /* forgotten while LOADING: the worker frees it */
    SDL_Surface *surf;      /* DECODED */
    SDL_Texture *tex;       /* READY */
    int w, h;
    bool from_cache;
    unsigned long decoded_by;
    char reason[IMAGES_REASON_MAX];
} entry;

struct images {
    pthread_mutex_t mu;
    pthread_cond_t work, done; /* work: an entry was queued or stop; done: one settled */
    pthread_t thread;
    bool stop;
    char *cache_dir, *ca_file;
    bool insecure_redirect;
    void (*on_settled)(void *ctx);
    void *ctx;
    entry e[IMAGES_MAX_ENTRIES];
};

/* The entry of ref, or NULL. Lock held. */
static entry *find(images *im, const char *ref)
{
    for (size_t i = 0; i < IMAGES_MAX_ENTRIES; i++)
        if (im->e[i].st != E_FREE && !im->e[i].gone && strcmp(im->e[i].ref, ref) == 0)
            return &im->e[i];
    return NULL;
}

/* Frees what entry x holds (not a LOADING one's reference: the worker's). Lock held;
 * textures only on the render thread. */
static void entry_clear(entry *x)
{
    if (x->surf)
        SDL_FreeSurface(x->surf);
    if (x->tex)
        SDL_DestroyTexture(x->tex);
    free(x->ref);
    memset(x, 0, sizeof(*x));
}

static void *worker(void *arg)
{
    images *im = arg;
    pthread_mutex_lock(&im->mu);
    while (!im->stop) {
        entry *x = NULL;
        for (size_t i = 0; i < IMAGES_MAX_ENTRIES && !x; i++)
            if (im->e[i].st == E_QUEUED)
                x = &im->e[i];
        if (!x) {
            pthread_cond_wait(&im->work, &im->mu);
            continue;
        }
        x->st = E_LOADING;
        char *ref = x->ref;
        pthread_mutex_unlock(&im->mu);
        char why[IMAGES_REASON_MAX] = "";
        bool from_cache = false;
        SDL_Surface *s = images_load(ref, im->cache_dir, im->ca_file, im->insecure_redirect,
                                     &from_cache, why, sizeof(why));
        pthread_mutex_lock(&im->mu);
        if (x->gone) {
            if (s)
                SDL_FreeSurface(s);
            entry_clear(x);
        } else {
            x->st = s ? E_DECODED : E_FAILED;
            x->surf = s;
            x->w = s ? s->w : 0;
            x->h = s ? s->h : 0;
            x->from_cache = from_cache;
            x->decoded_by = SDL_ThreadID();
            snprintf(x->reason, sizeof(x->reason), "%s", s && !from_cache ? "" : why);
        }
        bool tell = !x->gone && im->on_settled;
        pthread_cond_broadcast(&im->done);
        if (tell) { /* outside the lock: the board may ask about it at once */
            pthread_mutex_unlock(&im->mu);
            im->on_settled(im->ctx);
            pthread_mutex_lock(&im->mu);
        }
    }
    pthread_mutex_unlock(&im->mu);
    SDL_TLSCleanup(); /* SDL's error text for this thread (not one SDL started) */
    return NULL;
}

images *images_create(const images_config *cfg)
{
    images *im = calloc(1, sizeof(*im));
    if (!im)
        return NULL;
    im->cache_dir = cfg->cache_dir ? strdup(cfg->cache_dir) : NULL;
    im->ca_file = cfg->ca_file ? strdup(cfg->ca_file) : NULL;
    im->insecure_redirect = cfg->allow_insecure_redirect;
    im->on_settled = cfg->on_settled;
    im->ctx = cfg->ctx;
    if ((cfg->cache_dir && !im->cache_dir) || (cfg->ca_file && !im->ca_file))
        goto out_free;
    pthread_mutex_init(&im->mu, NULL);
    pthread_cond_init(&im->work, NULL);
    pthread_cond_init(&im->done, NULL);
    if (pthread_create(&im->thread, NULL, worker, im) != 0)
        goto out_destroy;
    return im;
out_destroy:
    pthread_cond_destroy(&im->done);
    pthread_cond_destroy(&im->work);
    pthread_mutex_destroy(&im->mu);
out_free:
    free(im->cache_dir);
    free(im->ca_file);
    free(im);
    return NULL;
}

void images_destroy(images *im)
{
    if (!im)
        return;
    pthread_mutex_lock(&im->mu);
    im->stop = true;
    pthread_cond_broadcast(&im->work);
    pthread_mutex_unlock(&im->mu);
    pthread_join(im->thread, NULL);
    for (size_t i = 0; i < IMAGES_MAX_ENTRIES; i++)
        if (im->e[i].st != E_FREE)
            entry_clear(&im->e[i]);
    pthread_cond_destroy(&im->done);
    pthread_cond_destroy(&im->work);
    pthread_mutex_destroy(&im->mu);
    free(im->cache_dir);
    free(im->ca_file);
    free(im);
}

static bool ref_ok(const char *ref)
{
    return ref[0] == '/' || strncmp(ref, "file:///", 8) == 0 ||
           strncmp(ref, "http://", 7) == 0 || strncmp(ref, "https://", 8) == 0;
}

int images_request(images *im, const char *ref)
{
    if (!ref || !*ref)
        return -EINVAL;
    int rc = 0;
    pthread_mutex_lock(&im->mu);
    if (find(im, ref))
        goto out_unlock;
    entry *x = NULL;
    for (size_t i = 0; i < IMAGES_MAX_ENTRIES && !x; i++)
        if (im->e[i].st == E_FREE)
            x = &im->e[i];
    rc = -ENOSPC;
    if (!x || !(x->ref = strdup(ref)))
        goto out_unlock;
    rc = 0;
    x->st = E_QUEUED;
    if (!ref_ok(ref)) {
        x->st = E_FAILED;
        snprintf(x->reason, sizeof(x->reason), "not an http, https or file URL or an absolute path");
        rc = -EINVAL;
    }
    pthread_cond_signal(&im->work);
out_unlock:
    pthread_mutex_unlock(&im->mu);
    return rc;
}

/* Whether agenda a names ref as an image. */
static bool named(const agenda *a, const char *ref)
{
    if (!a)
        return false;
    if ((a->logo && strcmp(a->logo, ref) == 0) ||
        (a->background && strcmp(a->background, ref) == 0))
        return true;
    for (size_t i = 0; i < a->n_cards; i++)
        if (a->cards[i].image && strcmp(a->cards[i].image, ref) == 0)
            return true;
    return false;
}

void images_want_agenda(images *im, const agenda *a)
{
    pthread_mutex_lock(&im->mu);
    for (size_t i = 0; i < IMAGES_MAX_ENTRIES; i++) {
        entry *x = &im->e[i];
        if (x->st == E_FREE || x->gone || named(a, x->ref))
            continue;
        if (x->st == E_LOADING)
            x->gone = true;
        else
            entry_clear(x);
    }
    pthread_mutex_unlock(&im->mu);
    if (!a)
        return;
    if (a->logo)
        images_request(im, a->logo);
    if (a->background)
        images_request(im, a->background);
    for (size_t i = 0; i < a->n_cards; i++)
        if (a->cards[i].image)
            images_request(im, a->cards[i].image);
}

SDL_Texture *images_texture(images *im, SDL_Renderer *r, const char *ref, int *w, int *h)
{
    SDL_Texture *t = NULL;
    pthread_mutex_lock(&im->mu);
    entry *x = find(im, ref);
    if (x && x->st == E_DECODED) {
        x->tex = SDL_CreateTextureFromSurface(r, x->surf);
        if (x->tex) {
            SDL_SetTextureBlendMode(x->tex, SDL_BLENDMODE_BLEND);
            SDL_FreeSurface(x->surf);
            x->surf = NULL;
            x->st = E_READY;
        }
    }
    if (x && x->st == E_READY) {
        t = x->tex;
        *w = x->w;
        *h = x->h;
    }
    pthread_mutex_unlock(&im->mu);
    return t;
}

void images_drop_textures(images *im)
{
    pthread_mutex_lock(&im->mu);
    for (size_t i = 0; i < IMAGES_MAX_ENTRIES; i++) {
        entry *x = &im->e[i];
        if (x->st != E_READY)
            continue;
        SDL_DestroyTexture(x->tex);
        x->tex = NULL;
        x->st = E_QUEUED;
    }
    pthread_cond_signal(&im->work);
    pthread_mutex_unlock(&im->mu);
}

/* The public view of entry x (NULL: unknown). Lock held. */
static images_info info(const entry *x)
{
    images_info o = {IMAGES_UNKNOWN, 0, 0, false, 0, "", ""};
    if (!x)
        return o;
    static const images_state map[] = {IMAGES_UNKNOWN, IMAGES_LOADING, IMAGES_LOADING,
                                        IMAGES_READY, IMAGES_READY, IMAGES_FAILED};
    o.state = map[x->st];
    o.w = x->w;
    o.h = x->h;
    o.from_cache = x->from_cache;
    o.decoded_by = x->decoded_by;
    snprintf(o.reason, sizeof(o.reason), "%s", x->reason);
    snprintf(o.ref, sizeof(o.ref), "%s", x->ref);
    return o;
}

images_info images_info_of(images *im, const char *ref)
{
    pthread_mutex_lock(&im->mu);
    images_info o = info(find(im, ref));
    pthread_mutex_unlock(&im->mu);
    return o;
}

images_state images_wait(images *im, const char *ref, double timeout_s)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (time_t)timeout_s;
    until.tv_nsec += (long)((timeout_s - (double)(time_t)timeout_s) * 1e9);
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&im->mu);
    images_state st;
    while ((st = info(find(im, ref)).state) == IMAGES_LOADING)
        if (pthread_cond_timedwait(&im->done, &im->mu, &until) != 0)
            break;
    st = info(find(im, ref)).state;
    pthread_mutex_unlock(&im->mu);
    return st;
}

size_t images_list(images *im, images_info *out, size_t max)
{
    size_t n = 0;
    pthread_mutex_lock(&im->mu);
    for (size_t i = 0; i < IMAGES_MAX_ENTRIES; i++) {
        const entry *x = &im->e[i];
        if (x->st == E_FREE || x->gone)
            continue;
        if (n < max)
            out[n] = info(x);
        n++;
    }
    pthread_mutex_unlock(&im->mu);
    return n;
}
