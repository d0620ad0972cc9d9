#!/usr/bin/env bash
# tests/package_install.sh - installs the amd64 .deb into a fresh Debian 12 (or 13) root
# and removes it again.
#
#   [HB_INSTALL_RELEASE=bookworm|trixie] tests/package_install.sh [PATH/hallboard_VERSION_amd64.deb]
#
# Without a path it builds the package (boards/package.sh amd64). The root is a
# debootstrap minbase of the release (default bookworm, Debian 12; trixie, Debian 13:
# the package built on 12 installs there too) kept as a tar in $HB_CI_CACHE (default
# /var/cache/hallboard-ci/RELEASE-root.tar): made on the first run, unpacked afresh
# into a temporary folder on every run (tests/chroot.sh). In a chroot there (/proc, /sys
# and /dev mounted, always unmounted on the way out) it checks:
#   apt-get install ./hallboard_*.deb  installs it with its dependencies (network:
#                                      Debian's mirror)
#   the hallboard user, /var/cache/hallboard (theirs, 0750), the conffile, the token
#   hallboard --version; hallboard render ... -o /tmp/x.png (a non-empty PNG)
#   systemd-analyze verify of the installed unit (systemd installed in the root)
#   apt-get remove: the binary, unit and rule gone, the settings kept
#   apt-get purge: nothing left (dpkg, /etc/hallboard, the cache) but the hallboard
#                  user and group (Debian keeps system users: files may remain theirs)
# Needs root (chroot, mount), debootstrap for the first run, and the network; exits 77
# (skipped) without them.
set -euo pipefail
cd "$(dirname "$0")/.."
name=package_install
say() { echo "$name: $*"; }
fail() { echo "$name: FAIL: $*" >&2; exit 1; }
ok() { echo "$name: ok: $*"; }
t_start=$(date +%s)

[ "$(id -u)" -eq 0 ] || { say "skipped: needs root (chroot, mount)"; exit 77; }
command -v chroot >/dev/null || { say "skipped: no chroot"; exit 77; }

deb=${1-}
if [ -z "$deb" ]; then
  say "building the package: boards/package.sh amd64"
  deb=$(boards/package.sh amd64 | tail -n 1)
fi
[ -f "$deb" ] || fail "no package at $deb"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")

# --- the cached root (tests/chroot.sh) -------------------------------------------------
# shellcheck source=tests/chroot.sh
. tests/chroot.sh
release=${HB_INSTALL_RELEASE:-bookworm}
case "$release" in bookworm|trixie) ;; *) fail "HB_INSTALL_RELEASE: bookworm or trixie, not $release" ;; esac
say "into a fresh $release root"
hb_chroot_tarball "$release" || exit $?
hb_chroot_enter
root=$hb_root
work=$hb_work
in_root() { hb_in_root "$@"; }
apt_root() { # apt_root ARGS...: apt-get in the root, its output kept in $work/apt.log
  if ! in_root apt-get -q -y "$@" >"$work/apt.log" 2>&1; then
    tail -n 30 "$work/apt.log" >&2
    fail "apt-get $*"
  fi
}

# --- install --------------------------------------------------------------------------
t0=$(date +%s)
apt_root update
cp "$deb" "$root/tmp/"
chmod 0644 "$root/tmp/$(basename "$deb")"
apt_root install --no-install-recommends "/tmp/$(basename "$deb")"
n=$(grep -c '^Setting up ' "$work/apt.log" || true)
ok "apt-get install ./$(basename "$deb"): $n packages set up in $(( $(date +%s) - t0 )) s"
status=$(in_root dpkg-query -W -f='${Status} ${Version}' hallboard)
[ "${status%% *}" = install ] && [[ $status == *"install ok installed"* ]] ||
  fail "dpkg says: $status"
ok "dpkg: hallboard $status"

entry=$(in_root getent passwd hallboard) || fail "no hallboard user"
groups=$(in_root id -nG hallboard)
for g in video render input; do
  [[ " $groups " == *" $g "* ]] || fail "hallboard is not in the group $g ($groups)"
done
ok "user: $entry; groups: $groups"
c=$(in_root stat -c "%U:%G %a" /var/cache/hallboard) || fail "no /var/cache/hallboard"
[ "$c" = "hallboard:hallboard 750" ] || fail "/var/cache/hallboard is $c"
ok "/var/cache/hallboard: $c"
grep -qx /etc/hallboard/hallboard.conf "$root/var/lib/dpkg/info/hallboard.conffiles" ||
  fail "/etc/hallboard/hallboard.conf is not a conffile"
t=$(in_root stat -c "%U %a" /etc/hallboard/control.token) || fail "no control token"
[ "$t" = "hallboard 600" ] || fail "control.token is $t"
ok "conffile /etc/hallboard/hallboard.conf; control.token: $t"

# --- run ------------------------------------------------------------------------------
v=$(in_root hallboard --version) || fail "hallboard --version"
ok "hallboard --version: $v"
t0=$(date +%s)
in_root hallboard render --at 2020-12-09T12:20:00+03:00 --size 640x360 -o /tmp/x.png \
  >"$work/render.log" 2>&1 || { cat "$work/render.log" >&2; fail "hallboard render"; }
png=$root/tmp/x.png
[ -s "$png" ] || fail "render wrote no PNG"
[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
  fail "/tmp/x.png is not a PNG"
ok "hallboard render --size 640x360: /tmp/x.png, $(stat -c %s "$png") bytes, PNG" \
   "($(( $(date +%s) - t0 )) s)"

t0=$(date +%s)
apt_root install --no-install-recommends systemd
if ! in_root systemd-analyze verify /lib/systemd/system/hallboard.service \
    >"$work/verify.log" 2>&1; then
  cat "$work/verify.log" >&2
  fail "systemd-analyze verify /lib/systemd/system/hallboard.service"
fi
if [ -s "$work/verify.log" ]; then sed "s/^/$name:   verify: /" "$work/verify.log"; fi
ok "systemd-analyze verify /lib/systemd/system/hallboard.service" \
   "(systemd $(in_root dpkg-query -W -f='${Version}' systemd) installed for it," \
   "$(( $(date +%s) - t0 )) s)"

# --- remove, purge --------------------------------------------------------------------
apt_root remove hallboard
for f in /usr/bin/hallboard /lib/systemd/system/hallboard.service \
         /lib/udev/rules.d/99-hallboard.rules; do
  [ ! -e "$root$f" ] || fail "$f is still there after remove"
done
[ -f "$root/etc/hallboard/hallboard.conf" ] || fail "remove took the settings"
status=$(in_root dpkg-query -W -f='${Status}' hallboard)
[ "$status" = "deinstall ok config-files" ] || fail "after remove dpkg says: $status"
ok "apt-get remove: binary, unit, rule gone; settings kept ($status)"

apt_root purge hallboard
if in_root dpkg-query -W -f='${Status}' hallboard >"$work/status" 2>/dev/null; then
  fail "after purge dpkg still lists hallboard: $(cat "$work/status")"
fi
in_root dpkg -l hallboard >/dev/null 2>&1 && fail "dpkg -l still lists hallboard"
for f in /etc/hallboard /var/cache/hallboard /usr/bin/hallboard \
         /lib/systemd/system/hallboard.service /lib/udev/rules.d/99-hallboard.rules \
         /usr/share/doc/hallboard /etc/systemd/system/multi-user.target.wants/hallboard.service; do
  [ ! -e "$root$f" ] && [ ! -L "$root$f" ] || fail "$f is still there after purge"
done
in_root getent passwd hallboard >/dev/null || fail "purge removed the hallboard user"
in_root getent group hallboard >/dev/null || fail "purge removed the hallboard group"
left=$(find "$root" -xdev -name '*hallboard*' -not -path "$root/tmp/*" -not -path "$root/proc/*" \
       -not -path "$root/var/cache/apt/*" -not -path "$root/var/log/*" 2>/dev/null | sed "s|^$root||")
[ -z "$left" ] || fail "left after purge: $left"
ok "apt-get purge: dpkg -l has no hallboard; /etc/hallboard, /var/cache/hallboard," \
   "/usr/bin/hallboard, the unit, the rule gone; the user and group kept; no file" \
   "named *hallboard* left"

say "passed in $(( $(date +%s) - t_start )) s"
