#!/usr/bin/env bash
# Run every end-to-end test (tests/e2e/*.sh) against $LFS; each test gets a
# fresh scratch directory. Exit status: number of failed tests.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${LFS:=$here/../lfs}"
export LFS
failed=0
for t in "$here"/e2e/*.sh; do
	[ -n "${E2E_ONLY:-}" ] && [[ "$t" != *"$E2E_ONLY"* ]] && continue
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/lfs-e2e.XXXXXX")
	if (cd "$scratch" && SCRATCH="$scratch" bash "$t") > "$scratch.log" 2>&1; then
		echo "ok   $(basename "$t")"
		rm -rf "$scratch" "$scratch.log"
	else
		echo "FAIL $(basename "$t") (log: $scratch.log)"
		tail -n 30 "$scratch.log" | sed 's/^/     /'
		failed=$((failed + 1))
	fi
done
exit $failed
