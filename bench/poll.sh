#!/usr/bin/env bash
# poll.sh - what polling the feed costs one display, measured with the real binary
# against the test server (tests/http_server.py on 127.0.0.1) serving the built-in
# agenda (app/seed/gmooc2020.json): bytes per 304 poll and per hour and day when the
# feed does not change, the size of a 200 plain and gzip-compressed, and how long a
# change at the origin takes at most to reach the board.
# Usage: bench/poll.sh [BUILD_DIR] [POLLS]    (default: build, 20 polls answered 304)
# A benchmark that prints its figures, not a test: it fails only when a fetch does not
# give the outcome the measurement needs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
polls=${2:-20}
hb=$build/hallboard
seed=app/seed/gmooc2020.json
[ -x "$hb" ] || { echo "no $hb: build first (cmake -S . -B $build && cmake --build $build)" >&2; exit 1; }

# The poll interval the board uses by default, from the source.
poll_s=$(sed -n 's/^#define FETCH_POLL_DEFAULT \([0-9]*\).*/\1/p' app/shell/fetch.h)
[ -n "$poll_s" ] || { echo "FETCH_POLL_DEFAULT not found in app/shell/fetch.h" >&2; exit 1; }

work=$(mktemp -d)
# The server serves the --feed file on /ok (ETag, 304 when it matches) and /gzip
# (Content-Encoding: gzip); it exits when its standard input closes.
coproc SERVER { exec python3 tests/http_server.py --feed "$seed"; }
server_pid=$SERVER_PID
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
read -r -t 10 port <&"${SERVER[0]}" || { echo "the test server did not start" >&2; exit 1; }
url=http://127.0.0.1:$port

# fetch URL CACHE_DIR: one `hallboard fetch`, its JSON line on stdout.
fetch() { "$hb" fetch --feed "$1" --cache "$2" 2>/dev/null || true; }
field_num() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
field_str() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
expect() { # expect LINE OUTCOME STATUS
  local o s
  o=$(field_str outcome <<<"$1"); s=$(field_num http_status <<<"$1")
  [ "$o" = "$2" ] && [ "$s" = "$3" ] || { echo "expected $2/$3, got: $1" >&2; exit 1; }
}

# The first poll: 200, the whole feed.
line=$(fetch "$url/ok" "$work/cache")
expect "$line" stored 200
plain_wire=$(field_num wire_bytes <<<"$line")
body=$(field_num bytes <<<"$line")
revision=$(field_str revision <<<"$line")

# Then POLLS polls of an unchanged feed: 304, headers only.
total=0 min=0 max=0
for ((i = 0; i < polls; i++)); do
  line=$(fetch "$url/ok" "$work/cache")
  expect "$line" unchanged 304
  w=$(field_num wire_bytes <<<"$line")
  total=$((total + w))
  ((min == 0 || w < min)) && min=$w
  ((w > max)) && max=$w
done
per304=$(awk -v t="$total" -v n="$polls" 'BEGIN { printf "%.0f", t / n }')

# The same feed gzip-compressed (fresh cache: a 200).
line=$(fetch "$url/gzip" "$work/cache-gzip")
expect "$line" stored 200
gzip_wire=$(field_num wire_bytes <<<"$line")

# Fetch + check + store of the seed feed, process start included (what a poll that
# finds a new feed costs before the board redraws): the slowest of 5, fresh caches.
slowest=0
TIMEFORMAT=%3R
for ((i = 0; i < 5; i++)); do
  t=$( { time "$hb" fetch --feed "$url/ok" --cache "$work/time-$i" >/dev/null 2>&1; } 2>&1 )
  slowest=$(awk -v a="$slowest" -v b="$t" 'BEGIN { print (b > a) ? b : a }')
done

# Polls are poll_s apart, scaled by a uniform 0.8..1.2: on average poll_s apart.
per_hour=$((3600 / poll_s))
awk -v rev="$revision" -v body="$body" -v plain="$plain_wire" -v gz="$gzip_wire" \
    -v p304="$per304" -v mn="$min" -v mx="$max" -v n="$polls" -v poll="$poll_s" \
    -v ph="$per_hour" -v fetch_s="$slowest" 'BEGIN {
  printf "seed feed (%s, revision %s): 200 plain %d bytes on the wire (%d body), 200 gzip %d bytes (%.0f %% of plain)\n",
    "app/seed/gmooc2020.json", rev, plain, body, gz, 100 * gz / plain
  printf "304 poll (unchanged feed): %d bytes on the wire (request + response headers; %d..%d over %d polls)\n",
    p304, mn, mx, n
  printf "requests per hour at the default poll interval (%d s, +-20 %% jitter averages to %d s): %d\n",
    poll, poll, ph
  printf "one display, feed unchanged: %d bytes/hour (%.1f KiB), %d bytes/day (%.2f MiB)\n",
    p304 * ph, p304 * ph / 1024, p304 * ph * 24, p304 * ph * 24 / 1048576
  printf "  (HTTP bytes only: TCP/IP headers, and over https a TLS handshake per poll, come on top)\n"
  printf "origin change to new board: at most %.1f s = poll %d s x 1.2 + fetch/parse/store %.3f s (slowest of 5)\n",
    poll * 1.2 + fetch_s, poll, fetch_s
  printf "  (plus one redraw, see bench/board.sh; after failures the back-off can delay it further)\n"
}'
