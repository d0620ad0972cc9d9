#!/usr/bin/env bash
# app/run.sh - installs what is missing (Debian), builds, and runs hallboard on the
# agenda built into the binary. Arguments are passed to hallboard; without any it
# shows what is on at the opening of the Global MOOC Conference 2020.
set -euo pipefail
cd "$(dirname "$0")/.."
. app/deps.sh
hb_install_deps
hb_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHB_TESTS=OFF
if [ $# -eq 0 ]; then
  set -- state --at 2020-12-09T12:02:00+03:00
fi
exec build/hallboard "$@"
