/* tzalias.h - zone names as feeds and operators write them, mapped to IANA zones (pure).
 *
 * The tz database's backward links (US/Eastern, Asia/Calcutta, Europe/Kiev, W-SU...)
 * are carried in the build, so a name that one system's tzdata still ships (Debian 12)
 * and another's has moved to tzdata-legacy (Debian 13) resolves on both. Windows zone
 * names, as Outlook and Exchange write iCalendar TZIDs, map through CLDR's table.
 */
#ifndef HB_TZALIAS_H
#define HB_TZALIAS_H

/* The zone a legacy (backward-link) name stands for, or NULL when name is not one.
 * Static string. */
const char *tzalias_link(const char *name);

/* The IANA zone of a Windows zone name ("W. Europe Standard Time" -> "Europe/Berlin",
 * case-insensitive), or NULL. Static string. */
const char *tzalias_windows(const char *name);

#endif
