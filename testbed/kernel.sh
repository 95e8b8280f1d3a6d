#!/bin/bash
# Configure and build one kernel flavour out of tree: build/<flavour>.
#   arm64          the arm64 test kernel (configs/arm64.config on allnoconfig)
#   arm64-debug    arm64 plus configs/debug.config (KASAN, lockdep, kmemleak, ...)
#   x86_64         the x86_64 test kernel (configs/x86_64.config on allnoconfig)
#   x86_64-debug   x86_64 plus configs/debug.config
# Extra make arguments (W=1, C=2, a target) may follow the flavour.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/testbed/lib.sh"
flavour=$1; shift
flavour_vars "$flavour"
tree=${LINUX_TREE:-$top/build/linux}
out=${KOUT:-$top/build/$flavour}
mk() { make -s -C "$tree" O="$out" ARCH=$ARCH CROSS_COMPILE=$CROSS "$@"; }

mkdir -p "$out"
frag="$out/fragment.config"
# The fragments in order, "@PATH" naming one of the kernel tree's own; a
# symbol set by several takes the last value, as merge_config.sh would.
for f in $FRAGS; do
	case "$f" in @*) cat "$tree/${f#@}" ;; *) cat "$top/testbed/configs/$f" ;; esac
done | awk '
	match($0, /^CONFIG_[A-Za-z0-9_]+=/) { sym = substr($0, 8, RLENGTH - 8) }
	match($0, /^# CONFIG_[A-Za-z0-9_]+ is not set/) { sym = substr($0, 10, RLENGTH - 20) }
	sym == "" { next }
	!(sym in val) { order[n++] = sym }
	{ val[sym] = $0; sym = "" }
	END { for (i = 0; i < n; i++) print val[order[i]] }' > "$frag"
# Regenerate the configuration whenever the fragment or a Kconfig file
# changed (a symbol added by a patch must get the fragment's value, not its
# Kconfig default; Kbuild rebuilds only what the symbols that changed
# reach), and only then: it costs seconds, and the gate builds every patch
# and compiles files one by one.
stamp=$({ cat "$frag"; git -C "$tree" ls-files -s -- '*Kconfig*'
	git -C "$tree" diff -- '*Kconfig*'; } | sha1sum)
if [ ! -f "$out/.config" ] || [ "$(cat "$out/.testbed-config" 2>/dev/null)" != "$stamp" ]; then
	rm -f "$out/.testbed-config"
	mk KCONFIG_ALLCONFIG="$frag" allnoconfig >/dev/null
	echo "$stamp" > "$out/.testbed-config"
fi
# Every option the fragment asks for must have survived Kconfig, unless
# this revision of the tree does not know it yet (an earlier patch).
bad=0
while IFS= read -r line; do
	case "$line" in CONFIG_*) ;; *) continue ;; esac
	grep -qxF "$line" "$out/.config" && continue
	sym=${line%%=*}; sym=${sym#CONFIG_}
	git -C "$tree" grep -qE "^[[:space:]]*(menu)?config[[:space:]]+$sym[[:space:]]*$" -- '*Kconfig*' || continue
	echo "kernel: $flavour: '$line' did not survive Kconfig" >&2
	bad=1
done < "$frag"
[ $bad = 0 ] || { rm -f "$out/.config"; exit 1; }

if [ $# -gt 0 ]; then
	mk -j"$(nproc)" "$@"
else
	mk -j"$(nproc)" "$(basename "$IMAGE")"
fi
