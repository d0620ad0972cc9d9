/* opcmd.h - the operator commands of live operations (shell side):
 *
 *   hallboard announce TEXT --level info|urgent|emergency [--hall ID] [--until TIME]
 *   hallboard override --session ID (--delay MIN | --cancel | --hall ID | --full |
 *                      --note TEXT)... [--until TIME]
 *   hallboard clear (--announcement [--hall ID] | --session ID | --all [--hall ID])
 *   hallboard push FEED
 *   hallboard fleet --broker URL --topic PREFIX
 *
 * each sent through a broker (--broker URL --topic PREFIX [--user NAME
 * --password-file FILE] [--ca-file PEM]) or to one board's control endpoint (--board
 * HOST[:PORT] [--token-file FILE]), signed with --key FILE.key or not. announce,
 * override and clear read the current override document, change it and send it back
 * (opcmd_doc.c); the transports are opcmd_net.c's; `fleet` is opcmd_fleet.c's.
 * docs/operators.md, "Live operations", is the manual.
 */
#ifndef HB_OPCMD_H
#define HB_OPCMD_H

#include <stdbool.h>
#include <stdio.h>

/* True when cmd names one of the commands above. */
bool opcmd_is_command(const char *cmd);

/* Runs the command argv[1] with its arguments. Output (one line saying what was sent
 * where, or the fleet listing) goes to out, errors to err. Returns a CLI_EXIT_* code:
 * 0 done, 1 the document or feed is invalid (or the board refused it as such), 2 the
 * broker or board could not be reached or did not take it (fleet: a board is
 * offline), 64 usage error. */
int opcmd_main(int argc, char **argv, FILE *out, FILE *err);

#endif
