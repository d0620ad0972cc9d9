# toolchain-aarch64.cmake - cross build for 64-bit ARM boards (Raspberry Pi 3, 4, 5,
# Zero 2 W running a 64-bit OS) with Debian's aarch64-linux-gnu-gcc and arm64
# multiarch libraries. boards/cross.sh aarch64 installs what it needs and uses it:
#   cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64.cmake
set(HB_CROSS_TRIPLET aarch64-linux-gnu)
set(HB_CROSS_PROCESSOR aarch64)
set(HB_CROSS_QEMU qemu-aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-debian-cross.cmake)
