# A migration batch parks each finished volatile in mdt/PENDING as a spare
# (spare.h) and the next file of the run takes it. lfsck and ost remove
# skip spares, whose layouts name only destroyed objects; the spare taken
# kept its spare name while the next migration gave it its new layout and
# objects and copied into it, so `lfsck --orphans` meanwhile moved those
# objects to lost+found as orphans, and removing them there destroyed the
# migrated file's data. A spare taken is renamed to a volatile's name.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4
# 6 MB each: every file is a batch of its own, so /b takes /a's volatile.
for f in a b; do
	head -c 6000000 /dev/urandom > $f.in
	"$LFS" import -c 1 $f.in /$f
done
LFS_FAULT=copied:2 LFS_FAULT_STOP=1 "$LFS" migrate -c 2 /a /b 2>mig.err & mpid=$!
stopped_at $mpid copied:2
ls "$STORE/mdt/PENDING" | grep -q '^spare\.' &&
	fail "the volatile being filled still has a spare's name: $(ls "$STORE/mdt/PENDING")"
out=$("$LFS" lfsck --orphans 2>&1) || fail "lfsck during the migration: $out"
grep -q ", 0 orphan object(s) moved.*, 0 damaged$" <<<"$out" || fail "lfsck during the migration: $out"
kill -CONT $mpid
st=0; wait $mpid || st=$?
[ $st = 0 ] || fail "migrate: status $st: $(cat mig.err)"
expect_out 2 "$LFS" getstripe -c /b
for f in a b; do
	"$LFS" export /$f $f.out; cmp $f.in $f.out || fail "content of /$f"
done
[ -z "$("$LFS" ls /.lustre/lost+found 2>/dev/null)" ] || fail "lost+found: $("$LFS" ls /.lustre/lost+found)"
store_clean "after the migration" 4
