#!/usr/bin/env bash
# boards/package.sh - builds the hallboard .deb for one architecture.
#
#   boards/package.sh amd64|arm64|armhf
#
# The machine's own architecture (amd64 on a PC, arm64 or armhf on a Pi): a
#   RelWithDebInfo build (no tests) into build-pkg-ARCH/, with Debian's hardening
#   flags (dpkg-buildflags, hardening=+all), after app/deps.sh installed what
#   building needs.
# arm64, armhf on another machine: boards/cross.sh aarch64|armhf --build-only
#   (Debian's cross compiler, into build-aarch64/ or build-armhf/: the directories
#   tests/run.sh's cross passes build, so after them only what changed is rebuilt).
# Then a staging tree in build-pkg-ARCH/root/, packed by dpkg-deb into
# build-pkg-ARCH/hallboard_VERSION_ARCH.deb, and checked by lintian when it is
# installed. The last line of stdout is the package's path.
#
# Contents (what boards/install.sh installs by hand, at Debian's places):
#   /usr/bin/hallboard                     the binary, stripped
#   /lib/systemd/system/hallboard.service  boards/hallboard.service, ExecStart in /usr/bin
#   /lib/udev/rules.d/99-hallboard.rules   boards/99-hallboard.rules
#   /etc/hallboard/hallboard.conf          boards/hallboard.conf.example with the
#                                          control token's file set (a conffile)
#   /usr/share/doc/hallboard/              copyright, changelog, the settings' and the
#                                          operators' guides
#   /usr/share/man/man1/hallboard.1.gz     boards/debian/hallboard.1
# and boards/debian/'s maintainer scripts: postinst makes the hallboard user (groups
# video, render, input), /var/cache/hallboard and /etc/hallboard/control.token; prerm
# stops the service; postrm purge removes the cache and the token (the user stays).
#
# VERSION: CMakeLists.txt's project version and the Debian revision -1.
# Depends: the shared libraries from dpkg-shlibdeps when dpkg knows the target's
# libraries (amd64; arm64/armhf installed as multiarch packages by cross.sh), else
# from the hand list below (cross.sh's debootstrap sysroot holds no package data);
# the libraries of that list which the binary opens by soname at first use (dlopen);
# and the fonts of fonts/chain.conf, tzdata (time zones), adduser (postinst).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

usage() { echo "usage: boards/package.sh amd64|arm64|armhf" >&2; exit 64; }
[ $# -eq 1 ] || usage
arch=$1
case "$arch" in
  amd64) triplet=x86_64-linux-gnu cross="" ;;
  arm64) triplet=aarch64-linux-gnu cross=aarch64 ;;
  armhf) triplet=arm-linux-gnueabihf cross=armhf ;;
  *) usage ;;
esac
# On a machine of the package's own architecture (amd64 on a PC, arm64 on a Pi) the
# build is native; otherwise cross.sh cross-builds (arm64, armhf on an amd64 PC).
native=0
[ "$(dpkg --print-architecture)" = "$arch" ] && native=1
if [ "$native" = 1 ]; then
  bdir=build-pkg-$arch strip=strip
elif [ -n "$cross" ]; then
  bdir=build-$cross strip=$triplet-strip
else
  echo "package.sh: an $arch package is built on an $arch machine" >&2
  exit 1
fi
say() { echo "package.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# Tools: dpkg-dev (dpkg-shlibdeps), lintian (optional: the check is skipped without it).
for t in dpkg-deb dpkg-shlibdeps objdump; do
  command -v "$t" >/dev/null || die "$t is missing (apt-get install dpkg-dev binutils)"
done

upstream=$(sed -n 's/^project(hallboard VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$upstream" ] || die "no project(hallboard VERSION ...) in CMakeLists.txt"
version=$upstream-1
email=maintainers@hallboard.invalid
# Reproducible dates: the last commit's time.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

# --- 1. the binary --------------------------------------------------------------------
if [ "$native" = 1 ]; then
  # What building needs (app/deps.sh: only the missing packages, through sudo).
  # shellcheck source=app/deps.sh
  . app/deps.sh
  hb_install_deps "${HB_RUN_PACKAGES:-$HB_PACKAGES} dpkg-dev" >&2
  say "building into $bdir/ (RelWithDebInfo, no tests)"
  # hardening=+all adds bindnow (-z now) to the default set. The flags are given to
  # cmake, not only in the environment, which CMake reads at the first configure.
  eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
  log=$(mktemp)
  if ! { cmake -S . -B "$bdir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHB_TESTS=OFF \
           -DCMAKE_C_FLAGS="$CFLAGS $CPPFLAGS" -DCMAKE_EXE_LINKER_FLAGS="$LDFLAGS" &&
         cmake --build "$bdir" -j"$(nproc 2>/dev/null || echo 2)" --target hallboard; } \
      >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "the $arch build failed"
  fi
  rm -f "$log"
else
  say "building through boards/cross.sh $cross --build-only"
  if ! boards/cross.sh "$cross" --build-only >&2; then
    # cross.sh builds every target (tests, benchmarks); the package needs one. When
    # it set the build up and only another target failed, build hallboard alone.
    [ -f "$bdir/CMakeCache.txt" ] || die "boards/cross.sh $cross failed"
    say "WARNING: boards/cross.sh $cross failed (above); building the hallboard target alone"
    cmake --build "$bdir" -j"$(nproc 2>/dev/null || echo 2)" --target hallboard >&2 ||
      die "boards/cross.sh $cross failed, and so did the hallboard target"
  fi
fi
bin=$bdir/hallboard
[ -x "$bin" ] || die "no binary at $bin"

# --- 2. the staging tree --------------------------------------------------------------
out=build-pkg-$arch
stage=$out/root
rm -rf "$stage"
mkdir -p "$stage/DEBIAN"
inst() { # inst MODE SRC DEST (DEST relative to the root)
  install -D -m "$1" "$2" "$stage/$3"
}
mkdir -p "$stage/usr/bin"
"$strip" --strip-unneeded --remove-section=.comment --remove-section=.note \
  -o "$stage/usr/bin/hallboard" "$bin"
chmod 0755 "$stage/usr/bin/hallboard"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's|^ExecStart=/usr/local/bin/hallboard |ExecStart=/usr/bin/hallboard |' \
  boards/hallboard.service >"$tmp/hallboard.service"
grep -q '^ExecStart=/usr/bin/hallboard ' "$tmp/hallboard.service" ||
  die "boards/hallboard.service: no ExecStart=/usr/local/bin/hallboard line to rewrite"
inst 0644 "$tmp/hallboard.service" lib/systemd/system/hallboard.service
inst 0644 boards/99-hallboard.rules lib/udev/rules.d/99-hallboard.rules

# The settings: the example, with the token file postinst makes (as install.sh does).
{
  cat boards/hallboard.conf.example
  echo
  echo "# Set by the package: the control endpoint's token, made at installation."
  echo "control_token_file = /etc/hallboard/control.token"
} >"$tmp/hallboard.conf"
inst 0644 "$tmp/hallboard.conf" etc/hallboard/hallboard.conf

doc=usr/share/doc/hallboard
inst 0644 boards/debian/copyright "$doc/copyright"
for f in configuration.md operators.md; do
  gzip -9n <"docs/$f" >"$tmp/$f.gz"
  inst 0644 "$tmp/$f.gz" "$doc/$f.gz"
done
{
  echo "hallboard ($version) unstable; urgency=medium"
  echo
  echo "  * Package of hallboard $upstream, built by boards/package.sh."
  echo
  echo " -- Hallboard maintainers <$email>  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n >"$tmp/changelog.Debian.gz"
inst 0644 "$tmp/changelog.Debian.gz" "$doc/changelog.Debian.gz"
sed "s/@VERSION@/$upstream/" boards/debian/hallboard.1 | gzip -9n >"$tmp/hallboard.1.gz"
inst 0644 "$tmp/hallboard.1.gz" usr/share/man/man1/hallboard.1.gz

# Tags lintian gets wrong for this package, each with its reason in the file.
if [ -f boards/debian/lintian-overrides ]; then
  inst 0644 boards/debian/lintian-overrides usr/share/lintian/overrides/hallboard
fi
for s in postinst prerm postrm; do inst 0755 "boards/debian/$s" "DEBIAN/$s"; done
inst 0644 boards/debian/conffiles DEBIAN/conffiles

# --- 3. Depends -----------------------------------------------------------------------
# The hand list: Debian 12's package of every library the binary may need, at the
# versions dpkg-shlibdeps gives for the amd64 build (the names are the same on every
# architecture). A library the binary needs that is not here stops the build.
hand_dep() {
  case "$1" in
    libc.so.6|libm.so.6|ld-linux-*.so.*) echo "libc6 (>= 2.34)" ;;
    libgcc_s.so.1) echo "libgcc-s1 (>= 3.5)" ;;
    libcjson.so.1) echo "libcjson1 (>= 1.7.13)" ;;
    libcurl.so.4) echo "libcurl4 (>= 7.16.2)" ;;
    libdrm.so.2) echo "libdrm2 (>= 2.4.61)" ;;
    libexpat.so.1) echo "libexpat1 (>= 2.0.1)" ;;
    libfribidi.so.0) echo "libfribidi0 (>= 1.0.0)" ;;
    libical.so.3) echo "libical3 (>= 3.0.0)" ;;
    libmicrohttpd.so.12) echo "libmicrohttpd12 (>= 0.9.50)" ;;
    libmosquitto.so.1) echo "libmosquitto1 (>= 1.6)" ;;
    libqrencode.so.4) echo "libqrencode4 (>= 3.2.0)" ;;
    libSDL2-2.0.so.0) echo "libsdl2-2.0-0 (>= 2.0.18)" ;;
    libSDL2_image-2.0.so.0) echo "libsdl2-image-2.0-0 (>= 2.6.0)" ;;
    libSDL2_ttf-2.0.so.0) echo "libsdl2-ttf-2.0-0 (>= 2.20.0)" ;;
    libcrypto.so.3|libssl.so.3) echo "libssl3 (>= 3.0.0)" ;;
    libunibreak.so.1) echo "libunibreak1 (>= 1.0)" ;;
    libz.so.1) echo "zlib1g (>= 1:1.2.2)" ;;
    *) return 1 ;;
  esac
}
needed=$(objdump -p "$stage/usr/bin/hallboard" | awk '$1 == "NEEDED" { print $2 }')
shlibs=""
mkdir -p "$tmp/src/debian"
printf 'Source: hallboard\n\nPackage: hallboard\nArchitecture: any\n' >"$tmp/src/debian/control"
# Where the target's libraries live: the multiarch folders (and, natively, /usr/lib:
# Debian 12's libunibreak1 is not multiarch).
libdirs="/lib/$triplet /usr/lib/$triplet"
[ "$native" = 1 ] && libdirs="$libdirs /lib /usr/lib"
# dpkg-shlibdeps when dpkg owns every library the binary needs (for the target's
# architecture): the real minimum versions from the libraries' symbols files.
known=1
for so in $needed; do
  owned=0
  for d in $libdirs; do
    if [ -e "$d/$so" ] && dpkg -S "$d/$so" >/dev/null 2>&1; then owned=1; break; fi
  done
  [ "$owned" = 1 ] || { known=0; break; }
done
if [ "$known" = 1 ]; then
  cp "$stage/usr/bin/hallboard" "$tmp/src/hallboard"
  # shellcheck disable=SC2046,SC2086 # one -l option a word
  if shlibs=$(cd "$tmp/src" && DEB_HOST_ARCH=$arch DEB_HOST_MULTIARCH=$triplet \
      dpkg-shlibdeps -O $(printf -- "-l%s " $libdirs) hallboard 2>"$tmp/shlibdeps.err" |
      sed -n 's/^shlibs:Depends=//p'); then
    say "Depends from dpkg-shlibdeps"
  else
    cat "$tmp/shlibdeps.err" >&2 || true
    shlibs=""
  fi
fi
if [ -z "$shlibs" ]; then
  say "Depends from the hand list (dpkg does not know the $arch libraries here)"
  for so in $needed; do
    dep=$(hand_dep "$so") || die "the binary needs $so, which is not in package.sh's hand list"
    shlibs="$shlibs$dep"$'\n'
  done
  shlibs=$(printf '%s' "$shlibs" | LC_ALL=C sort -u | paste -sd, | sed 's/,/, /g')
fi
# Libraries the board opens itself at first use (dlopen by soname, app/shell/
# lazylib.c) are not NEEDED, and dpkg-shlibdeps does not see them: each soname of the
# hand list that the binary names is a dependency too (from the hand list, unless its
# package is there already). Sonames outside the list (libX11.so.6 of dpms.c, used
# only under X11) are optional and stay out.
lazy=""
while IFS= read -r so; do
  dep=$(hand_dep "$so") || continue
  case ", $shlibs," in *", ${dep%% *} "*|*", ${dep%% *},"*) continue ;; esac
  shlibs="$shlibs, $dep"
  lazy="$lazy $so"
done < <(LC_ALL=C grep -aoE 'lib[A-Za-z0-9_+-]+(-[0-9.]+)?\.so\.[0-9]+' \
           "$stage/usr/bin/hallboard" | LC_ALL=C sort -u)
if [ -n "$lazy" ]; then
  say "Depends also for the libraries it opens at first use:$lazy"
  shlibs=$(printf '%s' "$shlibs" | sed 's/, /\n/g' | LC_ALL=C sort -u | paste -sd, |
           sed 's/,/, /g')
fi
depends="$shlibs, adduser, fonts-noto-core, fonts-noto-cjk, tzdata"

# --- 4. control, md5sums, the package ---------------------------------------------------
size=$(du -k -s --exclude=DEBIAN "$stage" | awk '{ print $1 }')
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" \
    -e "s/@SIZE@/$size/" -e "s/@EMAIL@/$email/" boards/debian/control.in >"$stage/DEBIAN/control"
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort |
   xargs md5sum) >"$tmp/md5sums"
inst 0644 "$tmp/md5sums" DEBIAN/md5sums
# Directories 0755 and files without group or other write, whatever the umask was.
find "$stage" -type d -exec chmod 0755 {} +
# Every file dated at the last commit: the same tree makes the same package.
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
deb=$out/hallboard_${version}_$arch.deb
rm -f "$deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >&2

# --- 5. lintian -----------------------------------------------------------------------
if command -v lintian >/dev/null; then
  say "lintian --fail-on error,warning $deb"
  lintian --fail-on error,warning "$deb" >&2 || die "lintian found errors or warnings (above)"
  say "lintian: clean"
else
  say "lintian is not installed: not checked (apt-get install lintian)"
fi
say "$(stat -c %s "$deb") bytes, Depends: $depends"
echo "$top/$deb"
