/* qr.c - QR codes through libqrencode (qr.h). */
#include "qr.h"

#include <errno.h>
#include <string.h>

#include <qrencode.h>

int qr_encode(const char *text, qr_code *out)
{
    memset(out, 0, sizeof(*out));
    size_t n = strlen(text);
    if (n == 0 || n > QR_MAX_TEXT)
        return -EINVAL;
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q)
        return errno == ERANGE || errno == EINVAL ? -EINVAL : -ENOMEM;
    if (q->width <= 0 || q->width > QR_MAX_MODULES) {
        QRcode_free(q);
        return -EINVAL;
    }
    out->version = q->version;
    out->size = q->width;
    for (int i = 0; i < q->width * q->width; i++)
        out->dark[i] = q->data[i] & 1;
    QRcode_free(q);
    return 0;
}

int qr_module_px(int w, int h, int size)
{
    int side = w < h ? w : h;
    if (size <= 0 || side <= 0)
        return 0;
    return side / (size + 2 * QR_QUIET);
}

int qr_min_module_px(int screen_w, int screen_h)
{
    int side = screen_w < screen_h ? screen_w : screen_h;
    int px = (QR_MODULE_PX_1080 * side + 1079) / 1080;
    return px < 2 ? 2 : px;
}

int qr_box_px(int size, int screen_w, int screen_h)
{
    return (size + 2 * QR_QUIET) * qr_min_module_px(screen_w, screen_h);
}
