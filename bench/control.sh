#!/usr/bin/env bash
# control.sh - what the control endpoint costs, measured with the real binary on SDL's
# dummy video driver and the software renderer at 1920x1080: the time to answer
# GET /status, GET /screen.png (the render loop draws and reads the frame back, then
# the PNG is encoded) and a repeated GET /screen.png (the last PNG sent again), and
# PUT /feed of the built-in agenda (checked, stored, shown); the board's PSS before
# and after. Usage: bench/control.sh [BUILD_DIR] [REQUESTS]  (default: build, 20)
# A benchmark that prints its figures, not a test: it fails only when a request does
# not get the answer the measurement needs.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
build=${1:-build}
n=${2:-20}
hb=$build/hallboard
[ -x "$hb" ] || { echo "no $hb: build first (cmake -S . -B $build && cmake --build $build)" >&2; exit 1; }
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }

work=$(mktemp -d)
port=$(bench_free_port)
token=bench-token-0123456789
printf 'cache_dir = %s\ncontrol_token = %s\n' "$work/cache" "$token" >"$work/hallboard.conf"
SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software HALLBOARD_RUN_SECONDS=600 \
  "$hb" --config "$work/hallboard.conf" --windowed 1920x1080 --control-port "$port" \
  2>"$work/board.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
bench_wait_first_frame "$work/board.log" || exit 1
url=http://127.0.0.1:$port
pss() { bench_pss "$pid"; }

# median of N timings (ms) of: curl ARGS...; checks the status code
median_ms() {
  local want=$1; shift
  local i t code times=()
  for i in $(seq "$n"); do
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$@")
    [ "$code" = "$want" ] || { echo "expected $want, got $code: curl $*" >&2; exit 1; }
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] * 1000 }'
}

pss0=$(pss)
status_ms=$(median_ms 200 "$url/status")
# Fresh screens: one request, then past the 2 s reuse window, N times.
fresh=()
for _ in $(seq 5); do
  sleep 2.1
  read -r code t < <(curl -s -o "$work/screen.png" -w '%{http_code} %{time_total}\n' "$url/screen.png")
  [ "$code" = 200 ] || { echo "GET /screen.png: $code" >&2; exit 1; }
  fresh+=("$t")
done
fresh_ms=$(printf '%s\n' "${fresh[@]}" | sort -g | awk '{ a[NR] = $1 } END { printf "%.1f", a[3] * 1000 }')
png_bytes=$(stat -c %s "$work/screen.png")
again_ms=$(median_ms 200 "$url/screen.png")
push_ms=$(median_ms 200 -X PUT -H "Authorization: Bearer $token" -H "Expect:" \
  --data-binary @app/seed/gmooc2020.json "$url/feed")
pss1=$(pss)

echo "control endpoint, 1920x1080, software renderer, median of $n (screens: of 5):"
echo "  GET /status:                 $status_ms ms"
echo "  GET /screen.png, drawn:      $fresh_ms ms ($png_bytes bytes)"
echo "  GET /screen.png, within 2 s: $again_ms ms (the last PNG again)"
echo "  PUT /feed (built-in agenda, $(stat -c %s app/seed/gmooc2020.json) bytes): $push_ms ms"
echo "  PSS: $pss0 MB before, $pss1 MB after"
