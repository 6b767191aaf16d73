# make check-lustre MOUNT=DIR (tests/check-lustre.sh) runs the Lustre e2e
# tests on a real client mount. Here there is none: without MOUNT it is a
# usage error, on a directory that is not Lustre it refuses, both status
# 2 with nothing run. Then a rehearsal (LFS_E2E_REHEARSAL, test only):
# the same harness with the double standing in for the real library and
# pools made beforehand as an admin would, so every test takes its real
# mount path: those that can run pass, the others say SKIP and why.
. "$(dirname "$0")/../e2e-lib.sh"
unset LFS_STORE
repo=$(cd "$(dirname "$0")/../.." && pwd)
: "${LLAPI_DOUBLE:?the test double: make e2e sets it}"
# -o: the target's lfs is taken as built (this run's is $LFS).
mk() { make -s --no-print-directory -C "$repo" -o "build/lfs" check-lustre "$@"; }
status=0; mk > out 2> err || status=$?
[ "$status" = 2 ] || fail "no MOUNT: status $status"
printf '%s\n' "check-lustre: no MOUNT given" \
	"usage: make check-lustre MOUNT=DIR  (DIR: a directory of a Lustre client mount, writable; the tests run in a scratch directory made there)" |
	diff - <(grep -v '^make\(\[[0-9]*\]\)\?: \*\*\*' err) || fail "no MOUNT: $(cat err)"
[ ! -s out ] || fail "no MOUNT: stdout: $(cat out)"
mkdir plain
status=0; mk MOUNT="$SCRATCH/plain" > out 2> err || status=$?
[ "$status" = 2 ] || fail "not Lustre: status $status"
type=$(stat -f -c %t plain)
[ "$(grep -v '^make\(\[[0-9]*\]\)\?: \*\*\*' err)" = "check-lustre: $SCRATCH/plain is not on a Lustre client mount (statfs type 0x$type, not LL_SUPER_MAGIC 0x0bd00bd0); nothing was run" ] ||
	fail "not Lustre: $(cat err)"
[ -z "$(ls -A plain)" ] && [ ! -s out ] || fail "not Lustre: something ran: $(ls -A plain) $(cat out)"
status=0; mk MOUNT="$SCRATCH/none" > out 2> err || status=$?
[ "$status" = 2 ] && [ "$(grep -v '^make\(\[[0-9]*\]\)\?: \*\*\*' err)" = "check-lustre: $SCRATCH/none: not a directory" ] ||
	fail "no directory: $status $(cat err)"

# The rehearsal: the double's mount, its servers with 4 OSTs and the pools
# the tests need, made as an admin makes them beforehand.
mkdir mnt
"$LFS" mkfs --osts 4 --ost-size 256M srv > /dev/null
for p in "flash 1 2"; do LFS_STORE="$SCRATCH/srv" "$LFS" pool new ${p%% *}; LFS_STORE="$SCRATCH/srv" "$LFS" pool add $p; done
status=0
env -u E2E_ONLY LFS_E2E_REHEARSAL="$SCRATCH/mnt" LFS_LUSTRE_TEST_MOUNT="$SCRATCH/mnt" LLAPI_DOUBLE_SERVERS="$SCRATCH/srv" \
	LFS_LUSTREAPI="$LLAPI_DOUBLE" MOUNT="$SCRATCH/mnt" bash "$repo/tests/check-lustre.sh" > out 2> err || status=$?
[ "$status" = 0 ] || fail "rehearsal: status $status: $(cat out err)"
sed -n 1p out | grep -qx "check-lustre: in $SCRATCH/mnt/lfs-check\.[A-Za-z0-9]*, the library $LLAPI_DOUBLE" || fail "rehearsal: $(cat out)"
# 102 needs pool flash of OSTs 1 and 3: absent here (flash is 1, 2).
printf '%s\n' "ok   95-lustre-migrate.sh" \
	"skip 96-lustre-lease-dv.sh: needs the double's hooks to put a writer at an exact step of the protocol" \
	"ok   97-lustre-stripe.sh" "ok   98-lustre-library.sh" \
	"ok   99-lustre-server-side.sh (the rest skipped: needs the double's servers (another fsname, the store))" \
	"skip 100-lustre-pools.sh: compares with the exact pools it makes on the double's servers (and changes them)" \
	"skip 101-lustre-df.sh: compares with the double's servers' own df and changes OST states" \
	"skip 102-lustre-find.sh: needs pool lustre.flash of OSTs 1 3 (on the MGS: lctl pool_new lustre.flash; lctl pool_add lustre.flash OST[1,3])" \
	"skip 103-lustre-lua.sh: needs OST 2 nocreate and data it writes on the double's servers" \
	"skip 105-lustre-lua-stripe.sh: compares with the store the double's servers are, OST 2 nocreate" \
	"skip 106-lustre-procedures.sh: makes its own servers (pools slow and fast, OST states) for the double" \
	"skip 107-lustre-jobs.sh: needs the double's hooks to look from inside a run" \
	"skip 115-lustre-setstripe-edit.sh: compares with a store set up as the double's servers" \
	"skip 116-lustre-migrate-copy-auto.sh: compares with a store set up as the double's servers" \
	"skip 117-lustre-lua-edit.sh: compares with a store set up as the double's servers" \
	"skip 118-lustre-getstripe-ids.sh: compares with a store made as the double's servers are" \
	"ok   122-lustre-copy-short-write.sh" |
	diff - <(sed 1d out) || fail "rehearsal"
# Everything passed: the scratch directory is gone.
[ -z "$(ls -A mnt)" ] || fail "left on the mount: $(ls -A mnt)"
