/* layoutfix.c - fixtures of the layout tests (layoutfix.h). */
#include "layoutfix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "civil.h"
#include "feedsrc.h"
#include "genfeed.h"
#include "sched.h"
#include "tzdb.h"

int64_t layoutfix_at(const char *rfc3339)
{
    int64_t t;
    if (!civil_parse_rfc3339(rfc3339, &t, NULL))
        fail_msg("cannot read date \"%s\"", rfc3339);
    return t;
}

agenda *layoutfix_seed(void)
{
    tzdb_init();
    feed_options o = feedsrc_options();
    feed_report rep;
    agenda *a = feedsrc_load_embedded(&o, &rep);
    assert_non_null(a);
    return a;
}

/* a, or fails the test after printing rep when the feed was refused. */
static agenda *accepted(agenda *a, const feed_report *rep)
{
    if (!a)
        support_print_report(rep);
    assert_non_null(a);
    return a;
}

agenda *layoutfix_parse(const char *json)
{
    feed_report rep;
    return accepted(support_parse(json, &rep), &rep);
}

agenda *layoutfix_parse_sq(const char *json_sq)
{
    feed_report rep;
    return accepted(support_parse_sq(json_sq, NULL, &rep), &rep);
}

agenda *layoutfix_parse_gen(int halls, int parallel, int zones)
{
    char *json = genfeed_json(halls, parallel, zones);
    assert_non_null(json);
    agenda *a = layoutfix_parse(json);
    free(json);
    return a;
}

agenda *layoutfix_frab_2350(bool spans)
{
    char doc[2048];
    const char *d1 = spans ? "'day_start':'2025-12-28T10:00:00+01:00',"
                             "'day_end':'2025-12-29T06:00:00+01:00',"
                           : "";
    const char *d3 = spans ? "'day_start':'2025-12-30T10:00:00+01:00',"
                             "'day_end':'2025-12-31T06:00:00+01:00',"
                           : "";
    snprintf(doc, sizeof(doc),
             "{'schedule':{'version':'1','conference':{'title':'39C3',"
             "'time_zone_name':'Europe/Berlin','days':["
             "{'index':1,'date':'2025-12-28',%s'rooms':{'Saal 1':["
             "{'guid':'a','date':'2025-12-28T22:00:00+01:00','duration':'01:00','title':'Late'},"
             "{'guid':'b','date':'2025-12-29T00:00:00+01:00','duration':'01:00','title':'Night'}]}},"
             "{'index':3,'date':'2025-12-30',%s'rooms':{'Saal 1':["
             "{'guid':'c','date':'2025-12-30T14:00:00+01:00','duration':'00:40','title':'Day'}]}}"
             "]}}}",
             d1, d3);
    return layoutfix_parse_sq(doc);
}

int32_t layoutfix_hall(const agenda *a, const char *id)
{
    if (!id)
        return -1;
    int32_t h = agenda_hall_find(a, id);
    if (h < 0)
        fail_msg("no hall \"%s\"", id);
    return h;
}

void layoutfix_build(const agenda *a, const char *when, const layout_input *in,
                     layout_result *out)
{
    sched_state s;
    assert_int_equal(sched_query(a, layoutfix_at(when), in->hall, &s), 0);
    layout_build(a, &s, in, out);
    sched_state_free(&s);
}

const layout_box *layoutfix_find_text(const layout_result *r, const char *s)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->boxes[i].kind == LAYOUT_TEXT && strcmp(r->boxes[i].text, s) == 0)
            return &r->boxes[i];
    return NULL;
}

const layout_box *layoutfix_find_sub(const layout_result *r, const char *s)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->boxes[i].kind == LAYOUT_TEXT && strstr(r->boxes[i].text, s))
            return &r->boxes[i];
    return NULL;
}

const layout_box *layoutfix_find_under(const layout_result *r, const layout_box *t, int below,
                                       layout_kind kind, const char *prefix)
{
    for (size_t i = 0; i < r->n; i++) {
        const layout_box *b = &r->boxes[i];
        if (b->kind != kind || b->y < t->y + t->h || b->y >= below || b->x < t->x ||
            b->x >= t->x + t->w)
            continue;
        if (kind != LAYOUT_TEXT ||
            (strncmp(b->text, prefix, strlen(prefix)) == 0 && strstr(b->text, "\xe2\x80\x93")))
            return b;
    }
    return NULL;
}

bool layoutfix_overlap(const layout_box *p, const layout_box *q)
{
    return p->x < q->x + q->w && q->x < p->x + p->w && p->y < q->y + q->h && q->y < p->y + p->h;
}

void layoutfix_dump(const layout_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const layout_box *b = &r->boxes[i];
        fprintf(stderr, "  %2zu k%d %5d %5d %5d %5d #%06x px %d-%d l%d t%d \"%.70s\"\n", i,
                (int)b->kind, b->x, b->y, b->w, b->h, (unsigned)b->color, b->max_px, b->min_px,
                b->max_lines, b->is_title, b->kind == LAYOUT_TEXT ? b->text : "");
    }
}
