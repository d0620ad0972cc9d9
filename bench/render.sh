#!/usr/bin/env bash
# render.sh - the instructions one `hallboard render` costs, counted by callgrind over the
# whole process (dynamic loading, start, fonts, layout and drawing, PNG encoding, exit),
# in all and by phase. Renders the built-in agenda at 1920x1080 during the conference
# (a full board) into a temporary PNG; writes only temporary files (removed at exit).
# Usage: bench/render.sh [BUILD_DIR] [TIME]   (needs valgrind; target: hallboard)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
at=${2:-2020-12-09T12:40:30+03:00}
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$build/hallboard" render \
  --at "$at" --size 1920x1080 -o "$tmp/frame.png" >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
# Inclusive cost of each function, by name (the part after the last ':' of file:function).
callgrind_annotate --inclusive=yes --threshold=100 "$tmp/cg.out" 2>/dev/null |
  awk 'match($0, /^ *[0-9,]+ +\( *[0-9.]+%\) +/) {
         n = $1; gsub(",", "", n); n += 0; split(substr($0, RLENGTH + 1), w, " ")
         f = w[1] == "PROGRAM" ? "TOTALS" : w[1]; sub(/.*:/, "", f)
         if (!(f in cost) || n > cost[f]) cost[f] = n
       }
       END {
         total = cost["TOTALS"] + 0
         split("_dl_start fonts_chain_create frame_draw pngout_write_mem", fn, " ")
         split("loading (the dynamic loader, before main)|fonts (the chain made, its first faces opened)|frame (layout and drawing)|encoding (PNG)", what, "|")
         printf "instructions of hallboard render, 1920x1080, built-in agenda: %.1f M in all\n", total / 1e6
         rest = total
         for (i = 1; i <= 4; i++) {
           printf "  %-46s %7.1f M\n", what[i], cost[fn[i]] / 1e6
           rest -= cost[fn[i]]
           if (fn[i] == "frame_draw") {
             printf "    %-44s %7.1f M\n", "of which layout (text measured)", cost["layout_build"] / 1e6
             printf "    %-44s %7.1f M\n", "of which drawing (text rendered)", cost["draw_frame"] / 1e6
           }
         }
         printf "  %-46s %7.1f M\n", "the rest (start, SDL, feed, exit)", rest / 1e6
         printf "target: under 150 M in all\n"
       }'
