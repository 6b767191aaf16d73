#!/usr/bin/env bash
# Run every end-to-end test (tests/e2e/NN-*.sh, in number order) against
# $LFS; each test gets a fresh scratch directory. Exit status: number of failed tests. A test that
# runs longer than $E2E_TIMEOUT seconds (900) is killed with everything it
# started and fails, so a hang costs minutes, not the CI run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${LFS:=$here/../lfs}"
export LFS
failed=0
# In number order (sort -V): 100-x after 99-x, not between 10-x and 11-x.
mapfile -t tests < <(printf '%s\n' "$here"/e2e/*.sh | sort -V)
for t in "${tests[@]}"; do
	[ -n "${E2E_ONLY:-}" ] && [[ "$t" != *"$E2E_ONLY"* ]] && continue
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/lfs-e2e.XXXXXX")
	if (cd "$scratch" && SCRATCH="$scratch" \
		timeout -s KILL "${E2E_TIMEOUT:-900}" bash "$t") > "$scratch.log" 2>&1; then
		echo "ok   $(basename "$t")"
		rm -rf "$scratch" "$scratch.log"
	else
		echo "FAIL $(basename "$t") (log: $scratch.log)"
		tail -n 30 "$scratch.log" | sed 's/^/     /'
		failed=$((failed + 1))
	fi
done
exit $failed
