#!/bin/bash
# Boot one machine with one kernel flavour; the console goes to
# build/results/<flavour>/<machine>.log. A guest that does not power off
# within the timeout is killed; the summary reports it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
flavour=$1
machine=$2
out="$top/build/$flavour"
res="$top/build/results/$flavour"
timeout=${BOOT_TIMEOUT:-300}
. "$top/testbed/machines/$machine"
mkdir -p "$res"
log="$res/$machine.log"
rm -f "$log" "$res/$machine.status"

start=$(date +%s.%N)
set +e
timeout -k 5 "$timeout" qemu-system-aarch64 $QEMU_ARGS -smp 1 -m 1G \
	-display none -monitor none -serial "file:$log" -no-reboot \
	-kernel "$out/arch/arm64/boot/Image" -initrd "$out/initramfs.cpio" \
	-append "console=ttyAMA0 panic=-1 $CMDLINE" </dev/null
rc=$?
set -e
secs=$(echo "$(date +%s.%N) - $start" | bc)
if [ $rc = 124 ] || [ $rc = 137 ]; then
	echo "timeout $timeout" > "$res/$machine.status"
	printf 'boot: %-14s %-6s killed after %ss\n' "$machine" "$flavour" "$timeout"
else
	echo "exit $rc" > "$res/$machine.status"
	printf 'boot: %-14s %-6s %.1fs\n' "$machine" "$flavour" "$secs"
fi
