#!/bin/bash
# Patched versus base kernel, same machine, alternating runs: VFIO type1
# attach time, iommufd attach time (VFIO cdev) and edu MSI round trips per
# second, on gicv3-its; then, on the patched kernel, what enabling and
# firing MSIs costs per vector, vfio-platform's 32 against vfio-pci's one
# (testbed/bench/msi_vectors.c), and what allocating and freeing costs per
# vector, PCI/IMS in queue memory against MSI-X (testbed/bench/ims_vectors.c).
# Guests run
# with -icount shift=5,sleep=off, where guest time advances with the
# instructions executed: figures repeat to within a few tenths of a
# percent, and count instructions, not cache effects.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/testbed/lib.sh"
runs=${BENCH_RUNS:-3}
attaches=${BENCH_ATTACHES:-200}
rounds=${BENCH_ROUNDS:-2000}
out="$top/build/bench"
base_tree="$top/build/linux-base"
mkdir -p "$out"

if [ ! -d "$base_tree" ]; then
	git -C "$top/build/linux" worktree add -q --detach "$base_tree" base
fi
git -C "$base_tree" checkout -q --detach base
LINUX_TREE="$base_tree" KOUT="$top/build/arm64-base" bash "$top/testbed/kernel.sh" arm64
bash "$top/testbed/kernel.sh" arm64
bash "$top/testbed/initramfs.sh" arm64 >/dev/null

for prog in vfio_bench msi_vectors ims_vectors; do
	aarch64-linux-gnu-gcc -static -O2 -Wall -isystem "$top/build/arm64/usr/include" \
		-o "$out/$prog" "$top/testbed/bench/$prog.c"
done
rm -rf "$out/initramfs"
cp -a "$top/build/arm64/initramfs" "$out/initramfs"
mkdir -p "$out/initramfs/bench"
cp "$out/vfio_bench" "$out/msi_vectors" "$out/ims_vectors" "$out/initramfs/bench/"
pack_initramfs "$out/initramfs" "$out/initramfs.cpio"

boot() {	# boot KERNEL-OUT-DIR: print "attach_us msi_per_s iommufd_attach_us iommufd_path_us"
	run_machine gicv3-its "$1/arch/arm64/boot/Image" "$out/initramfs.cpio" "$out/run.log" 600 \
		"kunit.enable=0 testbed.bench=$attaches,$rounds" -icount shift=5,sleep=off
	a=$(sed -n 's/^bench: attach_us=//p' "$out/run.log")
	m=$(sed -n 's/^bench: msi_per_s=//p' "$out/run.log")
	f=$(sed -n 's/^bench: iommufd_attach_us=//p' "$out/run.log")
	g=$(sed -n 's/^bench: iommufd_path_us=//p' "$out/run.log")
	[ -n "$a" ] && [ -n "$m" ] && [ -n "$f" ] && [ -n "$g" ] ||
		{ tail -20 "$out/run.log" >&2; return 1; }
	grep '^msi_vectors: \|^ims_vectors: ' "$out/run.log" > "$out/msi_vectors.$(basename "$1")" ||
		{ tail -20 "$out/run.log" >&2; return 1; }
	echo "$a $m $f $g"
}

: > "$out/results"
for i in $(seq "$runs"); do
	b=$(boot "$top/build/arm64-base")
	p=$(boot "$top/build/arm64")
	read -r ba bm bf bg <<<"$b"
	read -r pa pm pf pg <<<"$p"
	echo "run $i: base type1 attach $ba us, iommufd attach $bf us (path $bg us), $bm MSI/s;" \
		"patched $pa us, $pf us ($pg us), $pm MSI/s"
	echo "$b $p" >> "$out/results"
done
awk '{ba+=$1; bm+=$2; bf+=$3; bg+=$4; pa+=$5; pm+=$6; pf+=$7; pg+=$8} END {
	printf "bench: %d runs, %d attaches, %d MSI round trips each (-icount shift=5)\n", NR, '"$attaches"', '"$rounds"'
	printf "bench: type1 attach %.1f us base, %.1f us patched: ratio %.4f\n", ba/NR, pa/NR, pa/ba
	printf "bench: iommufd attach ioctl %.1f us base, %.1f us patched: ratio %.4f\n", bf/NR, pf/NR, pf/bf
	printf "bench: iommufd attach path %.1f us base, %.1f us patched: ratio %.4f\n", bg/NR, pg/NR, pg/bg
	printf "bench: MSI round trips %.0f/s base, %.0f/s patched: ratio %.4f\n", bm/NR, pm/NR, pm/bm
}' "$out/results"
# Per-vector MSI costs on the patched kernel, from its last run (the base
# kernel has no vfio-platform MSI index)
sed 's/^msi_vectors: \|^ims_vectors: /bench: /' "$out/msi_vectors.arm64"
