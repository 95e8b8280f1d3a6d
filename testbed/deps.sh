#!/bin/bash
# Install what the test bed needs from Debian's packages, idempotently.
# Must run as root on a fresh machine; a machine that has everything is left alone.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/testbed/base-version"

PKGS="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm qemu-system-x86 flex bison bc
libssl-dev libelf-dev cpio device-tree-compiler sparse python3 perl xz-utils git
make gcc libc6-dev kmod python3-ply python3-git"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done

have_src=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)

updated=
apt_update() {
	[ -n "$updated" ] && return
	echo "deps: apt-get update"
	apt-get update -qq >/dev/null
	updated=1
}

if [ -n "$missing" ]; then
	apt_update
	echo "deps: installing$missing"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

if [ "$have_src" != "$BASE_DEB_VERSION" ]; then
	apt_update
	if apt-cache madison linux-source-6.12 | awk '{print $3}' | grep -qxF "$BASE_DEB_VERSION"; then
		echo "deps: installing linux-source-6.12=$BASE_DEB_VERSION"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --allow-downgrades \
			"linux-source-6.12=$BASE_DEB_VERSION" >/dev/null
	elif [ -z "$have_src" ]; then
		echo "deps: WARNING: linux-source-6.12 $BASE_DEB_VERSION is gone from the archive;" >&2
		echo "deps: WARNING: using the newest 6.12 instead; patches may not apply" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-source-6.12 >/dev/null
	else
		echo "deps: WARNING: linux-source-6.12 $BASE_DEB_VERSION unavailable, using installed $have_src" >&2
	fi
fi

# busybox for the guests, one per architecture: unpacked, never installed
# over the host's.
for arch in arm64 amd64; do
	dir="$top/build/busybox-${arch/amd64/x86_64}"
	[ -x "$dir/bin/busybox" ] && continue
	if [ "$arch" != "$(dpkg --print-architecture)" ] &&
	   ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		dpkg --add-architecture "$arch"
		updated=
	fi
	apt_update
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
	(cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root "busybox-static:$arch" >/dev/null)
	rm -rf "$dir"
	mkdir -p "$dir"
	dpkg -x "$tmp"/busybox-static_*_"$arch".deb "$dir"
	rm -rf "$tmp"
	echo "deps: unpacked busybox-static:$arch"
done
