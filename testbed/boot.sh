#!/bin/bash
# Boot one machine on the kernel of one flavour (the machine's ARCH, plain
# or -debug); the console goes to build/results/<kind>/<machine>.log,
# <kind> being "plain" or "debug". A guest that does not power off within
# the timeout is killed; the summary reports it.
#
# From the environment: BOOT_CMDLINE, more kernel parameters; BOOT_QEMU_ARGS,
# more QEMU arguments ("-s -S": wait for gdb on port 1234); BOOT_TIMEOUT,
# seconds (300 on the plain kernel, 900 on the debug one); BOOT_SHELL=1, a shell on this terminal instead of the tests.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/testbed/lib.sh"
flavour=$1
machine=$2
flavour_vars "$flavour"
out="$top/build/$flavour"
kind=plain
[ "$flavour" = "$ARCH" ] || kind=debug
res="$top/build/results/$kind"
# The timeout is there to catch a hung guest, with room for a slower host:
# gicv3-its on the debug kernel took 284s on one two-core machine and more
# than 300s on another.
timeout=${BOOT_TIMEOUT:-300}
[ $kind = plain ] || timeout=${BOOT_TIMEOUT:-900}
if [ "$ARCH" != "$(machine_arch "$machine")" ]; then
	echo "boot: machine $machine is $(machine_arch "$machine"), not $ARCH" >&2
	exit 1
fi
mkdir -p "$res"
log="$res/$machine.log"
rm -f "$log" "$res/$machine.status"

if [ -n "${BOOT_SHELL:-}" ]; then
	exec_log=-
	timeout=${BOOT_TIMEOUT:-86400}
	BOOT_CMDLINE="${BOOT_CMDLINE:-} testbed.shell=1"
fi

start=$(date +%s.%N)
set +e
run_machine "$machine" "$out/$IMAGE" "$out/initramfs.cpio" "${exec_log:-$log}" "$timeout" \
	"${BOOT_CMDLINE:-}" ${BOOT_QEMU_ARGS:-}
rc=$?
[ -z "${BOOT_SHELL:-}" ] || exit $rc
set -e
secs=$(echo "$(date +%s.%N) - $start" | bc)
if [ $rc = 124 ] || [ $rc = 137 ]; then
	echo "timeout $timeout" > "$res/$machine.status"
	printf 'boot: %-14s %-12s killed after %ss\n' "$machine" "$flavour" "$timeout"
else
	echo "exit $rc" > "$res/$machine.status"
	printf 'boot: %-14s %-12s %.1fs\n' "$machine" "$flavour" "$secs"
fi
