#!/usr/bin/env bash
# tests/package/run.sh <weft-source-dir> <weft-build-dir> <scratch-dir> <c++-compiler>
#
# Proves that an installed weft can be used by an outside project:
#   1. `cmake --install`s the weft build in <weft-build-dir> (the one under test, already built)
#      into <scratch-dir>/prefix,
#   2. configures tests/package/consumer with CMAKE_PREFIX_PATH=<scratch-dir>/prefix, so that it
#      finds weft with find_package(weft CONFIG REQUIRED), builds it and runs it,
#   3. runs the installed bin/weft-litmus on one litmus test.
# <scratch-dir> is deleted and recreated first. Any failing step fails the script.
# Run by ctest as `package_find_package` (tests/CMakeLists.txt). It installs the build under test
# rather than building weft again, which took about 80 s of CI's time on a 2-core VM.
set -euo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: $0 <weft-source-dir> <weft-build-dir> <scratch-dir> <c++-compiler>" >&2
  exit 2
fi

src=$(cd "$1" && pwd)
weft_build=$(cd "$2" && pwd)
scratch=$3
cxx=$4
consumer_src="$src/tests/package/consumer"

step() { printf '\n==== package test: %s\n' "$*"; }
trap 'rc=$?; echo "package test FAILED (exit $rc) at line $LINENO: $BASH_COMMAND" >&2; exit $rc' ERR

# An installed prefix must come only from this script; keep the caller's environment out of it.
unset DESTDIR CMAKE_INSTALL_PREFIX CMAKE_PREFIX_PATH CMAKE_GENERATOR CMAKE_BUILD_TYPE

case "$scratch" in
  "" | "/") echo "refusing to use scratch dir '$scratch'" >&2; exit 2 ;;
esac
rm -rf "$scratch"
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
prefix="$scratch/prefix"
consumer_build="$scratch/consumer-build"

step "install weft ($weft_build) into $prefix"
cmake --install "$weft_build" --prefix "$prefix"

step "configure the consumer against $prefix"
# The package registries are off so that only the freshly installed prefix can satisfy
# find_package(weft).
cmake -S "$consumer_src" -B "$consumer_build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF

weft_dir=$(sed -n 's/^weft_DIR:PATH=//p' "$consumer_build/CMakeCache.txt")
case "$weft_dir" in
  "$prefix"/*) ;;
  *) echo "package test FAILED: consumer found weft in '$weft_dir', not under $prefix" >&2
     exit 1 ;;
esac

step "build the consumer"
cmake --build "$consumer_build"

step "run the consumer"
"$consumer_build/weft_consumer"

step "run the installed weft-litmus"
"$prefix/bin/weft-litmus" "$src/tests/litmus/herdtools-c/C01.litmus" | grep -q '^Ok$'

step "passed"
