#!/usr/bin/env bash
# Run every end-to-end test (tests/e2e/NN-*.sh, in number order), or the
# tests given as arguments, against $LFS; each test gets a fresh scratch
# directory. A test that printed a "SKIP: NAME: why" line, NAME its own
# (or "PART: NAME: why": its end skipped), is reported so
# (tests/e2e-lustre.sh). Exit status:
# number of failed tests. A test that
# runs longer than $E2E_TIMEOUT seconds (900) is killed with everything it
# started and fails, so a hang costs minutes, not the CI run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${LFS:=$here/../lfs}"
export LFS
failed=0
# In number order (sort -V): 100-x after 99-x, not between 10-x and 11-x.
if [ $# -gt 0 ]; then
	tests=("$@")
else
	mapfile -t tests < <(printf '%s\n' "$here"/e2e/*.sh | sort -V)
fi
for t in "${tests[@]}"; do
	[ -n "${E2E_ONLY:-}" ] && [[ "$t" != *"$E2E_ONLY"* ]] && continue
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/lfs-e2e.XXXXXX")
	if (cd "$scratch" && SCRATCH="$scratch" \
		timeout -s KILL "${E2E_TIMEOUT:-900}" bash "$t") > "$scratch.log" 2>&1; then
		name=$(basename "$t" .sh)
		if skip=$(grep -m1 "^SKIP: $name: " "$scratch.log"); then
			echo "skip $name.sh: ${skip#"SKIP: $name: "}"
		elif part=$(grep -m1 "^PART: $name: " "$scratch.log"); then
			echo "ok   $name.sh (the rest skipped: ${part#"PART: $name: "})"
		else
			echo "ok   $(basename "$t")"
		fi
		rm -rf "$scratch" "$scratch.log"
	else
		echo "FAIL $(basename "$t") (log: $scratch.log)"
		tail -n 30 "$scratch.log" | sed 's/^/     /'
		failed=$((failed + 1))
	fi
done
exit $failed
