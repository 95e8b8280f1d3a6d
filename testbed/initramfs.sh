#!/bin/bash
# Build the guest initramfs for one kernel flavour: the architecture's
# busybox, the series' kselftests (built static for that architecture,
# installed as "make kselftest-install" does, under /kselftest) and
# testbed/init.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/testbed/lib.sh"
flavour=$1
flavour_vars "$flavour"
out="$top/build/$flavour"
stage="$out/initramfs"

rm -rf "$stage"
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,usr/bin}
install_kselftests "$flavour" "$stage/kselftest"
cp "$top/build/busybox-$ARCH/bin/busybox" "$stage/bin/busybox"
cp "$top/testbed/init" "$stage/init"
# kselftest's runner calls /usr/bin/timeout with GNU's options
cp "$top/testbed/timeout" "$stage/usr/bin/timeout"
chmod 755 "$stage/init" "$stage/usr/bin/timeout"
mknod -m 600 "$stage/dev/console" c 5 1

pack_initramfs "$stage" "$out/initramfs.cpio"
echo "initramfs: $flavour: $(wc -l < "$stage/kselftest/kselftest-list.txt") kselftest programs, $(du -h "$out/initramfs.cpio" | cut -f1)"
