#!/bin/bash
# Build the kernels of one kind ("plain" for make run, "debug" for the
# gate) for every architecture the machines need, with their initramfs,
# boot every machine and print the summary. Exit status is the summary's.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/testbed/lib.sh"
kind=${1:-plain}
machines=${MACHINES:-$(grep -v '^#' "$top/testbed/machines/list")}
case "$kind" in
plain)	suffix= ;;
debug)	suffix=-debug ;;
*)	echo "run: unknown kind $kind (plain or debug)" >&2; exit 1 ;;
esac

# the architectures in the order the machines list them
arches=$(for m in $machines; do machine_arch "$m"; done | awk '!seen[$0]++')
rm -rf "$top/build/results/$kind"
for arch in $arches; do
	t0=$(date +%s)
	bash "$top/testbed/kernel.sh" "$arch$suffix"
	bash "$top/testbed/initramfs.sh" "$arch$suffix"
	t1=$(date +%s)
	# One guest per core at a time: each is a single-threaded TCG vCPU.
	for m in $machines; do
		[ "$(machine_arch "$m")" = "$arch" ] || continue
		while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do
			wait -n || true
		done
		bash "$top/testbed/boot.sh" "$arch$suffix" "$m" &
	done
	wait
	echo "run: $arch$suffix: kernel+initramfs $((t1 - t0))s, boots $(($(date +%s) - t1))s"
done
echo
python3 "$top/testbed/summary.py" "$top/build/results/$kind" $machines
