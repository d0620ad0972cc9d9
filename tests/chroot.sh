# shellcheck shell=bash
# tests/chroot.sh - sourced by tests/package_install.sh and tests/trixie.sh: a fresh Debian
# root to run things in, made from a cached debootstrap tar.
#   hb_chroot_tarball SUITE   the cached root of SUITE (made on the first call)
#   hb_chroot_enter [DEBS]    unpacks it afresh into a temporary folder, mounts what a
#                             chroot needs there (and DEBS, a folder kept between runs,
#                             as its apt's package cache) and sets the trap that undoes it
#   hb_in_root CMD...         runs CMD in the root with a clean environment
# What it does to the machine: writes ${HB_CI_CACHE:-/var/cache/hallboard-ci}/SUITE-root.tar
# (debootstrap --variant=minbase from the mirror this machine's apt uses, then kept), and
# for the life of the calling script a folder /tmp/hallboard-chroot.XXXXXX with /proc,
# /sys, /dev (a private bind of the machine's), /dev/pts (bind) and /dev/shm (a tmpfs)
# mounted in it; on exit, even a failing one, processes still running in the root are
# stopped, the mounts undone and the folder removed. The caller sets $name (its name in
# messages) and needs root.
: "${name:=chroot}"

# hb_chroot_mirror: prints the Debian mirror this machine's apt uses (not the security
# one), or deb.debian.org when it names none. Can't fail.
hb_chroot_mirror() {
  local m
  m=$( { sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources
         sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list; } \
       2>/dev/null | awk '{ print $1 }' | grep -v security | head -n 1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# hb_chroot_tarball SUITE: sets $hb_tarball to the cached root of SUITE, making it first
# when absent (debootstrap --variant=minbase, ~1-3 minutes). Returns 77 when it cannot
# be made (no debootstrap, no network), 1 when the tar cannot be written; the cache is
# then left as it was. Call it as `hb_chroot_tarball SUITE || exit $?`.
hb_chroot_tarball() {
  local suite=$1 cache=${HB_CI_CACHE:-/var/cache/hallboard-ci} mirror made t0
  hb_tarball=$cache/$suite-root.tar
  [ -f "$hb_tarball" ] && return 0
  command -v debootstrap >/dev/null ||
    { echo "$name: skipped: no debootstrap to make $hb_tarball"; return 77; }
  [ -e "/usr/share/debootstrap/scripts/$suite" ] ||
    { echo "$name: skipped: this debootstrap does not know $suite"; return 77; }
  mirror=$(hb_chroot_mirror)
  echo "$name: making $hb_tarball (debootstrap --variant=minbase $suite from $mirror)"
  mkdir -p "$cache"
  made=$(mktemp -d /tmp/hallboard-debootstrap.XXXXXX)
  t0=$(date +%s)
  if ! debootstrap --variant=minbase "$suite" "$made/root" "$mirror" >"$made/log" 2>&1; then
    tail -n 20 "$made/log" >&2
    rm -rf "$made"
    echo "$name: skipped: debootstrap $suite failed (no network?)"
    return 77
  fi
  rm -rf "$made/root/var/cache/apt/archives/"*.deb "$made/root/var/lib/apt/lists/"*_Packages
  if ! { tar -C "$made/root" -cf "$hb_tarball.new" . && mv -f "$hb_tarball.new" "$hb_tarball"; }; then
    rm -rf "$made" "$hb_tarball.new"
    echo "$name: could not write $hb_tarball" >&2
    return 1
  fi
  rm -rf "$made"
  echo "$name: debootstrap $suite: $(( $(date +%s) - t0 )) s"
}

# hb_chroot_stop: the EXIT trap of hb_chroot_enter. Stops what still runs in the root
# (by process id), unmounts (innermost first) and removes the folder; a folder with a
# mount left is kept and named, never deleted through the mount.
hb_chroot_stop() {
  local m p left="" killed=0
  [ -n "${hb_work-}" ] && [ -d "$hb_work" ] || return 0
  for p in /proc/[0-9]*; do
    if [ "$(readlink "$p/root" 2>/dev/null || true)" = "$hb_root" ]; then
      kill -KILL "${p#/proc/}" 2>/dev/null || true
      killed=$((killed + 1))
    fi
  done
  if [ "$killed" -gt 0 ]; then
    echo "$name: stopped $killed processes left running in the root"
    sleep 1
  fi
  for m in var/cache/apt/archives dev/shm dev/pts dev sys proc; do
    if mountpoint -q "$hb_root/$m" 2>/dev/null; then
      umount "$hb_root/$m" 2>/dev/null || umount -l "$hb_root/$m" || true
    fi
  done
  for m in var/cache/apt/archives dev/shm dev/pts dev sys proc; do
    if mountpoint -q "$hb_root/$m" 2>/dev/null; then left="$left /$m"; fi
  done
  if [ -n "$left" ]; then
    echo "$name: still mounted in $hb_root:$left; $hb_work left in place" >&2
  else
    rm -rf "$hb_work"
  fi
}

# hb_chroot_enter [DEBS]: a fresh root from $hb_tarball (hb_chroot_tarball) at $hb_root
# (inside $hb_work), mounted and ready for hb_in_root; the EXIT trap undoes it. DEBS, a
# folder (made when absent), is mounted as the root's /var/cache/apt/archives: the
# packages apt fetched on one run are there on the next. Call it under set -e (not in a
# condition): a mount that fails then stops the script, and the trap cleans up.
hb_chroot_enter() {
  local t0 debs=${1-}
  hb_work=$(mktemp -d /tmp/hallboard-chroot.XXXXXX)
  hb_root=$hb_work/root
  trap hb_chroot_stop EXIT
  # A script stopped by a signal runs its EXIT trap only when the signal is trapped.
  trap 'exit 130' INT
  trap 'exit 143' TERM HUP
  mkdir -p "$hb_root"
  t0=$(date +%s)
  tar -C "$hb_root" -xf "$hb_tarball"
  mount -t proc proc "$hb_root/proc"
  mount -t sysfs -o ro sysfs "$hb_root/sys"
  mount --bind /dev "$hb_root/dev"
  # Private: what is mounted below it must not appear in the machine's /dev.
  mount --make-private "$hb_root/dev"
  mount --bind /dev/pts "$hb_root/dev/pts"
  mount -t tmpfs -o mode=1777,size=512m shm "$hb_root/dev/shm"
  if [ -n "$debs" ]; then
    mkdir -p "$debs/partial"
    mount --bind "$debs" "$hb_root/var/cache/apt/archives"
  fi
  cp -L /etc/resolv.conf "$hb_root/etc/resolv.conf"
  # Packages installed in the root do not start their services, and dpkg does not sync
  # each file it unpacks (the root is thrown away).
  printf '#!/bin/sh\nexit 101\n' >"$hb_root/usr/sbin/policy-rc.d"
  chmod 0755 "$hb_root/usr/sbin/policy-rc.d"
  echo force-unsafe-io >"$hb_root/etc/dpkg/dpkg.cfg.d/unsafe-io"
  echo "$name: fresh root from $hb_tarball in $(( $(date +%s) - t0 )) s: $hb_root"
}

# hb_in_root CMD...: runs CMD in the root as root, with only PATH, LANG, HOME and a
# non-interactive apt in its environment. Returns CMD's status.
hb_in_root() {
  chroot "$hb_root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 HOME=/root "$@"
}
