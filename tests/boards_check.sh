#!/usr/bin/env bash
# tests/boards_check.sh - the board profiles, the systemd unit and boards/install.sh.
#
#   tests/boards_check.sh profiles|unit|install SOURCE_DIR [HALLBOARD_BINARY]
#
# profiles  every boards/*/board.conf has the six keys, once each, with valid values,
#           a comment for each, a README.md beside it, and max_texture at least the
#           longest side of resolution (the board draws a rotated frame into one
#           texture of the rotated size: portrait swaps the sides, so the longest
#           side counts either way)
# unit      `systemd-analyze verify` passes on boards/hallboard.service, with ExecStart
#           pointed at an executable that exists (verify checks it); exit 77 (skipped)
#           when systemd-analyze is not installed
# install   boards/install.sh --root into a temporary root, twice: the second run
#           changes nothing (paths, types, modes, owners, sizes, times, checksums,
#           link targets), an operator's config is never overwritten, and the
#           installed unit passes systemd-analyze verify too (when it is there)
set -euo pipefail
part=${1:?part}
src=${2:?source dir}
bin=${3:-}
boards=$src/boards
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d /tmp/hallboard-boards-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# verify UNIT_FILE: systemd-analyze verify, failing on any message (verify exits 0
# after some parse errors, "ignoring" the line).
verify() {
  local out rc=0
  out=$(systemd-analyze verify "$1" 2>&1) || rc=$?
  if [ "$rc" -ne 0 ] || [ -n "$out" ]; then
    echo "$out"
    fail "systemd-analyze verify $1 (exit $rc)"
  fi
}

# An executable for ExecStart: the built binary if given (any architecture: verify
# only checks that it is an executable file), else a stand-in.
exe=$tmp/bin/hallboard
mkdir -p "$tmp/bin"
if [ -n "$bin" ] && [ -f "$bin" ]; then cp "$bin" "$exe"; else printf '#!/bin/sh\n' >"$exe"; fi
chmod 755 "$exe"

profiles() {
  local n=0 dir name conf
  for conf in "$boards"/*/board.conf; do
    dir=$(dirname "$conf")
    name=$(basename "$dir")
    n=$((n + 1))
    [[ "$name" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || fail "$name: not a profile name (conf.h: letters, digits, - _ .)"
    [ -s "$dir/README.md" ] || fail "$name: no README.md with its boot notes"
    local -A seen=()
    local line key value lineno=0 prev_comment=0 w h
    while IFS= read -r line || [ -n "$line" ]; do
      lineno=$((lineno + 1))
      if [[ "$line" =~ ^[[:space:]]*$ ]]; then prev_comment=0; continue; fi
      if [[ "$line" =~ ^[[:space:]]*# ]]; then prev_comment=1; continue; fi
      if ! [[ "$line" =~ ^[[:space:]]*([a-z_]+)[[:space:]]*=[[:space:]]*([^#[:space:]]+)[[:space:]]*(#.*)?$ ]]; then
        fail "$name/board.conf:$lineno: not \`key = value\`: $line"
        continue
      fi
      key=${BASH_REMATCH[1]}
      value=${BASH_REMATCH[2]}
      [ "$prev_comment" = 1 ] || [ -n "${BASH_REMATCH[3]}" ] ||
        fail "$name/board.conf:$lineno: $key has no comment explaining it"
      prev_comment=0
      [ -z "${seen[$key]:-}" ] || fail "$name/board.conf:$lineno: $key set twice"
      seen[$key]=$value
      case "$key" in
        video_driver)
          [[ "$value" =~ ^(kmsdrm|x11|wayland)$ ]] ||
            fail "$name: video_driver \"$value\" is not kmsdrm, x11 or wayland" ;;
        render_driver)
          [[ "$value" =~ ^(opengles2|opengles|opengl|software)$ ]] ||
            fail "$name: render_driver \"$value\" is not opengles2, opengles, opengl or software" ;;
        resolution)
          if [[ "$value" =~ ^([1-9][0-9]{0,4})x([1-9][0-9]{0,4})$ ]]; then
            w=${BASH_REMATCH[1]} h=${BASH_REMATCH[2]}
            if [ "$w" -gt 8192 ] || [ "$h" -gt 8192 ]; then fail "$name: resolution $value over 8192"; fi
          else
            fail "$name: resolution \"$value\" is not WxH"
          fi ;;
        rotate)
          [[ "$value" =~ ^(0|90|180|270)$ ]] || fail "$name: rotate \"$value\" is not 0, 90, 180 or 270" ;;
        max_texture)
          if [[ "$value" =~ ^[1-9][0-9]*$ ]] && [ "$value" -ge 256 ] && [ "$value" -le 16384 ] &&
             [ $((value & (value - 1))) -eq 0 ]; then :; else
            fail "$name: max_texture \"$value\" is not a power of two in 256..16384"
          fi ;;
        memory_budget)
          if [[ "$value" =~ ^[1-9][0-9]*$ ]] && [ "$value" -ge 16 ] && [ "$value" -le 65536 ]; then :; else
            fail "$name: memory_budget \"$value\" is not a number of MB in 16..65536 (conf_keys.c)"
          fi ;;
        *) fail "$name/board.conf:$lineno: unknown key $key" ;;
      esac
    done <"$conf"
    for key in video_driver render_driver resolution rotate max_texture memory_budget; do
      [ -n "${seen[$key]:-}" ] || fail "$name: $key missing"
    done
    w="" h=""
    if [[ "${seen[resolution]:-}" =~ ^([0-9]+)x([0-9]+)$ ]]; then
      w=${BASH_REMATCH[1]} h=${BASH_REMATCH[2]}
    fi
    if [ -n "$w" ] && [[ "${seen[max_texture]:-}" =~ ^[0-9]+$ ]] &&
       [[ "${seen[rotate]:-}" =~ ^[0-9]+$ ]]; then
      # The frame as drawn: rotate 90/270 swaps the sides (a portrait board on a
      # landscape mode); the texture must hold both.
      if [ "${seen[rotate]}" = 90 ] || [ "${seen[rotate]}" = 270 ]; then
        local t=$w; w=$h; h=$t
      fi
      local side=$((w > h ? w : h))
      if [ "${seen[max_texture]}" -ge "$side" ]; then
        echo "$name: ${seen[video_driver]:-?}/${seen[render_driver]:-?} ${seen[resolution]}" \
             "rotate ${seen[rotate]}, max_texture ${seen[max_texture]} >= $side," \
             "${seen[memory_budget]:-?} MB"
      else
        fail "$name: max_texture ${seen[max_texture]} is under the longest side $side of ${seen[resolution]} (rotate ${seen[rotate]})"
      fi
    fi
    unset seen
  done
  [ "$n" -ge 5 ] || fail "only $n profiles in boards/"
  for name in rpi3 rpi4 rpi5 rpi-zero2w generic-x86; do
    [ -f "$boards/$name/board.conf" ] || fail "profile $name missing"
  done
}

unit() {
  command -v systemd-analyze >/dev/null || { echo "systemd-analyze not installed: skipped"; exit 77; }
  sed "s|^ExecStart=/usr/local/bin/hallboard |ExecStart=$exe |" "$boards/hallboard.service" \
    >"$tmp/hallboard.service"
  grep -q "^ExecStart=$exe " "$tmp/hallboard.service" || fail "no ExecStart=/usr/local/bin/hallboard line"
  verify "$tmp/hallboard.service"
  # What the issue asks of the unit, so that an edit cannot drop it unnoticed.
  local want
  for want in '^Type=notify$' '^Restart=always$' '^WatchdogSec=' '^NotifyAccess=main$' \
      '^User=hallboard$' '^SupplementaryGroups=.*video' '^SupplementaryGroups=.*render' \
      '^SupplementaryGroups=.*input' '^TTYPath=/dev/tty1$' '^Conflicts=getty@tty1.service$' \
      '^StartLimitIntervalSec=0$' '^RestartSec=' '^ProtectSystem=strict$' \
      '^ReadWritePaths=/var/cache/hallboard$' '^After=sys-subsystem-drm-hallboard.device$' \
      '^ExecStart=/usr/local/bin/hallboard --config /etc/hallboard/hallboard.conf$'; do
    grep -Eq "$want" "$boards/hallboard.service" || fail "hallboard.service: no line matching $want"
  done
  grep -q 'KERNEL=="card\[0-9\]\*", TAG+="systemd"' "$boards/99-hallboard.rules" ||
    fail "99-hallboard.rules does not tag the DRM cards for systemd"
  grep -q 'SYSTEMD_ALIAS}+="/sys/subsystem/drm/hallboard"' "$boards/99-hallboard.rules" ||
    fail "99-hallboard.rules does not name the display sys-subsystem-drm-hallboard.device"
}

# listing DIR: everything about every entry that a second run must not change.
listing() {
  (cd "$1" && find . -mindepth 1 -printf '%p %y %m %U %G %s %T@ %l\n' | sort &&
    find . -type f -exec sha256sum {} + | sort -k 2)
}

install_twice() {
  local root=$tmp/root out1=$tmp/run1.txt out2=$tmp/run2.txt conf
  [ -f "$boards/hallboard.conf.example" ] || { fail "no boards/hallboard.conf.example"; return; }
  "$boards/install.sh" rpi4 --root "$root" --binary "$exe" >"$out1" 2>&1 ||
    { cat "$out1"; fail "first install.sh run failed"; return; }
  listing "$root" >"$tmp/list1"
  "$boards/install.sh" rpi4 --root "$root" --binary "$exe" >"$out2" 2>&1 ||
    { cat "$out2"; fail "second install.sh run failed"; return; }
  listing "$root" >"$tmp/list2"
  echo "--- first run"; cat "$out1"; echo "--- second run"; cat "$out2"
  diff -u "$tmp/list1" "$tmp/list2" || fail "the second run changed the staging root"
  grep -q "nothing to do" "$out2" || fail "the second run did not say it had nothing to do"
  if grep -Eq "install.sh: (installed|updated|created|enabled|set|gave|added)" "$out2"; then
    fail "the second run says it changed something"
  fi

  # What is where, and how.
  conf=$root/etc/hallboard/hallboard.conf
  local f
  for f in usr/local/bin/hallboard:755 etc/hallboard/hallboard.conf:644 \
      etc/systemd/system/hallboard.service:644 etc/udev/rules.d/99-hallboard.rules:644 \
      etc/sysusers.d/hallboard.conf:644 etc/tmpfiles.d/hallboard.conf:644; do
    [ -f "$root/${f%:*}" ] || { fail "not installed: /${f%:*}"; continue; }
    [ "$(stat -c %a "$root/${f%:*}")" = "${f#*:}" ] || fail "/${f%:*} is not mode ${f#*:}"
  done
  cmp -s "$exe" "$root/usr/local/bin/hallboard" || fail "the installed binary differs from --binary"
  if [ ! -d "$root/var/cache/hallboard" ] || [ "$(stat -c %a "$root/var/cache/hallboard")" != 750 ]; then
    fail "/var/cache/hallboard is not a 0750 directory"
  fi
  [ "$(readlink "$root/etc/systemd/system/multi-user.target.wants/hallboard.service")" = \
    /etc/systemd/system/hallboard.service ] || fail "hallboard.service is not enabled"
  grep -Eq '^board = rpi4$' "$conf" || fail "the new config does not say board = rpi4"
  grep -q '^u hallboard ' "$root/etc/sysusers.d/hallboard.conf" || fail "sysusers.d: no hallboard user"
  for g in video render input; do
    grep -q "^m hallboard $g\$" "$root/etc/sysusers.d/hallboard.conf" || fail "sysusers.d: hallboard not in $g"
  done

  # An operator's config survives a reinstall, even for another board.
  printf '# the operator was here\nfeed = /srv/agenda.json\nboard = rpi4\n' >"$conf"
  cp "$conf" "$tmp/operator.conf"
  "$boards/install.sh" rpi5 --root "$root" --binary "$exe" >"$tmp/run3.txt" 2>&1 ||
    { cat "$tmp/run3.txt"; fail "install.sh over an operator's config failed"; }
  cmp -s "$conf" "$tmp/operator.conf" || fail "install.sh overwrote an existing hallboard.conf"
  grep -q "never overwritten" "$tmp/run3.txt" || fail "install.sh did not say it kept the config"

  # Another prefix moves ExecStart with the binary.
  "$boards/install.sh" rpi4 --root "$tmp/root2" --prefix /opt/hallboard --binary "$exe" \
    >"$tmp/run4.txt" 2>&1 || { cat "$tmp/run4.txt"; fail "install.sh --prefix failed"; }
  [ -x "$tmp/root2/opt/hallboard/bin/hallboard" ] || fail "--prefix: no /opt/hallboard/bin/hallboard"
  grep -q '^ExecStart=/opt/hallboard/bin/hallboard --config ' \
    "$tmp/root2/etc/systemd/system/hallboard.service" || fail "--prefix: ExecStart not moved"

  # Refusals: an unknown board, a missing binary.
  if "$boards/install.sh" no-such-board --root "$tmp/root3" --binary "$exe" >/dev/null 2>&1; then
    fail "install.sh accepted an unknown board"
  fi
  if "$boards/install.sh" rpi4 --root "$tmp/root3" --binary "$tmp/nothing" >/dev/null 2>&1; then
    fail "install.sh accepted a missing binary"
  fi

  # The unit as installed passes verify too (ExecStart pointed at the staged binary).
  if command -v systemd-analyze >/dev/null; then
    sed "s|^ExecStart=/usr/local/bin/hallboard |ExecStart=$root/usr/local/bin/hallboard |" \
      "$root/etc/systemd/system/hallboard.service" >"$tmp/installed.service"
    verify "$tmp/installed.service"
  fi
}

case "$part" in
  profiles) profiles ;;
  unit) unit ;;
  install) install_twice ;;
  *) echo "usage: boards_check.sh profiles|unit|install SOURCE_DIR [BINARY]" >&2; exit 64 ;;
esac
if [ "$fails" -gt 0 ]; then
  echo "boards_check $part: $fails failure(s)"
  exit 1
fi
echo "boards_check $part: ok"
