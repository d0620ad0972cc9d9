#!/usr/bin/env bash
# chromium.sh - Hallboard against a headless-Chromium kiosk player showing the same
# board, measured in the same run, one after the other (never both at once: they would
# share libraries and fonts, which lowers each one's PSS).
#
# The page: bench/board_html.jq turns `hallboard state` (the board's own state: clocks,
# now, next, cards, footer) into a static HTML page with the board's sections, colours,
# fonts (Noto Sans, Noto Sans CJK by their local names) and sizes; no script. Chromium
# opens it from a file:// URL (no server: nothing between the file and the browser).
#
# (a) First image: wall time from process start to the process's exit with a 1920x1080
#     PNG of the board on disk, at 12:20 Moscow time on 9 December 2020 (the README's
#     "during" frame, English): `hallboard render --at T --size 1920x1080 -o PNG` and
#     `chromium --headless --screenshot=PNG --window-size=1920,1080 file://PAGE`, each
#     with a new empty --user-data-dir (cold profile); the runs alternate, N of each,
#     and the median of each is printed with the ratio (target: Hallboard's time at most
#     1/25 of Chromium's). The PNGs are checked to be 1920x1080 and are kept in OUT_DIR.
# (b) Memory: the running board's PSS, 10 s after its first frame, measured by
#     bench_board (the figures and per-mapping breakdown of bench/board.sh; here on SDL's
#     dummy video driver and software renderer, headless like Chromium, with the Chinese
#     UI and the present instant, as bench_board runs it), against the PSS summed over
#     every process of a long-running headless Chromium (browser, zygotes, renderer,
#     GPU/utility: /proc/PID/smaps_rollup of the process tree) showing the page of the same
#     state (Chinese, the present instant) with --remote-debugging-port=0, 10 s after
#     DevTools came up; per process type, and the ratio.
#
# What it does to the machine: installs chromium and jq with apt-get when they are
# missing; runs Chromium as root (--no-sandbox) with flags that keep it off the network;
# writes temporary files (profiles, pages, PNGs) under a mktemp directory, removed on
# exit unless OUT_DIR is given, where the pages and the last PNGs are left.
# Usage: bench/chromium.sh [BUILD_DIR] [N] [OUT_DIR]   (default: build, 5, none)
# BUILD_DIR needs the targets hallboard and bench_board.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
build=${1:-build}
n=${2:-5}
out=${3:-}
hb=$build/hallboard
at=2020-12-09T12:20:00+03:00
for t in hallboard bench_board; do
  [ -x "$build/$t" ] || { echo "no $build/$t: build it first (make -C $build hallboard bench_board)" >&2; exit 1; }
done

# need CMD PACKAGE: installs PACKAGE with apt-get when CMD is missing.
need() {
  command -v "$1" >/dev/null && return 0
  echo "installing $2 (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y "$2" >/dev/null || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }
}
need chromium chromium
need jq jq

work=$(mktemp -d)
cr_pid=
cleanup() {
  [ -z "$cr_pid" ] || { kill "$cr_pid" 2>/dev/null || true; wait "$cr_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
[ -z "$out" ] || mkdir -p "$out"
keep=${out:-$work}
# Chromium as root, headless, with nothing that reaches out to the network.
cr_flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  "--window-size=1920,1080")

# page LANG OUT [--at T]: the HTML page of the board's state (at T, else now).
page() {
  local lang=$1 html=$2 state next follow='{"next": []}'
  shift 2
  state=$("$hb" state --lang "$lang" "$@")
  next=$(jq -r '.next[0].start // empty' <<<"$state")
  [ -z "$next" ] || follow=$("$hb" state --lang "$lang" --at "$next")
  jq -r --arg lang "$lang" --argjson follow "$follow" --slurpfile feed app/seed/gmooc2020.json \
    -f bench/board_html.jq <<<"$state" >"$html"
}

# png_size PNG: WxH from its header.
png_size() {
  od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", $1 * 16777216 + $2 * 65536 + $3 * 256 + $4,
    $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}

# cpu_s < TIMES: user + system CPU seconds of the children in the output of `times`.
cpu_s() { awk 'NR == 2 { split($1, u, "m"); split($2, s, "m"); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }'; }

# timed_png PNG CMD...: runs CMD (output to $work/cmd.log), prints its wall time and
# its CPU time (user + system, with the processes it waited for) in ms; fails unless it
# left a 1920x1080 PNG.
timed_png() {
  local png=$1 t0 t1 c0 c1
  shift
  rm -f "$png"
  times >"$work/times0"
  t0=$EPOCHREALTIME
  "$@" >"$work/cmd.log" 2>&1 || { cat "$work/cmd.log" >&2; echo "failed: $*" >&2; return 1; }
  t1=$EPOCHREALTIME
  times >"$work/times1"
  c0=$(cpu_s <"$work/times0")
  c1=$(cpu_s <"$work/times1")
  if [ ! -s "$png" ] || [ "$(png_size "$png")" != 1920x1080 ]; then
    echo "no 1920x1080 PNG from: $*" >&2
    return 1
  fi
  awk -v a="$t0" -v b="$t1" -v c="$c0" -v d="$c1" 'BEGIN { printf "%.1f %.0f\n", (b - a) * 1000, (d - c) * 1000 }'
}

# median COLUMN: the median of that column of standard input.
median() { awk -v k="$1" '{ print $k }' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# (a) first image
export LC_ALL=C
page en "$keep/board-during.html" --at "$at"
hb_ms=() cr_ms=()
load=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$n"); do
  hb_ms+=("$(timed_png "$keep/hallboard.png" "$hb" render --at "$at" --size 1920x1080 -o "$keep/hallboard.png")")
  profile=$(mktemp -d -p "$work")
  cr_ms+=("$(timed_png "$keep/chromium.png" chromium "${cr_flags[@]}" --user-data-dir="$profile" \
    --screenshot="$keep/chromium.png" "file://$keep/board-during.html")")
  rm -rf "$profile"
  echo "  run $i: hallboard ${hb_ms[-1]% *} ms, chromium ${cr_ms[-1]% *} ms" >&2
done
hb_med=$(printf '%s\n' "${hb_ms[@]}" | median 1)
cr_med=$(printf '%s\n' "${cr_ms[@]}" | median 1)
hb_cpu=$(printf '%s\n' "${hb_ms[@]}" | median 2)
cr_cpu=$(printf '%s\n' "${cr_ms[@]}" | median 2)
echo "first image: process start to a 1920x1080 PNG on disk, median of $n ($at, English)"
echo "  (load average before: $load; CPU: user + system of the process tree)"
printf '  hallboard render             %8.1f ms wall, %6d ms CPU\n' "$hb_med" "$hb_cpu"
printf '  chromium --screenshot        %8.1f ms wall, %6d ms CPU  (file:// page, new profile each run)\n' "$cr_med" "$cr_cpu"
awk -v h="$hb_med" -v c="$cr_med" -v hc="$hb_cpu" -v cc="$cr_cpu" 'BEGIN { r = c / h
  printf "  hallboard takes 1/%.1f of Chromium'"'"'s time (target: at most 1/25): %s; CPU: 1/%.1f\n",
    r, (r >= 25 ? "met" : "NOT met"), cc / (hc > 0 ? hc : 1) }'

# (b) memory: the board first, then Chromium
echo "memory: PSS of the running board, Chinese UI, the present instant"
hb_out=$(SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software "$build/bench_board" "$hb" 1)
hb_pss=$(sed -n 's/^PSS after 10 s: \([0-9.]*\) MB in all.*/\1/p' <<<"$hb_out")
[ -n "$hb_pss" ] || { echo "$hb_out" >&2; echo "bench_board gave no PSS" >&2; exit 1; }
echo "  hallboard (bench_board, SDL dummy video driver, software renderer): $hb_pss MB"
grep '^  PSS ' <<<"$hb_out" | sed 's/^/  /'

page zh "$keep/board-now.html"
profile=$(mktemp -d -p "$work")
chromium "${cr_flags[@]}" --user-data-dir="$profile" --remote-debugging-port=0 \
  "file://$keep/board-now.html" >"$work/chromium.log" 2>&1 &
cr_pid=$!
for _ in $(seq 300); do [ -s "$profile/DevToolsActivePort" ] && break; sleep 0.1; done
[ -s "$profile/DevToolsActivePort" ] || { cat "$work/chromium.log" >&2; echo "Chromium did not start" >&2; exit 1; }
sleep 10

# tree PID: PID and all its descendants (parents from /proc/*/stat; a process that ends
# meanwhile is left out).
tree() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$1" '{ pid = $1; sub(/.*\) /, ""); kids[$2] = kids[$2] " " pid }
    END { q[1] = root; m = 1
          for (i = 1; i <= m; i++) { print q[i]; k = split(kids[q[i]], a, " "); for (j = 1; j <= k; j++) q[++m] = a[j] } }'
}
# One line per process: TYPE PSS_MB.
for p in $(tree "$cr_pid"); do
  # Chromium rewrites its command line into one string: split it at spaces.
  type=$(tr ' ' '\0' <"/proc/$p/cmdline" | tr '\0' '\n' | sed -n 's/^--type=//p; s/^--utility-sub-type=/utility:/p' | tail -n1)
  if [ -r "/proc/$p/smaps_rollup" ]; then echo "${type:-browser} $(bench_pss "$p")"; fi
done >"$work/pss"
kill "$cr_pid"
wait "$cr_pid" 2>/dev/null || true
cr_pid=
cr_pss=$(awk '{ s += $2 } END { printf "%.1f", s }' "$work/pss")
echo "  chromium --headless --remote-debugging-port=0, $(wc -l <"$work/pss") processes, 10 s after start: $cr_pss MB"
awk '{ s[$1] += $2; c[$1]++ } END { for (t in s) printf "    PSS %-44s %6.1f MB (%d)\n", t, s[t], c[t] }' "$work/pss" | sort
awk -v h="$hb_pss" -v c="$cr_pss" 'BEGIN { printf "  hallboard uses 1/%.1f of Chromium'"'"'s PSS\n", c / h }'
