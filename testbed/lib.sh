# Sourced by the test bed's scripts, after setting $top: what a kernel
# flavour is, how a machine boots, how the kselftests build, and the hash
# that says which queue build/linux holds. Each of these is written here
# only.

# A flavour is an architecture, plain or with "-debug" (configs/debug.config
# on top); its kernel is built in build/<flavour>, and a machine
# (testbed/machines/*) says its ARCH.
#
# flavour_vars FLAVOUR sets ARCH, CROSS (the cross-compiler prefix, empty
# for the host's), FRAGS (config fragments: testbed/configs/NAME, or
# @PATH in the kernel tree), IMAGE (the kernel image,
# relative to the build directory), QEMU (the system emulator) and
# CONSOLE (the serial console's kernel parameter).
flavour_vars() {
	ARCH=${1%-debug}
	FRAGS="$ARCH.config"
	[ "$ARCH" = "$1" ] || FRAGS="$FRAGS @kernel/configs/debug.config debug.config"
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

# machine_dtb MACHINE DTB: write to DTB QEMU's own device tree of MACHINE
# (its QEMU_ARGS, with -smp 1 -m 1G as run_machine boots it) with the nodes
# of testbed/dt/$DTSI added, MSI_PARENT in them replaced by the machine's
# DT_MSI_PARENT. They refer to QEMU's nodes by the labels intc, its, v2m
# and smmuv3. Returns 1, writing nothing, for a machine without DTSI.
machine_dtb() {
	(
		. "$top/testbed/machines/$1"
		[ -n "${DTSI:-}" ] || exit 1
		flavour_vars "$ARCH"
		$QEMU $QEMU_ARGS -smp 1 -m 1G -display none \
			-machine dumpdtb="$2.qemu" > /dev/null 2>&1 || exit 2
		{
			dtc -q -I dtb -O dts "$2.qemu" |
				sed -E 's/^(\t+)(intc|its|v2m|smmuv3)@/\1\2: \2@/'
			sed "s|MSI_PARENT|${DT_MSI_PARENT//&/\\&}|" "$top/testbed/dt/$DTSI"
		} > "$2.dts"
		dtc -q -I dts -O dtb -o "$2" "$2.dts" || exit 2
	)
}

# run_machine MACHINE IMAGE INITRD LOG TIMEOUT EXTRA_CMDLINE [QEMU ARGS...]:
# boot MACHINE with the kernel IMAGE and INITRD, the serial console to LOG
# ("-": this terminal, interactive; Ctrl-A X quits QEMU), the machine's
# kernel parameters and EXTRA_CMDLINE. Returns QEMU's exit status, 124 or
# 137 when it was killed after TIMEOUT seconds.
run_machine() {
	local machine=$1 image=$2 initrd=$3 log=$4 timeout=$5 extra=$6
	local dtb="$top/build/dt/$machine.dtb" rc=0
	shift 6
	mkdir -p "$top/build/dt"
	machine_dtb "$machine" "$dtb" || rc=$?
	case $rc in
	0)	set -- -dtb "$dtb" "$@" ;;
	1)	;;
	*)	echo "$machine: could not make its device tree ($dtb.dts)" >&2; return 1 ;;
	esac
	(
		. "$top/testbed/machines/$machine"
		flavour_vars "$ARCH"
		set -- $QEMU_ARGS -smp 1 -m 1G "$@" -display none -no-reboot \
			-kernel "$image" -initrd "$initrd" \
			-append "console=$CONSOLE panic=-1 $CMDLINE $extra"
		if [ "$log" = - ]; then
			timeout --foreground -k 5 "$timeout" $QEMU "$@" -monitor none \
				-serial mon:stdio
		else
			# the rocker's ports have no network backend, on purpose
			timeout -k 5 "$timeout" $QEMU "$@" -monitor none \
				-serial "file:$log" </dev/null \
				2> >(grep -v 'warning: nic .* has no peer$' >&2)
		fi
	)
}

# pack_initramfs DIR CPIO: the initramfs image of the tree DIR.
pack_initramfs() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$2"
}

# build_kselftests FLAVOUR OUTDIR: the series' kselftests (testbed/kselftests
# lists their directories), static, for FLAVOUR's architecture, against the
# uapi headers of the tree as it is checked out, into OUTDIR/<dir>.
build_kselftests() {
	local t tree="${LINUX_TREE:-$top/build/linux}" kout="$top/build/$1"
	flavour_vars "$1" || return 1
	make -s -C "$tree" O="$kout" ARCH=$ARCH CROSS_COMPILE=$CROSS headers || return 1
	for t in $(cat "$top/testbed/kselftests"); do
		[ -d "$tree/tools/testing/selftests/$t" ] || continue
		mkdir -p "$2/$t"
		make -s -C "$tree/tools/testing/selftests/$t" ARCH=$ARCH CROSS_COMPILE=$CROSS \
			OUTPUT="$2/$t" KHDR_INCLUDES="-isystem $kout/usr/include" \
			LDFLAGS=-static || return 1
	done
}

# install_kselftests FLAVOUR DIR: the series' kselftests, built as
# build_kselftests does, installed into DIR the way "make kselftest-install"
# lays them out: DIR/run_kselftest.sh, DIR/kselftest-list.txt
# (COLLECTION:TEST lines), DIR/<dir>/ with each directory's programs and
# settings file.
install_kselftests() {
	local tree="${LINUX_TREE:-$top/build/linux}" kout="$top/build/$1" targets=""
	flavour_vars "$1" || return 1
	for t in $(cat "$top/testbed/kselftests"); do
		[ -d "$tree/tools/testing/selftests/$t" ] && targets="$targets $t"
	done
	make -s -C "$tree" O="$kout" ARCH=$ARCH CROSS_COMPILE=$CROSS headers || return 1
	# the selftests' top Makefile: O= puts the build under $kout/kselftest
	# and takes the uapi headers from $kout/usr/include
	make -s -C "$tree/tools/testing/selftests" O="$kout" ARCH=$ARCH \
		CROSS_COMPILE=$CROSS TARGETS="${targets# }" LDFLAGS=-static \
		INSTALL_PATH="$2" install >/dev/null || return 1
	# its exit status is that of the last directory only
	for t in $targets; do
		grep -q "^$t:" "$2/kselftest-list.txt" || {
			echo "kselftests: nothing installed for $t" >&2; return 1; }
	done
}

# series_hash: which queue series and patches/ hold.
series_hash() {
	(cd "$top" && cat series $(grep -v '^#' series | sed 's|^|patches/|')) | sha1sum | cut -d' ' -f1
}
