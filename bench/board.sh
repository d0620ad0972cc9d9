#!/usr/bin/env bash
# board.sh - runs the board benchmarks on a virtual display with SDL's software
# renderer: first frame, PSS (per class of mapping: heap, window surface, fonts,
# libraries...), idle CPU (bench_board), and instructions per steady
# frame under callgrind (bench_frame). Usage: bench/board.sh [BUILD_DIR] [IDLE_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
idle=${2:-60}
command -v Xvfb >/dev/null || { echo "needs Xvfb (apt-get install xvfb)"; exit 1; }
# A free display number, written by the server once it is ready (a display that another
# run already holds would leave the board on that run's server).
dfile=$(mktemp)
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$dfile" >/dev/null 2>&1 &
xpid=$!
trap 'kill $xpid 2>/dev/null; rm -f "$dfile"' EXIT
for _ in $(seq 50); do [ -s "$dfile" ] && break; sleep 0.1; done
[ -s "$dfile" ] || { echo "Xvfb did not start"; exit 1; }
export DISPLAY=:$(head -n1 "$dfile") SDL_RENDER_DRIVER=software
"$build/bench_board" "$build/hallboard" "$idle"
if command -v valgrind >/dev/null; then
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
    --toggle-collect=bench_steady_frames "$build/bench_frame" >/dev/null 2>&1
  total=$(sed -n 's/^summary: //p' "$out" | awk '{print $1}')
  frames=$("$build/bench_frame" --frames)
  echo "instructions per steady frame (1920x1080, software renderer): $((total / frames))"
  rm -f "$out"
fi
