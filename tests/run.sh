#!/usr/bin/env bash
# tests/run.sh - installs what is missing (Debian), builds, and runs the whole test
# suite: the normal build, the same suite under AddressSanitizer + UBSan, a short
# libFuzzer smoke run of every parser, the suite cross-built for aarch64 under
# qemu-user, and the armhf cross build. Usage: tests/run.sh [--quick]
#   --quick  the normal build and suite only
#   HB_CROSS=0 skips the cross builds
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

. app/deps.sh
hb_install_deps

jobs=$(nproc 2>/dev/null || echo 2)

echo "== build and test (build/)"
hb_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHB_TESTS=ON
ctest --test-dir build --output-on-failure -j"$jobs" | tee build/ctest.log

# The closing line: tests that ran in every pass, as "N passed, N failed".
summary() {
  local total=0 failed=0 log t f
  for log in "$@"; do
    t=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/.* \([0-9]*\) tests failed out of.*/\1/p' "$log" | tail -n 1)
    total=$((total + ${t:-0})); failed=$((failed + ${f:-0}))
  done
  echo "tests: $((total - failed)) passed, $failed failed"
}

if [ "${1:-}" = "--quick" ]; then summary build/ctest.log; exit 0; fi

echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)"
hb_build build-asan -DCMAKE_BUILD_TYPE=Debug -DHB_SANITIZE=ON -DHB_TESTS=ON
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" | tee build-asan/ctest.log

echo "== libFuzzer smoke run (build-fuzz/)"
CC=clang hb_build build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHB_SANITIZE=ON -DHB_FUZZ=ON \
  -DHB_TESTS=OFF
seconds=${HB_FUZZ_SECONDS:-30}
for f in build-fuzz/fuzz_*; do
  name=$(basename "$f")
  corpus="$top/build-fuzz/corpus-$name"
  mkdir -p "$corpus"
  seeds=""
  real="${HB_SHARED_DIR:-$top/../shared}/fixtures/real"
  case "$name" in
    fuzz_feed)
      seeds="$top/tests/inputs $top/tests/inputs/check $top/app/seed"
      # The real exports beside the checkout, when there, are copied into the corpus
      # (never into the repository).
      for d in frab-json frab-xml ical sessionize; do
        [ -d "$real/$d" ] && cp -f "$real/$d"/* "$corpus"/
      done ;;
    fuzz_frab_xml|fuzz_ical|fuzz_sessionize)
      d=${name#fuzz_}; d=${d//_/-}
      if [ -d "$real/$d" ]; then cp -f "$real/$d"/* "$corpus"/; fi ;;
    fuzz_conf)
      seeds="$top/boards" ;;
    fuzz_tz)
      seeds="$top/build-fuzz/seeds-tz"
      mkdir -p "$seeds"
      for z in Europe/Moscow Asia/Shanghai Australia/Lord_Howe Europe/Dublin America/St_Johns; do
        cp "/usr/share/zoneinfo/$z" "$seeds/${z//\//_}"
      done ;;
  esac
  echo "-- $name for ${seconds}s"
  # shellcheck disable=SC2086
  "$f" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=0 "$corpus" $seeds \
    2>&1 | tail -n 2
done
echo "fuzz: every target ran ${seconds}s without a finding"

logs="build/ctest.log build-asan/ctest.log"
if [ "${HB_CROSS:-1}" = 1 ]; then
  echo "== cross build for aarch64 and the suite under qemu-user (build-aarch64/)"
  boards/cross.sh aarch64
  logs="$logs build-aarch64/ctest.log"
  echo "== cross build for armhf (build-armhf/)"
  boards/cross.sh armhf --build-only
fi
# shellcheck disable=SC2086
summary $logs
