#!/usr/bin/env bash
# boards/cross.sh - cross-builds hallboard for an ARM board on a Debian 12 (amd64)
# machine, and runs the whole test suite under qemu-user.
#
#   boards/cross.sh aarch64|armhf [--build-only] [--sysroot]
#
# 1. installs what is missing (root or sudo): Debian's cross compiler
#    (crossbuild-essential-<arch>), qemu-user with its binfmt handlers, and the
#    target's libraries: the library -dev packages of app/deps.sh as NAME:<arch>
#    (multiarch). A package that cannot be installed beside its amd64 twin (not
#    "Multi-Arch: same") is unpacked into /opt/hallboard-cross/<triplet> instead, and
#    the script says so. When apt refuses the multiarch set altogether (the <arch>
#    versions must equal the installed amd64 ones: a mirror whose <arch> index lags
#    breaks that), or with --sysroot, the libraries come from a sysroot that
#    debootstrap makes from Debian's archive in /opt/hallboard-cross/<triplet>-sysroot
#    (its absolute library links, libz.so -> /lib/<triplet>/libz.so.1..., made
#    relative so that they point into it, not into the build machine);
# 2. builds into build-<arch>/ with cmake/toolchain-<arch>.cmake;
# 3. runs ctest there: each test program runs through qemu-user
#    (CMAKE_CROSSCOMPILING_EMULATOR), and the programs a test starts by path (the
#    hallboard binary) through binfmt_misc, which it registers if the kernel lets it;
# 4. prints the build time, the binary's size (as built and stripped) and the suite's
#    result, and keeps them in build-<arch>/cross-report.txt.
# --build-only stops after step 2 (and the sizes).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

usage() { echo "usage: boards/cross.sh aarch64|armhf [--build-only] [--sysroot]" >&2; exit 64; }
[ $# -ge 1 ] || usage
target=$1
shift
build_only=0
force_sysroot=0
for a in "$@"; do
  case "$a" in
    --build-only) build_only=1 ;;
    --sysroot) force_sysroot=1 ;;
    *) usage ;;
  esac
done
case "$target" in
  aarch64) debarch=arm64 triplet=aarch64-linux-gnu qemu=qemu-aarch64 ;;
  armhf) debarch=armhf triplet=arm-linux-gnueabihf qemu=qemu-arm ;;
  *) usage ;;
esac
bdir=build-$target
extra=/opt/hallboard-cross/$triplet
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
say() { echo "cross.sh: $*"; }

. app/deps.sh
# The host's own tools and the data the tests read (fonts, tzdata, python3...).
hb_install_deps "$HB_PACKAGES"

# The target's libraries: the library -dev packages of HB_PACKAGES (libclang-rt-dev
# is the host compiler's sanitizer runtime, not a library the program links).
libs=""
for p in $HB_PACKAGES; do
  case "$p" in
    libclang-rt-dev) ;;
    lib*-dev) libs="$libs $p" ;;
  esac
done

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# --- 1. packages -------------------------------------------------------------------
mode=multiarch
[ "$force_sysroot" = 1 ] && mode=sysroot
libs_missing=""
unpack=""
sysroot=/opt/hallboard-cross/$triplet-sysroot

tools="crossbuild-essential-$debarch qemu-user qemu-user-binfmt"
[ "$mode" = sysroot ] && tools="$tools debootstrap"
missing=""
for p in $tools; do installed "$p" || missing="$missing $p"; done
if [ "$mode" = multiarch ]; then
  libs_missing=""
  for p in $libs; do
    installed "$p:$debarch" || [ -f "$extra/.$p" ] || libs_missing="$libs_missing $p:$debarch"
  done
  if [ -n "$libs_missing" ] && [ -f "$sysroot/.hallboard-packages" ]; then
    # An earlier run fell back to the sysroot: keep it (rm -rf it to try multiarch).
    say "using the sysroot made by an earlier run: $sysroot"
    mode=sysroot
  else
    missing="$missing$libs_missing"
  fi
fi

if [ -n "$missing" ] && [ "$mode" = multiarch ] &&
   ! dpkg --print-foreign-architectures | grep -qx "$debarch"; then
  say "adding the $debarch architecture to dpkg"
  $sudo_cmd dpkg --add-architecture "$debarch"
fi
if [ -n "$missing" ]; then
  log=$(mktemp)
  $sudo_cmd apt-get update >"$log" 2>&1 || true
  if grep -q "^E:" "$log"; then
    grep -E "^(E|Err):" "$log" >&2
    say "WARNING: apt could not fetch every index (above): packages of an architecture" \
        "whose index is missing can lag their amd64 twins, which multiarch refuses"
  fi
  rm -f "$log"
fi

apt_install() { # apt_install PACKAGE...: never removes anything; shows apt's reason
  say "installing: $*"
  # --no-remove: never let apt take out an amd64 package to make room.
  if ! $sudo_cmd apt-get install -y -q --no-remove "$@" >/tmp/hallboard-cross-apt.log 2>&1; then
    grep -vE "^(Reading|Building|Get:|Selecting|Preparing|Unpacking|Setting up)" \
      /tmp/hallboard-cross-apt.log | tail -n 40 >&2
    return 1
  fi
}

need=""
for p in $tools; do installed "$p" || need="$need $p"; done
# shellcheck disable=SC2086
[ -z "$need" ] || apt_install $need || { say "cannot install the cross tools"; exit 1; }

unpacked=""
if [ "$mode" = multiarch ] && [ -z "$libs_missing" ]; then
  # Everything is in place from an earlier run: no apt look-ups.
  for f in "$extra"/.lib*; do [ -f "$f" ] && unpacked="$unpacked ${f##*/.}"; done
elif [ "$mode" = multiarch ]; then
  # Multi-Arch: same packages install beside their amd64 twins; the others would
  # replace them (apt would remove the amd64 one and break the native build).
  multi=""
  unpack=""
  for p in $libs; do
    ma=$(apt-cache show --no-all-versions "$p:$debarch" 2>/dev/null |
         sed -n 's/^Multi-Arch: *//p' | head -n 1)
    if [ "$ma" = "same" ]; then multi="$multi $p:$debarch"; else unpack="$unpack $p"; fi
  done
  need=""
  for p in $multi; do installed "$p" || need="$need $p"; done
  # shellcheck disable=SC2086
  if [ -n "$need" ] && ! apt_install $need; then
    say "multiarch failed: apt will not install the $debarch libraries beside the" \
        "amd64 ones (reason above). Falling back to a sysroot made by debootstrap."
    mode=sysroot
    if ! dpkg-query -W -f='${Architecture}\n' | grep -qx "$debarch"; then
      # No package of that architecture is installed: take it out again so that
      # apt-get update (run by app/deps.sh) does not fail on its index.
      $sudo_cmd dpkg --remove-architecture "$debarch"
    fi
    installed debootstrap || apt_install debootstrap || exit 1
  fi
fi

if [ "$mode" = multiarch ] && [ -n "$unpack" ]; then
  # Packages that are not Multi-Arch: same, with the library packages of the same
  # source they depend on at an exact version (libunibreak-dev -> libunibreak1),
  # unpacked (never installed) into $extra, their .pc files pointed there.
  all=""
  for p in $unpack; do
    all="$all $p"
    deps=$(apt-cache show --no-all-versions "$p:$debarch" | sed -n 's/^Depends: *//p' |
           tr ',' '\n' | sed -n 's/^ *\([^ ]*\) *(= .*/\1/p')
    all="$all $deps"
  done
  unpacked=$all
  for p in $all; do
    ver=$(apt-cache show --no-all-versions "$p:$debarch" | sed -n 's/^Version: *//p' | head -n 1)
    stamp="$extra/.$p"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$ver" ]; then continue; fi
    say "$p:$debarch $ver is not Multi-Arch: same (it cannot be installed beside" \
        "$p:amd64): unpacking it into $extra"
    dl=$(mktemp -d)
    chmod 0755 "$dl"
    (cd "$dl" && apt-get download -q "$p:$debarch" >/dev/null 2>&1)
    $sudo_cmd mkdir -p "$extra"
    $sudo_cmd dpkg-deb -x "$dl"/*.deb "$extra"
    rm -rf "$dl"
    echo "$ver" | $sudo_cmd tee "$stamp" >/dev/null
  done
  for pc in "$extra"/usr/lib/pkgconfig/*.pc "$extra"/usr/share/pkgconfig/*.pc; do
    [ -f "$pc" ] || continue
    $sudo_cmd sed -i "s|^prefix=/usr\$|prefix=$extra/usr|" "$pc"
  done
fi

# sysroot_relink ROOT: the -dev packages' absolute library links (libz.so ->
# /lib/<triplet>/libz.so.1.2.13) point into the build machine, not into ROOT: the
# linker would then skip them and take libz.a (the binary carrying its own zlib and
# expat). Each absolute link of ROOT's library folders whose target is in ROOT is
# made relative (libz.so -> libz.so.1.2.13); prints how many were. Idempotent.
sysroot_relink() {
  local root=$1 d l t n=0
  for d in "$root/lib/$triplet" "$root/usr/lib/$triplet" "$root/usr/lib"; do
    [ -d "$d" ] || continue
    while IFS= read -r l; do
      t=$(readlink "$l")
      if [ -e "$root$t" ] || [ -L "$root$t" ]; then
        $sudo_cmd ln -sfrn "$root$t" "$l"
        n=$((n + 1))
      fi
    done < <(find "$d" -maxdepth 1 -type l -lname '/*')
  done
  [ "$n" -eq 0 ] || say "made $n absolute library links of $root relative" >&2
  echo "$n"
}

cmake_extra=""
if [ "$mode" = sysroot ]; then
  # A root of the target's architecture from Debian's archive (the mirror and release
  # apt uses): debootstrap's first stage resolves and fetches the packages; every one
  # is then unpacked (no maintainer script runs: headers, libraries and .pc files are
  # all a build needs, and qemu -L runs the tests against them).
  # shellcheck disable=SC2086 # word splitting wanted: one package a word
  want=$(echo $libs | tr ' ' ',')
  if [ ! -f "$sysroot/.hallboard-packages" ] ||
     [ "$(cat "$sysroot/.hallboard-packages")" != "$want" ]; then
    . /etc/os-release
    mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
             awk '{ print $1 }' | grep -v security | head -n 1)
    [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' \
                                 /etc/apt/sources.list 2>/dev/null)
    [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
    say "making a $debarch sysroot in $sysroot (debootstrap $VERSION_CODENAME from $mirror)"
    $sudo_cmd rm -rf "$sysroot.tmp"
    $sudo_cmd mkdir -p "$(dirname "$sysroot")"
    if ! $sudo_cmd debootstrap --arch="$debarch" --foreign --variant=minbase \
        --include="$want" "$VERSION_CODENAME" "$sysroot.tmp" "$mirror" \
        >/tmp/hallboard-cross-debootstrap.log 2>&1; then
      tail -n 20 /tmp/hallboard-cross-debootstrap.log >&2
      say "debootstrap failed (log: /tmp/hallboard-cross-debootstrap.log)"
      exit 1
    fi
    for deb in "$sysroot.tmp"/var/cache/apt/archives/*.deb; do
      # --keep-directory-symlink: /lib, /bin... stay links into /usr (merged /usr).
      dpkg-deb --fsys-tarfile "$deb" |
        $sudo_cmd tar -x --keep-directory-symlink -C "$sysroot.tmp"
    done
    $sudo_cmd rm -f "$sysroot.tmp"/var/cache/apt/archives/*.deb
    # qemu -L looks every path up in the sysroot first: its (older) tzdata would
    # hide the build machine's, which the time zone tests compare against zdump.
    $sudo_cmd rm -rf "$sysroot.tmp"/usr/share/zoneinfo "$sysroot.tmp"/usr/share/doc \
      "$sysroot.tmp"/usr/share/man "$sysroot.tmp"/usr/share/locale
    sysroot_relink "$sysroot.tmp" >/dev/null
    $sudo_cmd rm -rf "$sysroot"
    $sudo_cmd mv "$sysroot.tmp" "$sysroot"
    echo "$want" | $sudo_cmd tee "$sysroot/.hallboard-packages" >/dev/null
  elif [ "$(sysroot_relink "$sysroot")" -gt 0 ]; then
    # A sysroot an older cross.sh made: CMake may have settled on the static
    # libraries while the links dangled; forget them so that it looks again.
    [ ! -f "$bdir/CMakeCache.txt" ] || sed -i '/^pkgcfg_lib_/d' "$bdir/CMakeCache.txt"
  fi
  cmake_extra="-DHB_CROSS_SYSROOT=$sysroot"
  # The binfmt handler (a test starting the hallboard binary) reads this for -L.
  export QEMU_LD_PREFIX=$sysroot
fi

# binfmt_misc: lets a test start the target's hallboard binary by path (the kernel
# hands it to qemu). Needs the binfmt_misc file system and root; without it those
# tests fail with "Exec format error".
binfmt=/proc/sys/fs/binfmt_misc
if [ ! -e "$binfmt/register" ]; then
  $sudo_cmd mount -t binfmt_misc binfmt_misc "$binfmt" 2>/dev/null || true
fi
if [ -e "$binfmt/register" ] && [ ! -e "$binfmt/$qemu" ]; then
  conf=/usr/lib/binfmt.d/$qemu.conf
  if [ -x /lib/systemd/systemd-binfmt ]; then
    $sudo_cmd /lib/systemd/systemd-binfmt "$conf" || true
  else
    $sudo_cmd sh -c "cat '$conf' > '$binfmt/register'" || true
  fi
fi
if [ -e "$binfmt/$qemu" ]; then
  binfmt_state="registered"
else
  binfmt_state="NOT registered (tests that start the hallboard binary will fail)"
  say "WARNING: binfmt_misc handler for $qemu $binfmt_state"
fi

# --- 2. build ------------------------------------------------------------------------
now() { date +%s.%N; }
fresh="fresh build directory"
[ -f "$bdir/CMakeCache.txt" ] && fresh="incremental: rm -rf $bdir for a full build"
t0=$(now)
say "building into $bdir/"
# Debian's hardening flags for the target (bindnow included), as boards/package.sh
# builds the native package: the suite runs on the code the package ships. Given in
# the environment, which CMake reads when it first configures a folder and puts before
# the toolchain's own flags (armhf's 64-bit time); a folder configured without them is
# configured again.
command -v dpkg-buildflags >/dev/null || hb_install_deps dpkg-dev
eval "$(DEB_HOST_ARCH=$debarch DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
export CFLAGS="$CFLAGS $CPPFLAGS" LDFLAGS
if [ -f "$bdir/CMakeCache.txt" ] && ! grep -q '^CMAKE_EXE_LINKER_FLAGS:.*-z,now' "$bdir/CMakeCache.txt"; then
  rm -f "$bdir/CMakeCache.txt"
fi
hb_build "$bdir" -DCMAKE_TOOLCHAIN_FILE="$top/cmake/toolchain-$target.cmake" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHB_TESTS=ON -DHB_TEST_TIMEOUT=1800 $cmake_extra
t1=$(now)
build_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')

bin="$bdir/hallboard"
file -b "$bin" 2>/dev/null | sed 's/^/cross.sh: hallboard: /' || true
"$triplet-strip" -o "$bdir/hallboard.stripped" "$bin"
size=$(stat -c %s "$bin")
ssize=$(stat -c %s "$bdir/hallboard.stripped")

report="$bdir/cross-report.txt"
{
  echo "target: $target ($triplet, Debian $debarch)"
  echo "compiler: $("$triplet-gcc" --version | head -n 1)"
  echo "build time: ${build_s} s (configure + build, $fresh, $(nproc) cores)"
  echo "hallboard: $size bytes as built (RelWithDebInfo), $ssize bytes stripped"
  if [ "$mode" = sysroot ]; then
    echo "libraries: sysroot $sysroot (debootstrap), not multiarch"
  else
    echo "libraries: multiarch $debarch packages"
    [ -z "$unpacked" ] || echo "unpacked into $extra (not Multi-Arch: same):$unpacked"
  fi
  echo "binfmt_misc: $qemu $binfmt_state"
} >"$report"

if [ "$build_only" = 1 ]; then
  cat "$report"
  exit 0
fi

# --- 3. test -------------------------------------------------------------------------
say "running the suite under $qemu"
t0=$(now)
rc=0
# --repeat until-pass:3: under qemu-user every new process translates its code afresh,
# so a test that calibrates its timing in one process and applies it to another
# (test_cache's power cuts kill a freshly started writer) can miss its window; a test
# that fails three times in a row fails.
# HB_TEST_EMULATED: tests that time a fleet of board processes run fewer, untimed.
# hb_ctest (app/deps.sh) keeps every test's output in ctest.log, where tests/run.sh
# counts the cases.
if ! HB_TEST_EMULATED=1 hb_ctest "$bdir" "$bdir/ctest.log" \
    -j"$(nproc 2>/dev/null || echo 2)" --repeat until-pass:3; then
  rc=1
fi
t1=$(now)
test_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
skipped=$(grep -c '\*\*\*Skipped' "$bdir/ctest.log" || true)
line=$(grep -E "tests passed, .* tests failed out of" "$bdir/ctest.log" | tail -n 1)
echo "ctest under $qemu: $line; $skipped skipped; ${test_s} s" >>"$report"
echo "== cross-build report"
cat "$report"
exit "$rc"
