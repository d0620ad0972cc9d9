#!/usr/bin/env bash
# boards/install.sh - installs hallboard as the board's service.
#
#   boards/install.sh BOARD [--prefix DIR] [--root DIR] [--binary PATH]
#
# BOARD     a profile: a folder boards/BOARD/ with a board.conf (rpi3, rpi4, rpi5,
#           rpi-zero2w, generic-x86...)
# --prefix  where the binary goes: PREFIX/bin/hallboard (default /usr/local)
# --root    install into a staging root (an image being built, a test): files only.
#           No user is created and no systemctl or udevadm runs; the user, its groups
#           and the cache directory's owner come from the sysusers.d and tmpfiles.d
#           files at the image's first boot, and the service is enabled by its
#           symlink.
# --binary  the hallboard binary to install (default build/hallboard; build-aarch64/
#           or build-armhf/hallboard from boards/cross.sh for an ARM image)
#
# It installs:
#   PREFIX/bin/hallboard                         the binary
#   /etc/hallboard/hallboard.conf                from boards/hallboard.conf.example
#                                                with `board = BOARD`, only if absent:
#                                                an operator's config is never touched
#   /etc/systemd/system/hallboard.service        the unit (ExecStart under PREFIX)
#   /etc/systemd/system/multi-user.target.wants/ the unit enabled
#   /etc/udev/rules.d/99-hallboard.rules         DRM devices visible to systemd
#   /etc/sysusers.d/hallboard.conf               the hallboard user and its groups
#   /etc/tmpfiles.d/hallboard.conf               /var/cache/hallboard, 0750
#   /var/cache/hallboard                         owned by hallboard, 0750
# and creates the hallboard system user (groups video, render, input; a missing group
# is created as a system group). Idempotent: a second run changes nothing and says
# "unchanged" for each item. Needs root (or write access to --root).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

usage() {
  echo "usage: boards/install.sh BOARD [--prefix DIR] [--root DIR] [--binary PATH]" >&2
  local list="" d
  for d in "$here"/*/board.conf; do d=${d%/board.conf}; list="$list ${d##*/}"; done
  echo "boards:$list" >&2
  exit 64
}
[ $# -ge 1 ] || usage
board=$1
shift
prefix=/usr/local
root=""
binary=$top/build/hallboard
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
    --root) [ $# -ge 2 ] || usage; root=$2; shift 2 ;;
    --binary) [ $# -ge 2 ] || usage; binary=$2; shift 2 ;;
    *) usage ;;
  esac
done
case "$board" in
  ""|*/*|.*) usage ;;
esac
[ -f "$here/$board/board.conf" ] || { echo "install.sh: no profile boards/$board/board.conf" >&2; usage; }
case "$prefix" in /*) ;; *) echo "install.sh: --prefix must be absolute" >&2; exit 64 ;; esac
if [ -n "$root" ]; then
  mkdir -p "$root"
  root=$(cd "$root" && pwd)
  [ "$root" != / ] || root=""
fi
[ -f "$binary" ] || { echo "install.sh: no binary at $binary (build it, or pass --binary)" >&2; exit 1; }
[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (or with --root DIR)" >&2; exit 1; }

user=hallboard
groups="video render input"
cachedir=/var/cache/hallboard
changed=0
say() { echo "install.sh: $*"; }
did() { changed=$((changed + 1)); say "$*"; }

# put SRC DEST MODE: installs a file when its content or mode differs.
put() {
  local src=$1 dest=$root$2 mode=$3
  if [ -f "$dest" ] && cmp -s "$src" "$dest" && [ "$(stat -c %a "$dest")" = "$mode" ]; then
    say "unchanged $2"
    return 0
  fi
  local existed=0
  [ -e "$dest" ] && existed=1
  mkdir -p "$(dirname "$dest")"
  install -m "$mode" "$src" "$dest.hallboard-new"
  mv -f "$dest.hallboard-new" "$dest"
  if [ "$existed" = 1 ]; then did "updated $2"; else did "installed $2"; fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- the binary
put "$binary" "$prefix/bin/hallboard" 755

# --- the config: only when there is none
conf=/etc/hallboard/hallboard.conf
if [ -e "$root$conf" ]; then
  say "unchanged $conf (it exists: an operator's config is never overwritten)"
  if ! grep -Eq "^[[:space:]]*board[[:space:]]*=[[:space:]]*$board([[:space:]]|$)" "$root$conf"; then
    say "note: $conf does not say \`board = $board\`: the board runs with the profile it names"
  fi
else
  example=$here/hallboard.conf.example
  [ -f "$example" ] || { echo "install.sh: missing $example" >&2; exit 1; }
  # The example with this board's profile chosen: its `board` line (commented or not)
  # becomes `board = BOARD`, or one is added.
  if grep -Eq '^[[:space:]]*#?[[:space:]]*board[[:space:]]*=' "$example"; then
    sed -E "0,/^[[:space:]]*#?[[:space:]]*board[[:space:]]*=.*/s//board = $board/" \
      "$example" >"$tmp/hallboard.conf"
  else
    { cat "$example"; printf '\nboard = %s\n' "$board"; } >"$tmp/hallboard.conf"
  fi
  put "$tmp/hallboard.conf" "$conf" 644
fi

# --- the unit, its ExecStart under PREFIX
sed "s|^ExecStart=/usr/local/bin/hallboard |ExecStart=$prefix/bin/hallboard |" \
  "$here/hallboard.service" >"$tmp/hallboard.service"
put "$tmp/hallboard.service" /etc/systemd/system/hallboard.service 644

# --- the udev rule
put "$here/99-hallboard.rules" /etc/udev/rules.d/99-hallboard.rules 644

# --- the user and the cache directory, declared for systemd-sysusers and
# systemd-tmpfiles (which an image's first boot runs), and made here now.
{
  echo "# hallboard: the user the board runs as (boards/install.sh)"
  echo "u $user - \"Hallboard signage\" $cachedir /usr/sbin/nologin"
  for g in $groups; do echo "m $user $g"; done
} >"$tmp/sysusers.conf"
put "$tmp/sysusers.conf" /etc/sysusers.d/hallboard.conf 644
{
  echo "# hallboard: the feed cache (boards/install.sh)"
  echo "d $cachedir 0750 $user $user -"
} >"$tmp/tmpfiles.conf"
put "$tmp/tmpfiles.conf" /etc/tmpfiles.d/hallboard.conf 644

if [ -z "$root" ]; then
  for g in $groups; do
    if ! getent group "$g" >/dev/null; then
      groupadd --system "$g"
      did "created the system group $g"
    fi
  done
  if ! getent passwd "$user" >/dev/null; then
    useradd --system --user-group --home-dir "$cachedir" --no-create-home \
      --shell /usr/sbin/nologin --comment "Hallboard signage" \
      --groups "${groups// /,}" "$user"
    did "created the system user $user (groups: $groups)"
  else
    for g in $groups; do
      if ! id -nG "$user" | tr ' ' '\n' | grep -qx "$g"; then
        usermod -a -G "$g" "$user"
        did "added $user to the group $g"
      fi
    done
    say "unchanged user $user"
  fi
else
  say "--root: no user created; /etc/sysusers.d/hallboard.conf makes $user (groups:" \
      "$groups) at the image's first boot (systemd-sysusers)"
fi

# The cache directory: 0750, owned by hallboard (in --root mode by root until
# systemd-tmpfiles gives it to hallboard at boot).
d=$root$cachedir
if [ ! -d "$d" ]; then
  mkdir -p "$d"
  chmod 750 "$d"
  did "created $cachedir (0750)"
elif [ "$(stat -c %a "$d")" != 750 ]; then
  chmod 750 "$d"
  did "set $cachedir to 0750"
else
  say "unchanged $cachedir"
fi
if [ -z "$root" ]; then
  if [ "$(stat -c %U:%G "$d")" != "$user:$user" ]; then
    chown "$user:$user" "$d"
    did "gave $cachedir to $user"
  fi
else
  say "--root: $cachedir stays owned by $(stat -c %U "$d") here; /etc/tmpfiles.d/hallboard.conf" \
      "gives it to $user at boot"
fi

# --- enabled: the symlink `systemctl enable` makes for WantedBy=multi-user.target
link=/etc/systemd/system/multi-user.target.wants/hallboard.service
if [ -L "$root$link" ] && [ "$(readlink "$root$link")" = /etc/systemd/system/hallboard.service ]; then
  say "unchanged: hallboard.service enabled"
else
  if [ -z "$root" ] && command -v systemctl >/dev/null; then
    systemctl enable hallboard.service >/dev/null 2>&1 ||
      { mkdir -p "$(dirname "$link")"; ln -sfn /etc/systemd/system/hallboard.service "$link"; }
  else
    mkdir -p "$(dirname "$root$link")"
    ln -sfn /etc/systemd/system/hallboard.service "$root$link"
  fi
  did "enabled hallboard.service (multi-user.target)"
fi

# --- tell the running system (not in --root mode)
if [ -z "$root" ]; then
  if [ "$changed" -gt 0 ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
    systemctl daemon-reload && say "ran systemctl daemon-reload"
  fi
  if [ "$changed" -gt 0 ] && command -v udevadm >/dev/null && [ -S /run/udev/control ]; then
    udevadm control --reload && udevadm trigger --subsystem-match=drm --action=change &&
      say "reloaded udev rules (drm devices re-tagged)"
  fi
  if [ ! -d /run/systemd/system ]; then
    say "systemd is not running here: the service starts at the next boot"
  else
    say "start it now with: systemctl restart hallboard"
  fi
else
  say "--root: no systemctl or udevadm run; the image starts the service at boot"
fi

if [ "$changed" -eq 0 ]; then
  say "board $board: nothing to do, everything was in place"
else
  say "board $board: $changed change(s)"
fi
