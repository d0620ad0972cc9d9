# toolchain-armhf.cmake - cross build for 32-bit ARM boards (ARMv7 hard-float:
# Raspberry Pi 2/3/Zero 2 W running a 32-bit OS) with Debian's
# arm-linux-gnueabihf-gcc and armhf multiarch libraries. boards/cross.sh armhf
# installs what it needs and uses it:
#   cmake -S . -B build-armhf -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-armhf.cmake
set(HB_CROSS_TRIPLET arm-linux-gnueabihf)
set(HB_CROSS_PROCESSOR armv7l)
set(HB_CROSS_QEMU qemu-arm)
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-debian-cross.cmake)

# 64-bit file offsets and inode numbers: without them readdir() and stat() fail with
# EOVERFLOW on file systems with inode numbers past 2^32 (the build machine's, seen
# through qemu-user; XFS, btrfs, NFS on a board). No library the program links takes
# an off_t.
# 64-bit time_t (glibc's _TIME_BITS=64): without it the board's clock would end in
# January 2038. Bookworm's armhf libraries keep a 32-bit time_t (Debian moved armhf to
# 64-bit time_t only in trixie), so no time_t may cross into them: hallboard parses
# HTTP dates itself (civil_parse_http_date, not curl_getdate) and hands libcurl,
# SDL and the others no time_t; glibc has both widths.
set(CMAKE_C_FLAGS_INIT "-D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64")
