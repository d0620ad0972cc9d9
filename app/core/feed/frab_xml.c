/* frab_xml.c - placeholder until the importer lands. */
#include "importers.h"

bool feed_sniff_frab_xml(const char *bytes, size_t len)
{
    (void)bytes;
    (void)len;
    return false;
}

void feed_import_frab_xml(feed_ctx *c, const char *bytes, size_t len)
{
    (void)bytes;
    (void)len;
    feed_report_add(c, FEED_ERROR, "", "not implemented");
}
