#!/bin/bash
# Build the guest initramfs for one kernel flavour: the architecture's
# busybox, the series' kselftests (built static for that architecture)
# and testbed/init.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/testbed/lib.sh"
flavour=$1
flavour_vars "$flavour"
out="$top/build/$flavour"
stage="$out/initramfs"
ksout="$out/kselftest"

build_kselftests "$flavour" "$ksout"

rm -rf "$stage"
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,kselftest}
cp "$top/build/busybox-$ARCH/bin/busybox" "$stage/bin/busybox"
cp "$top/testbed/init" "$stage/init"
chmod 755 "$stage/init"
mknod -m 600 "$stage/dev/console" c 5 1

: > "$stage/kselftest/list"
for t in $(cat "$top/testbed/kselftests"); do
	[ -d "$top/build/linux/tools/testing/selftests/$t" ] || continue
	mkdir -p "$stage/kselftest/$t"
	for prog in $(kselftest_progs "$t" "$ksout"); do
		cp "$prog" "$stage/kselftest/$t/"
		echo "$t/$(basename "$prog")" >> "$stage/kselftest/list"
	done
done

pack_initramfs "$stage" "$out/initramfs.cpio"
echo "initramfs: $flavour: $(wc -l < "$stage/kselftest/list") kselftest programs, $(du -h "$out/initramfs.cpio" | cut -f1)"
