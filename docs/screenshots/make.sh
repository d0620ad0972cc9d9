#!/usr/bin/env bash
# docs/screenshots/make.sh - renders the screenshots of the README with `hallboard
# render` (headless: no display needed) from a build folder.
#   Usage: docs/screenshots/make.sh [BUILD_DIR]     (default: build)
# The built-in agenda (Global MOOC Conference 2020) at one instant of each phase, on a
# landscape 1920x1080 and a portrait 1080x1920 screen, plus the "during" frame in
# Chinese (portrait) and Arabic (landscape) and on a landscape screen turned 90 degrees.
# The phase frames are the same images as the goldens of tests/golden/ (test `render`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
hb="$build/hallboard"
[ -x "$hb" ] || { echo "make.sh: no $hb; build first (cmake --build $build)" >&2; exit 1; }
export SDL_VIDEODRIVER=dummy

shot() { # NAME ARGS...
  local name=$1
  shift
  "$hb" render "$@" -o "$here/$name.png"
  echo "  $name.png"
}

phases="before=2020-12-08T12:00:00+03:00 during=2020-12-09T12:20:00+03:00
        break=2020-12-09T14:00:00+03:00 overnight=2020-12-09T23:00:00+03:00
        after=2020-12-12T12:00:00+03:00"
for p in $phases; do
  phase=${p%%=*} at=${p#*=}
  shot "$phase-landscape" --at "$at" --size 1920x1080
  shot "$phase-portrait" --at "$at" --size 1080x1920
done
during=2020-12-09T12:20:00+03:00
shot during-portrait-zh --at "$during" --size 1080x1920 --lang zh
shot during-landscape-ar --at "$during" --size 1920x1080 --lang ar
shot during-rotate90 --at "$during" --size 1920x1080 --rotate 90
