/* pngout.c - frames as RGB PNG, fast (see pngout.h).
 *
 * A board frame is text on flat colour: long runs of one pixel, and rows equal to the
 * row above. General-purpose deflate (zlib level 1, libdeflate level 1) hashes every
 * byte looking for matches; measured on a 1920x1080 frame that costs 110-180 M
 * instructions, three times the frame itself. This encoder finds the two kinds of
 * repeat a frame has directly on the ARGB pixels, at a cost of a compare a pixel:
 *   - a pixel equal to the one on its left: a deflate match at distance 3;
 *   - a pixel equal to the one above: a match at distance stride (one PNG row, 3w+1
 *     bytes; only while that is within deflate's 32 KiB window, w <= PNGOUT_UP_MAX_W);
 *   - a row equal to the row above, filter byte included: one run of such matches.
 * Everything else is literal bytes. PNG row filter: None. The filters that subtract a
 * neighbour (Sub, Up, Paeth) turn flat colour into zeros for a byte-wise compressor,
 * but the matches above already take whole pixels, and measured with zlib level 1 the
 * None filter gave the smallest files too (199 kB against 230-279 kB).
 *
 * Layout of the stream: one zlib stream (no compression dictionary, 32 KiB window) of
 * one deflate block with the fixed Huffman codes of RFC 1951 3.2.6, in one IDAT chunk.
 * The zlib checksum (Adler-32) is computed over each distinct row once and combined
 * for repeated rows.
 *
 * Files: the whole PNG is made in memory first, then written under a temporary name
 * beside path and renamed over it, so a failure leaves nothing half-written.
 */
#define _POSIX_C_SOURCE 200809L
#include "pngout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "afile.h"
#include "growbuf.h"

/* Widest frame whose rows are matched against the row above: a PNG row of 3w+1 bytes
 * must fit deflate's window of 32768 bytes. */
#define PNGOUT_UP_MAX_W ((32768 - 1) / 3)

#define OUT_CHUNK 65536 /* bytes of compressed output collected before growbuf gets them */
#define MAX_MATCH 258   /* deflate's longest match */

/* Deflate bits (least significant first) collected into bytes. */
typedef struct {
    growbuf *b;
    uint64_t acc;          /* bits not yet written */
    int n;                 /* how many */
    size_t used;           /* bytes in out */
    bool failed;           /* growbuf refused */
    unsigned char out[OUT_CHUNK];
    uint16_t lit_code[256];           /* literal bytes: Huffman code, bit-reversed */
    uint8_t lit_bits[256];
    uint32_t len_code[MAX_MATCH + 1]; /* length 3..258: Huffman code + extra bits */
    uint8_t len_bits[MAX_MATCH + 1];
    uint32_t left_code, up_code;      /* distance 3 and distance stride */
    uint8_t left_bits, up_bits;
} bitout;

static void out_flush(bitout *o)
{
    if (o->used && !growbuf_append(o->b, o->out, o->used, (size_t)INT32_MAX - 64))
        o->failed = true;
    o->used = 0;
}

static inline void put(bitout *o, uint32_t bits, int n)
{
    o->acc |= (uint64_t)bits << o->n;
    o->n += n;
    if (o->n >= 32) {
        if (o->used + 4 > OUT_CHUNK)
            out_flush(o);
        for (int i = 0; i < 4; i++)
            o->out[o->used++] = (unsigned char)(o->acc >> (8 * i));
        o->acc >>= 32;
        o->n -= 32;
    }
}

/* Writes what is left, padded to a byte. */
static void put_align(bitout *o)
{
    while (o->n > 0) {
        if (o->used + 1 > OUT_CHUNK)
            out_flush(o);
        o->out[o->used++] = (unsigned char)o->acc;
        o->acc >>= 8;
        o->n = o->n > 8 ? o->n - 8 : 0;
    }
    o->acc = 0;
}

static uint32_t reverse(uint32_t code, int n)
{
    uint32_t r = 0;
    for (int i = 0; i < n; i++)
        r |= ((code >> i) & 1u) << (n - 1 - i);
    return r;
}

/* A literal byte in the fixed code. */
static inline void put_lit(bitout *o, unsigned v)
{
    put(o, o->lit_code[v], o->lit_bits[v]);
}

/* The fixed code of symbol 256..287 (end of block, lengths). */
static void sym_code(unsigned sym, uint32_t *code, int *n)
{
    if (sym < 280) {
        *code = reverse(sym - 256, 7);
        *n = 7;
    } else {
        *code = reverse(0xc0 + sym - 280, 8);
        *n = 8;
    }
}

/* Distance d (1..32768) as fixed 5-bit code plus extra bits. */
static void dist_code(unsigned d, uint32_t *code, uint8_t *n)
{
    unsigned sym = 0, base = 1, extra = 0;
    static const unsigned bases[30] = {1,    2,    3,    4,    5,    7,     9,     13,
                                       17,   25,   33,   49,   65,   97,    129,   193,
                                       257,  385,  513,  769,  1025, 1537,  2049,  3073,
                                       4097, 6145, 8193, 12289, 16385, 24577};
    for (unsigned s = 0; s < 30; s++)
        if (bases[s] <= d) {
            sym = s;
            base = bases[s];
        }
    extra = sym < 4 ? 0 : sym / 2 - 1;
    *code = reverse(sym, 5) | (uint32_t)(d - base) << 5;
    *n = (uint8_t)(5 + extra);
}

static void tables(bitout *o, unsigned stride)
{
    static const unsigned base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,
                                      15, 17, 19, 23, 27, 31, 35, 43, 51,  59,
                                      67, 83, 99, 115, 131, 163, 195, 227, 258};
    for (unsigned v = 0; v < 256; v++) {
        o->lit_bits[v] = v < 144 ? 8 : 9;
        o->lit_code[v] = (uint16_t)(v < 144 ? reverse(0x30 + v, 8) : reverse(0x190 + v - 144, 9));
    }
    for (unsigned len = 3; len <= MAX_MATCH; len++) {
        unsigned s = 0;
        while (s + 1 < 29 && base[s + 1] <= len)
            s++;
        unsigned extra = s < 8 || s == 28 ? 0 : (s - 4) / 4;
        uint32_t code;
        int n;
        sym_code(257 + s, &code, &n);
        o->len_code[len] = code | (uint32_t)(len - base[s]) << n;
        o->len_bits[len] = (uint8_t)(n + (int)extra);
    }
    dist_code(3, &o->left_code, &o->left_bits);
    dist_code(stride <= 32768 ? stride : 1, &o->up_code, &o->up_bits);
}

/* Copies of len bytes (len >= 3) from the given distance, in matches of <= 258. */
static void put_copy(bitout *o, size_t len, uint32_t dcode, int dbits)
{
    while (len > 0) {
        size_t n = len > MAX_MATCH ? MAX_MATCH : len;
        if (len - n > 0 && len - n < 3)
            n = len - 3;
        put(o, o->len_code[n], o->len_bits[n]);
        put(o, dcode, dbits);
        len -= n;
    }
}

#define RGB(p) ((p) & 0xffffffu)

/* One row that is not a copy of the one above (up is that row, or NULL). */
static void put_row(bitout *o, const uint32_t *px, const uint32_t *up, int w)
{
    put_lit(o, 0); /* filter: None */
    int x = 0;
    while (x < w) {
        int left = 0, above = 0;
        if (x > 0)
            while (x + left < w && RGB(px[x + left]) == RGB(px[x - 1]))
                left++;
        if (up)
            while (x + above < w && RGB(px[x + above]) == RGB(up[x + above]))
                above++;
        if (left == 0 && above == 0) {
            uint32_t p = px[x++];
            put_lit(o, (p >> 16) & 0xff);
            put_lit(o, (p >> 8) & 0xff);
            put_lit(o, p & 0xff);
        } else if (left >= above) {
            put_copy(o, (size_t)left * 3, o->left_code, o->left_bits);
            x += left;
        } else {
            put_copy(o, (size_t)above * 3, o->up_code, o->up_bits);
            x += above;
        }
    }
}

static bool rows_equal(const uint32_t *a, const uint32_t *b, int w)
{
    if (memcmp(a, b, (size_t)w * 4) == 0)
        return true;
    for (int x = 0; x < w; x++)
        if (RGB(a[x]) != RGB(b[x]))
            return false;
    return true;
}

/* The Adler-32 of the PNG row of px (filter byte 0, then R, G, B of each pixel), summed
 * straight from the pixels a run of equal pixels at a time: k pixels of byte sum s and
 * weighted sum t = 3R + 2G + B add k*s to A and k*(3A + t) + 3s*k(k-1)/2 to B (A as the
 * run starts), reduced after each run (64 bits hold a run of PNGOUT_MAX_SIDE pixels). */
#define ADLER_MOD 65521u
static uLong row_adler(const uint32_t *px, int w)
{
    uint64_t a = 1, b = 1; /* after the filter byte */
    for (int x = 0; x < w;) {
        uint32_t p = RGB(px[x]);
        uint64_t k = 1;
        while (x + (int)k < w && RGB(px[x + (int)k]) == p)
            k++;
        uint64_t r = p >> 16, g = (p >> 8) & 0xff, bl = p & 0xff;
        uint64_t sum = r + g + bl;
        b = (b + k * (3 * a + 3 * r + 2 * g + bl) + 3 * sum * (k * (k - 1) / 2)) % ADLER_MOD;
        a = (a + k * sum) % ADLER_MOD;
        x += (int)k;
    }
    return (uLong)(b << 16 | a);
}

/* The zlib stream of the image into o; returns its Adler-32. line and prev: w pixels
 * of scratch each (rows of argb need not be aligned). */
static uLong deflate_image(bitout *o, const unsigned char *argb, int w, int h, int pitch,
                           uint32_t *line, uint32_t *prev)
{
    size_t stride = 3 * (size_t)w + 1;
    bool up_ok = w <= PNGOUT_UP_MAX_W;
    uLong adler = adler32(0, NULL, 0), radler = 0;
    put(o, 0x78, 8); /* zlib: deflate, 32 KiB window */
    put(o, 0x01, 8);
    put(o, 1u | 1u << 1, 3); /* the last block, fixed codes */
    for (int y = 0; y < h; y++) {
        memcpy(line, argb + (size_t)y * (size_t)pitch, (size_t)w * 4);
        if (y > 0 && up_ok && rows_equal(line, prev, w)) {
            put_copy(o, stride, o->up_code, o->up_bits);
        } else {
            put_row(o, line, y > 0 && up_ok ? prev : NULL, w);
            radler = row_adler(line, w);
        }
        adler = adler32_combine(adler, radler, (z_off_t)stride);
        uint32_t *t = prev;
        prev = line;
        line = t;
    }
    uint32_t code;
    int n;
    sym_code(256, &code, &n);
    put(o, code, n);
    put_align(o);
    for (int i = 3; i >= 0; i--)
        put(o, (uint32_t)(adler >> (8 * i)) & 0xff, 8);
    out_flush(o);
    return adler;
}

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Appends a chunk whose data is already in b from offset at (8 bytes before it are
 * reserved for length and type); adds the CRC. */
static bool close_chunk(growbuf *b, size_t at, const char *type)
{
    size_t n = b->len - at;
    if (n > INT32_MAX)
        return false;
    be32((unsigned char *)b->data + at - 8, (uint32_t)n);
    memcpy(b->data + at - 4, type, 4);
    unsigned char crc[4];
    be32(crc, (uint32_t)crc32(0, (const Bytef *)b->data + at - 4, (uInt)(n + 4)));
    return growbuf_append(b, crc, 4, (size_t)INT32_MAX);
}

static bool begin_chunk(growbuf *b, size_t *at)
{
    static const unsigned char room[8] = {0};
    *at = b->len + 8;
    return growbuf_append(b, room, 8, (size_t)INT32_MAX);
}

int pngout_write_mem(const void *argb, int w, int h, int pitch, unsigned char **out,
                     size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!argb || w <= 0 || h <= 0 || w > PNGOUT_MAX_SIDE || h > PNGOUT_MAX_SIDE ||
        pitch < w * 4)
        return -1;
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    growbuf b = {NULL, 0, 0};
    bitout *o = malloc(sizeof(*o));
    uint32_t *lines = malloc((size_t)w * 8);
    size_t at = 0;
    bool ok = o && lines && growbuf_append(&b, sig, 8, SIZE_MAX - 1) &&
              begin_chunk(&b, &at);
    if (ok) {
        unsigned char ihdr[13] = {0, 0, 0, 0, 0, 0, 0, 0, 8, 2, 0, 0, 0}; /* 8-bit RGB */
        be32(ihdr, (uint32_t)w);
        be32(ihdr + 4, (uint32_t)h);
        ok = growbuf_append(&b, ihdr, 13, SIZE_MAX - 1) && close_chunk(&b, at, "IHDR") &&
             begin_chunk(&b, &at);
    }
    if (ok) {
        memset(o, 0, offsetof(bitout, out));
        o->b = &b;
        tables(o, 3 * (unsigned)w + 1);
        deflate_image(o, argb, w, h, pitch, lines, lines + w);
        ok = !o->failed && close_chunk(&b, at, "IDAT") && begin_chunk(&b, &at) &&
             close_chunk(&b, at, "IEND");
    }
    free(lines);
    free(o);
    if (!ok) {
        growbuf_free(&b);
        return -1;
    }
    *out = (unsigned char *)b.data;
    *len = b.len;
    return 0;
}

/* Writes all n bytes to fd. Returns 0 or an errno. */
int pngout_write_file(const char *path, const void *argb, int w, int h, int pitch,
                      char *err, size_t errcap)
{
    unsigned char *png = NULL;
    size_t len = 0;
    if (pngout_write_mem(argb, w, h, pitch, &png, &len) != 0) {
        if (errcap)
            snprintf(err, errcap, "cannot encode %dx%d pixels as PNG for %s", w, h, path);
        return -1;
    }
    afile_part part = {png, len};
    const char *step = NULL;
    int rc = afile_replace(path, NULL, 0644, AFILE_NO_SYNC, &part, 1, &step, NULL);
    if (rc < 0 && errcap)
        snprintf(err, errcap, "cannot write %s (%s): %s", path, step, strerror(errno));
    free(png);
    return rc < 0 ? -1 : 0;
}
