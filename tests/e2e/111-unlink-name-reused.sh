# rm of a name that a mv takes away, and a new file takes again, between
# rm's look (and its locks) and its removal: rm removes the file the name
# holds at that moment, and no other. rm moved the name into PENDING
# without checking what it moved: it destroyed the objects of the file it
# had locked, still named where mv put it, and dropped the newcomer's only
# link without destroying its objects. Staged with LFS_FAULT_STOP at
# unlink-name (lib/fault.h): rm has looked and locked, not yet removed.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4
head -c 300000 /dev/urandom > x.in
head -c 200000 /dev/urandom > y.in
# raced NAME: rm /a stopped after its look; /a goes to /NAME and a new
# file (y.in) takes /a; then rm goes on.
raced() {
	local st=0
	LFS_FAULT=unlink-name LFS_FAULT_STOP=1 "$LFS" rm /a 2>rm.err & p=$!
	stopped_at $p unlink-name
	"$LFS" mv /a "/$1"
	"$LFS" import -c 2 y.in /a
	kill -CONT $p
	wait $p || st=$?
	[ $st = 0 ] || fail "rm: status $st: $(cat rm.err)"
}

# 1. The only name of a file (3 objects).
"$LFS" import -c 3 x.in /a
raced c
expect_out "c" "$LFS" ls /
"$LFS" export /c c.out; cmp x.in c.out || fail "content of /c"
store_clean "a last name reused" 3
"$LFS" rm /c
store_clean "the moved file removed" 0

# 2. One of two links of a file.
"$LFS" import -c 3 x.in /a
"$LFS" ln /a /b
raced c
expect_out "b
c" "$LFS" ls /
for f in b c; do "$LFS" export /$f $f.out; cmp x.in $f.out || fail "content of /$f"; done
store_clean "a link reused" 3
