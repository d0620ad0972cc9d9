# deps.sh - sourced by app/run.sh and tests/run.sh: installs the Debian packages the
# project needs (only those missing) and builds a tree. Needs root or sudo to install.

HB_PACKAGES="build-essential cmake pkg-config libcjson-dev libexpat1-dev libical-dev libcmocka-dev tzdata
  python3-jsonschema clang libclang-rt-dev libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
  libcurl4-openssl-dev libunibreak-dev libfribidi-dev libdrm-dev libx11-dev libxss-dev
  libqrencode-dev zbar-tools
  libmicrohttpd-dev libssl-dev libmosquitto-dev mosquitto
  fonts-noto-core fonts-noto-cjk fonts-symbola
  xvfb xauth imagemagick openssl python3 systemd"

hb_install_deps() {
  local missing="" p sudo_cmd=""
  for p in $HB_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  echo "Installing:$missing"
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  # An index that fails to download (a mirror in sync, a foreign architecture added by
  # boards/cross.sh) must not stop the install: apt uses the indexes it has.
  $sudo_cmd apt-get update -qq || echo "apt-get update failed: installing from the indexes there are"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing >/dev/null
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
