# lfs ost add killed at each step leaves the old store or the new one;
# recovery removes what a half-made add left. Same for ost remove.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2 --ost-size 64M
mkdir "$SCRATCH/disk"
head -c 200000 /dev/urandom > f.in
"$LFS" import -c 2 f.in /f
conf0=$(cat "$STORE/lfs-store.conf")

# Killed before the configuration is written: the old store.
for point in ost-add-intent ost-add-dir; do
	set +e; LFS_FAULT=$point "$LFS" ost add --count 2 --path "$SCRATCH/disk"; st=$?; set -e
	[ $st = 137 ] || fail "LFS_FAULT=$point: status $st"
	[ "$(cat "$STORE/lfs-store.conf")" = "$conf0" ] || fail "$point: configuration changed"
	[ -e "$STORE/ost/ADDING" ] || fail "$point: no intent left"
	expect_out 2 sh -c '"$LFS" ost list | tail -n +2 | wc -l'
	"$LFS" export /f f.out && cmp f.in f.out
	# Recovery (the next writer) removes the half-made OSTs.
	"$LFS" touch /t.$point
	[ ! -e "$STORE/ost/ADDING" ] || fail "$point: intent stayed after recovery"
	[ -z "$(ls "$SCRATCH/disk")" ] || fail "$point: left $(ls "$SCRATCH/disk")"
done
# Killed after the commit: the new store, whole.
set +e; LFS_FAULT=ost-add-conf "$LFS" ost add --path "$SCRATCH/disk"; st=$?; set -e
[ $st = 137 ] || fail "LFS_FAULT=ost-add-conf: status $st"
"$LFS" lfsck >/dev/null
[ ! -e "$STORE/ost/ADDING" ] || fail "ost-add-conf: intent stayed"
[ -f "$SCRATCH/disk/OST0002/LAST_ID" ] || fail "ost-add-conf: OST0002 removed though committed"
"$LFS" import -o 2 f.in /on2
"$LFS" export /on2 f2.out && cmp f.in f2.out
# The index after a killed add is the next never-used one.
set +e; LFS_FAULT=ost-add-dir "$LFS" ost add; set -e
expect_out "added lustre-OST0003_UUID (index 3) at $STORE/ost/OST0003" "$LFS" ost add

# ost remove killed after the commit: the tombstone stands, recovery
# removes the directory.
set +e; LFS_FAULT=ost-remove-conf "$LFS" ost remove 3; st=$?; set -e
[ $st = 137 ] || fail "LFS_FAULT=ost-remove-conf: status $st"
grep -q "^ost 3 .*removed=1" "$STORE/lfs-store.conf" || fail "no tombstone"
"$LFS" lfsck >/dev/null
[ ! -e "$STORE/ost/OST0003" ] || fail "recovery left a removed OST's directory"
out=$("$LFS" lfsck --orphans --dry-run)
echo "$out" | grep -q ", 0 orphan object(s) found" || fail "orphans: $out"
