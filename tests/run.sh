#!/usr/bin/env bash
# tests/run.sh - installs what is missing (Debian), builds, and runs the whole test
# suite: the normal build, the same suite under AddressSanitizer + UBSan, a short
# libFuzzer smoke run of every parser, the suite cross-built for aarch64 under
# qemu-user, the armhf cross build, the quick suite in a Debian 13 root
# (tests/trixie.sh) and the Debian packages (tests/packages.sh: three architectures,
# lintian, an install test in a Debian 12 root). Usage: tests/run.sh [--quick]
#   --quick  the normal build and suite only
#   HB_TRIXIE=0, HB_PACKAGES_TEST=0 skip the Debian 13 suite, the packages
#   HB_CROSS=0 skips the cross builds (boards/cross.sh adds the arm64 and armhf dpkg
#   architectures, installs their libraries and registers qemu-user's binfmt handlers)
# Every pass runs even when an earlier one failed; the closing line counts cmocka's test
# cases over all passes, and the exit status is non-zero when any pass failed.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
quick=0
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    *) echo "usage: tests/run.sh [--quick]" >&2; exit 64 ;;
  esac
done

. app/deps.sh
hb_install_deps "$HB_PACKAGES"

jobs=$(nproc 2>/dev/null || echo 2)

pass_normal() {
  hb_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHB_TESTS=ON
  hb_ctest build build/ctest.log -j"$jobs"
}

pass_asan() {
  hb_build build-asan -DCMAKE_BUILD_TYPE=Debug -DHB_SANITIZE=ON -DHB_TESTS=ON -DHB_TEST_TIMEOUT=900
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    hb_ctest build-asan build-asan/ctest.log -j"$jobs"
}

pass_fuzz() {
  CC=clang hb_build build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHB_SANITIZE=ON \
    -DHB_FUZZ=ON -DHB_TESTS=OFF
  local seconds=${HB_FUZZ_SECONDS:-30} f name corpus seeds real d z
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
          if [ -d "$real/$d" ]; then cp -f "$real/$d"/* "$corpus"/; fi
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
}

pass_aarch64() { boards/cross.sh aarch64; }
pass_armhf() { boards/cross.sh armhf --build-only; }

# run_pass NAME FUNCTION: runs FUNCTION in a subshell that stops at its first failing
# command (set -e), and records NAME in $failed_passes when it fails, in $skipped_passes
# when it exits 77 (skipped: no root, no network).
failed_passes="" skipped_passes=""
run_pass() {
  local rc=0
  set +e
  (set -e; "$2")
  rc=$?
  set -e
  if [ "$rc" -eq 77 ]; then
    echo "== pass $1 skipped (what it needs is missing here: see above)"
    skipped_passes="$skipped_passes $1"
  elif [ "$rc" -ne 0 ]; then
    echo "== pass $1 FAILED (exit $rc)"
    failed_passes="$failed_passes $1"
  fi
}

# count_cases LOG...: reads ctest -V logs (hb_ctest) and prints "passed failed skipped
# programs whole": cmocka's cases by their "[  PASSED  ] N test(s)." / "[  SKIPPED ] N
# test(s), listed below:" / "[  FAILED  ] N test(s), listed below:" lines, the last run
# of each program (ctest --repeat runs one again). A program that is not a cmocka one
# (a script) counts as one case; a program that failed without cmocka counting a failed
# case (a crash, a timeout, a sanitizer report) counts one failed case; a program
# skipped whole (exit 77) counts its cases as skipped, or as one skipped case ("whole")
# when it stopped before cmocka counted any.
count_cases() {
  awk '
    # cmocka 1.1.8 (Debian 13) names the group before the count ("[  FAILED  ] tests: 1 test(s)").
    function after(s) { s = substr(s, index(s, "]") + 1); sub(/^ [^ ]+: /, " ", s); return s + 0 }
    FNR == 1 { file++ }
    match($0, /^[0-9]+: /) {
      k = file ":" substr($0, 1, RLENGTH - 2); line = substr($0, RLENGTH + 1)
      if (line ~ /^\[  PASSED  \] ([^ ]+: )?[0-9]+ test/) { p[k] += after(line); seen[k] = 1 }
      else if (line ~ /^\[  FAILED  \] ([^ ]+: )?[0-9]+ test/) { f[k] += after(line); seen[k] = 1 }
      else if (line ~ /^\[  SKIPPED \] ([^ ]+: )?[0-9]+ test/) { s[k] += after(line); seen[k] = 1 }
      next
    }
    match($0, /Test +#[0-9]+: /) {
      n = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", n); k = file ":" n
      st = "failed"
      if ($0 ~ /\*\*\*Skipped/ || $0 ~ /Disabled/) st = "skipped"
      else if ($0 ~ / Passed /) st = "passed"
      res[k] = st; rp[k] = p[k]; rf[k] = f[k]; rsk[k] = s[k]; rseen[k] = seen[k]
      p[k] = f[k] = s[k] = seen[k] = 0
    }
    END {
      for (k in res) {
        progs++
        if (res[k] == "skipped" && !rseen[k]) { whole++; S++; continue }
        if (res[k] == "skipped") { S += rp[k] + rf[k] + rsk[k]; continue }
        if (!rseen[k]) { if (res[k] == "passed") P++; else F++; continue }
        if (res[k] == "failed" && rf[k] == 0) rf[k] = 1
        P += rp[k]; F += rf[k]; S += rsk[k]
      }
      printf "%d %d %d %d %d\n", P, F, S, progs, whole
    }' "$@"
}

# The closing line: cmocka's cases over every pass's log, then the passes that failed.
summary() {
  local logs="" log c
  for log in "$@"; do
    if [ -f "$log" ]; then logs="$logs $log"; else echo "($log: no results, the pass stopped before its suite)"; fi
  done
  c="0 0 0 0 0"
  # shellcheck disable=SC2086
  [ -z "$logs" ] || c=$(count_cases $logs)
  # shellcheck disable=SC2086 # five numbers
  set -- $c
  local whole=""
  [ "$5" -eq 0 ] || whole="; $5 of them skipped whole, each counted as 1 skipped case"
  echo "tests: $1 passed, $2 failed, $3 skipped (cases; $4 programs$whole)"
  [ -z "$skipped_passes" ] || echo "skipped passes:$skipped_passes"
  if [ -n "$failed_passes" ]; then
    echo "FAILED passes:$failed_passes"
    exit 1
  fi
}

# Each pass's log is removed first: a pass that stops early leaves no stale result.
logs="build/ctest.log"
rm -f build/ctest.log
echo "== build and test (build/)"
run_pass normal pass_normal
if [ "$quick" = 1 ]; then summary $logs; exit 0; fi

echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)"
logs="$logs build-asan/ctest.log"
rm -f build-asan/ctest.log
run_pass asan pass_asan

echo "== libFuzzer smoke run (build-fuzz/)"
run_pass fuzz pass_fuzz

if [ "${HB_CROSS:-1}" = 1 ]; then
  echo "== cross build for aarch64 and the suite under qemu-user (build-aarch64/)"
  logs="$logs build-aarch64/ctest.log"
  rm -f build-aarch64/ctest.log
  run_pass aarch64 pass_aarch64
  echo "== cross build for armhf (build-armhf/)"
  run_pass armhf pass_armhf
fi

pass_trixie() { tests/trixie.sh; }
if [ "${HB_TRIXIE:-1}" = 1 ]; then
  echo "== the quick suite in a fresh Debian 13 root (tests/trixie.sh; build-trixie/)"
  logs="$logs build-trixie/ctest.log"
  rm -f build-trixie/ctest.log
  run_pass trixie pass_trixie
fi

pass_packages() { tests/packages.sh; }
if [ "${HB_PACKAGES_TEST:-1}" = 1 ]; then
  echo "== Debian packages (build-pkg-*/): amd64, arm64, armhf (amd64 alone when HB_CROSS=0), lintian, the install test"
  run_pass packages pass_packages
fi
# shellcheck disable=SC2086
summary $logs
