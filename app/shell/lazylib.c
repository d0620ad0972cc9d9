/* lazylib.c - the network, signing and image-decoding libraries, loaded at first use.
 *
 * Most runs of the board never fetch, serve the control endpoint, talk to the fleet
 * broker, check a signature or decode a picture (`hallboard render` of the built-in
 * agenda does none of these), yet linking libcurl, libmicrohttpd, libmosquitto,
 * libcrypto and SDL2_image made the dynamic loader map about sixty libraries at every
 * start and resolve their symbols (most are built with immediate binding): measured
 * under callgrind, 27 of the 50 M instructions a start cost before main.
 *
 * So the shell calls those libraries through the functions below, which carry the
 * libraries' own names and prototypes (the headers are included: a mismatch does not
 * compile). The first call of each opens its library by soname (dlopen) and looks the
 * function up (dlsym); later calls jump straight there. The executable links with
 * --as-needed, so a library whose functions are all here is not loaded at start; a
 * function used elsewhere but missing here keeps its library linked as before (slower
 * start, same behaviour). A library that cannot be loaded at first use ends the
 * process with a one-line message, as the loader did at start when it was missing.
 *
 * Layout: the loader; then one block per library.
 */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define CURL_DISABLE_TYPECHECK
#include <SDL_image.h>
#include <curl/curl.h>
#include <libical/ical.h>
#include <microhttpd.h>
#include <mosquitto.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

/* The libraries, by soname (the packages' runtime names). */
enum { LIB_CURL, LIB_MHD, LIB_MOSQ, LIB_CRYPTO, LIB_IMG, LIB_ICAL, LIB_COUNT };
static const char *const sonames[LIB_COUNT] = {
    "libcurl.so.4", "libmicrohttpd.so.12", "libmosquitto.so.1", "libcrypto.so.3",
    "libSDL2_image-2.0.so.0", "libical.so.3",
};

static void *handles[LIB_COUNT];

/* Function name of library lib; *cache holds it after the first call. Thread-safe:
 * dlopen and dlsym are, and racing callers store the same pointers. */
static void *lazy_fn(int lib, const char *name, void **cache)
{
    void *f = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
    if (f)
        return f;
    void *h = __atomic_load_n(&handles[lib], __ATOMIC_ACQUIRE);
    if (!h) {
        h = dlopen(sonames[lib], RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            fprintf(stderr, "hallboard: cannot load %s: %s\n", sonames[lib], dlerror());
            exit(1);
        }
        __atomic_store_n(&handles[lib], h, __ATOMIC_RELEASE);
    }
    f = dlsym(h, name);
    if (!f) {
        fprintf(stderr, "hallboard: %s has no %s\n", sonames[lib], name);
        exit(1);
    }
    __atomic_store_n(cache, f, __ATOMIC_RELEASE);
    return f;
}

/* A function returning ret / nothing: params is its parameter list, args the names. */
#define LAZY(lib, ret, name, params, args)                                               \
    ret name params                                                                      \
    {                                                                                    \
        static void *fn;                                                                 \
        return ((ret(*) params)lazy_fn(lib, #name, &fn)) args;                           \
    }
#define LAZY_VOID(lib, name, params, args)                                               \
    void name params                                                                     \
    {                                                                                    \
        static void *fn;                                                                 \
        ((void(*) params)lazy_fn(lib, #name, &fn)) args;                                 \
    }

/* ---- libcurl ----------------------------------------------------------------------- */

#undef curl_easy_setopt
#undef curl_easy_getinfo

LAZY(LIB_CURL, CURLcode, curl_global_init, (long flags), (flags))
LAZY(LIB_CURL, CURL *, curl_easy_init, (void), ())
LAZY_VOID(LIB_CURL, curl_easy_cleanup, (CURL *c), (c))
LAZY_VOID(LIB_CURL, curl_easy_reset, (CURL *c), (c))
LAZY(LIB_CURL, CURLcode, curl_easy_perform, (CURL *c), (c))
LAZY(LIB_CURL, const char *, curl_easy_strerror, (CURLcode e), (e))
LAZY(LIB_CURL, struct curl_slist *, curl_slist_append,
     (struct curl_slist *l, const char *s), (l, s))
LAZY_VOID(LIB_CURL, curl_slist_free_all, (struct curl_slist *l), (l))

/* The option's argument is passed on with the type its number says (curl.h: options
 * are numbered by type in steps of 10000). */
CURLcode curl_easy_setopt(CURL *c, CURLoption opt, ...)
{
    static void *fn;
    CURLcode (*f)(CURL *, CURLoption, ...) = lazy_fn(LIB_CURL, "curl_easy_setopt", &fn);
    va_list ap;
    va_start(ap, opt);
    CURLcode rc;
    if (opt < CURLOPTTYPE_OBJECTPOINT)
        rc = f(c, opt, va_arg(ap, long));
    else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
        rc = f(c, opt, va_arg(ap, void *));
    else if (opt < CURLOPTTYPE_OFF_T)
        rc = f(c, opt, va_arg(ap, void (*)(void)));
    else if (opt < CURLOPTTYPE_BLOB)
        rc = f(c, opt, va_arg(ap, curl_off_t));
    else
        rc = f(c, opt, va_arg(ap, void *));
    va_end(ap);
    return rc;
}

/* Every piece of information is written through one pointer. */
CURLcode curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
    static void *fn;
    CURLcode (*f)(CURL *, CURLINFO, ...) = lazy_fn(LIB_CURL, "curl_easy_getinfo", &fn);
    va_list ap;
    va_start(ap, info);
    CURLcode rc = f(c, info, va_arg(ap, void *));
    va_end(ap);
    return rc;
}

/* ---- libmicrohttpd ----------------------------------------------------------------- */

LAZY(LIB_MHD, enum MHD_Result, MHD_add_response_header,
     (struct MHD_Response *r, const char *h, const char *v), (r, h, v))
LAZY(LIB_MHD, struct MHD_Response *, MHD_create_response_from_buffer,
     (size_t n, void *b, enum MHD_ResponseMemoryMode m), (n, b, m))
LAZY_VOID(LIB_MHD, MHD_destroy_response, (struct MHD_Response *r), (r))
LAZY(LIB_MHD, int, MHD_get_connection_values,
     (struct MHD_Connection *c, enum MHD_ValueKind k, MHD_KeyValueIterator it, void *cls),
     (c, k, it, cls))
LAZY(LIB_MHD, enum MHD_Result, MHD_get_timeout,
     (struct MHD_Daemon *d, MHD_UNSIGNED_LONG_LONG *t), (d, t))
LAZY(LIB_MHD, const char *, MHD_lookup_connection_value,
     (struct MHD_Connection *c, enum MHD_ValueKind k, const char *key), (c, k, key))
LAZY(LIB_MHD, enum MHD_Result, MHD_queue_response,
     (struct MHD_Connection *c, unsigned int status, struct MHD_Response *r), (c, status, r))
LAZY(LIB_MHD, enum MHD_Result, MHD_run, (struct MHD_Daemon *d), (d))
LAZY_VOID(LIB_MHD, MHD_stop_daemon, (struct MHD_Daemon *d), (d))

/* The info queries take no further argument in this library's API (the "..." is
 * reserved), so none is passed on. */
const union MHD_ConnectionInfo *MHD_get_connection_info(struct MHD_Connection *c,
                                                        enum MHD_ConnectionInfoType t, ...)
{
    static void *fn;
    const union MHD_ConnectionInfo *(*f)(struct MHD_Connection *, enum MHD_ConnectionInfoType,
                                         ...) = lazy_fn(LIB_MHD, "MHD_get_connection_info", &fn);
    return f(c, t);
}

const union MHD_DaemonInfo *MHD_get_daemon_info(struct MHD_Daemon *d, enum MHD_DaemonInfoType t,
                                                ...)
{
    static void *fn;
    const union MHD_DaemonInfo *(*f)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...) =
        lazy_fn(LIB_MHD, "MHD_get_daemon_info", &fn);
    return f(d, t);
}

/* The option list is passed on whole to the va_list form. */
struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port,
                                    MHD_AcceptPolicyCallback apc, void *apc_cls,
                                    MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
    static void *fn;
    struct MHD_Daemon *(*f)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
                            MHD_AccessHandlerCallback, void *, va_list) =
        lazy_fn(LIB_MHD, "MHD_start_daemon_va", &fn);
    va_list ap;
    va_start(ap, dh_cls);
    struct MHD_Daemon *d = f(flags, port, apc, apc_cls, dh, dh_cls, ap);
    va_end(ap);
    return d;
}

/* ---- libmosquitto ------------------------------------------------------------------ */

typedef void (*mosq_cb_int)(struct mosquitto *, void *, int);

LAZY(LIB_MOSQ, int, mosquitto_lib_init, (void), ())
LAZY(LIB_MOSQ, struct mosquitto *, mosquitto_new, (const char *id, bool clean, void *obj),
     (id, clean, obj))
LAZY_VOID(LIB_MOSQ, mosquitto_destroy, (struct mosquitto *m), (m))
LAZY(LIB_MOSQ, const char *, mosquitto_connack_string, (int code), (code))
LAZY(LIB_MOSQ, const char *, mosquitto_strerror, (int e), (e))
LAZY(LIB_MOSQ, int, mosquitto_connect, (struct mosquitto *m, const char *host, int port, int ka),
     (m, host, port, ka))
LAZY(LIB_MOSQ, int, mosquitto_connect_async,
     (struct mosquitto *m, const char *host, int port, int ka), (m, host, port, ka))
LAZY(LIB_MOSQ, int, mosquitto_reconnect_async, (struct mosquitto *m), (m))
LAZY(LIB_MOSQ, int, mosquitto_disconnect, (struct mosquitto *m), (m))
LAZY(LIB_MOSQ, int, mosquitto_loop, (struct mosquitto *m, int timeout, int max_packets),
     (m, timeout, max_packets))
LAZY(LIB_MOSQ, int, mosquitto_int_option, (struct mosquitto *m, enum mosq_opt_t o, int v),
     (m, o, v))
LAZY(LIB_MOSQ, int, mosquitto_threaded_set, (struct mosquitto *m, bool t), (m, t))
LAZY(LIB_MOSQ, int, mosquitto_username_pw_set,
     (struct mosquitto *m, const char *user, const char *pw), (m, user, pw))
LAZY(LIB_MOSQ, int, mosquitto_tls_set,
     (struct mosquitto *m, const char *cafile, const char *capath, const char *certfile,
      const char *keyfile, int (*pw)(char *buf, int size, int rwflag, void *userdata)),
     (m, cafile, capath, certfile, keyfile, pw))
LAZY(LIB_MOSQ, int, mosquitto_will_set,
     (struct mosquitto *m, const char *topic, int n, const void *p, int qos, bool retain),
     (m, topic, n, p, qos, retain))
LAZY(LIB_MOSQ, int, mosquitto_publish,
     (struct mosquitto *m, int *mid, const char *topic, int n, const void *p, int qos,
      bool retain),
     (m, mid, topic, n, p, qos, retain))
LAZY(LIB_MOSQ, int, mosquitto_subscribe, (struct mosquitto *m, int *mid, const char *sub, int qos),
     (m, mid, sub, qos))
LAZY_VOID(LIB_MOSQ, mosquitto_connect_callback_set, (struct mosquitto *m, mosq_cb_int cb), (m, cb))
LAZY_VOID(LIB_MOSQ, mosquitto_disconnect_callback_set, (struct mosquitto *m, mosq_cb_int cb),
          (m, cb))
LAZY_VOID(LIB_MOSQ, mosquitto_publish_callback_set, (struct mosquitto *m, mosq_cb_int cb),
          (m, cb))
LAZY_VOID(LIB_MOSQ, mosquitto_message_callback_set,
          (struct mosquitto *m,
           void (*cb)(struct mosquitto *, void *, const struct mosquitto_message *)),
          (m, cb))
LAZY_VOID(LIB_MOSQ, mosquitto_subscribe_callback_set,
          (struct mosquitto *m, void (*cb)(struct mosquitto *, void *, int, int, const int *)),
          (m, cb))

/* ---- libcrypto ----------------------------------------------------------------------- */

LAZY(LIB_CRYPTO, BIO *, BIO_new_mem_buf, (const void *buf, int len), (buf, len))
LAZY(LIB_CRYPTO, int, BIO_free, (BIO *b), (b))
LAZY_VOID(LIB_CRYPTO, ERR_clear_error, (void), ())
LAZY_VOID(LIB_CRYPTO, OPENSSL_cleanse, (void *p, size_t n), (p, n))
LAZY(LIB_CRYPTO, EVP_MD_CTX *, EVP_MD_CTX_new, (void), ())
LAZY_VOID(LIB_CRYPTO, EVP_MD_CTX_free, (EVP_MD_CTX *c), (c))
LAZY(LIB_CRYPTO, int, EVP_DigestSignInit,
     (EVP_MD_CTX *c, EVP_PKEY_CTX **pc, const EVP_MD *t, ENGINE *e, EVP_PKEY *k),
     (c, pc, t, e, k))
LAZY(LIB_CRYPTO, int, EVP_DigestSign,
     (EVP_MD_CTX *c, unsigned char *sig, size_t *siglen, const unsigned char *tbs,
      size_t tbslen),
     (c, sig, siglen, tbs, tbslen))
LAZY(LIB_CRYPTO, int, EVP_DigestVerifyInit,
     (EVP_MD_CTX *c, EVP_PKEY_CTX **pc, const EVP_MD *t, ENGINE *e, EVP_PKEY *k),
     (c, pc, t, e, k))
LAZY(LIB_CRYPTO, int, EVP_DigestVerify,
     (EVP_MD_CTX *c, const unsigned char *sig, size_t siglen, const unsigned char *tbs,
      size_t tbslen),
     (c, sig, siglen, tbs, tbslen))
LAZY(LIB_CRYPTO, EVP_PKEY_CTX *, EVP_PKEY_CTX_new_id, (int id, ENGINE *e), (id, e))
LAZY_VOID(LIB_CRYPTO, EVP_PKEY_CTX_free, (EVP_PKEY_CTX *c), (c))
LAZY(LIB_CRYPTO, int, EVP_PKEY_keygen_init, (EVP_PKEY_CTX *c), (c))
LAZY(LIB_CRYPTO, int, EVP_PKEY_keygen, (EVP_PKEY_CTX *c, EVP_PKEY **k), (c, k))
LAZY_VOID(LIB_CRYPTO, EVP_PKEY_free, (EVP_PKEY *k), (k))
LAZY(LIB_CRYPTO, int, EVP_PKEY_get_id, (const EVP_PKEY *k), (k))
LAZY(LIB_CRYPTO, int, EVP_PKEY_get_base_id, (const EVP_PKEY *k), (k))
LAZY(LIB_CRYPTO, const char *, OBJ_nid2sn, (int n), (n))
LAZY(LIB_CRYPTO, EVP_PKEY *, PEM_read_bio_PUBKEY,
     (BIO *b, EVP_PKEY **x, pem_password_cb *cb, void *u), (b, x, cb, u))
LAZY(LIB_CRYPTO, EVP_PKEY *, PEM_read_bio_PrivateKey,
     (BIO *b, EVP_PKEY **x, pem_password_cb *cb, void *u), (b, x, cb, u))
LAZY(LIB_CRYPTO, int, PEM_write_PUBKEY, (FILE *f, const EVP_PKEY *k), (f, k))
LAZY(LIB_CRYPTO, int, PEM_write_PrivateKey,
     (FILE *f, const EVP_PKEY *k, const EVP_CIPHER *enc, const unsigned char *kstr, int klen,
      pem_password_cb *cb, void *u),
     (f, k, enc, kstr, klen, cb, u))

/* ---- SDL2_image ---------------------------------------------------------------------- */

LAZY(LIB_IMG, SDL_Surface *, IMG_Load_RW, (SDL_RWops *src, int freesrc), (src, freesrc))
LAZY(LIB_IMG, int, IMG_isSVG, (SDL_RWops *src), (src))
LAZY(LIB_IMG, SDL_Surface *, IMG_LoadSizedSVG_RW, (SDL_RWops *src, int w, int h), (src, w, h))

/* ---- libical (the iCalendar import of the core: it calls these, the shell binds them) --- */

typedef struct icaltimetype ical_tt;

LAZY(LIB_ICAL, icalcomponent *, icalparser_parse_string, (const char *str), (str))
LAZY_VOID(LIB_ICAL, icalcomponent_free, (icalcomponent *c), (c))
LAZY(LIB_ICAL, icalcomponent_kind, icalcomponent_isa, (const icalcomponent *c), (c))
LAZY(LIB_ICAL, icalcomponent *, icalcomponent_get_first_component,
     (icalcomponent *c, icalcomponent_kind k), (c, k))
LAZY(LIB_ICAL, icalcomponent *, icalcomponent_get_next_component,
     (icalcomponent *c, icalcomponent_kind k), (c, k))
LAZY(LIB_ICAL, icalproperty *, icalcomponent_get_first_property,
     (icalcomponent *c, icalproperty_kind k), (c, k))
LAZY(LIB_ICAL, icalproperty *, icalcomponent_get_next_property,
     (icalcomponent *c, icalproperty_kind k), (c, k))
LAZY(LIB_ICAL, int, icaldurationtype_as_int, (struct icaldurationtype d), (d))
LAZY(LIB_ICAL, int, icaldurationtype_is_bad_duration, (struct icaldurationtype d), (d))
LAZY(LIB_ICAL, const char *, icalparameter_get_language, (const icalparameter *p), (p))
LAZY(LIB_ICAL, const char *, icalparameter_get_tzid, (const icalparameter *p), (p))
LAZY(LIB_ICAL, const char *, icalparameter_get_xname, (icalparameter *p), (p))
LAZY(LIB_ICAL, ical_tt, icalproperty_get_dtstart, (const icalproperty *p), (p))
LAZY(LIB_ICAL, ical_tt, icalproperty_get_dtend, (const icalproperty *p), (p))
LAZY(LIB_ICAL, struct icaldurationtype, icalproperty_get_duration, (const icalproperty *p), (p))
LAZY(LIB_ICAL, icalparameter *, icalproperty_get_first_parameter,
     (icalproperty *p, icalparameter_kind k), (p, k))
LAZY(LIB_ICAL, icalparameter *, icalproperty_get_next_parameter,
     (icalproperty *p, icalparameter_kind k), (p, k))
LAZY(LIB_ICAL, struct icaldatetimeperiodtype, icalproperty_get_rdate, (const icalproperty *p),
     (p))
LAZY(LIB_ICAL, ical_tt, icalproperty_get_recurrenceid, (const icalproperty *p), (p))
LAZY(LIB_ICAL, struct icalrecurrencetype, icalproperty_get_rrule, (const icalproperty *p), (p))
LAZY(LIB_ICAL, enum icalproperty_status, icalproperty_get_status, (const icalproperty *p), (p))
LAZY(LIB_ICAL, const char *, icalproperty_get_tzid, (const icalproperty *p), (p))
LAZY(LIB_ICAL, int, icalproperty_get_tzoffsetto, (const icalproperty *p), (p))
LAZY(LIB_ICAL, icalvalue *, icalproperty_get_value, (const icalproperty *p), (p))
LAZY(LIB_ICAL, const char *, icalproperty_get_x_name, (icalproperty *p), (p))
LAZY(LIB_ICAL, const char *, icalproperty_get_xlicerror, (const icalproperty *p), (p))
LAZY(LIB_ICAL, icalrecur_iterator *, icalrecur_iterator_new,
     (struct icalrecurrencetype rule, ical_tt start), (rule, start))
LAZY(LIB_ICAL, ical_tt, icalrecur_iterator_next, (icalrecur_iterator *it), (it))
LAZY_VOID(LIB_ICAL, icalrecur_iterator_free, (icalrecur_iterator *it), (it))
LAZY(LIB_ICAL, enum icalrecurrencetype_weekday, icalrecurrencetype_day_day_of_week, (short day),
     (day))
LAZY(LIB_ICAL, int, icalrecurrencetype_day_position, (short day), (day))
LAZY_VOID(LIB_ICAL, icaltime_adjust,
          (ical_tt *tt, const int days, const int hours, const int minutes, const int seconds),
          (tt, days, hours, minutes, seconds))
LAZY(LIB_ICAL, int, icaltime_is_null_time, (const ical_tt t), (t))
LAZY(LIB_ICAL, ical_tt, icaltime_null_time, (void), ())
LAZY(LIB_ICAL, ical_tt, icalvalue_get_date, (const icalvalue *v), (v))
LAZY(LIB_ICAL, ical_tt, icalvalue_get_datetime, (const icalvalue *v), (v))
LAZY(LIB_ICAL, const char *, icalvalue_get_text, (const icalvalue *v), (v))
LAZY(LIB_ICAL, const char *, icalvalue_get_x, (const icalvalue *v), (v))
LAZY(LIB_ICAL, icalvalue_kind, icalvalue_isa, (const icalvalue *v), (v))
