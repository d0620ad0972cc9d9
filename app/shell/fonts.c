/* fonts.c - the SDL_ttf font chain behind text layout (see fonts.h).
 *
 * Layout of the file: the built-in default chain; warnings into the caller's err
 * buffer; faces (lazy open, one size at a time); reading chain.conf; the textlay
 * callbacks; the public functions.
 */
#define _DEFAULT_SOURCE /* madvise */
#include "fonts.h"

#include "ftmem.h"
#include "rfile.h"
#include "wcache.h"

#include <sys/mman.h>
#include <unistd.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>

/* Sizes outside this range are clamped (FreeType copes, memory may not). */
#define FONTS_MIN_PX 1
#define FONTS_MAX_PX 1024
/* Size a face is opened at before its first TTF_SetFontSize. */
#define FONTS_OPEN_PX 16
#define FONTS_LINE_MAX 1024

/* The chain used when no config file is given or found (fonts/chain.conf lists the
 * same). Noto for the scripts, Symbola for emoji. */
static const struct {
    int weight;
    const char *path;
    long index;
} default_chain[] = {
    {FONTS_REGULAR, "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", 0},
    {FONTS_REGULAR, "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2},
    {FONTS_REGULAR, "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf", 0},
    {FONTS_REGULAR, "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf", 0},
    {FONTS_REGULAR, "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf", 0},
    {FONTS_REGULAR, "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf", 0},
    {FONTS_REGULAR, "/usr/share/fonts/truetype/noto/NotoSansSymbols-Regular.ttf", 0},
    {FONTS_REGULAR, "/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf", 0},
    {FONTS_REGULAR, "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf", 0},
    {FONTS_BOLD, "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", 0},
    {FONTS_BOLD, "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2},
    {FONTS_BOLD, "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf", 0},
    {FONTS_BOLD, "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Bold.ttf", 0},
    {FONTS_BOLD, "/usr/share/fonts/truetype/noto/NotoSansHebrew-Bold.ttf", 0},
    {FONTS_BOLD, "/usr/share/fonts/truetype/noto/NotoSansThai-Bold.ttf", 0},
    {FONTS_BOLD, "/usr/share/fonts/truetype/noto/NotoSansSymbols-Bold.ttf", 0},
    {FONTS_BOLD, "/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf", 0},
    {FONTS_BOLD, "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf", 0},
};

typedef struct {
    char *path;     /* malloc'd */
    long index;     /* face in a collection */
    TTF_Font *font; /* NULL until first use */
    int px;         /* size the font is set to */
    bool failed;    /* opening failed once: never retried */
    void *map;      /* the font file mapped read-only (FreeType reads it in place) */
    size_t map_len;
} fonts_face;

struct fonts_chain;

typedef struct {
    struct fonts_chain *chain;
    fonts_face faces[FONTS_MAX_FACES];
    int n;
    textlay_fonts tl; /* tl.ctx points back at this set */
} fonts_set;

struct fonts_chain {
    fonts_set set[2];
    char *buf; /* NUL-terminated copy of the text being measured or drawn */
    size_t bufcap;
    wcache *widths; /* runs measured so far (NULL when out of memory: none kept) */
};

/* ---- Messages --------------------------------------------------------------- */

/* Appends a "; "-separated message to err (NUL-terminated, truncated to cap). */
static void note(char *err, size_t cap, const char *fmt, ...)
{
    if (!err || cap == 0)
        return;
    size_t used = strnlen(err, cap - 1);
    if (used > 0 && used + 2 < cap) {
        memcpy(err + used, "; ", 3);
        used += 2;
    }
    if (used + 1 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + used, cap - used, fmt, ap);
    va_end(ap);
}

/* Puts a message before those already in err ("; "-separated, truncated to cap): the
 * conclusion first, the details after, as far as they fit. */
static void note_first(char *err, size_t cap, const char *msg)
{
    if (!err || cap == 0)
        return;
    size_t used = strnlen(err, cap - 1), n = strlen(msg);
    if (n > cap - 1)
        n = cap - 1;
    /* What of the old messages still fits after msg and its "; ". */
    size_t room = cap - 1 - n >= 2 ? cap - 1 - n - 2 : 0;
    size_t keep = used < room ? used : room;
    if (keep > 0) {
        memmove(err + n + 2, err, keep);
        memcpy(err + n, "; ", 2);
    }
    memcpy(err, msg, n);
    err[keep > 0 ? n + 2 + keep : n] = '\0';
}

/* ---- Faces --------------------------------------------------------------------- */

static int clamp_px(int px)
{
    return px < FONTS_MIN_PX ? FONTS_MIN_PX : px > FONTS_MAX_PX ? FONTS_MAX_PX : px;
}

static fonts_set *set_of(fonts_chain *fc, int weight)
{
    return &fc->set[weight == FONTS_BOLD ? FONTS_BOLD : FONTS_REGULAR];
}

/* Opens a face from its file mapped into memory: FreeType then reads glyphs with
 * plain loads instead of thousands of small read/seek calls (a CJK collection is
 * 19 MB; only the pages touched are resident, shared with the page cache) and keeps
 * its tables in place rather than copied onto the heap (ftmem.h). The file
 * is opened through rfile_open_regular (a FIFO or a device listed in the chain is
 * refused, never waited on or read forever); when mapping fails, SDL_ttf reads the
 * same open file. On failure SDL_GetError says why. */
static TTF_Font *open_mapped(fonts_face *fa)
{
    int fd;
    size_t size;
    char why[512];
    if (rfile_open_regular(fa->path, FONTS_FILE_MAX, &fd, &size, why, sizeof why) != 0) {
        SDL_SetError("%s", why);
        return NULL;
    }
    if (size == 0) {
        close(fd);
        SDL_SetError("%s is empty", fa->path);
        return NULL;
    }
    void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
        FILE *f = fdopen(fd, "rb");
        SDL_RWops *rw = f ? SDL_RWFromFP(f, SDL_TRUE) : NULL;
        if (!rw) {
            if (f)
                fclose(f);
            else
                close(fd);
            return NULL;
        }
        return TTF_OpenFontIndexRW(rw, 1, FONTS_OPEN_PX, fa->index);
    }
    close(fd);
    /* Glyphs are read here and there: no read-ahead around each page touched, so only
     * the pages FreeType reads become resident. */
    posix_madvise(m, size, POSIX_MADV_RANDOM);
    TTF_Font *font = ftmem_open_font(m, size, FONTS_OPEN_PX, fa->index);
    if (!font) {
        munmap(m, size);
        return NULL;
    }
    fa->map = m;
    fa->map_len = size;
    return font;
}

/* Face f of the set opened (NULL when out of range or it does not open). */
static fonts_face *face_open(fonts_set *s, int f)
{
    if (f < 0 || f >= s->n)
        return NULL;
    fonts_face *fa = &s->faces[f];
    if (!fa->font && !fa->failed) {
        fa->font = open_mapped(fa);
        if (fa->font) {
            fa->px = FONTS_OPEN_PX;
            /* Light hinting: crisp enough at signage sizes, and it skips the TrueType
             * bytecode interpreter, which otherwise dominates the cost of new text. */
            TTF_SetFontHinting(fa->font, TTF_HINTING_LIGHT);
        } else
            fa->failed = true;
    }
    return fa->font ? fa : NULL;
}

/* Face f (font < 0 meaning face 0) opened and set up for text at px. */
static TTF_Font *face_ready(fonts_set *s, int f, int px, bool rtl, const char *script)
{
    fonts_face *fa = face_open(s, f < 0 ? 0 : f);
    if (!fa)
        return NULL;
    px = clamp_px(px);
    if (fa->px != px) {
        if (TTF_SetFontSize(fa->font, px) != 0)
            return NULL;
        fa->px = px;
    }
    TTF_SetFontDirection(fa->font, rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
    if (script && strlen(script) == 4)
        TTF_SetFontScriptName(fa->font, script);
    else
        TTF_SetFontScriptName(fa->font, "Zyyy");
    return fa->font;
}

/* fc->buf holding text[0..len) and a NUL, or NULL when out of memory. */
static const char *terminated(fonts_chain *fc, const char *text, size_t len)
{
    if (len + 1 > fc->bufcap) {
        size_t cap = len + 1 < 256 ? 256 : len + 1;
        char *b = realloc(fc->buf, cap);
        if (!b)
            return NULL;
        fc->buf = b;
        fc->bufcap = cap;
    }
    memcpy(fc->buf, text, len);
    fc->buf[len] = '\0';
    return fc->buf;
}

static int face_add(fonts_set *s, const char *path, long index, char *err, size_t errcap)
{
    if (s->n == FONTS_MAX_FACES) {
        note(err, errcap, "fonts: more than %d faces for one weight, %s ignored",
             FONTS_MAX_FACES, path);
        return 0;
    }
    int fd;
    size_t size;
    char why[512];
    if (rfile_open_regular(path, FONTS_FILE_MAX, &fd, &size, why, sizeof why) != 0) {
        note(err, errcap, "fonts: %s (skipped)", why);
        return 0;
    }
    close(fd);
    char *p = malloc(strlen(path) + 1);
    if (!p)
        return -1;
    strcpy(p, path);
    s->faces[s->n].path = p;
    s->faces[s->n].index = index;
    s->faces[s->n].font = NULL;
    s->faces[s->n].map = NULL;
    s->faces[s->n].map_len = 0;
    s->faces[s->n].px = 0;
    s->faces[s->n].failed = false;
    s->n++;
    return 0;
}

static void face_close(fonts_face *fa)
{
    if (fa->font)
        TTF_CloseFont(fa->font);
    if (fa->map)
        munmap(fa->map, fa->map_len);
    fa->map = NULL;
    free(fa->path);
    fa->font = NULL;
    fa->path = NULL;
}

/* Drops face f from the set (the later faces move up). */
static void face_remove(fonts_set *s, int f)
{
    face_close(&s->faces[f]);
    memmove(&s->faces[f], &s->faces[f + 1], (size_t)(s->n - f - 1) * sizeof s->faces[0]);
    s->n--;
}

/* ---- chain.conf ------------------------------------------------------------------ */

/* Parses one config line into the chain. Returns -1 only when out of memory. */
static int conf_line(fonts_chain *fc, const char *dir, char *line, int lineno,
                     const char *conf, char *err, size_t errcap)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    char *save = NULL;
    char *weight = strtok_r(line, " \t\r\n", &save);
    if (!weight)
        return 0; /* blank or comment */
    char *path = strtok_r(NULL, " \t\r\n", &save);
    char *idx = strtok_r(NULL, " \t\r\n", &save);
    char *extra = strtok_r(NULL, " \t\r\n", &save);
    int w;
    if (strcmp(weight, "regular") == 0) {
        w = FONTS_REGULAR;
    } else if (strcmp(weight, "bold") == 0) {
        w = FONTS_BOLD;
    } else {
        note(err, errcap, "fonts: %s:%d: weight must be regular or bold", conf, lineno);
        return 0;
    }
    if (!path || extra) {
        note(err, errcap, "fonts: %s:%d: expected WEIGHT PATH [FACE-INDEX]", conf, lineno);
        return 0;
    }
    long index = 0;
    if (idx) {
        char *end;
        errno = 0;
        index = strtol(idx, &end, 10);
        if (errno || *end || index < 0 || index > 255) {
            note(err, errcap, "fonts: %s:%d: bad face index \"%s\"", conf, lineno, idx);
            return 0;
        }
    }
    char full[PATH_MAX];
    if (path[0] != '/' && dir) {
        if ((size_t)snprintf(full, sizeof full, "%s/%s", dir, path) >= sizeof full) {
            note(err, errcap, "fonts: %s:%d: path too long", conf, lineno);
            return 0;
        }
        path = full;
    }
    return face_add(&fc->set[w], path, index, err, errcap);
}

/* The folder of the config file, against which relative font paths are read, into dir
 * (cap bytes); "" when it does not fit. */
static void conf_dir(const char *conf, char *dir, size_t cap)
{
    const char *slash = strrchr(conf, '/');
    if (!slash)
        snprintf(dir, cap, ".");
    else if (slash == conf)
        snprintf(dir, cap, "/");
    else if ((size_t)(slash - conf) < cap)
        snprintf(dir, cap, "%.*s", (int)(slash - conf), conf);
    else
        dir[0] = '\0';
}

/* Reads the config file into the chain. Returns 1 if read, 0 if it cannot be read (it
 * does not exist, is not a regular file, is larger than FONTS_CONF_MAX...: the caller
 * uses the built-in chain), -1 when out of memory. */
static int conf_read(fonts_chain *fc, const char *conf, char *err, size_t errcap)
{
    char *text, why[512];
    size_t len;
    int rc = rfile_read(conf, FONTS_CONF_MAX, &text, &len, why, sizeof why);
    if (rc == -ENOMEM)
        return -1;
    if (rc != 0) {
        note(err, errcap, "fonts: %s, using the built-in chain", why);
        return 0;
    }
    char dir[PATH_MAX];
    conf_dir(conf, dir, sizeof dir);
    char line[FONTS_LINE_MAX];
    int lineno = 0;
    rc = 1;
    for (size_t at = 0; at < len && rc == 1;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = (nl ? (size_t)(nl - text) : len) - at;
        lineno++;
        if (n >= sizeof line - 1) {
            note(err, errcap, "fonts: %s:%d: line too long", conf, lineno);
        } else {
            memcpy(line, text + at, n);
            line[n] = '\0';
            if (conf_line(fc, dir[0] ? dir : NULL, line, lineno, conf, err, errcap) < 0)
                rc = -1;
        }
        at += n + 1;
    }
    free(text);
    return rc;
}

/* ---- textlay callbacks ------------------------------------------------------------ */

static bool cb_has_glyph(void *ctx, int f, uint32_t cp)
{
    fonts_face *fa = face_open(ctx, f);
    return fa && TTF_GlyphIsProvided32(fa->font, cp) != 0;
}

static int cb_measure(void *ctx, int f, int px, const char *text, size_t len, bool rtl,
                      const char *script)
{
    fonts_set *s = ctx;
    if (len == 0)
        return 0;
    wcache_key k = {(int)(s - s->chain->set), f < 0 ? 0 : f, clamp_px(px), rtl, {0}};
    memcpy(k.script, script && strlen(script) == 4 ? script : "Zyyy", 4);
    int w = 0, h = 0;
    if (wcache_get(s->chain->widths, &k, text, len, &w))
        return w;
    TTF_Font *font = face_ready(s, f, px, rtl, script);
    const char *t = font ? terminated(s->chain, text, len) : NULL;
    if (!t || TTF_SizeUTF8(font, t, &w, &h) != 0)
        return 0;
    wcache_put(s->chain->widths, &k, text, len, w);
    return w;
}

static int cb_line_height(void *ctx, int f, int px)
{
    TTF_Font *font = face_ready(ctx, f, px, false, NULL);
    return font ? TTF_FontLineSkip(font) : 0;
}

/* ---- Public ------------------------------------------------------------------------ */

/* Keeps only faces that open, starting from the first: proves the weight usable
 * without opening every face. Returns the number of faces left. */
static int set_prove(fonts_set *s, const char *weight, char *err, size_t errcap)
{
    while (s->n > 0 && !face_open(s, 0)) {
        note(err, errcap, "fonts: %s face %s does not open: %s (skipped)", weight,
             s->faces[0].path, TTF_GetError());
        face_remove(s, 0);
    }
    return s->n;
}

/* Closes every face of both weights: the sets are empty again. */
static void chain_clear(fonts_chain *fc)
{
    for (int w = 0; w < 2; w++) {
        for (int i = 0; i < fc->set[w].n; i++)
            face_close(&fc->set[w].faces[i]);
        fc->set[w].n = 0;
    }
    wcache_clear(fc->widths);
}

/* Lists the built-in chain in both weights. Returns 0, or -1 when out of memory. */
static int chain_add_defaults(fonts_chain *fc, char *err, size_t errcap)
{
    for (size_t i = 0; i < sizeof default_chain / sizeof default_chain[0]; i++)
        if (face_add(&fc->set[default_chain[i].weight], default_chain[i].path,
                     default_chain[i].index, err, errcap) < 0)
            return -1;
    return 0;
}

/* Lists the faces of conf_path (NULL: none), or the built-in chain when that file
 * cannot be read or lists no regular face that opens; proves the regular weight.
 * Returns 1 when a regular face opens, 0 when none does (the reason noted), -1 when
 * out of memory. */
static int chain_fill(fonts_chain *fc, const char *conf_path, char *err, size_t errcap)
{
    int rc = conf_path ? conf_read(fc, conf_path, err, errcap) : 0;
    if (rc < 0)
        return -1;
    if (rc == 1) {
        if (set_prove(&fc->set[FONTS_REGULAR], "regular", err, errcap) > 0)
            return 1;
        char msg[PATH_MAX + 80];
        snprintf(msg, sizeof msg, "fonts: no usable regular font in %s, using the built-in "
                 "chain", conf_path);
        note_first(err, errcap, msg);
        chain_clear(fc);
    }
    if (chain_add_defaults(fc, err, errcap) < 0)
        return -1;
    if (set_prove(&fc->set[FONTS_REGULAR], "regular", err, errcap) > 0)
        return 1;
    note(err, errcap, "fonts: no usable regular font in the built-in chain either "
         "(install fonts-noto-core)");
    return 0;
}

fonts_chain *fonts_chain_create(const char *conf_path, char *err, size_t errcap)
{
    if (err && errcap)
        err[0] = '\0';
    if (TTF_Init() != 0) {
        note(err, errcap, "fonts: TTF_Init failed: %s", TTF_GetError());
        return NULL;
    }
    fonts_chain *fc = calloc(1, sizeof *fc);
    if (!fc)
        goto out_quit;
    fc->widths = wcache_create(); /* none: every run is shaped each time */
    for (int w = 0; w < 2; w++) {
        fc->set[w].chain = fc;
        fc->set[w].tl.ctx = &fc->set[w];
        fc->set[w].tl.has_glyph = cb_has_glyph;
        fc->set[w].tl.measure = cb_measure;
        fc->set[w].tl.line_height = cb_line_height;
    }
    int rc = chain_fill(fc, conf_path, err, errcap);
    if (rc < 0)
        goto out_nomem;
    if (rc == 0) {
        fonts_chain_destroy(fc);
        return NULL;
    }
    if (set_prove(&fc->set[FONTS_BOLD], "bold", err, errcap) == 0) {
        fonts_set *r = &fc->set[FONTS_REGULAR], *b = &fc->set[FONTS_BOLD];
        for (int i = 0; i < r->n; i++)
            if (face_add(b, r->faces[i].path, r->faces[i].index, NULL, 0) < 0)
                goto out_nomem;
        set_prove(b, "bold", NULL, 0);
    }
    for (int w = 0; w < 2; w++)
        fc->set[w].tl.n_fonts = fc->set[w].n;
    return fc;

out_nomem:
    note(err, errcap, "fonts: out of memory");
    fonts_chain_destroy(fc);
    return NULL;
out_quit:
    note(err, errcap, "fonts: out of memory");
    TTF_Quit();
    return NULL;
}

void fonts_chain_destroy(fonts_chain *fc)
{
    if (!fc)
        return;
    chain_clear(fc);
    free(fc->buf);
    wcache_destroy(fc->widths);
    free(fc);
    TTF_Quit();
}

const textlay_fonts *fonts_chain_textlay(fonts_chain *fc, int weight)
{
    return fc ? &set_of(fc, weight)->tl : NULL;
}

SDL_Surface *fonts_render_run(fonts_chain *fc, int weight, int font, int px, const char *text,
                              size_t len, bool rtl, const char *script, SDL_Color fg)
{
    if (!fc || !text || len == 0)
        return NULL;
    TTF_Font *f = face_ready(set_of(fc, weight), font, px, rtl, script);
    const char *t = f ? terminated(fc, text, len) : NULL;
    return t ? TTF_RenderUTF8_Blended(f, t, fg) : NULL;
}

int fonts_ascent(fonts_chain *fc, int weight, int font, int px)
{
    TTF_Font *f = fc ? face_ready(set_of(fc, weight), font, px, false, NULL) : NULL;
    return f ? TTF_FontAscent(f) : 0;
}

int fonts_count(const fonts_chain *fc, int weight)
{
    return fc ? fc->set[weight == FONTS_BOLD ? FONTS_BOLD : FONTS_REGULAR].n : 0;
}

const char *fonts_face_path(const fonts_chain *fc, int weight, int i, long *index)
{
    if (!fc)
        return NULL;
    const fonts_set *s = &fc->set[weight == FONTS_BOLD ? FONTS_BOLD : FONTS_REGULAR];
    if (i < 0 || i >= s->n)
        return NULL;
    if (index)
        *index = s->faces[i].index;
    return s->faces[i].path;
}

void fonts_trim(fonts_chain *fc)
{
    if (!fc)
        return;
    for (int w = 0; w < 2; w++)
        for (int i = 0; i < fc->set[w].n; i++) {
            fonts_face *fa = &fc->set[w].faces[i];
            if (fa->map)
                madvise(fa->map, fa->map_len, MADV_DONTNEED);
        }
}
