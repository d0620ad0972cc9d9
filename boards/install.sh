#!/usr/bin/env bash
# boards/install.sh - installs hallboard as the board's service.
#
#   boards/install.sh BOARD [--prefix DIR] [--root DIR] [--binary PATH] [--bind ADDR]
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
# --bind    where a new config's control endpoint listens (control_bind): loopback
#           (the default: reachable from the board itself only), an interface name
#           (its IPv4 address now), an IPv4 or IPv6 address, or * for every address.
#           Also $HALLBOARD_BIND. Without either, asked when run from a terminal;
#           unattended, loopback.
#
# It installs:
#   PREFIX/bin/hallboard                         the binary
#   /etc/hallboard/hallboard.conf                from boards/hallboard.conf.example
#                                                with `board = BOARD`, only if absent:
#                                                an operator's config is never touched;
#                                                with control_bind and control_token_file,
#                                                never the token itself
#   /etc/hallboard/control.token                 a random token for pushes, 0600, owned
#                                                by hallboard; only if absent
#   /etc/systemd/system/hallboard.service        the unit (ExecStart under PREFIX)
#   /etc/systemd/system/multi-user.target.wants/ the unit enabled
#   /etc/udev/rules.d/99-hallboard.rules         DRM devices visible to systemd
#   /etc/sysusers.d/hallboard.conf               the hallboard user and its groups
#   /etc/tmpfiles.d/hallboard.conf               /var/cache/hallboard, 0750; the
#                                                token's mode and owner
#   /var/cache/hallboard                         owned by hallboard, 0750
# and creates the hallboard system user (groups video, render, input; a missing group
# is created as a system group). Idempotent: a second run changes nothing and says
# "unchanged" for each item. Needs root (or write access to --root).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

usage() {
  echo "usage: boards/install.sh BOARD [--prefix DIR] [--root DIR] [--binary PATH] [--bind ADDR]" >&2
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
bind=${HALLBOARD_BIND-}
bind_given=0
[ -z "${HALLBOARD_BIND+x}" ] || bind_given=1
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
    --root) [ $# -ge 2 ] || usage; root=$2; shift 2 ;;
    --binary) [ $# -ge 2 ] || usage; binary=$2; shift 2 ;;
    --bind) [ $# -ge 2 ] || usage; bind=$2; bind_given=1; shift 2 ;;
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
tokenfile=/etc/hallboard/control.token
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

# --- where the control endpoint listens (a new config only)
if [ "$bind_given" = 0 ] && [ -t 0 ] && [ ! -e "$root/etc/hallboard/hallboard.conf" ]; then
  echo "The control endpoint (GET /status, pushes) listens on loopback unless told:"
  echo "  Enter = this board only; an interface (eth0), an address, or * = every network."
  read -r -p "Interface for the control endpoint [loopback]: " bind || bind=""
fi
case "$bind" in
  ""|loopback|lo|127.0.0.1) bind="" ;;
  "*") ;;
  *[!0-9A-Fa-f.:]*)
    [ -d "/sys/class/net/$bind" ] || { echo "install.sh: --bind: \"$bind\" is no interface or address" >&2; exit 64; }
    addr=$(ip -o -4 addr show dev "$bind" 2>/dev/null | awk '{split($4, a, "/"); print a[1]; exit}')
    [ -n "$addr" ] || { echo "install.sh: --bind: $bind has no IPv4 address" >&2; exit 64; }
    say "control endpoint on $bind's address $addr (if it changes, edit control_bind)"
    bind=$addr ;;
esac

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
  # The endpoint: where it listens, and the token in its own file, never in here.
  {
    echo
    echo "# Set by boards/install.sh: the endpoint's address and its token's file."
    if [ -n "$bind" ]; then echo "control_bind = $bind"; fi
    echo "control_token_file = $tokenfile"
  } >>"$tmp/hallboard.conf"
  put "$tmp/hallboard.conf" "$conf" 644
fi
if grep -Eq '^[[:space:]]*control_token[[:space:]]*=' "$root$conf"; then
  say "note: $conf holds control_token, readable by every user: move it to $tokenfile" \
      "(0600) and set control_token_file instead"
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
  echo "# hallboard: the control endpoint's token, for the board's user alone"
  echo "z $tokenfile 0600 $user $user -"
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

# --- the token: made once, random, 0600 and the board's user's (in --root mode root's
# until systemd-tmpfiles gives it to hallboard at boot). Never printed.
t=$root$tokenfile
if [ ! -e "$t" ]; then
  mkdir -p "$(dirname "$t")"
  (umask 077 && od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$t.hallboard-new" &&
    echo >>"$t.hallboard-new" && mv -f "$t.hallboard-new" "$t")
  did "created $tokenfile (0600; read it as root for Authorization: Bearer)"
else
  say "unchanged $tokenfile"
fi
if [ "$(stat -c %a "$t")" != 600 ]; then
  chmod 600 "$t"
  did "set $tokenfile to 0600"
fi
if [ -z "$root" ] && [ "$(stat -c %U "$t")" != "$user" ]; then
  chown "$user:$user" "$t"
  did "gave $tokenfile to $user"
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
