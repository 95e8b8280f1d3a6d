#!/bin/bash
# Build one arm64 kernel flavour and its initramfs, boot every machine and
# print the summary. Exit status is the summary's.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
flavour=${1:-arm64}
machines=${MACHINES:-$(cat "$top/testbed/machines/list")}

t0=$(date +%s)
bash "$top/testbed/kernel.sh" "$flavour"
bash "$top/testbed/initramfs.sh" "$flavour"
t1=$(date +%s)
rm -rf "$top/build/results/$flavour"
for m in $machines; do
	bash "$top/testbed/boot.sh" "$flavour" "$m"
done
t2=$(date +%s)
echo "run: kernel+initramfs $((t1 - t0))s, boots $((t2 - t1))s"
echo
python3 "$top/testbed/summary.py" "$top/build/results/$flavour" $machines
