/* test_conf.c - the settings file parser (app/core/conf.c): the example file, defaults,
 * quoting and comments, CRLF and BOM, and every class of error with its exact message. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boards.h"
#include "conf.h"
#include "layout.h"

/* Parses text (a C string); returns the error count, errors in err[4096]. */
static int parse(const char *text, conf_values *c, char *err)
{
    return conf_parse(text, strlen(text), "hallboard.conf", c, err, 4096);
}

/* The text must parse without error. */
static conf_values *ok(const char *text)
{
    conf_values *c = malloc(sizeof(*c));
    char err[4096];
    int n = parse(text, c, err);
    if (n != 0)
        fprintf(stderr, "unexpected errors:\n%s", err);
    assert_int_equal(n, 0);
    assert_string_equal(err, "");
    return c;
}

/* The text must give exactly the error lines `want` (each ending in '\n'). */
static void errors(const char *text, int count, const char *want)
{
    conf_values *c = malloc(sizeof(*c));
    char err[4096];
    int n = parse(text, c, err);
    if (n != count || strcmp(err, want) != 0)
        fprintf(stderr, "for:\n%s\nwanted %d:\n%sgot %d:\n%s", text, count, want, n, err);
    assert_int_equal(n, count);
    assert_string_equal(err, want);
    free(c);
}

static void conf_defaults_are_documented_values(void **st)
{
    (void)st;
    conf_values *c = malloc(sizeof(*c));
    memset(c, 0x5a, sizeof(*c));
    conf_defaults(c);
    assert_string_equal(c->feed, "");
    assert_int_equal(c->poll_interval, 60);
    assert_string_equal(c->cache_dir, "/var/cache/hallboard");
    assert_string_equal(c->ca_file, "");
    assert_int_equal(c->stale_after, 21600);
    assert_string_equal(c->hall, "");
    assert_string_equal(c->lang, "");
    assert_string_equal(c->lang2, "");
    assert_int_equal(c->n_zones, 0);
    assert_string_equal(c->board, "");
    assert_int_equal(c->rotate, 0);
    assert_int_equal(c->width, 0);
    assert_int_equal(c->height, 0);
    assert_int_equal(c->display_on, -1);
    assert_int_equal(c->display_off, -1);
    assert_string_equal(c->fonts, "");
    for (int k = 0; k < CONF_KEY_COUNT; k++)
        assert_int_equal(c->line[k], 0);
    free(c);

    /* Empty text, only comments and blanks, and NULL with length 0: the defaults. */
    const char *empties[] = {"", "\n\n", "# nothing\n   \n\t# indented comment\n", "\xef\xbb\xbf"};
    for (size_t i = 0; i < 4; i++) {
        c = ok(empties[i]);
        assert_int_equal(c->poll_interval, 60);
        assert_string_equal(c->cache_dir, "/var/cache/hallboard");
        free(c);
    }
    c = malloc(sizeof(*c));
    char err[64];
    assert_int_equal(conf_parse(NULL, 0, NULL, c, err, sizeof(err)), 0);
    assert_int_equal(c->stale_after, 21600);
    free(c);

    assert_string_equal(conf_key_name(CONF_POLL_INTERVAL), "poll_interval");
    assert_string_equal(conf_key_name(CONF_DISPLAY_OFF), "display_off");
    assert_string_equal(conf_key_name(CONF_KEY_COUNT), "");
}

static void conf_parses_the_example_file(void **st)
{
    (void)st;
    size_t len;
    char *text = support_read_file(HB_SOURCE_DIR "/boards/hallboard.conf.example", &len);
    assert_non_null(text);
    conf_values *c = malloc(sizeof(*c));
    char err[4096];
    int n = conf_parse(text, len, "hallboard.conf.example", c, err, sizeof(err));
    if (n)
        fprintf(stderr, "%s", err);
    assert_int_equal(n, 0);
    /* No feed by default: a fresh install shows the built-in agenda, not an address
     * that does not exist. */
    assert_string_equal(c->feed, "");
    assert_int_equal(c->poll_interval, 120);
    assert_string_equal(c->cache_dir, "/var/cache/hallboard");
    assert_string_equal(c->ca_file, "");
    assert_int_equal(c->stale_after, 21600);
    assert_string_equal(c->hall, "main");
    assert_string_equal(c->lang, "en");
    assert_string_equal(c->lang2, "zh");
    assert_int_equal(c->n_zones, 2);
    assert_string_equal(c->zone[0], "Europe/Moscow");
    assert_string_equal(c->zone_label[0], "Moscow");
    assert_string_equal(c->zone[1], "Asia/Shanghai");
    assert_string_equal(c->zone_label[1], "Beijing");
    assert_string_equal(c->board, "");
    assert_int_equal(c->rotate, 0);
    assert_int_equal(c->width, 0);
    assert_int_equal(c->display_on, 7 * 60 + 30);
    assert_int_equal(c->display_off, 22 * 60);
    assert_string_equal(c->fonts, "");
    assert_int_equal(c->line[CONF_FEED], 0);
    assert_int_equal(c->line[CONF_ZONE], 19);
    assert_int_equal(c->line[CONF_CA_FILE], 0);

    /* The commented-out keys of the example, uncommented, parse too. */
    char *copy = malloc(len + 1);
    memcpy(copy, text, len + 1);
    const char *commented[] = {"\n# feed = ", "\n# ca_file = ", "\n# board = ",
                               "\n# windowed = ", "\n# fonts = "};
    for (size_t i = 0; i < 5; i++) {
        char *at = strstr(copy, commented[i]);
        assert_non_null(at);
        at[1] = at[2] = ' ';
    }
    n = conf_parse(copy, len, "x", c, err, sizeof(err));
    if (n)
        fprintf(stderr, "%s", err);
    assert_int_equal(n, 0);
    assert_string_equal(c->ca_file, "/etc/hallboard/venue-ca.pem");
    assert_string_equal(c->board, "rpi4");
    assert_string_equal(c->feed, "https://agenda.example.org/gmooc2020/hallboard.json");
    assert_int_equal(c->width, 1280);
    assert_int_equal(c->height, 720);
    assert_string_equal(c->fonts, "/etc/hallboard/fonts.conf");
    free(copy);
    free(c);
    free(text);
}

static void conf_every_key_with_its_value(void **st)
{
    (void)st;
    conf_values *c = ok("feed = /srv/agenda.json\n"
                        "poll_interval = 10\n"
                        "cache_dir = /tmp/hb cache\n"
                        "ca_file = /etc/ssl/extra.pem\n"
                        "allow_insecure_redirect = true\n"
                        "stale_after = 2592000\n"
                        "hall = Hall B (upper floor)\n"
                        "lang = zh-Hans\n"
                        "lang2 = pt_BR\n"
                        "zone = America/New_York = New York\n"
                        "zone = UTC\n"
                        "zone = Etc/GMT+3=\n"
                        "board = pi4-hdmi.v2\n"
                        "rotate = 270\n"
                        "windowed = 1920X1080\n"
                        "display_on = 22:00\n"
                        "display_off = 6:05\n"
                        "fonts = /usr/share/hallboard/fonts.chain\n"
                        "control_port = 8080\n"
                        "control_token = \"k3y-0f-the-VENUE_2020!\"\n"
                        "control_token_file = /etc/hallboard/token\n"
                        "control_bind = 192.168.1.20\n"
                        "trusted_key = /etc/hallboard/organisers.pub\n"
                        "overrides_url = https://x.example/overrides.json\n"
                        "overrides_interval = 5\n"
                        "fleet_broker = mqtts://broker.venue:8883\n"
                        "fleet_topic = hallboard/venue1\n"
                        "board_name = hall-b-left\n"
                        "fleet_user = boards\n"
                        "fleet_password_file = /etc/hallboard/broker.pass\n"
                        "video_driver = kmsdrm\n"
                        "render_driver = opengles2\n"
                        "resolution = 3840x2160\n"
                        "max_texture = 4096\n"
                        "memory_budget = 384\n"
                        "view = lobby\n"
                        "lobby_halls = A, B,C\n"
                        "lobby_idle = hide\n"
                        "lobby_page_seconds = 15\n");
    assert_int_equal(c->view, LAYOUT_VIEW_LOBBY);
    assert_string_equal(c->lobby_halls, "A, B,C");
    assert_true(c->lobby_hide_idle);
    assert_int_equal(c->lobby_page_seconds, 15);
    assert_int_equal(c->control_port, 8080);
    assert_string_equal(c->control_token, "k3y-0f-the-VENUE_2020!");
    assert_string_equal(c->feed, "/srv/agenda.json");
    assert_int_equal(c->poll_interval, 10);
    assert_string_equal(c->cache_dir, "/tmp/hb cache");
    assert_string_equal(c->ca_file, "/etc/ssl/extra.pem");
    assert_true(c->allow_insecure_redirect);
    assert_int_equal(c->stale_after, 2592000);
    assert_string_equal(c->hall, "Hall B (upper floor)");
    assert_string_equal(c->lang, "zh-Hans");
    assert_string_equal(c->lang2, "pt_BR");
    assert_int_equal(c->n_zones, 3);
    assert_string_equal(c->zone[0], "America/New_York");
    assert_string_equal(c->zone_label[0], "New York");
    assert_string_equal(c->zone[1], "UTC");
    assert_string_equal(c->zone_label[1], "");
    assert_string_equal(c->zone[2], "Etc/GMT+3");
    assert_string_equal(c->zone_label[2], "");
    assert_string_equal(c->board, "pi4-hdmi.v2");
    assert_int_equal(c->rotate, 270);
    assert_int_equal(c->width, 1920);
    assert_int_equal(c->height, 1080);
    assert_int_equal(c->display_on, 22 * 60);
    assert_int_equal(c->display_off, 6 * 60 + 5);
    assert_string_equal(c->fonts, "/usr/share/hallboard/fonts.chain");
    assert_string_equal(c->video_driver, "kmsdrm");
    assert_string_equal(c->render_driver, "opengles2");
    assert_int_equal(c->res_width, 3840);
    assert_int_equal(c->res_height, 2160);
    assert_int_equal(c->max_texture, 4096);
    assert_int_equal(c->memory_budget, 384);
    assert_string_equal(c->control_token_file, "/etc/hallboard/token");
    assert_string_equal(c->control_bind, "192.168.1.20");
    assert_string_equal(c->trusted_key, "/etc/hallboard/organisers.pub");
    assert_string_equal(c->overrides_url, "https://x.example/overrides.json");
    assert_int_equal(c->overrides_interval, 5);
    assert_string_equal(c->fleet_broker, "mqtts://broker.venue:8883");
    assert_string_equal(c->fleet_topic, "hallboard/venue1");
    assert_string_equal(c->board_name, "hall-b-left");
    assert_string_equal(c->fleet_user, "boards");
    assert_string_equal(c->fleet_password_file, "/etc/hallboard/broker.pass");
    for (int k = 0; k < CONF_KEY_COUNT; k++)
        assert_int_equal(c->line[k], k == CONF_ZONE ? 10 : k < CONF_ZONE ? k + 1 : k + 3);
    free(c);

    /* Range ends and the URL schemes. */
    c = ok("poll_interval = 86400\nstale_after = 60\nfeed = HTTPS://x.example/f\n");
    assert_int_equal(c->poll_interval, 86400);
    assert_int_equal(c->stale_after, 60);
    free(c);
    c = ok("feed = file:///srv/f.json\nwindowed = 8192x1\ndisplay_on=00:00\ndisplay_off=23:59\n");
    assert_int_equal(c->width, 8192);
    assert_int_equal(c->display_off, 23 * 60 + 59);
    free(c);

    /* Eight zones is the most. */
    c = ok("zone=Europe/Moscow\nzone=Asia/Shanghai\nzone=UTC\nzone=Europe/Paris\n"
           "zone=America/Sao_Paulo\nzone=Asia/Tokyo\nzone=Australia/Lord_Howe\n"
           "zone=America/St_Johns=St. John's\n");
    assert_int_equal(c->n_zones, 8);
    assert_string_equal(c->zone_label[7], "St. John's");
    free(c);
}

static void conf_allow_insecure_redirect_is_a_switch_off_by_default(void **st)
{
    (void)st;
    conf_values *c = ok("");
    assert_false(c->allow_insecure_redirect);
    free(c);
    c = ok("allow_insecure_redirect = true\n");
    assert_true(c->allow_insecure_redirect);
    assert_int_equal(c->line[CONF_ALLOW_INSECURE_REDIRECT], 1);
    free(c);
    c = ok("# an https feed stays https\nallow_insecure_redirect = \"false\"  # as it was\n");
    assert_false(c->allow_insecure_redirect);
    assert_int_equal(c->line[CONF_ALLOW_INSECURE_REDIRECT], 2);
    free(c);
    assert_string_equal(conf_key_name(CONF_ALLOW_INSECURE_REDIRECT), "allow_insecure_redirect");
    errors("allow_insecure_redirect = yes\n", 1,
           "hallboard.conf:1: allow_insecure_redirect: \"yes\" is not true or false\n");
    errors("allow_insecure_redirect = TRUE\n", 1,
           "hallboard.conf:1: allow_insecure_redirect: \"TRUE\" is not true or false\n");
    errors("allow_insecure_redirect = true\nallow_insecure_redirect = true\n", 1,
           "hallboard.conf:2: duplicate key \"allow_insecure_redirect\" (first set on line 1)\n");
}

static void conf_quoting_comments_and_spaces(void **st)
{
    (void)st;
    conf_values *c = ok("  hall\t=\t  main hall  \n"
                        "lang = en # English\n"
                        "fonts = /f#b\n"
                        "feed = \"/srv/with # hash and  spaces  \"   # comment\n"
                        "cache_dir=\"/var/cache/q\\\"uote\\\\d\"\n"
                        "ca_file = /x/\"in\"the middle\n");
    assert_string_equal(c->hall, "main hall");
    assert_string_equal(c->lang, "en");
    assert_string_equal(c->fonts, "/f#b");
    assert_string_equal(c->feed, "/srv/with # hash and  spaces  ");
    assert_string_equal(c->cache_dir, "/var/cache/q\"uote\\d");
    assert_string_equal(c->ca_file, "/x/\"in\"the middle");
    free(c);
    /* A quoted hall keeps its leading and trailing spaces; a quoted zone its '='. */
    c = ok("hall = \" B \"\nzone = \"Europe/Moscow=Moscow # centre\"\n");
    assert_string_equal(c->hall, " B ");
    assert_string_equal(c->zone_label[0], "Moscow # centre");
    free(c);
    /* UTF-8 values. */
    c = ok("hall = 主会场\nzone = Asia/Shanghai=北京\n");
    assert_string_equal(c->hall, "主会场");
    assert_string_equal(c->zone_label[0], "北京");
    free(c);
}

static void conf_crlf_and_bom_read_like_lf(void **st)
{
    (void)st;
    const char *lf = "feed = /srv/f.json\n# c\n\nhall = \"main\"\nzone = UTC=U\nrotate = 90";
    const char *crlf = "\xef\xbb\xbf" "feed = /srv/f.json\r\n# c\r\n\r\nhall = \"main\"\r\n"
                       "zone = UTC=U\r\nrotate = 90\r\n";
    conf_values *a = ok(lf), *b = ok(crlf);
    assert_string_equal(b->feed, "/srv/f.json");
    assert_string_equal(b->hall, "main");
    assert_string_equal(b->zone_label[0], "U");
    assert_int_equal(b->rotate, 90);
    assert_memory_equal(a, b, sizeof(*a));
    free(a);
    free(b);
    /* Line numbers count the same with CRLF and a BOM. */
    errors("\xef\xbb\xbf# x\r\npol_interval = 5\r\n", 1,
           "hallboard.conf:2: unknown key \"pol_interval\"\n");
    /* A BOM anywhere else is not skipped. */
    errors("# x\n\xef\xbb\xbfhall = a\n", 1,
           "hallboard.conf:2: unknown key \"\xef\xbb\xbfhall\"\n");
}

static void conf_each_error_with_its_exact_message(void **st)
{
    (void)st;
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"pol_interval = 60\n", "hallboard.conf:1: unknown key \"pol_interval\"\n"},
        {"\n\nPOLL_INTERVAL = 60\n", "hallboard.conf:3: unknown key \"POLL_INTERVAL\"\n"},
        {"# c\n\n\npoll_interval = 5\n",
         "hallboard.conf:4: poll_interval: \"5\" is out of range (10..86400)\n"},
        {"poll_interval = 86401",
         "hallboard.conf:1: poll_interval: \"86401\" is out of range (10..86400)\n"},
        {"poll_interval = -1",
         "hallboard.conf:1: poll_interval: \"-1\" is out of range (10..86400)\n"},
        {"poll_interval = 99999999999999999999999",
         "hallboard.conf:1: poll_interval: \"99999999999999999999999\" is out of range "
         "(10..86400)\n"},
        {"control_port = 65536",
         "hallboard.conf:1: control_port: \"65536\" is out of range (0..65535)\n"},
        {"control_port = http",
         "hallboard.conf:1: control_port: \"http\" is not a whole number\n"},
        {"fleet_broker = http://broker:1883",
         "hallboard.conf:1: fleet_broker: \"http://broker:1883\" is not mqtt://HOST:PORT or "
         "mqtts://HOST:PORT\n"},
        {"fleet_broker = mqtt://user@broker",
         "hallboard.conf:1: fleet_broker: \"mqtt://user@broker\" is not mqtt://HOST:PORT or "
         "mqtts://HOST:PORT\n"},
        {"fleet_topic = venue/+/boards",
         "hallboard.conf:1: fleet_topic: \"venue/+/boards\" is not a topic prefix (like "
         "hallboard/venue1: no + or #, no empty level)\n"},
        {"fleet_topic = hallboard//venue1",
         "hallboard.conf:1: fleet_topic: \"hallboard//venue1\" is not a topic prefix (like "
         "hallboard/venue1: no + or #, no empty level)\n"},
        {"fleet_topic = /hallboard",
         "hallboard.conf:1: fleet_topic: \"/hallboard\" is not a topic prefix (like "
         "hallboard/venue1: no + or #, no empty level)\n"},
        {"board_name = hall b",
         "hallboard.conf:1: board_name: \"hall b\" is not a name (1..64 letters, digits, '-', "
         "'_', '.')\n"},
        {"trusted_key = keys/org.pub",
         "hallboard.conf:1: trusted_key: \"keys/org.pub\" is not an absolute path\n"},
        {"overrides_url = ftp://x/o.json",
         "hallboard.conf:1: overrides_url: \"ftp://x/o.json\" is not a URL (http://, https://, "
         "file://)\n"},
        {"overrides_interval = 1",
         "hallboard.conf:1: overrides_interval: \"1\" is out of range (2..3600)\n"},
        {"control_bind = eth0!",
         "hallboard.conf:1: control_bind: \"eth0!\" is not an address (127.0.0.1, ::1, "
         "192.168.1.20) or *\n"},
        {"control_token = short-secret",
         "hallboard.conf:1: control_token: 16..255 printable ASCII characters, no spaces\n"},
        {"control_token = \"sixteen chars, with spaces\"",
         "hallboard.conf:1: control_token: 16..255 printable ASCII characters, no spaces\n"},
        {"poll_interval = 1m",
         "hallboard.conf:1: poll_interval: \"1m\" is not a whole number of seconds\n"},
        {"poll_interval = 60.0",
         "hallboard.conf:1: poll_interval: \"60.0\" is not a whole number of seconds\n"},
        {"stale_after = 59",
         "hallboard.conf:1: stale_after: \"59\" is out of range (60..2592000)\n"},
        {"stale_after = 2592001",
         "hallboard.conf:1: stale_after: \"2592001\" is out of range (60..2592000)\n"},
        {"rotate 90\n", "hallboard.conf:1: expected \"key = value\", found \"rotate 90\"\n"},
        {"= 5\n", "hallboard.conf:1: no key before \"=\"\n"},
        {"feed = /a\nfeed = /b\n",
         "hallboard.conf:2: duplicate key \"feed\" (first set on line 1)\n"},
        {"rotate = 45\nrotate = 90\n",
         "hallboard.conf:1: rotate: \"45\" is not 0, 90, 180 or 270\n"
         "hallboard.conf:2: duplicate key \"rotate\" (first set on line 1)\n"},
        {"hall =\n", "hallboard.conf:1: hall: no value (leave the line out for the default)\n"},
        {"hall = \"\"\n",
         "hallboard.conf:1: hall: no value (leave the line out for the default)\n"},
        {"hall = # only a comment\n",
         "hallboard.conf:1: hall: no value (leave the line out for the default)\n"},
        {"hall = \"main\n", "hallboard.conf:1: hall: unterminated quote\n"},
        {"hall = \"main\" hall\n", "hallboard.conf:1: hall: text after the closing quote\n"},
        {"hall = \"a\\nb\"\n",
         "hallboard.conf:1: hall: unknown escape in quotes (only \\\" and \\\\)\n"},
        {"feed = agenda.json\n",
         "hallboard.conf:1: feed: \"agenda.json\" is neither a URL (http://, https://, file://) "
         "nor an absolute path\n"},
        {"feed = ftp://x/y\n",
         "hallboard.conf:1: feed: \"ftp://x/y\" is neither a URL (http://, https://, file://) nor "
         "an absolute path\n"},
        {"feed = https://\n",
         "hallboard.conf:1: feed: \"https://\" is neither a URL (http://, https://, file://) nor "
         "an absolute path\n"},
        {"cache_dir = var/cache\n",
         "hallboard.conf:1: cache_dir: \"var/cache\" is not an absolute path\n"},
        {"ca_file = ca.pem\n", "hallboard.conf:1: ca_file: \"ca.pem\" is not an absolute path\n"},
        {"fonts = ~/fonts\n", "hallboard.conf:1: fonts: \"~/fonts\" is not an absolute path\n"},
        {"lang = english language\n",
         "hallboard.conf:1: lang: \"english language\" is not a language tag (like en, zh-Hans)\n"},
        {"lang2 = e\n",
         "hallboard.conf:1: lang2: \"e\" is not a language tag (like en, zh-Hans)\n"},
        {"lang = zh-\n",
         "hallboard.conf:1: lang: \"zh-\" is not a language tag (like en, zh-Hans)\n"},
        {"zone = Europe/../etc\n",
         "hallboard.conf:1: zone: \"Europe/../etc\" is not a time zone name "
         "(like Europe/Moscow)\n"},
        {"zone = /etc/passwd=x\n",
         "hallboard.conf:1: zone: \"/etc/passwd\" is not a time zone name (like Europe/Moscow)\n"},
        {"zone = =Moscow\n",
         "hallboard.conf:1: zone: \"\" is not a time zone name (like Europe/Moscow)\n"},
        {"zone = UTC\nzone = UTC=again\n", "hallboard.conf:2: zone: \"UTC\" is already listed\n"},
        {"board = pi 4\n",
         "hallboard.conf:1: board: \"pi 4\" is not a profile name (1..64 letters, digits, '-', "
         "'_', '.')\n"},
        {"board = .hidden\n",
         "hallboard.conf:1: board: \".hidden\" is not a profile name (1..64 letters, digits, '-', "
         "'_', '.')\n"},
        {"rotate = 360\n", "hallboard.conf:1: rotate: \"360\" is not 0, 90, 180 or 270\n"},
        {"rotate = right\n", "hallboard.conf:1: rotate: \"right\" is not 0, 90, 180 or 270\n"},
        {"windowed = 1280\n",
         "hallboard.conf:1: windowed: \"1280\" is not WIDTHxHEIGHT (1..8192 each)\n"},
        {"windowed = 0x720\n",
         "hallboard.conf:1: windowed: \"0x720\" is not WIDTHxHEIGHT (1..8192 each)\n"},
        {"windowed = 8193x720\n",
         "hallboard.conf:1: windowed: \"8193x720\" is not WIDTHxHEIGHT (1..8192 each)\n"},
        {"windowed = 1280x\n",
         "hallboard.conf:1: windowed: \"1280x\" is not WIDTHxHEIGHT (1..8192 each)\n"},
        {"windowed = 1280 x 720\n",
         "hallboard.conf:1: windowed: \"1280 x 720\" is not WIDTHxHEIGHT (1..8192 each)\n"},
        {"display_on = 24:00\ndisplay_off = 06:00\n",
         "hallboard.conf:1: display_on: \"24:00\" is not HH:MM (00:00..23:59)\n"},
        {"display_on = 7:5\ndisplay_off = 06:00\n",
         "hallboard.conf:1: display_on: \"7:5\" is not HH:MM (00:00..23:59)\n"},
        {"display_off = 6h\ndisplay_on = 07:00\n",
         "hallboard.conf:1: display_off: \"6h\" is not HH:MM (00:00..23:59)\n"},
        {"# sleep at night\ndisplay_on = 07:00\n",
         "hallboard.conf:2: display_on without display_off\n"},
        {"display_off = 23:00\n", "hallboard.conf:1: display_off without display_on\n"},
        {"display_on = 07:00\ndisplay_off = 7:00\n",
         "hallboard.conf:2: display_on and display_off are the same (07:00)\n"},
        {"hall = a\x01z\n", "hallboard.conf:1: control character 0x01\n"},
        {"hall = a\rb\n", "hallboard.conf:1: control character 0x0d\n"},
        {"hall = \xc3\x28\n", "hallboard.conf:1: not valid UTF-8\n"},
        {"hall = \xed\xa0\x80\n", "hallboard.conf:1: not valid UTF-8\n"},
        {"# \xff in a comment\n", "hallboard.conf:1: not valid UTF-8\n"},
        {"lang = \"ab\\\"\n", "hallboard.conf:1: lang: unterminated quote\n"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        errors(cases[i].text, 1 + (strstr(cases[i].msg, "\n") != strrchr(cases[i].msg, '\n')),
               cases[i].msg);

    /* A NUL byte inside the text (the length counts, not the terminator). */
    conf_values *c = malloc(sizeof(*c));
    char err[512];
    static const char nul[] = "hall = a\0b\nlang = en\n";
    assert_int_equal(conf_parse(nul, sizeof(nul) - 1, "hallboard.conf", c, err, sizeof(err)), 1);
    assert_string_equal(err, "hallboard.conf:1: contains a NUL byte\n");
    assert_string_equal(c->lang, "en");
    /* Another name in messages; NULL gives "hallboard.conf". */
    assert_int_equal(conf_parse("x=1", 3, "/etc/hallboard/hallboard.conf", c, err, sizeof(err)), 1);
    assert_string_equal(err, "/etc/hallboard/hallboard.conf:1: unknown key \"x\"\n");
    assert_int_equal(conf_parse("x=1", 3, NULL, c, err, sizeof(err)), 1);
    assert_string_equal(err, "hallboard.conf:1: unknown key \"x\"\n");
    /* A very long name is cut, the message kept. */
    char name[600];
    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    assert_int_equal(conf_parse("x=1", 3, name, c, err, sizeof(err)), 1);
    assert_int_equal(strlen(err), 256 + strlen(":1: unknown key \"x\"\n"));
    assert_non_null(strstr(err, "nnn:1: unknown key \"x\"\n"));
    free(c);
}

static void conf_limits_are_errors_not_truncation(void **st)
{
    (void)st;
    /* A value of exactly 1024 bytes is fine; 1025 is an error, quoted or not. */
    char *text = malloc(8192);
    char *v = malloc(2000);
    memset(v, 'h', 1025);
    v[1024] = '\0';
    snprintf(text, 8192, "hall = %s\n", v);
    conf_values *c = ok(text);
    assert_int_equal(strlen(c->hall), 1024);
    free(c);
    v[1024] = 'h';
    v[1025] = '\0';
    snprintf(text, 8192, "hall = %s\n", v);
    errors(text, 1, "hallboard.conf:1: hall: value longer than 1024 bytes\n");
    snprintf(text, 8192, "hall = \"%s\"\n", v);
    errors(text, 1, "hallboard.conf:1: hall: value longer than 1024 bytes\n");
    /* A path of 1025 bytes. */
    v[0] = '/';
    snprintf(text, 8192, "fonts = %s\n", v);
    errors(text, 1, "hallboard.conf:1: fonts: value longer than 1024 bytes\n");
    /* Short fields have their own limits. */
    errors("lang = abcdefgh-abcdefgh-abcdefgh-abcdefgh-a\n", 1,
           "hallboard.conf:1: lang: \"abcdefgh-abcdefgh-abcdefgh-abcdefgh-a\" is not a language "
           "tag (like en, zh-Hans)\n");
    c = ok("lang = abcdefgh-abcdefgh-abcdefgh-abcdefgh\n"); /* 35 bytes: the most */
    free(c);
    memset(v, 'L', 129);
    v[129] = '\0';
    snprintf(text, 8192, "zone = UTC=%s\n", v);
    errors(text, 1, "hallboard.conf:1: zone: label longer than 128 bytes\n");
    v[128] = '\0';
    snprintf(text, 8192, "zone = UTC=%s\n", v);
    c = ok(text);
    assert_int_equal(strlen(c->zone_label[0]), 128);
    free(c);
    /* A long bad value is cut in the message, on a character boundary. */
    snprintf(text, 8192, "board = %s\n",
             "\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96"
             "\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96"
             "\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96"
             "\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96");
    errors(text, 1,
           "hallboard.conf:1: board: \"\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96"
           "\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96"
           "\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96\xd0\x96"
           "\xd0\x96\xd0\x96\xd0\x96...\" is not a profile name (1..64 letters, digits, '-', '_', "
           "'.')\n");
    /* A line over 4096 bytes, even a comment. */
    memset(text, '#', 4097);
    text[4097] = '\n';
    text[4098] = '\0';
    errors(text, 1, "hallboard.conf:1: line longer than 4096 bytes\n");
    text[4096] = '\n';
    c = ok(text);
    free(c);
    /* A ninth zone. */
    errors("zone=UTC\nzone=Europe/Moscow\nzone=Asia/Shanghai\nzone=Europe/Paris\n"
           "zone=America/Sao_Paulo\nzone=Asia/Tokyo\nzone=Australia/Lord_Howe\n"
           "zone=America/St_Johns\nzone=Asia/Kolkata\n",
           1, "hallboard.conf:9: zone: more than 8 zones\n");
    free(v);
    free(text);
}

static void conf_more_than_200_lines(void **st)
{
    (void)st;
    char *text = malloc(300 * 8);
    text[0] = '\0';
    for (int i = 0; i < 200; i++)
        strcat(text, "# line\n");
    conf_values *c = ok(text); /* 200 lines, the last with its newline */
    free(c);
    strcat(text, "# 201");
    errors(text, 1, "hallboard.conf:201: more than 200 lines (the rest is ignored)\n");
    strcat(text, "\nbad line\n");
    errors(text, 1, "hallboard.conf:201: more than 200 lines (the rest is ignored)\n");
    free(text);
}

static void conf_collects_every_error_up_to_a_cap(void **st)
{
    (void)st;
    /* All the errors of a file, in line order, with the good lines still applied. */
    conf_values *c = malloc(sizeof(*c));
    char err[4096];
    const char *text = "feed = /srv/a.json\n"
                       "pol_interval = 60\n"
                       "poll_interval = 5\n"
                       "rotate 90\n"
                       "lang = ru\n"
                       "feed = /srv/b.json\n"
                       "display_on = 07:00\n";
    assert_int_equal(parse(text, c, err), 5);
    assert_string_equal(err, "hallboard.conf:2: unknown key \"pol_interval\"\n"
                             "hallboard.conf:3: poll_interval: \"5\" is out of range (10..86400)\n"
                             "hallboard.conf:4: expected \"key = value\", found \"rotate 90\"\n"
                             "hallboard.conf:6: duplicate key \"feed\" (first set on line 1)\n"
                             "hallboard.conf:7: display_on without display_off\n");
    assert_string_equal(c->feed, "/srv/a.json");
    assert_string_equal(c->lang, "ru");
    assert_int_equal(c->poll_interval, 60);

    /* 30 errors: 20 lines, then the count of the rest; the return value counts all. */
    char big[2048] = "";
    for (int i = 0; i < 30; i++)
        strcat(big, "nokey\n");
    assert_int_equal(parse(big, c, err), 30);
    char want[4096] = "";
    for (int i = 1; i <= 20; i++) {
        char line[128];
        snprintf(line, sizeof(line),
                 "hallboard.conf:%d: expected \"key = value\", found \"nokey\"\n", i);
        strcat(want, line);
    }
    strcat(want, "hallboard.conf: 10 more errors\n");
    assert_string_equal(err, want);

    /* A small buffer holds whole lines only, NUL-terminated; none and NULL are fine. */
    char small[100];
    memset(small, 'x', sizeof(small));
    assert_int_equal(conf_parse(text, strlen(text), "hallboard.conf", c, small, sizeof(small)), 5);
    assert_string_equal(small, "hallboard.conf:2: unknown key \"pol_interval\"\n");
    char one = 'x';
    assert_int_equal(conf_parse(text, strlen(text), "hallboard.conf", c, &one, 1), 5);
    assert_int_equal(one, '\0');
    assert_int_equal(conf_parse(text, strlen(text), "hallboard.conf", c, NULL, 0), 5);
    free(c);
}

/* Every prefix of the example and random bytes: never a crash or an overflow (the
 * sanitizer build makes this strict). */
static void conf_survives_any_bytes(void **st)
{
    (void)st;
    size_t len;
    char *text = support_read_file(HB_SOURCE_DIR "/boards/hallboard.conf.example", &len);
    assert_non_null(text);
    conf_values *c = malloc(sizeof(*c));
    char err[512];
    for (size_t n = 0; n <= len; n++) {
        char *copy = malloc(n ? n : 1); /* exact size: a read past the end is caught */
        memcpy(copy, text, n);
        int e = conf_parse(copy, n, "p", c, err, sizeof(err));
        assert_true(e >= 0);
        assert_true(strlen(err) < sizeof(err));
        free(copy);
    }
    uint64_t x = 88172645463325252u;
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round % 300);
        char *buf = malloc(n ? n : 1);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            /* Mostly the format's own characters, to reach deep paths. */
            static const char alphabet[] = "= #\"\\\n\r\tazone/:x09_-.\xc3\xa9\xff";
            buf[i] = (x >> 8) % 4 ? alphabet[x % (sizeof(alphabet) - 1)] : (char)x;
        }
        int e = conf_parse(buf, n, "r", c, err, sizeof(err));
        assert_true(e >= 0);
        free(buf);
    }
    free(c);
    free(text);
}

/* Every board profile compiled into the binary parses cleanly, gives every profile key,
 * and its largest texture holds the screen in either orientation. */
static void conf_every_board_profile_is_valid(void **state)
{
    (void)state;
    char names[512];
    boards_names(names, sizeof(names));
    assert_non_null(strstr(names, "rpi4"));
    size_t seen = 0;
    for (char *save = NULL, *name = strtok_r(names, ", ", &save); name;
         name = strtok_r(NULL, ", ", &save)) {
        size_t len;
        const char *text = boards_profile(name, &len);
        assert_non_null(text);
        conf_values *c = malloc(sizeof(*c));
        char err[1024];
        int n = conf_parse(text, len, name, c, err, sizeof(err));
        if (n)
            fprintf(stderr, "%s", err);
        assert_int_equal(n, 0);
        for (int k = CONF_VIDEO_DRIVER; k <= CONF_MEMORY_BUDGET; k++)
            assert_true(c->line[k] > 0);
        assert_true(c->line[CONF_ROTATE] > 0);
        int longest = c->res_width > c->res_height ? c->res_width : c->res_height;
        assert_true(c->max_texture >= longest);
        free(c);
        seen++;
    }
    assert_true(seen >= 5);
    size_t len;
    assert_null(boards_profile("no-such-board", &len));
}

/* The view keys: the four views, last or hide, the page time's range; each wrong
 * value with its message, and the defaults (auto, idle halls last, 10 s). */
static void conf_view_keys_and_their_errors(void **st)
{
    (void)st;
    conf_values *c = ok("");
    assert_int_equal(c->view, LAYOUT_VIEW_AUTO);
    assert_false(c->lobby_hide_idle);
    assert_int_equal(c->lobby_page_seconds, LAYOUT_LOBBY_PAGE_SECONDS);
    assert_string_equal(c->lobby_halls, "");
    free(c);
    const char *names[] = {"auto", "hall", "event", "lobby"};
    for (int i = 0; i < 4; i++) {
        char text[64];
        snprintf(text, sizeof(text), "view = %s\nlobby_idle = last\n", names[i]);
        c = ok(text);
        assert_int_equal(c->view, i);
        assert_false(c->lobby_hide_idle);
        free(c);
    }
    errors("view = wall\n", 1,
           "hallboard.conf:1: view: \"wall\" is not hall, event, lobby or auto\n");
    errors("lobby_idle = first\n", 1,
           "hallboard.conf:1: lobby_idle: \"first\" is not last or hide\n");
    errors("lobby_page_seconds = 2\n", 1,
           "hallboard.conf:1: lobby_page_seconds: \"2\" is out of range (3..3600)\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(conf_every_board_profile_is_valid),
        cmocka_unit_test(conf_defaults_are_documented_values),
        cmocka_unit_test(conf_parses_the_example_file),
        cmocka_unit_test(conf_every_key_with_its_value),
        cmocka_unit_test(conf_allow_insecure_redirect_is_a_switch_off_by_default),
        cmocka_unit_test(conf_quoting_comments_and_spaces),
        cmocka_unit_test(conf_crlf_and_bom_read_like_lf),
        cmocka_unit_test(conf_each_error_with_its_exact_message),
        cmocka_unit_test(conf_limits_are_errors_not_truncation),
        cmocka_unit_test(conf_more_than_200_lines),
        cmocka_unit_test(conf_collects_every_error_up_to_a_cap),
        cmocka_unit_test(conf_survives_any_bytes),
        cmocka_unit_test(conf_view_keys_and_their_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
