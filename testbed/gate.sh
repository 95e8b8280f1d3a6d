#!/bin/bash
# The test gate: what kernel reviewers and their bots check, in one run.
#   checkpatch --strict on every patch (exceptions: testbed/checkpatch-exceptions)
#   every patch builds for arm64, incrementally (debug config), and so do
#   the kselftests of every patch that touches them or the uapi
#   W=1 and sparse add no warnings in the touched files (arm64; x86_64 for
#   those arm64 does not build), compared to base
#   kernel-doc is clean on the touched files, compared to base
#   an x86_64 debug kernel of the whole series, the registry compiled out
#   every test machine (arm64 and x86_64) on the debug kernels (KASAN,
#   lockdep, kmemleak)
# Prints the time of every stage; the last line counts checks and tests.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree="$top/build/linux"
out="$top/build/arm64-debug"
gate="$top/build/gate"
git_k() { git -C "$tree" "$@"; }
. "$top/testbed/lib.sh"
. "$top/testbed/base-version"
rm -rf "$gate"
mkdir -p "$gate"

declare -a rows
checks_passed=0
checks_failed=0
checks_skipped=0
stage() {	# stage NAME FUNCTION [nocount]: run it, time it, record the verdict
	local name=$1 t0 rc
	t0=$(date +%s)
	echo "== $name"
	"$2"
	rc=$?
	if [ $rc = 0 ]; then
		verdict=ok
		[ -n "${3:-}" ] || checks_passed=$((checks_passed + 1))
	elif [ $rc = 77 ]; then
		verdict=skipped
		[ -n "${3:-}" ] || checks_skipped=$((checks_skipped + 1))
	else
		verdict=FAILED
		[ -n "${3:-}" ] || checks_failed=$((checks_failed + 1))
	fi
	rows+=("$(printf '%-28s %-7s %5ss' "$name" "$verdict" $(($(date +%s) - t0)))")
	echo "== $name: $verdict"
}

patches=$(grep -v '^#' "$top/series" | grep -v '^0000-')
commits=$(git_k rev-list --reverse base..series)
touched=$(git_k diff --name-only --diff-filter=AM base series | grep -v '^tools/' || true)
touched_c=$(echo "$touched" | grep '\.c$' || true)
touched_src=$(echo "$touched" | grep '\.[ch]$' || true)

run_checkpatch() {
	local p rc=0
	(cd "$tree" && for p in $patches; do
		scripts/checkpatch.pl --strict --terse --show-types --no-summary "$top/patches/$p"
	done) > "$gate/checkpatch.raw" 2>&1
	python3 "$top/testbed/filter-exceptions.py" "$top/testbed/checkpatch-exceptions" \
		< "$gate/checkpatch.raw" > "$gate/checkpatch.out" || rc=1
	cat "$gate/checkpatch.out"
	echo "checkpatch: $(echo $patches | wc -w) patches, $(grep -c ': \(ERROR\|WARNING\|CHECK\):' "$gate/checkpatch.raw") findings, $(grep -c . "$gate/checkpatch.out") not excepted"
	return $rc
}

# The series on Linux as released, without Debian's patches: the files it
# changes, from Debian's orig tarball (upstream less a few non-free files;
# testbed/deps.sh fetches it), patched
# in order. 77 (skipped) when the tarball could not be had.
run_pristine() {
	local orig="$top/build/orig/linux-6.12_$BASE_UPSTREAM.orig.tar.xz" dir="$gate/pristine" p
	if [ ! -f "$orig" ]; then
		echo "pristine: no $(basename "$orig") (make deps could not fetch it from Debian's archive): skipped"
		return 77
	fi
	mkdir -p "$dir"
	git_k diff --no-renames --name-only --diff-filter=MD base series > "$gate/pristine.files"
	sed 's|^|*/|' "$gate/pristine.files" |
		tar -C "$dir" --strip-components=1 --wildcards -xJf "$orig" -T - || return 1
	for p in $patches; do
		# no fuzz: git am would not accept it either
		patch -d "$dir" -p1 -s -f --fuzz=0 --no-backup-if-mismatch < "$top/patches/$p" ||
			{ echo "pristine: $p does not apply on $BASE_UPSTREAM"; return 1; }
	done
	echo "pristine: $(echo $patches | wc -w) patches apply on $BASE_UPSTREAM ($(wc -l < "$gate/pristine.files") files changed from it)"
}

# W=1 and sparse on one revision: every touched .c file that builds in the
# arm64 debug config, then what did not in the x86_64 one, with the
# warnings that point into touched files. One make per architecture (-k:
# a file of a third architecture fails alone); an object that is not there
# afterwards was not built in that configuration.
w1_objs() {	# w1_objs FLAVOUR LABEL OBJ...: prints the objects not built
	local flavour=$1 label=$2 f
	shift 2
	for f in "$@"; do rm -f "$top/build/$flavour/$f"; done
	bash "$top/testbed/kernel.sh" "$flavour" -k W=1 C=2 "$@" >> "$gate/w1-$label.raw" 2>&1
	for f in "$@"; do
		[ -f "$top/build/$flavour/$f" ] || echo "$f"
	done
}

warnings_at() {	# warnings_at LABEL
	local label=$1 f objs=() missing
	: > "$gate/w1-$label.log"
	: > "$gate/w1-$label.raw"
	for f in $touched_c; do
		[ -f "$tree/$f" ] || continue
		# A file #included by another (KUnit tests built into what
		# they test) is compiled, and checked, as part of that one.
		if grep -qs "^#include \"$(basename "$f")\"" "$(dirname "$tree/$f")"/*.c; then
			echo "$f: checked with the file that includes it" >> "$gate/w1-$label.log"
			continue
		fi
		objs+=("${f%.c}.o")
	done
	missing=$(w1_objs arm64-debug "$label" "${objs[@]}")
	[ -z "$missing" ] || missing=$(w1_objs x86_64-debug "$label" $missing)
	for f in $missing; do
		echo "${f%.o}.c: not built in either configuration" >> "$gate/w1-$label.log"
	done
	if [ "$(echo $missing | wc -w)" = ${#objs[@]} ]; then
		echo "W=1 ($label): nothing was built"; tail -30 "$gate/w1-$label.raw"
		return 1
	fi
	python3 "$top/testbed/warnings.py" extract $touched_src < "$gate/w1-$label.raw" > "$gate/w1-$label.txt"
}

run_base_warnings() {
	git_k checkout -q --detach base && warnings_at base
}

run_builds() {
	local c n=0 rc=0
	for c in $commits; do
		n=$((n + 1))
		git_k checkout -q --detach "$c" || return 1
		# A patch that touches only selftests or documentation leaves
		# the kernel as the previous one built it.
		if git_k diff --quiet "$c~1" "$c" -- . ':!tools/testing/selftests' ':!Documentation'; then
			:
		elif ! bash "$top/testbed/kernel.sh" arm64-debug > "$gate/build-$n.log" 2>&1; then
			echo "patch $n ($(git_k log -1 --format=%s "$c")) does not build:"
			tail -30 "$gate/build-$n.log"
			rc=1
			break
		fi
		# the kselftests too, when the patch touches them or the uapi
		if git_k diff --quiet "$c~1" "$c" -- tools/testing/selftests include/uapi; then
			:
		elif ! build_kselftests arm64-debug "$gate/kselftest-$n" > "$gate/kselftest-$n.log" 2>&1; then
			echo "patch $n ($(git_k log -1 --format=%s "$c")): kselftests do not build:"
			tail -30 "$gate/kselftest-$n.log"
			rc=1
			break
		fi
		echo "patch $n builds: $(git_k log -1 --format=%s "$c")"
	done
	git_k checkout -q series
	return $rc
}

run_tip_warnings() {
	warnings_at series || return 1
	python3 "$top/testbed/warnings.py" compare "$gate/w1-base.txt" "$gate/w1-series.txt"
}

run_kerneldoc() {
	local f rc=0
	mkdir -p "$gate/kdoc-base"
	: > "$gate/kdoc-base.txt"; : > "$gate/kdoc-series.txt"
	for f in $touched_src; do
		(cd "$tree" && scripts/kernel-doc -none -Wall "$f") 2>&1 |
			sed "s|^|$f: |" >> "$gate/kdoc-series.txt"
		if git_k cat-file -e "base:$f" 2>/dev/null; then
			mkdir -p "$gate/kdoc-base/$(dirname "$f")"
			git_k show "base:$f" > "$gate/kdoc-base/$f"
			(cd "$gate/kdoc-base" && "$tree/scripts/kernel-doc" -none -Wall "$f") 2>&1 |
				sed "s|^|$f: |" >> "$gate/kdoc-base.txt"
		fi
	done
	python3 "$top/testbed/warnings.py" compare "$gate/kdoc-base.txt" "$gate/kdoc-series.txt"
}

run_x86() {
	bash "$top/testbed/kernel.sh" x86_64-debug > "$gate/x86_64.log" 2>&1 || { tail -30 "$gate/x86_64.log"; return 1; }
	# No x86 MSI controller registers doorbells: the registry and its
	# consumers must build compiled out, where v6.12 behaviour is kept.
	if grep -q '^CONFIG_MSI_DOORBELL=y' "$top/build/x86_64-debug/.config"; then
		echo "x86_64: CONFIG_MSI_DOORBELL is set; the compiled-out build is not checked"
		return 1
	fi
	echo "x86_64 debug bzImage built, CONFIG_MSI_DOORBELL unset"
}

run_tests() {
	# the tip's debug kernels, rebuilt where W=1 left objects behind
	bash "$top/testbed/run.sh" debug | tee "$gate/tests.txt"
	return "${PIPESTATUS[0]}"
}

start=$(date +%s)
stage "checkpatch --strict" run_checkpatch
stage "applies on pristine $BASE_UPSTREAM" run_pristine
stage "W=1/sparse at base" run_base_warnings
stage "every patch builds (arm64)" run_builds
stage "W=1/sparse: nothing new" run_tip_warnings
stage "kernel-doc: nothing new" run_kerneldoc
stage "x86_64 debug kernel" run_x86
stage "tests on debug kernels" run_tests nocount

echo
echo "Gate stages:"
printf '  %s\n' "${rows[@]}"
echo "  total $(($(date +%s) - start))s"
read -r tp tf ts < <(tail -1 "$gate/tests.txt" 2>/dev/null |
	sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')
tp=${tp:-0}; tf=${tf:-0}; ts=${ts:-0}
echo "Gate: $checks_passed check(s) ok, $checks_failed failed, $checks_skipped skipped; tests: $tp passed, $tf failed, $ts skipped"
echo "$((tp + checks_passed)) passed, $((tf + checks_failed)) failed, $((ts + checks_skipped)) skipped"
[ $((tf + checks_failed)) = 0 ]
