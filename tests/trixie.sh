#!/usr/bin/env bash
# tests/trixie.sh - builds and runs the quick suite (tests/run.sh --quick: the normal build
# and ctest) in a fresh Debian 13 "trixie" root, the files of this checkout that git
# tracks or would add (as they are in the working tree, edits included) copied into it.
#
#   tests/trixie.sh
#
# The root is a debootstrap minbase trixie kept as a tar in $HB_CI_CACHE (default
# /var/cache/hallboard-ci/trixie-root.tar): made on the first run, unpacked afresh into a
# temporary folder on every run, with /proc, /sys and /dev mounted (tests/chroot.sh: always
# unmounted, and the folder removed, on the way out). In it app/deps.sh installs the
# packages from Debian's mirror; the .debs are kept in $HB_CI_CACHE/trixie-debs (those
# of older versions dropped), so a later run downloads only what changed. The suite's log is copied to build-trixie/ctest.log in
# this checkout (tests/run.sh counts its cases); then boards/package.sh amd64 builds the
# Debian 13 package there, copied to build-trixie/ (HB_PACKAGES_TEST=0: not). The exit
# status is the suite's, or 1 when the package failed.
# Needs root (chroot, mount), debootstrap for the first run, and the network; exits 77
# (skipped) without them.
set -euo pipefail
cd "$(dirname "$0")/.."
name=trixie
say() { echo "$name: $*"; }
t_start=$(date +%s)

[ "$(id -u)" -eq 0 ] || { say "skipped: needs root (chroot, mount)"; exit 77; }
command -v chroot >/dev/null || { say "skipped: no chroot"; exit 77; }
command -v git >/dev/null || { say "skipped: no git to list the files to test"; exit 77; }

# shellcheck source=tests/chroot.sh
. tests/chroot.sh
t0=$(date +%s)
hb_chroot_tarball trixie || exit $?
t_root=$(( $(date +%s) - t0 ))
t0=$(date +%s)
hb_chroot_enter "${HB_CI_CACHE:-/var/cache/hallboard-ci}/trixie-debs"
t_unpack=$(( $(date +%s) - t0 ))
rm -rf build-trixie
mkdir -p build-trixie

# The files git tracks, as they are now, and the new ones it would add (not what it
# ignores: build folders), and the shared fixtures beside the checkout when there (the
# tests read ../shared).
src=$hb_root/src/hallboard
mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard |
  tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -C "$src" -xf -
shared=${HB_SHARED_DIR:-../shared}
if [ -d "$shared/fixtures" ]; then
  mkdir -p "$hb_root/src/shared"
  cp -a "$shared/fixtures" "$hb_root/src/shared/"
fi
say "$(git ls-files --cached --others --exclude-standard | wc -l) files copied to $src"

t0=$(date +%s)
if ! hb_in_root apt-get -q update >"$hb_work/apt.log" 2>&1; then
  tail -n 20 "$hb_work/apt.log"
  say "skipped: apt-get update failed in the root (no network?)"
  exit 77
fi
# shellcheck disable=SC2016 # the shell in the root expands $HB_PACKAGES
hb_in_root bash -c 'cd /src/hallboard && . app/deps.sh && hb_install_deps "$HB_PACKAGES"' \
  >"$hb_work/install.log" 2>&1 || { tail -n 30 "$hb_work/install.log"; say "FAIL: installing the packages"; exit 1; }
# Only the packages of the versions now current are kept for the next run.
hb_in_root apt-get -q autoclean >>"$hb_work/install.log" 2>&1 || true
t_install=$(( $(date +%s) - t0 ))
say "packages installed in $t_install s ($(grep -c '^Setting up ' "$hb_work/install.log" || true) set up)"

t0=$(date +%s)
rc=0
# HB_TRIXIE=0: the suite in the root never starts this script again.
hb_in_root HB_TRIXIE=0 bash -c 'cd /src/hallboard && tests/run.sh --quick' || rc=$?
t_suite=$(( $(date +%s) - t0 ))
t_test=0
if [ -f "$src/build/ctest.log" ]; then
  cp "$src/build/ctest.log" build-trixie/ctest.log
  t_test=$(sed -n 's/^Total Test time (real) = *\([0-9]*\).*/\1/p' build-trixie/ctest.log |
           tail -n 1)
  t_test=${t_test:-0}
fi
# The amd64 package built on Debian 13 (a package is built per release: sonames differ,
# libunibreak1 on 12, libunibreak6 on 13), for tests/packages.sh's install test there.
t0=$(date +%s)
if [ "$(dpkg --print-architecture)" = amd64 ] && [ "${HB_PACKAGES_TEST:-1}" = 1 ]; then
  if hb_in_root bash -c 'cd /src/hallboard && boards/package.sh amd64' >"$hb_work/pkg.out" 2>&1; then
    deb=$(tail -n 1 "$hb_work/pkg.out")
    cp "$hb_root$deb" build-trixie/ && say "package built on Debian 13: build-trixie/$(basename "$deb")"
  else
    tail -n 20 "$hb_work/pkg.out"
    say "FAIL: boards/package.sh amd64 on Debian 13"
    [ "$rc" -ne 0 ] || rc=1
  fi
fi
t_pkg=$(( $(date +%s) - t0 ))
say "timings: debootstrap $t_root s, unpack $t_unpack s, install $t_install s, build $(( t_suite - t_test )) s," \
    "test $t_test s, package $t_pkg s; total $(( $(date +%s) - t_start )) s"
say "suite exit status $rc; log: build-trixie/ctest.log"
exit "$rc"
