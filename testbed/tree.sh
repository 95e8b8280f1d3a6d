#!/bin/bash
# Make build/linux from the base tarball (tag "base") and apply the series
# with git am onto branch "series". Quick when nothing changed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree="$top/build/linux"
tarball=/usr/src/linux-source-6.12.tar.xz
stamp="$top/build/series.applied"

git_k() { git -C "$tree" "$@"; }

. "$top/testbed/lib.sh"

if ! git_k rev-parse -q --verify base >/dev/null 2>&1; then
	echo "tree: extracting $tarball"
	rm -rf "$tree" "$stamp"
	mkdir -p "$tree"
	tar -C "$tree" --strip-components=1 -xJf "$tarball"
	# Debian's packaging appends a rule ignoring every top-level path;
	# without stripping it git sees nothing to commit.
	python3 - "$tree/.gitignore" <<'PY'
import sys, re
p = sys.argv[1]
lines = open(p).read().split('\n')
# drop everything from Debian's "/*" rule on (it and its exceptions)
for i, l in enumerate(lines):
    if l.strip() == '/*':
        j = i
        while j > 0 and lines[j - 1].startswith('#'):
            j -= 1
        lines = lines[:j]
        break
open(p, 'w').write('\n'.join(lines).rstrip('\n') + '\n')
PY
	git_k init -q -b series
	git_k config core.abbrev 12
	git_k add -A
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
		git_k -c user.name="Debian linux-source" -c user.email="linux-source@localhost" \
		commit -q --date="2000-01-01T00:00:00Z" -m "Linux v6.12 (Debian linux-source-6.12 $ver)"
	git_k tag base
	echo "tree: base tagged ($(git_k rev-parse --short base))"
fi

# Work in build/linux that patches/ does not have would be built and booted
# while checkpatch and the applied series see the old queue, or be thrown
# away by a new git am: refuse, whether or not patches/ changed.
if [ -n "$(git_k status --porcelain --untracked-files=no)" ]; then
	echo "tree: build/linux has uncommitted changes: commit them in build/linux and" \
		"run 'make export', or discard them (git -C build/linux checkout -- .)" >&2
	exit 1
fi
if [ -f "$top/build/series.exported" ] &&
   [ "$(cat "$top/build/series.exported")" != "$(git_k rev-parse series)" ]; then
	echo "tree: branch series in build/linux has commits that were not exported:" \
		"run 'make export' (or reset series to $(cut -c1-12 "$top/build/series.exported"))" >&2
	exit 1
fi

want=$(series_hash)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
   [ "$(git_k symbolic-ref -q --short HEAD)" = series ]; then
	echo "tree: series already applied ($(git_k rev-list --count base..series) patches)"
	exit 0
fi

git_k am --abort >/dev/null 2>&1 || true
git_k checkout -q -B series base
# git am records a committer: use the project's configured identity.
ident_name=$(git -C "$top" config user.name || echo "MSI doorbell test bed")
ident_mail=$(git -C "$top" config user.email || echo "testbed@localhost")
rm -f "$stamp"
n=0
for p in $(grep -v '^#' "$top/series"); do
	case "$p" in 0000-*) continue ;; esac
	if ! out=$(git_k -c user.name="$ident_name" -c user.email="$ident_mail" am -q --keep-cr "$top/patches/$p" 2>&1); then
		echo "tree: patch $p failed to apply:" >&2
		echo "$out" >&2
		git_k am --abort >/dev/null 2>&1 || true
		exit 1
	fi
	n=$((n + 1))
done
echo "$want" > "$stamp"
git_k rev-parse series > "$top/build/series.exported"
echo "tree: applied $n patches on base"
