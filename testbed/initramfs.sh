#!/bin/bash
# Build the guest initramfs for one kernel flavour: the architecture's
# busybox, the series' kselftests (built static for that architecture)
# and testbed/init.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/testbed/flavour.sh"
flavour=$1
flavour_vars "$flavour"
tree="$top/build/linux"
out="$top/build/$flavour"
stage="$out/initramfs"
ksout="$out/kselftest"
# The kselftest directories the series adds; each test binary runs in the guest.
targets=$(cat "$top/testbed/kselftests")

make -s -C "$tree" O="$out" ARCH=$ARCH CROSS_COMPILE=$CROSS headers

rm -rf "$stage"
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,kselftest}
cp "$top/build/busybox-$ARCH/bin/busybox" "$stage/bin/busybox"
cp "$top/testbed/init" "$stage/init"
chmod 755 "$stage/init"
mknod -m 600 "$stage/dev/console" c 5 1

: > "$stage/kselftest/list"
for t in $targets; do
	[ -d "$tree/tools/testing/selftests/$t" ] || continue
	mkdir -p "$ksout/$t"
	make -s -C "$tree/tools/testing/selftests/$t" ARCH=$ARCH CROSS_COMPILE=$CROSS \
		OUTPUT="$ksout/$t" KHDR_INCLUDES="-isystem $out/usr/include" LDFLAGS=-static
	mkdir -p "$stage/kselftest/$t"
	for prog in $(make -s --no-print-directory -C "$tree/tools/testing/selftests/$t" \
			OUTPUT="$ksout/$t" -f Makefile -f - print-progs <<<'print-progs: ; @echo $(TEST_GEN_PROGS) $(TEST_PROGS)'); do
		cp "$prog" "$stage/kselftest/$t/"
		echo "$t/$(basename "$prog")" >> "$stage/kselftest/list"
	done
done

(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$out/initramfs.cpio"
echo "initramfs: $flavour: $(wc -l < "$stage/kselftest/list") kselftest programs, $(du -h "$out/initramfs.cpio" | cut -f1)"
