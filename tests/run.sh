#!/usr/bin/env bash
# tests/run.sh - installs what is missing (Debian), builds, and runs the whole test
# suite: the normal build, the same suite under AddressSanitizer + UBSan, and a short
# libFuzzer smoke run of every parser. Usage: tests/run.sh [--quick]
#   --quick  the normal build and suite only
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

pkgs="build-essential cmake pkg-config libcjson-dev libcmocka-dev tzdata python3-jsonschema clang libclang-rt-dev
      libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libcurl4-openssl-dev libunibreak-dev
      libfribidi-dev fonts-noto-core fonts-noto-cjk xvfb imagemagick"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "Installing:$missing"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)

echo "== build and test (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" >/dev/null
ctest --test-dir build --output-on-failure -j"$jobs"

[ "${1:-}" = "--quick" ] && exit 0

echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DHB_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== libFuzzer smoke run (build-fuzz/)"
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHB_SANITIZE=ON -DHB_FUZZ=ON \
  -DHB_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" >/dev/null
seconds=${HB_FUZZ_SECONDS:-30}
for f in build-fuzz/fuzz_*; do
  name=$(basename "$f")
  corpus="$top/build-fuzz/corpus-$name"
  mkdir -p "$corpus"
  seeds="$top/fuzz/seeds/${name#fuzz_}"
  echo "-- $name for ${seeds:+seeded }${seconds}s"
  "$f" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=0 "$corpus" \
    $( [ -d "$seeds" ] && echo "$seeds" ) 2>&1 | tail -n 2
done
echo "fuzz: every target ran ${seconds}s without a finding"
