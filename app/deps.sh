# shellcheck shell=bash
# deps.sh - sourced by app/run.sh, tests/run.sh and boards/cross.sh: installs the Debian
# packages the project needs (only those missing), builds a tree and runs its suite.
# Needs root or sudo to install; without either it prints the command to run as root.

# What building and running the board needs: the compiler and build tools, the -dev
# libraries CMakeLists.txt requires (libpng-dev comes with libsdl2-image-dev), the
# fonts the board draws with and the time zone data.
HB_RUN_PACKAGES="build-essential cmake pkg-config libcjson-dev libexpat1-dev libical-dev
  libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libcurl4-openssl-dev libunibreak-dev
  libfribidi-dev libdrm-dev libqrencode-dev libmicrohttpd-dev libssl-dev libmosquitto-dev
  fonts-noto-core fonts-noto-cjk fonts-symbola tzdata"
# What only the test suite needs (tests/run.sh installs both lists): cmocka, clang and
# its sanitizer runtime (fuzzing), Xlib for test_display, the JSON Schema checker, the
# QR code reader and writer, the broker, the X server, ImageMagick, openssl,
# systemd-analyze; on Debian 13 and later the legacy zone names (US/Eastern...), which
# its tzdata no longer ships, for test_tzalias to compare with the build's link table.
HB_TEST_PACKAGES="libcmocka-dev python3-jsonschema clang libclang-rt-dev libx11-dev
  libxss-dev zbar-tools qrencode mosquitto xvfb xauth imagemagick openssl python3 systemd"
hb_os_major=$(sed -n 's/^VERSION_ID="\{0,1\}\([0-9]*\).*/\1/p' /etc/os-release 2>/dev/null || true)
if [ "${hb_os_major:-0}" -ge 13 ]; then
  HB_TEST_PACKAGES="$HB_TEST_PACKAGES tzdata-legacy"
fi
HB_PACKAGES="$HB_RUN_PACKAGES $HB_TEST_PACKAGES"

# hb_install_deps [PACKAGES]: installs those of PACKAGES (default: HB_PACKAGES, all)
# that are missing, through sudo when not root. Without root or sudo it prints the
# command to run as root and fails.
hb_install_deps() {
  local want=${1:-$HB_PACKAGES} missing="" p sudo_cmd=""
  for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  echo "Missing Debian packages:$missing"
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "Not root and no sudo here to install them. Run as root:" >&2
      echo "  apt-get update && apt-get install -y$missing" >&2
      echo "then run this again." >&2
      return 1
    fi
    sudo_cmd="sudo"
  fi
  # An index that fails to download (a mirror in sync, a foreign architecture added by
  # boards/cross.sh) must not stop the install: apt uses the indexes it has.
  $sudo_cmd apt-get update ||
    echo "apt-get update reported errors (above): installing from the indexes apt has"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y $missing
}

# hb_build DIR [CMAKE ARGS...]: configures and builds quietly; shows output on failure.
hb_build() {
  local dir=$1 log
  shift
  log=$(mktemp)
  if ! { cmake -S . -B "$dir" "$@" && cmake --build "$dir" -j"$(nproc 2>/dev/null || echo 2)"; } \
      >"$log" 2>&1; then
    cat "$log"
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

# hb_ctest DIR LOG [CTEST ARGS...]: runs the suite of DIR verbosely (-V) into LOG, every
# test's output in full, its lines prefixed "N: " (the test's number), which is what
# tests/run.sh counts cmocka's cases from. The terminal shows one line a test, the
# totals, then the output of the tests that failed. Returns ctest's status.
hb_ctest() {
  local dir=$1 log=$2 rc
  shift 2
  { rc=0; CMOCKA_MESSAGE_OUTPUT=stdout ctest --test-dir "$dir" -V "$@" 2>&1 || rc=$?
    echo "$rc" >"$log.rc"; } |
    tee "$log" | sed -u -E -e '/^The following tests passed:/,/^[^\t]/{/^\t/d}' \
      -e '/^The following tests passed:|^[0-9]+: |^test [0-9]+$|^ +Start +[0-9]+: |^$/d' \
      -e '/^UpdateCTestConfiguration|^Constructing a list|^Done constructing|^Updating test list/d' \
      -e '/^Added [0-9]+ tests to meet|^Checking test dependency|^Internal ctest changing/d' || true
  rc=$(cat "$log.rc" 2>/dev/null || echo 1)
  rm -f "$log.rc"
  if [ "$rc" -ne 0 ]; then
    awk '
      match($0, /Test +#[0-9]+: /) {
        n = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", n)
        name[n] = $0; sub(/.*Test +#[0-9]+: /, "", name[n]); sub(/ .*/, "", name[n])
        bad[n] = ($0 !~ / Passed / && $0 !~ /\*\*\*Skipped/ && $0 !~ /Disabled/)
      }
      match($0, /^[0-9]+: /) { n = substr($0, 1, RLENGTH - 2); out[n] = out[n] $0 "\n" }
      END {
        for (n in bad)
          if (bad[n]) printf "---- output of %s (test %s)\n%s", name[n], n, out[n]
      }' "$log"
    echo "(every test's output: $log)"
  fi
  return "$rc"
}
