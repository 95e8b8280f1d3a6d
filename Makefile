# The MSI doorbell series: patch queue, test bed and gate.
#
#   make run          deps, tree, the arm64 and x86_64 kernels, initramfs, every machine, summary
#   make check        the whole gate (what .ci/run calls)
#   make export       write patches/ and series back from build/linux
#   make deps         install what is missing (Debian packages, the guests' busybox)
#   make tree         make build/linux: the base tree and the series applied with git am
#   make kernel       build one kernel flavour: FLAVOUR=arm64 (default), arm64-debug, x86_64, x86_64-debug
#   make debug-kernel the arm64 debug kernel (KASAN, lockdep, kmemleak)
#   make x86_64       the x86_64 kernel
#   make initramfs    the guest initramfs of FLAVOUR
#   make boot         one machine: MACHINE=gicv2m (testbed/machines/), DEBUG=1 for the debug kernel
#   make shell        one machine with a shell on this terminal instead of the tests (MACHINE=, DEBUG=1)
#   make bench        patched versus base kernel under -icount (not in the gate)
#   make submit       the mails for upstream in build/submit/, checked, not sent (SUBMITTER="Name <mail>")
#   make clean        remove the kernels and results (keeps build/linux)
#
# Everything is generated under build/, which is never committed.

# Debian's tools first: checkpatch's SPDX check needs Debian's python3-ply.
export PATH := /usr/sbin:/usr/bin:/sbin:/bin:$(PATH)

TB := testbed
FLAVOUR ?= arm64
# make boot: the machine's architecture, plain or -debug
BOOT_FLAVOUR = $(shell sed -n 's/^ARCH=//p' $(TB)/machines/$(MACHINE))$(if $(DEBUG),-debug)
BOOT_KIND = $(if $(DEBUG),debug,plain)

.PHONY: run check deps tree kernel debug-kernel x86_64 initramfs boot shell export clean help bench submit

help:
	@sed -n 's/^#   //p' Makefile

run: deps tree
	bash $(TB)/run.sh plain

check: deps tree
	bash $(TB)/gate.sh

deps:
	bash $(TB)/deps.sh

tree: deps
	bash $(TB)/tree.sh

kernel: tree
	bash $(TB)/kernel.sh $(FLAVOUR)

debug-kernel: tree
	bash $(TB)/kernel.sh arm64-debug

x86_64: tree
	bash $(TB)/kernel.sh x86_64

initramfs: tree
	bash $(TB)/kernel.sh $(FLAVOUR)
	bash $(TB)/initramfs.sh $(FLAVOUR)

boot:
	@test -n "$(MACHINE)" || { echo "make boot MACHINE=<one of testbed/machines/list> [DEBUG=1]"; exit 1; }
	bash $(TB)/boot.sh $(BOOT_FLAVOUR) $(MACHINE)
	python3 $(TB)/summary.py build/results/$(BOOT_KIND) $(MACHINE)

shell:
	@test -n "$(MACHINE)" || { echo "make shell MACHINE=<one of testbed/machines/list> [DEBUG=1]"; exit 1; }
	BOOT_SHELL=1 bash $(TB)/boot.sh $(BOOT_FLAVOUR) $(MACHINE)

export:
	bash $(TB)/export.sh

clean:
	rm -rf build/arm64 build/arm64-debug build/x86_64 build/x86_64-debug build/results build/gate

# patched versus base: VFIO attach time and MSI round trips (not in the gate)
bench: deps tree
	bash $(TB)/bench.sh

# the mails for upstream, not sent: SUBMITTER="Name <mail>" make submit
submit: deps tree
	bash $(TB)/submit.sh
