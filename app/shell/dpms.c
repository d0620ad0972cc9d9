/* dpms.c - powering the screen down and up (dpms.h). */
#include "dpms.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <SDL_syswm.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

/* ---- KMS/DRM ------------------------------------------------------------------ */

/* The id of the connector property called name, or 0. */
static uint32_t connector_prop(int fd, uint32_t connector, const char *name)
{
    drmModeObjectPropertiesPtr props =
        drmModeObjectGetProperties(fd, connector, DRM_MODE_OBJECT_CONNECTOR);
    uint32_t found = 0;
    for (uint32_t i = 0; props && i < props->count_props && !found; i++) {
        drmModePropertyPtr p = drmModeGetProperty(fd, props->props[i]);
        if (p && strcmp(p->name, name) == 0)
            found = p->prop_id;
        drmModeFreeProperty(p);
    }
    drmModeFreeObjectProperties(props);
    return found;
}

static dpms_result kms_set(int fd, bool on, char *why, size_t cap)
{
    if (fd < 0) {
        snprintf(why, cap, "SDL gave no DRM device");
        return DPMS_FAILED;
    }
    drmModeResPtr res = drmModeGetResources(fd);
    if (!res) {
        snprintf(why, cap, "no DRM resources: %s", strerror(errno));
        return DPMS_FAILED;
    }
    int switched = 0, failed = 0, err = 0;
    for (int i = 0; i < res->count_connectors; i++) {
        /* The current state only: a full probe re-reads EDID and can take a while. */
        drmModeConnectorPtr c = drmModeGetConnectorCurrent(fd, res->connectors[i]);
        if (!c)
            continue;
        /* Connectors that show something: connected, with an encoder on a CRTC. */
        bool showing = false;
        if (c->connection == DRM_MODE_CONNECTED && c->encoder_id) {
            drmModeEncoderPtr e = drmModeGetEncoder(fd, c->encoder_id);
            showing = e && e->crtc_id;
            drmModeFreeEncoder(e);
        }
        uint32_t prop = showing ? connector_prop(fd, c->connector_id, "DPMS") : 0;
        if (prop) {
            if (drmModeConnectorSetProperty(fd, c->connector_id, prop,
                                            on ? DRM_MODE_DPMS_ON : DRM_MODE_DPMS_OFF) == 0) {
                switched++;
            } else {
                failed++;
                err = errno;
            }
        }
        drmModeFreeConnector(c);
    }
    drmModeFreeResources(res);
    if (failed) {
        snprintf(why, cap, "the driver refused DPMS %s: %s", on ? "on" : "off", strerror(err));
        return DPMS_FAILED;
    }
    if (!switched) {
        snprintf(why, cap, "no connector with a DPMS property is showing the board");
        return DPMS_FAILED;
    }
    return DPMS_DONE;
}

/* ---- X11 ------------------------------------------------------------------------ */

#if defined(SDL_VIDEO_DRIVER_X11)
/* The few X calls needed, from the libraries SDL's X11 driver has loaded already. */
typedef struct {
    bool tried, ok, has_dpms_fns;
    bool we_enabled;                              /* DPMS was off: restore that when on */
    int (*force_saver)(Display *, int);           /* libX11 XForceScreenSaver */
    int (*flush)(Display *);                      /* libX11 XFlush */
    void (*saver_suspend)(Display *, Bool);       /* libXss XScreenSaverSuspend */
    Bool (*dpms_query)(Display *, int *, int *);  /* libXext DPMSQueryExtension */
    Bool (*dpms_capable)(Display *);              /* libXext DPMSCapable */
    Status (*dpms_enable)(Display *);             /* libXext DPMSEnable */
    Status (*dpms_disable)(Display *);            /* libXext DPMSDisable */
    Status (*dpms_info)(Display *, unsigned short *, unsigned char *); /* DPMSInfo */
    Status (*dpms_force)(Display *, unsigned short);    /* libXext DPMSForceLevel */
} x11_fns;

#define X11_SAVER_RESET 0  /* ScreenSaverReset */
#define X11_SAVER_ACTIVE 1 /* ScreenSaverActive */
#define X11_DPMS_ON 0      /* DPMSModeOn */
#define X11_DPMS_OFF 3     /* DPMSModeOff */

static void *sym(void *lib, const char *name)
{
    return lib ? dlsym(lib, name) : NULL;
}

static x11_fns *x11_load(void)
{
    static x11_fns f;
    if (f.tried)
        return f.ok ? &f : NULL;
    f.tried = true;
    void *x11 = dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL);
    void *xss = dlopen("libXss.so.1", RTLD_NOW | RTLD_LOCAL);
    void *xext = dlopen("libXext.so.6", RTLD_NOW | RTLD_LOCAL);
    *(void **)&f.force_saver = sym(x11, "XForceScreenSaver");
    *(void **)&f.flush = sym(x11, "XFlush");
    *(void **)&f.saver_suspend = sym(xss, "XScreenSaverSuspend");
    *(void **)&f.dpms_query = sym(xext, "DPMSQueryExtension");
    *(void **)&f.dpms_capable = sym(xext, "DPMSCapable");
    *(void **)&f.dpms_enable = sym(xext, "DPMSEnable");
    *(void **)&f.dpms_force = sym(xext, "DPMSForceLevel");
    *(void **)&f.dpms_disable = sym(xext, "DPMSDisable");
    *(void **)&f.dpms_info = sym(xext, "DPMSInfo");
    f.ok = f.force_saver && f.flush;
    f.has_dpms_fns = f.dpms_query && f.dpms_capable && f.dpms_enable && f.dpms_force &&
                     f.dpms_disable && f.dpms_info;
    return f.ok ? &f : NULL;
}

static dpms_result x11_set(Display *d, bool on, char *why, size_t cap)
{
    x11_fns *f = x11_load();
    if (!f || !d) {
        snprintf(why, cap, "libX11 is not loadable");
        return DPMS_FAILED;
    }
    int ev, er;
    bool dpms = f->has_dpms_fns && f->dpms_query(d, &ev, &er) && f->dpms_capable(d);
    unsigned short level = 0;
    unsigned char enabled = 0;
    if (dpms && !f->dpms_info(d, &level, &enabled))
        dpms = false;
    if (on) {
        /* Forcing a level with DPMS disabled is an X error (and Xlib's default handler
         * exits): only when it is enabled, and as it was found before the night. */
        if (dpms && enabled)
            f->dpms_force(d, X11_DPMS_ON);
        if (dpms && enabled && f->we_enabled)
            f->dpms_disable(d);
        f->we_enabled = false;
        f->force_saver(d, X11_SAVER_RESET);
        if (f->saver_suspend)
            f->saver_suspend(d, True);
    } else {
        if (f->saver_suspend) /* let the server's own timers run too */
            f->saver_suspend(d, False);
        if (dpms) {
            if (!enabled) {
                f->dpms_enable(d);
                f->we_enabled = true;
            }
            f->dpms_force(d, X11_DPMS_OFF);
        } else {
            f->force_saver(d, X11_SAVER_ACTIVE);
        }
    }
    f->flush(d);
    return dpms ? DPMS_DONE : DPMS_BLANKED;
}
#endif

/* ---- Either ----------------------------------------------------------------------- */

dpms_result dpms_set(SDL_Window *win, bool on, char *why, size_t cap)
{
    if (on)
        SDL_DisableScreenSaver();
    else
        SDL_EnableScreenSaver();
    SDL_SysWMinfo wm;
    SDL_VERSION(&wm.version);
    if (!win || !SDL_GetWindowWMInfo(win, &wm))
        return DPMS_ELSEWHERE;
#if defined(SDL_VIDEO_DRIVER_KMSDRM)
    if (wm.subsystem == SDL_SYSWM_KMSDRM)
        return kms_set(wm.info.kmsdrm.drm_fd, on, why, cap);
#endif
#if defined(SDL_VIDEO_DRIVER_X11)
    if (wm.subsystem == SDL_SYSWM_X11)
        return x11_set(wm.info.x11.display, on, why, cap);
#endif
    return DPMS_ELSEWHERE;
}

const char *dpms_describe(dpms_result r, bool on)
{
    switch (r) {
    case DPMS_DONE:
        return on ? "powered up" : "powered down";
    case DPMS_BLANKED:
        return on ? "screen saver off" : "black; screen saver on";
    case DPMS_ELSEWHERE:
        return on ? "kept awake" : "black; the display system may power it down";
    case DPMS_FAILED:
        break;
    }
    return on ? "power-up failed" : "black; power-down failed";
}
