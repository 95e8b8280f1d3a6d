#!/bin/bash
# Install what the test bed needs from Debian's packages, idempotently.
# Must run as root on a fresh machine; a machine that has everything is left alone.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/testbed/base-version"

PKGS="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm qemu-system-x86 flex bison bc
libssl-dev libelf-dev cpio device-tree-compiler sparse python3 perl xz-utils git
make gcc libc6-dev kmod python3-ply python3-git b4 git-email"

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

# The pristine upstream tarball, from the source package (deb-src, through a
# sources list of our own: the host's apt configuration is not changed).
orig="$top/build/orig/linux-6.12_$BASE_UPSTREAM.orig.tar.xz"
if [ ! -f "$orig" ]; then
	apt_dir="$top/build/orig/apt"
	mkdir -p "$apt_dir/lists/partial"
	cat > "$apt_dir/sources.list" <<-EOF
	deb-src http://deb.debian.org/debian bookworm main
	deb-src http://deb.debian.org/debian-security bookworm-security main
	EOF
	apt_src() {
		apt-get -qq -o Dir::Etc::sourcelist="$apt_dir/sources.list" \
			-o Dir::Etc::sourceparts=/nonexistent -o Dir::State::Lists="$apt_dir/lists" \
			-o Dir::Cache="$apt_dir/cache" \
			-o APT::Sandbox::User=root "$@"
	}
	echo "deps: fetching the orig tarball of linux-6.12 $BASE_DEB_VERSION"
	mkdir -p "$apt_dir/cache/archives/partial"
	if apt_src update >"$apt_dir/source.log" 2>&1 &&
	   (cd "$top/build/orig" && apt_src source --download-only "linux-6.12=$BASE_DEB_VERSION" >>"$apt_dir/source.log" 2>&1) &&
	   [ -f "$orig" ]; then
		echo "deps: $(basename "$orig") fetched"
	else
		echo "deps: WARNING: no orig tarball for linux-6.12 $BASE_DEB_VERSION;" \
			"the gate cannot check the series on pristine $BASE_UPSTREAM (build/orig/apt/source.log)" >&2
	fi
fi
