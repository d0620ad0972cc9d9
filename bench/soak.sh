#!/usr/bin/env bash
# soak.sh - days of a board's life in minutes, watching its memory: the real binary on
# SDL's dummy video driver (software renderer, 1920x1080) replays the built-in agenda
# on the demo clock at SPEED simulated seconds per real second (a redraw every
# simulated minute), polls a feed whose revision changes on every request (a new
# agenda every poll_interval = 10 s), and is asked for /status and /screen.png every
# few seconds. Prints its PSS at intervals and the growth from the first sample after
# warm-up to the last. Usage: bench/soak.sh [BUILD_DIR] [SECONDS] [SPEED]
# (default: build, 120 s, 3600: an hour a second, 120 s = 5 days of agenda).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
build=${1:-build}
secs=${2:-120}
speed=${3:-3600}
hb=$build/hallboard
[ -x "$hb" ] || { echo "no $hb: build first (cmake -S . -B $build && cmake --build $build)" >&2; exit 1; }
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }

work=$(mktemp -d)
coproc SERVER { exec python3 tests/http_server.py --feed app/seed/gmooc2020.json; }
server_pid=$SERVER_PID
read -r -t 10 sport <&"${SERVER[0]}" || { echo "the test server did not start" >&2; exit 1; }
cport=$(bench_free_port)
printf 'cache_dir = %s\n' "$work/cache" >"$work/hallboard.conf"
SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software HALLBOARD_RUN_SECONDS=$((secs + 30)) \
  "$hb" --config "$work/hallboard.conf" --windowed 1920x1080 --demo --speed "$speed" \
  --feed "http://127.0.0.1:$sport/changing" --poll-interval 10 --control-port "$cport" \
  2>"$work/board.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true;
      kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
bench_wait_first_frame "$work/board.log" || exit 1
url=http://127.0.0.1:$cport
pss() { bench_pss "$pid"; }
frames() { curl -s "$url/status" | sed -n 's/.*"frames":\([0-9]*\).*/\1/p'; }

echo "soak: ${secs} s at ${speed}x ($(awk -v s="$secs" -v x="$speed" 'BEGIN { printf "%.1f", s * x / 86400 }') simulated days), a new feed every 10 s, status and screen every 3 s"
t0=$(date +%s)
first="" last="" max=0 samples=0 next=15
while :; do
  now=$(date +%s)
  el=$((now - t0))
  ((el >= secs)) && break
  curl -s -o /dev/null "$url/status"
  curl -s -o /dev/null "$url/screen.png"
  if ((el >= next)); then
    next=$((next + 15))
    p=$(pss)
    [ -z "$first" ] && first=$p
    last=$p
    awk -v a="$p" -v b="$max" 'BEGIN { exit !(a > b) }' && max=$p
    samples=$((samples + 1))
    echo "  ${el} s: PSS ${p} MB, frames $(frames), feeds taken $(grep -c 'new feed' "$work/board.log")"
  fi
  sleep 3
done
kill -0 "$pid" || { echo "the board is gone" >&2; cat "$work/board.log" >&2; exit 1; }
echo "PSS: ${first} MB at 15 s, ${last} MB at the end, at most ${max} MB ($samples samples);" \
     "growth $(awk -v a="$first" -v b="$last" 'BEGIN { printf "%+.1f", b - a }') MB"
echo "log lines: $(wc -l <"$work/board.log") (problems are logged once, not per poll)"
