/* indico.c - placeholder until the importer lands. */
#include "importers.h"

bool feed_sniff_indico(const cJSON *root)
{
    (void)root;
    return false;
}

void feed_import_indico(feed_ctx *c, const cJSON *root)
{
    (void)root;
    feed_report_add(c, FEED_ERROR, "", "not implemented");
}
