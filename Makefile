# The MSI doorbell series: patch queue, test bed and gate.
#
#   make run     deps, tree, arm64 kernel, initramfs, every machine, summary
#   make check   the whole gate (what .ci/run calls)
#   make export  write patches/ and series back from build/linux
#
# Everything is generated under build/, which is never committed.

# Debian's tools first: checkpatch's SPDX check needs Debian's python3-ply.
export PATH := /usr/sbin:/usr/bin:/sbin:/bin:$(PATH)

TB := testbed

.PHONY: run check deps tree kernel debug-kernel x86_64 initramfs boot export clean help bench

help:
	@sed -n 's/^#   //p' Makefile

run: deps tree
	bash $(TB)/run.sh arm64

check: deps tree
	bash $(TB)/gate.sh

deps:
	bash $(TB)/deps.sh

tree: deps
	bash $(TB)/tree.sh

kernel: tree
	bash $(TB)/kernel.sh arm64

debug-kernel: tree
	bash $(TB)/kernel.sh debug

x86_64: tree
	bash $(TB)/kernel.sh x86_64

initramfs: kernel
	bash $(TB)/initramfs.sh arm64

# make boot MACHINE=gicv2m: one machine, arm64 kernel as built
boot:
	bash $(TB)/boot.sh arm64 $(MACHINE)
	python3 $(TB)/summary.py build/results/arm64 $(MACHINE)

export:
	bash $(TB)/export.sh

clean:
	rm -rf build/arm64 build/debug build/x86_64 build/results build/gate

# patched versus base: VFIO attach time and MSI round trips (not in the gate)
bench: deps tree
	bash $(TB)/bench.sh
