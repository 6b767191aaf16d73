# A run of many files keeps the inodes and the small objects' blocks it
# frees (lib/spare.c): a later file's new object may be an earlier file's
# old object, bytes and all, possibly from another OST. Every such byte
# must be written over or punched: content, holes and usage must come out
# as if the objects were new.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M
K=1024
blocks() { "$LFS" stat "$1" | sed -n 's/.*Blocks: *\([0-9]*\).*/\1/p'; }
object_path() { echo "$STORE/ost/$(printf 'OST%04x' "$1")/O/0/d$(($2 % 32))/$2"; }
# Host inode numbers of a file's objects that exist, one per line.
object_inodes() {
	"$LFS" getstripe "$1" | awk '$1 ~ /^[0-9]+$/ && NF == 4 { print $1, $2 }' |
	while read -r ost id; do
		[ ! -e "$(object_path "$ost" "$id")" ] || stat -c %i "$(object_path "$ost" "$id")"
	done
}

# Dense files first: with `ulimit -n 400` a batch is 13 files, so the
# sparse ones below come batches later and find these files' old objects
# (64 KiB of random bytes each) among the spares. Stripes of 64 KiB to
# one stripe of 1 MiB: no new object is a copy of an old one (that case
# is linked instead, below), so every byte goes through the copy.
mkdir dense
for i in $(seq 30); do head -c $((128 * K)) /dev/urandom > dense/f$i; done
"$LFS" mkdir /dense /sparse
"$LFS" import -c 2 -S 64K dense /dense
for i in $(seq 30); do object_inodes /dense/f$i; done | sort > dense.inodes

# Sparse shapes, each 128 KiB long so that its new object may take such a
# spare: a hole first, a hole inside, a hole at the end, all hole,
# shorter than the spares, and nothing at all.
mkdir sparse
truncate -s 124K sparse/head; head -c 4096 /dev/urandom >> sparse/head
head -c 8K /dev/urandom > sparse/mid; truncate -s 120K sparse/mid
head -c 8K /dev/urandom >> sparse/mid
head -c 8K /dev/urandom > sparse/tail; truncate -s 128K sparse/tail
truncate -s 128K sparse/hole
head -c 10000 /dev/urandom > sparse/short
: > sparse/empty
names="head mid tail hole short empty"
"$LFS" import -c 2 -S 64K sparse /sparse
for n in $names; do echo "$n $(blocks /sparse/$n)"; done > blocks.before

list() { for i in $(seq 30); do echo /dense/f$i; done; for n in $names; do echo /sparse/$n; done; }
check() {   # check WHAT STRIPES
	local n b want
	for i in $(seq 30); do
		"$LFS" export /dense/f$i out; cmp dense/f$i out || fail "$1: /dense/f$i content"
	done
	for n in $names; do
		"$LFS" export /sparse/$n out; cmp sparse/$n out || fail "$1: /sparse/$n content"
		b=$(blocks /sparse/$n); want=$(awk -v n=$n '$1 == n { print $2 }' blocks.before)
		[ "$b" -le "$want" ] || fail "$1: /sparse/$n has $b blocks, had $want: holes filled"
		[ "$n" = empty ] || expect_out "$2" "$LFS" getstripe -c /sparse/$n
	done
	[ "$(usage_used)" = "$(objects_used)" ] || fail "$1: usage $(usage_used) != objects $(objects_used)"
	[ -z "$(find "$STORE/ost" -path '*/O/0/spare/*')" ] || fail "$1: spares left behind"
	"$LFS" lfsck --orphans --dry-run | grep -q ", 0 orphan object(s) found" || fail "$1: orphans"
}

(ulimit -n 400; list | "$LFS" migrate -j 1 -c 1 -S 1M --files-from -)
check "2->1 stripes" 1
# The sparse files' new objects are old objects of the dense files, so
# the stale bytes were there to be punched.
reused=$(for n in $names; do object_inodes /sparse/$n; done | sort | comm -12 - dense.inodes | wc -l)
[ "$reused" -gt 0 ] || fail "no sparse file reused a dense file's object"

# Back, then again with two workers: objects move between OSTs through
# the spares of one host filesystem.
(ulimit -n 400; list | "$LFS" migrate -j 1 -c 2 -S 64K --files-from -)
check "1->2 stripes" 2
(ulimit -n 600; list | "$LFS" migrate -j 2 -c 1 -S 1M --files-from -)
check "2->1 stripe, -j 2" 1

# A new object that would be a copy of an old one is linked to it: the
# whole file in the first stripe of both layouts, or the same stripe size
# and count (a drain or rebalance keeps the geometry).
head -c 50000 /dev/urandom > small.in
"$LFS" import -c 1 small.in /small
old=$(object_inodes /small)
"$LFS" migrate -c 2 /small
"$LFS" export /small out; cmp small.in out || fail "linked: /small content"
[ "$(object_inodes /small)" = "$old" ] || fail "/small's first object was copied, not linked"
# Its second object gets no byte: not created, a hole until written.
second=$("$LFS" getstripe /small | awk '$1 ~ /^[0-9]+$/ && NF == 4 { print $1, $2 }' | sed -n 2p)
[ ! -e "$(object_path $second)" ] || fail "/small's empty second object was created"
"$LFS" truncate -s 3M /small
[ -e "$(object_path $second)" ] || fail "a truncate reaching /small's second object did not create it"
cp small.in small.3m; truncate -s 3M small.3m
"$LFS" export /small out; cmp small.3m out || fail "/small after truncate"
"$LFS" truncate -s 50000 /small
head -c $((300 * K)) /dev/urandom > wide.in
"$LFS" import -c 2 -S 64K wide.in /wide
old=$(object_inodes /wide | sort)
"$LFS" ost nocreate 0
"$LFS" migrate /wide
"$LFS" ost create 0
"$LFS" getstripe /wide | awk '$1 == 0 && NF == 4 { exit 1 }' || fail "/wide still on the drained OST 0"
"$LFS" export /wide out; cmp wide.in out || fail "linked: /wide content"
[ "$(object_inodes /wide | sort)" = "$old" ] || fail "/wide's objects were copied, not linked"
[ "$(usage_used)" = "$(objects_used)" ] || fail "linked: usage $(usage_used) != objects $(objects_used)"
"$LFS" lfsck --orphans --dry-run | grep -q ", 0 orphan object(s) found" || fail "linked: orphans"
# The old names are gone; each inode has one name again.
for f in /small /wide; do
	"$LFS" getstripe "$f" | awk '$1 ~ /^[0-9]+$/ && NF == 4 { print $1, $2 }' |
	while read -r ost id; do
		[ ! -e "$(object_path "$ost" "$id")" ] || [ "$(stat -c %h "$(object_path "$ost" "$id")")" = 1 ] ||
			fail "$f: object $ost:$id still has two names"
	done
done

# Linked in batches, where destroyed objects become spares: the old name
# of a linked object must just go, never be kept as a spare (a later
# file's copy would take it and write over the linked file). The twins go
# first, then files that are copied and take spares.
mkdir twins
for i in $(seq 40); do head -c $((40 * K + i)) /dev/urandom > twins/t$i; done
for i in $(seq 20); do head -c $((128 * K)) /dev/urandom > twins/c$i; done
"$LFS" mkdir /twins
"$LFS" import -c 1 twins /twins
twin_list() {
	for i in $(seq 40); do echo /twins/t$i; done
	for i in $(seq 20); do echo /twins/c$i; done
}
for round in 2 1 3; do
	(ulimit -n 400; twin_list | "$LFS" migrate -j 1 -c $round -S $((round * 64))K --files-from -)
	for f in $(cd twins && ls); do
		"$LFS" export /twins/$f out; cmp twins/$f out || fail "twins -c $round: /twins/$f content"
	done
	[ "$(usage_used)" = "$(objects_used)" ] || fail "twins -c $round: usage $(usage_used) != objects $(objects_used)"
	[ -z "$(find "$STORE/ost" -path '*/O/0/spare/*')" ] || fail "twins -c $round: spares left behind"
done

# Linking needs room on the new OST like a copy does: refused the same
# way, nothing changed.
"$LFS" mkfs --osts 2 --ost-size 4M "$SCRATCH/full" >/dev/null
head -c 3M /dev/urandom > g.in
"$LFS" -s "$SCRATCH/full" import -c 1 -i 0 g.in /g
"$LFS" -s "$SCRATCH/full" import -c 1 -i 1 g.in /h
expect_fail 28 "error: lfs migrate: /g: data copy failed: No space left on device" \
	"$LFS" -s "$SCRATCH/full" migrate -c 1 -i 1 /g
expect_out 0 "$LFS" -s "$SCRATCH/full" getstripe -i /g
"$LFS" -s "$SCRATCH/full" export /g out; cmp g.in out || fail "/g after a refused link"

# Non-blocking: no link (a writer would write through both names); an
# append during the copy aborts the migration and is kept whole, and the
# usage stays exact.
head -c 3M /dev/urandom > n.in
"$LFS" import -c 1 -i 0 n.in /n
head -c 100000 /dev/urandom > n.app
"$LFS" migrate -n -c 1 -i 1 -W 1M /n 2> n.err & pid=$!
sleep 1.5
"$LFS" write -a /n < n.app
st=0; wait $pid || st=$?
[ $st = 11 ] || fail "non-blocking migrate with an append: status $st ($(cat n.err))"
grep -qx "error: lfs migrate: /n: source file changed: Resource temporarily unavailable" n.err ||
	fail "non-blocking append: $(cat n.err)"
cat n.in n.app > n.want
"$LFS" export /n out; cmp n.want out || fail "/n after an aborted non-blocking migration"
[ "$(usage_used)" = "$(objects_used)" ] || fail "non-blocking append: usage $(usage_used) != objects $(objects_used)"
