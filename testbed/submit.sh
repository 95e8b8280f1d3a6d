#!/bin/bash
# Prepare the series for sending upstream, and send nothing: write the mails
# to build/submit/ (format-patch, the version in the subject, each patch's
# changelog from patch-changes.txt below its '---'), check them with
# checkpatch, and print who each one would go to
# (get_maintainer.pl) and the git send-email command that would send them.
#
#   SUBMITTER="Your Name <you@example.org>" make submit
#
# The commits are authored and signed off by the repository's placeholder
# identity; SUBMITTER replaces both in the mails (build/linux is left alone).
set -euo pipefail
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH	# checkpatch needs Debian's python3-ply
top=$(cd "$(dirname "$0")/.." && pwd)
tree="$top/build/linux"
out="$top/build/submit"
git_k() { git -C "$tree" "$@"; }
. "$top/testbed/base-version"

placeholder="$(git_k log -1 --format='%an <%ae>' series)"
submitter=${SUBMITTER:-$placeholder}
case "$submitter" in
*" <"*@*">") ;;
*) echo "submit: SUBMITTER must look like 'Name <mail@example.org>'" >&2; exit 1 ;;
esac

# A branch of our own, removed on every exit, and the notes ref that
# format-patch shows as "Notes:", put back as it was: build/linux is left
# as it was
work=refs/heads/submit-tmp
export GIT_NOTES_REF=refs/notes/commits
saved_notes=$(git_k rev-parse -q --verify "$GIT_NOTES_REF" || true)
cleanup() {
	git_k update-ref -d "$work" 2>/dev/null || true
	git_k update-ref -d "refs/original/$work" 2>/dev/null || true
	git_k config --unset branch.submit-tmp.description 2>/dev/null || true
	if [ -n "$saved_notes" ]; then
		git_k update-ref "$GIT_NOTES_REF" "$saved_notes"
	else
		git_k update-ref -d "$GIT_NOTES_REF" 2>/dev/null || true
	fi
}
trap cleanup EXIT

rm -rf "$out"
mkdir -p "$out"
git_k update-ref -d "$work" 2>/dev/null || true
git_k update-ref "$work" series
SUB_NAME=${submitter% <*}
SUB_MAIL=${submitter##*<}
SUB_MAIL=${SUB_MAIL%>}
export SUB_NAME SUB_MAIL OLD_SOB="Signed-off-by: $placeholder" NEW_SOB="Signed-off-by: $submitter"
if [ "$submitter" != "$placeholder" ]; then
	# The identity goes through the environment, never into code
	FILTER_BRANCH_SQUELCH_WARNING=1 git_k filter-branch -f \
		--env-filter 'GIT_AUTHOR_NAME=$SUB_NAME GIT_AUTHOR_EMAIL=$SUB_MAIL; export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL' \
		--msg-filter 'awk '\''$0 == ENVIRON["OLD_SOB"] { print ENVIRON["NEW_SOB"]; next } { print }'\''' \
		base.."$work" >/dev/null
fi

# Each patch's changelog, as a note that format-patch puts below '---'
for c in $(git_k rev-list --reverse base.."$work"); do
	subject=$(git_k log -1 --format=%s "$c")
	note=$(awk -v s="[$subject]" '$0 == s { p = 1; next } /^\[/ { p = 0 } p' \
		"$top/patch-changes.txt")
	if [ -z "$(echo "$note" | tr -d '[:space:]')" ]; then
		echo "submit: no changelog for '$subject' in patch-changes.txt" >&2
		exit 1
	fi
	git_k notes add -f -m "$note" "$c"
done

# format-patch takes the cover letter from the branch's description
git_k config branch.submit-tmp.description "$(cat "$top/cover-letter.txt")"
git_k -c user.name="$SUB_NAME" -c user.email="$SUB_MAIL" \
	format-patch -q --notes --cover-letter --cover-from-description=subject \
	--subject-prefix="PATCH v$SERIES_VERSION" -o "$out" base..submit-tmp >/dev/null

echo "submit: $(ls "$out" | wc -l) mails in build/submit/ (v$SERIES_VERSION, from $submitter)"
[ "$submitter" != "$placeholder" ] ||
	echo "submit: WARNING: from the placeholder identity; set SUBMITTER='Name <mail>'" >&2

# checkpatch on what would be sent: the identity changed since the gate ran
rc=0
(cd "$tree" && for p in "$out"/0*.patch; do
	case "$p" in */0000-*) continue ;; esac
	scripts/checkpatch.pl --strict --terse --show-types --no-summary "$p"
done) > "$out/checkpatch.raw" 2>&1 || true
python3 "$top/testbed/filter-exceptions.py" "$top/testbed/checkpatch-exceptions" \
	< "$out/checkpatch.raw" > "$out/checkpatch.txt" || rc=1
cat "$out/checkpatch.txt"
echo "submit: checkpatch: $(grep -c . "$out/checkpatch.txt" || true) findings not excepted"

# b4's checks need the series enrolled with b4 prep (README); bookworm's
# b4 has none to run
if b4 prep --help 2>/dev/null | grep -q -- '--check'; then
	echo "submit: this b4 has 'prep --check': enroll the series (README) and run it"
else
	echo "submit: b4 $(b4 --version 2>/dev/null || echo missing) has no 'prep --check' (0.13 and later do): not run"
fi

# Who gets what: the maintainers and reviewers of what a patch touches in
# To, the lists in Cc; the cover letter goes to all of them.
gm() { (cd "$tree" && scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats --no-multiline \
	--separator ', ' "$@" 2>/dev/null) || true; }
all_to="" all_cc=""
for p in "$out"/0*.patch; do
	case "$p" in */0000-*) continue ;; esac
	to=$(gm --no-l "$p")
	cc=$(gm --no-m --no-r "$p")
	printf '%s\n  To: %s\n  Cc: %s\n' "$(basename "$p")" "$to" "$cc" >> "$out/recipients.txt"
	all_to="$all_to${to:+, $to}"
	all_cc="$all_cc${cc:+, $cc}"
done
uniq_list() { echo "$1" | tr ',' '\n' | sed 's/^ *//' | { grep . || true; } | sort -u | paste -sd, | sed 's/,/, /g'; }
printf '%s\n  To: %s\n  Cc: %s\n' "$(cd "$out" && ls 0000-*.patch)" \
	"$(uniq_list "$all_to")" "$(uniq_list "$all_cc")" > "$out/recipients.cover"
cat "$out/recipients.cover" "$out/recipients.txt"

# What git send-email would do, without sending (--dry-run): the whole
# series to everyone above, so that each reader sees the patches in context
to=$(uniq_list "$all_to")
cc=$(uniq_list "$all_cc")
(cd "$tree" && git send-email --dry-run --confirm=never --from="$submitter" \
	--to="$to" --cc="$cc" --suppress-cc=self "$out"/0*.patch) \
	> "$out/send-email.dry-run" 2>&1 || { cat "$out/send-email.dry-run" >&2; rc=1; }
echo "submit: git send-email --dry-run: $(grep -c '^Dry-OK' "$out/send-email.dry-run" || true) mails" \
	"(build/submit/send-email.dry-run); to send them for real, in build/linux:"
echo "  git send-email --from='$submitter' --to='$to' --cc='$cc' ../submit/0*.patch"
exit $rc
