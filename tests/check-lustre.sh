#!/usr/bin/env bash
# make check-lustre MOUNT=DIR: the Lustre end-to-end tests (those of
# tests/e2e/ built on e2e-lustre.sh) on a real Lustre client mount with the real
# liblustreapi.so.1, in a scratch directory DIR/lfs-check.XXXXXX that is
# removed when every test passed. No double: a case needing what only the
# double gives (pools and OST states the test makes, its hooks) ends its
# test with a SKIP line (tests/e2e-lustre.sh). Exit status: the number of
# failed tests; 2 for a usage error or a MOUNT that is not Lustre.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${LFS:=$here/../lfs}"
export LFS
usage="usage: make check-lustre MOUNT=DIR  (DIR: a directory of a Lustre client mount, writable; the tests run in a scratch directory made there)"
mount=${MOUNT:-}
if [ -z "$mount" ]; then
	echo "check-lustre: no MOUNT given" >&2
	echo "$usage" >&2
	exit 2
fi
if [ ! -d "$mount" ]; then
	echo "check-lustre: $mount: not a directory" >&2
	exit 2
fi
# statfs f_type LL_SUPER_MAGIC (lustre_user.h), as lfs_on_lustre() asks
# (e2e 108's rehearsal: the double's test mount instead).
type=$(stat -f -c %t "$mount")
if [ "$type" != bd00bd0 ] && [ "${LFS_E2E_REHEARSAL:-}" != "$mount" ]; then
	echo "check-lustre: $mount is not on a Lustre client mount (statfs type 0x$type, not LL_SUPER_MAGIC 0x0bd00bd0); nothing was run" >&2
	exit 2
fi
scratch=$(mktemp -d "$mount/lfs-check.XXXXXX") || { echo "check-lustre: cannot make a scratch directory in $mount" >&2; exit 2; }
echo "check-lustre: in $scratch, the library ${LFS_LUSTREAPI:-liblustreapi.so.1 as ld.so finds it}"
# The tests written for a mount: those built on e2e-lustre.sh.
mapfile -t tests < <(grep -l '^\. .*/e2e-lustre\.sh"$' "$here"/e2e/*.sh | sort -V)
LFS_E2E_MOUNT="$scratch" bash "$here/run-e2e.sh" "${tests[@]}"
failed=$?
if [ "$failed" = 0 ]; then
	rm -rf "$scratch"
else
	echo "check-lustre: $failed failed; $scratch kept"
fi
exit $failed
