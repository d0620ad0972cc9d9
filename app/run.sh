#!/usr/bin/env bash
# app/run.sh - installs what is missing of what building and running the board needs
# (HB_RUN_PACKAGES of app/deps.sh, not the test tools; through sudo when not root, and
# without root or sudo it prints the apt-get command to run as root), builds, and
# runs the board on the agenda built into the binary, in demo mode: a simulated clock
# replays the Global MOOC Conference 2020 from a few minutes before its opening, one
# minute per second. Arguments, when given, are passed to hallboard instead.
#   With a desktop (DISPLAY or WAYLAND_DISPLAY): a 1280x720 window (Esc or q quits).
#   On a console with a GPU (/dev/dri): fullscreen through KMS/DRM.
#   With no display at all: renders preview frames to build/preview-*.png instead.
set -euo pipefail
cd "$(dirname "$0")/.."
. app/deps.sh
hb_install_deps "$HB_RUN_PACKAGES"
hb_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHB_TESTS=OFF
if [ $# -gt 0 ]; then
  exec build/hallboard "$@"
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/hallboard --demo --windowed 1280x720
elif ls /dev/dri/card* >/dev/null 2>&1 && [ -z "${SSH_CONNECTION:-}" ]; then
  exec build/hallboard --demo
fi
echo "No display here: rendering preview frames of the board instead."
for at in 2020-12-09T11:57:00+03:00 2020-12-09T12:20:00+03:00 2020-12-09T23:00:00+03:00; do
  out="build/preview-${at:0:16}.png"
  out=${out//:/-}
  build/hallboard render --at "$at" --size 1920x1080 -o "$out"
  echo "  $out  (the board at $at)"
done
