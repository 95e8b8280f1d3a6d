# Sourced: what a kernel flavour is. A flavour is an architecture, plain
# or with "-debug" (configs/debug.config on top); its kernel is built in
# build/<flavour>, and a machine (testbed/machines/*) says its ARCH.
#
# flavour_vars FLAVOUR sets ARCH, CROSS (the cross-compiler prefix, empty
# for the host's), FRAGS (config fragments), IMAGE (the kernel image,
# relative to the build directory), QEMU (the system emulator) and
# CONSOLE (the serial console's kernel parameter).
flavour_vars() {
	ARCH=${1%-debug}
	FRAGS="$ARCH.config"
	[ "$ARCH" = "$1" ] || FRAGS="$FRAGS debug.config"
	case "$ARCH" in
	arm64)	CROSS=aarch64-linux-gnu-; IMAGE=arch/arm64/boot/Image
		QEMU=qemu-system-aarch64; CONSOLE=ttyAMA0 ;;
	x86_64)	CROSS=; IMAGE=arch/x86/boot/bzImage
		QEMU=qemu-system-x86_64; CONSOLE=ttyS0 ;;
	*)	echo "unknown kernel flavour $1" >&2; return 1 ;;
	esac
	case "$1" in "$ARCH"|"$ARCH-debug") ;; *) echo "unknown kernel flavour $1" >&2; return 1 ;; esac
}

# machine_arch MACHINE: the ARCH a machine file names.
machine_arch() {
	sed -n 's/^ARCH=//p' "$top/testbed/machines/$1"
}
