#!/usr/bin/env bash
# tests/packages.sh - builds hallboard's Debian packages and checks them: for each
# architecture boards/package.sh ARCH, then the package's size and contents
# (dpkg -c) and lintian (no error or warning; info tags are shown); then
# tests/package_install.sh installs the amd64 one into a fresh Debian 12 root and
# removes it again; and the amd64 package tests/trixie.sh built on Debian 13
# (build-trixie/), when there, into a fresh Debian 13 root.
#
#   tests/packages.sh [amd64|arm64|armhf ...]
#
# Without arguments: amd64, arm64 and armhf; amd64 alone when HB_CROSS=0.
# What it does to the machine: installs dpkg-dev, lintian and debootstrap with apt
# when they are missing (app/deps.sh); boards/package.sh builds into build-pkg-ARCH/,
# the arm64 and armhf binaries through boards/cross.sh --build-only in build-aarch64/
# and build-armhf/ (after tests/run.sh's cross passes only what changed is rebuilt;
# on a machine without them, cross.sh installs the cross tools and a sysroot);
# tests/package_install.sh needs root and the network, keeps its Debian root in
# /var/cache/hallboard-ci and works in a folder of /tmp it removes.
# Exit status: 0 when every package built, lintian passed and the install test
# passed; 77 when the install test was skipped (no root, no network) and nothing
# failed; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
name=packages
say() { echo "$name: $*"; }
now() { date +%s; }
t_start=$(now)

usage() { echo "usage: tests/packages.sh [amd64|arm64|armhf ...]" >&2; exit 64; }
archs="$*"
if [ -z "$archs" ]; then
  archs="amd64 arm64 armhf"
  [ "${HB_CROSS:-1}" = 1 ] || archs=amd64
fi
for a in $archs; do
  case "$a" in amd64|arm64|armhf) ;; *) usage ;; esac
done

# shellcheck source=app/deps.sh
. app/deps.sh
hb_install_deps "dpkg-dev binutils lintian debootstrap"

failed=""
summary=""
amd64_deb=""
for a in $archs; do
  echo "== $name: $a: boards/package.sh $a"
  t0=$(now)
  out=$(mktemp)
  if ! boards/package.sh "$a" >"$out"; then
    rm -f "$out"
    say "FAIL: boards/package.sh $a (above)"
    failed="$failed $a"
    summary="$summary$a: build FAILED"$'\n'
    continue
  fi
  deb=$(tail -n 1 "$out")
  rm -f "$out"
  [ -f "$deb" ] || { say "FAIL: package.sh printed no package ($deb)"; failed="$failed $a"; continue; }
  build_s=$(( $(now) - t0 ))

  bytes=$(stat -c %s "$deb")
  isize=$(dpkg-deb -f "$deb" Installed-Size)
  nfiles=$(dpkg -c "$deb" | grep -vc '^d' || true)
  echo "== $name: $a: $deb"
  echo "$bytes bytes; Installed-Size $isize KiB; $nfiles files; built in $build_s s"
  dpkg-deb -f "$deb" Version Depends Recommends | sed 's/^/  /'
  echo "-- dpkg -c"
  dpkg -c "$deb"

  # Every tag, overridden ones too (O:, after the reason in the overrides file);
  # the verdict: no E: or W: line (package.sh already refused the package on one).
  echo "-- lintian --display-info --show-overrides"
  lint_rc=0
  lintian --display-info --show-overrides "$deb" >"$deb.lintian" 2>&1 || lint_rc=$?
  grep -v '^running with root privileges' "$deb.lintian" || true
  tags=$(grep -cE '^[EWIPX]: ' "$deb.lintian" || true)
  errwarn=$(grep -cE '^[EW]: ' "$deb.lintian" || true)
  overridden=$(grep -cE '^O: ' "$deb.lintian" || true)
  if [ "$lint_rc" -ne 0 ] || [ "$errwarn" -ne 0 ]; then
    say "FAIL: lintian on $deb: exit $lint_rc, $errwarn errors and warnings"
    failed="$failed $a-lintian"
    lint="lintian FAILED ($errwarn E/W)"
  else
    lint="lintian clean ($tags info tags, $overridden overridden)"
  fi
  summary="$summary$a: $bytes bytes, Installed-Size $isize KiB, $nfiles files, $lint"$'\n'
  if [ "$a" = amd64 ]; then amd64_deb=$deb; fi
done

skipped=0
# Debian 12: the package built here; Debian 13: the one tests/trixie.sh built there.
trixie_deb=$(find build-trixie -maxdepth 1 -name "hallboard_*_amd64.deb" 2>/dev/null | sort | tail -n 1)
for r in bookworm trixie; do
  deb=$amd64_deb
  [ "$r" = bookworm ] || deb=$trixie_deb
  [ -n "$deb" ] || continue
  echo "== $name: HB_INSTALL_RELEASE=$r tests/package_install.sh $deb"
  rc=0
  HB_INSTALL_RELEASE=$r tests/package_install.sh "$deb" || rc=$?
  case "$rc" in
    0) summary="${summary}install test (amd64, $r): passed"$'\n' ;;
    77) skipped=1; summary="${summary}install test (amd64, $r): SKIPPED (above)"$'\n' ;;
    *) failed="$failed install-$r"; summary="${summary}install test (amd64, $r): FAILED"$'\n' ;;
  esac
done

echo "== $name: summary ($(( $(now) - t_start )) s)"
printf '%s' "$summary"
if [ -n "$failed" ]; then
  say "FAILED:$failed"
  exit 1
fi
[ "$skipped" = 0 ] || exit 77
say "passed"
