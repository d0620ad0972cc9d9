/* qr.h - a text (a session's url) as a QR code, and how big a board draws it (pure).
 *
 * Encoding is libqrencode's: byte mode, error correction level M (15 % of the code may
 * be lost: glare, a hand in the way), the smallest version that holds the text.
 *
 * Module size. The board is read from about 3 m. A phone's scanner works on its camera
 * preview, about 1920 px over a 65 degree field (about 1700 px per radian), and wants
 * at least 3 preview pixels per module: at 3 m a module must then span 3 / 1700 rad,
 * about 5.3 mm. On a 55 inch 1080p screen (1218 mm / 1920 px = 0.63 mm per pixel) that
 * is 8.4 px; QR_MODULE_PX_1080 = 10 px (6.3 mm, 3.6 preview pixels) leaves a margin.
 * It scales with the screen: 20 px on a 2160-line screen. The rule of thumb "scanning
 * distance = 10 x code width" asks 30 cm at 3 m; a typical talk URL (40 to 60 bytes,
 * version 4, 33 modules) is 21 cm at 10 px, which the preview-pixel argument above
 * shows to be enough; feeds should keep their urls short (a 512-byte url needs a
 * version 19 code, 93 modules: 59 cm at 10 px, too big for any box).
 */
#ifndef HB_QR_H
#define HB_QR_H

#include <stdbool.h>
#include <stdint.h>

#define QR_MAX_TEXT 512        /* bytes of text encoded; longer text is refused */
#define QR_MAX_MODULES 177     /* modules on a side (version 40) */
#define QR_QUIET 4             /* modules of white around the code (the standard's) */
#define QR_MODULE_PX_1080 10   /* smallest module in pixels on a screen 1080 px high
                                * (its shorter side), see above */

typedef struct {
    int version;               /* 1..40 */
    int size;                  /* modules on a side: 17 + 4 * version */
    uint8_t dark[QR_MAX_MODULES * QR_MAX_MODULES]; /* row-major, 1 = dark module */
} qr_code;

/* Encodes text (NUL-terminated, 1..QR_MAX_TEXT bytes) into *out (caller-owned, about
 * 31 KB). Returns 0, -EINVAL for empty or too long text, -ENOMEM. Thread-safe. */
int qr_encode(const char *text, qr_code *out);

/* Whether module (x, y) is dark; false outside the code (the quiet zone is white). */
static inline bool qr_dark(const qr_code *q, int x, int y)
{
    return x >= 0 && y >= 0 && x < q->size && y < q->size && q->dark[y * q->size + x];
}

/* The largest integer module size (px) at which a code of `size` modules and its quiet
 * zone fit a w x h box; 0 when not even 1 px does. Can't fail. */
int qr_module_px(int w, int h, int size);

/* The smallest module size (px) readable from 3 m on a screen of w x h px:
 * QR_MODULE_PX_1080 scaled by the shorter side / 1080, rounded up, at least 2. */
int qr_min_module_px(int screen_w, int screen_h);

/* The side (px) of the square box a code of `size` modules needs on that screen, quiet
 * zone included: what the layout reserves for a QR box. */
int qr_box_px(int size, int screen_w, int screen_h);

#endif
