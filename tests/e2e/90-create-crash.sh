# A new file is named last: setstripe, touch and write killed while they
# create one leave no name (and, after recovery, no object), or the whole
# file with its layout; never a name without a layout or objects. The crash
# campaign found `setstripe -c 2 /s` killed after the name and before the
# layout (CRASH_SEED=727758255 CRASH_ONLY=setstripe make check-crash).
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4

"$LFS" mkdir /d
"$LFS" setstripe -c 4 /d
printf 'kept\n' > data.in
clean() {   # clean WHAT: nothing left behind, usage and objects agree
	local out
	"$LFS" lfsck >/dev/null
	[ -z "$(find "$STORE/mdt/PENDING" -mindepth 1)" ] || fail "$1: PENDING not empty"
	[ "$(objects_used)" = "$(usage_used)" ] || fail "$1: usage $(usage_used) != objects $(objects_used)"
	[ "$(find "$STORE/ost" -path '*/O/0/d*/*' -type f | wc -l)" = "$2" ] ||
		fail "$1: $(find "$STORE/ost" -path '*/O/0/d*/*' -type f | wc -l) objects, want $2"
	out=$("$LFS" lfsck --orphans --dry-run)
	echo "$out" | grep -q ", 0 orphan object(s) found" || fail "$1: orphans: $out"
}
killed() {   # killed POINT cmd...: the command dies at POINT
	local st=0
	LFS_FAULT=$1 "${@:2}" >/dev/null 2>&1 || st=$?
	[ $st = 137 ] || fail "LFS_FAULT=$1 ${*:2}: status $st, want 137"
}

# Killed between its objects (the first of two made) and between the
# objects and the name: no name, and recovery destroys what was made.
for point in object-created:1 create-unnamed; do
	killed $point "$LFS" setstripe -c 2 /s
	expect_fail 2 "error: lfs getstripe: /s: No such file or directory" "$LFS" getstripe /s
	clean "setstripe killed at $point" 0
	killed $point "$LFS" touch /d/t
	expect_out "" "$LFS" ls /d
	clean "touch killed at $point" 0
	killed $point "$LFS" write /d/w < data.in
	expect_out "" "$LFS" ls /d
	clean "write killed at $point" 0
done

# Not killed: the same commands make whole files, and a name taken while
# the file was unnamed is refused with nothing left behind.
"$LFS" setstripe -c 2 /s
expect_out 2 "$LFS" getstripe -c /s
"$LFS" touch /d/t
expect_out 4 "$LFS" getstripe -c /d/t
"$LFS" write /d/w < data.in
expect_out kept "$LFS" cat /d/w
clean "completed" 10
unchanged 17 "error: lfs setstripe: /d/t: stripe already set: File exists" \
	"$LFS" setstripe -c 1 /d/t
# Named files can be removed while their creator still holds them open:
# the owner lock of the unnamed stage is gone once the name is there.
{ sleep 1; printf 'late\n'; } | "$LFS" write /d/slow & wpid=$!
for _ in $(seq 50); do "$LFS" ls /d | grep -qx slow && break; sleep 0.02; done
"$LFS" ls /d | grep -qx slow || fail "/d/slow was not named while its writer ran"
timeout 5 "$LFS" rm /d/slow || fail "rm of a file being written waited for its writer"
wait $wpid || true
"$LFS" lfsck >/dev/null
