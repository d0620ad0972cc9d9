# toolchain-debian-cross.cmake - shared part of the cross toolchain files
# (toolchain-aarch64.cmake, toolchain-armhf.cmake): Debian's cross compiler
# (crossbuild-essential-<arch>), the target's libraries from Debian's multiarch
# -dev packages (NAME:<arch>), and qemu-user to run the target's programs, so
# ctest runs the whole suite on the build machine. boards/cross.sh installs all of
# it. The including file sets HB_CROSS_TRIPLET, HB_CROSS_PROCESSOR and HB_CROSS_QEMU.

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${HB_CROSS_PROCESSOR})
# Debian's multiarch layout: the target's libraries in /usr/lib/<triplet>.
set(CMAKE_LIBRARY_ARCHITECTURE ${HB_CROSS_TRIPLET})

set(CMAKE_C_COMPILER ${HB_CROSS_TRIPLET}-gcc)
set(CMAKE_AR ${HB_CROSS_TRIPLET}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${HB_CROSS_TRIPLET}-ranlib CACHE FILEPATH "")
set(CMAKE_STRIP ${HB_CROSS_TRIPLET}-strip CACHE FILEPATH "")

# Two ways to get the target's libraries (boards/cross.sh picks one):
# - multiarch (the default): Debian's NAME:<arch> -dev packages installed beside the
#   amd64 ones, in /usr/lib/<triplet>. A few cannot be (not "Multi-Arch: same":
#   bookworm's libunibreak puts its files in /usr/lib, not /usr/lib/<triplet>):
#   cross.sh unpacks those into HB_CROSS_EXTRA instead;
# - a sysroot (-DHB_CROSS_SYSROOT=DIR): a root made by debootstrap from Debian's
#   archive for that architecture, for when apt refuses the multiarch packages (their
#   versions must equal the amd64 twins', which a half-synced mirror can break).
set(HB_CROSS_EXTRA /opt/hallboard-cross/${HB_CROSS_TRIPLET})
if(NOT HB_CROSS_SYSROOT AND DEFINED ENV{HB_CROSS_SYSROOT})
  set(HB_CROSS_SYSROOT $ENV{HB_CROSS_SYSROOT})
endif()
# try_compile projects read this file again: pass the choice on to them.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES HB_CROSS_SYSROOT)

if(HB_CROSS_SYSROOT)
  set(CMAKE_SYSROOT ${HB_CROSS_SYSROOT})
  set(CMAKE_FIND_ROOT_PATH ${HB_CROSS_SYSROOT})
  set(ENV{PKG_CONFIG_SYSROOT_DIR} ${HB_CROSS_SYSROOT})
  set(ENV{PKG_CONFIG_LIBDIR} "${HB_CROSS_SYSROOT}/usr/lib/${HB_CROSS_TRIPLET}/pkgconfig:\
${HB_CROSS_SYSROOT}/usr/lib/pkgconfig:${HB_CROSS_SYSROOT}/usr/share/pkgconfig")
else()
  # The cross compiler's own root, the unpacked extras, and the multiarch directories
  # of the build machine ("/": there only the <triplet> directories and the
  # architecture-independent headers hold target files).
  set(CMAKE_FIND_ROOT_PATH /usr/${HB_CROSS_TRIPLET} ${HB_CROSS_EXTRA} /)
  set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
  set(ENV{PKG_CONFIG_LIBDIR} "${HB_CROSS_EXTRA}/usr/lib/pkgconfig:\
/usr/lib/${HB_CROSS_TRIPLET}/pkgconfig:/usr/share/pkgconfig")
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# pkg-config (called by FindPkgConfig during the configure run) reads only the
# target's .pc files.
set(ENV{PKG_CONFIG_PATH} "")

# ctest runs the target's test programs through qemu-user. With multiarch, no
# "-L /usr/<triplet>": libc6:<arch> (pulled in by the -dev packages) puts the target's
# dynamic loader where the program asks for it (/lib/ld-linux-*.so.*) and its
# libraries in the shared ld.so.cache; with -L, qemu would take the loader from the
# cross compiler's copy (libc6-<arch>-cross, another Debian revision of glibc) and
# libc.so.6 from the multiarch one, two builds that must not be mixed. With a sysroot,
# everything comes from the sysroot. Only when neither is there is the cross
# compiler's root the one to use.
if(HB_CROSS_SYSROOT)
  set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/${HB_CROSS_QEMU} -L ${HB_CROSS_SYSROOT})
elseif(EXISTS /usr/lib/${HB_CROSS_TRIPLET}/libc.so.6)
  set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/${HB_CROSS_QEMU})
else()
  set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/${HB_CROSS_QEMU} -L /usr/${HB_CROSS_TRIPLET})
endif()
# Programs that a test starts by path (the hallboard binary, cache_writer) run
# through binfmt_misc: boards/cross.sh registers qemu-user-binfmt's handler (and, with
# a sysroot, exports QEMU_LD_PREFIX for it).
