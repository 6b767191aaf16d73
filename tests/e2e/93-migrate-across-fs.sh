# lfs migrate between OSTs on two host filesystems (an OST added with
# --path on a tmpfs): the copy path, where no object can be a hard link
# of its twin. A -j 2 batch of small, multi-chunk, striped, sparse and
# empty files moves there and back with every byte, usage exact on both
# filesystems and no orphan; a kill at each fault point of the batch
# leaves every file whole, in its old layout or its new one.
. "$(dirname "$0")/../e2e-lib.sh"
other=/dev/shm
if [ ! -d "$other" ] || [ "$(stat -c %d "$other")" = "$(stat -c %d "$SCRATCH")" ]; then
	echo "skip: no second filesystem ($other) beside $SCRATCH"
	exit 0
fi
disk=$(mktemp -d "$other/lfs-e2e93.XXXXXX")
trap 'rm -rf "$disk"' EXIT
mkstore --osts 2 --ost-size 64M
expect_out "added lustre-OST0002_UUID (index 2) at $disk/OST0002" \
	"$LFS" ost add --size 64M --path "$disk"
[ "$(stat -c %d "$disk/OST0002")" != "$(stat -c %d "$STORE/ost/OST0000")" ] ||
	fail "OST0002 is on the MDT's filesystem"

# The store's objects on both filesystems, and what USAGE says of them.
all_used() {
	find "$STORE/ost" "$disk" -path '*/O/0/d*/*' -type f -printf '%b\n' |
		awk '{s+=$1*512} END {print s+0}'
}
all_usage() {
	for f in "$STORE"/ost/OST*/USAGE "$disk"/OST*/USAGE; do od -An -tu8 -N8 "$f"; done |
		awk '{s+=$1} END {print s+0}'
}
leftovers() {
	find "$STORE/mdt/PENDING" "$STORE/mdt/JOURNAL" -mindepth 1
	find "$STORE/ost" "$disk" -path '*/O/0/spare/*'
}
osts_of() { objects_of "$1" | awk '{print $1}' | sort -u | tr '\n' ' '; }

names=()
for i in $(seq 24); do
	head -c 65536 /dev/urandom > s$i.in
	"$LFS" import -o 0 s$i.in /s$i
	names+=(/s$i)
done
head -c 300000 /dev/urandom > big.in              # more than one buffer
"$LFS" import -o 0 -S 1M big.in /big
head -c 200000 /dev/urandom > wide.in             # two stripes
"$LFS" import -c 2 -S 64K wide.in /wide
head -c 70000 /dev/urandom > sparse.in           # a hole, then data
head -c 5000 /dev/urandom | dd of=sparse.in bs=1 seek=210000 conv=notrunc status=none
"$LFS" import -o 0 -S 64K sparse.in /sparse
: > empty.in
"$LFS" import -o 0 empty.in /empty
names+=(/big /wide /sparse /empty)
printf '%s\n' "${names[@]}" > list

check() {   # check WHAT OST...: every file whole, on one of the OSTs
	local n on out
	for n in "${names[@]}"; do
		"$LFS" export "$n" out.tmp
		cmp "${n#/}.in" out.tmp || fail "$1: content of $n"
		on=$(osts_of "$n")
		[ -z "$on" ] || [[ " ${*:2} " == *" ${on% } "* ]] || fail "$1: $n on OST $on, not ${*:2}"
	done
	[ -z "$(leftovers)" ] || fail "$1: leftovers: $(leftovers)"
	[ "$(all_usage)" = "$(all_used)" ] || fail "$1: usage $(all_usage) != objects $(all_used)"
	out=$("$LFS" lfsck --orphans --dry-run)
	echo "$out" | grep -q ", 0 orphan object(s) found" || fail "$1: orphans: $out"
}
check "imported" 0 "0 1"

# 1. Over to the tmpfs and back: the copy path both ways.
"$LFS" migrate -j 2 -o 2 --files-from list 2>err || fail "migrate -o 2: $(cat err)"
check "to OST2" 2
[ -n "$(find "$disk/OST0002/O/0" -path '*/d*/*' -type f)" ] || fail "no object on the tmpfs"
[ -z "$(find "$STORE/ost/OST0000/O/0" -path '*/d*/*' -type f)" ] || fail "objects left on OST0"
"$LFS" migrate -j 2 -o 0 --files-from list 2>err || fail "migrate -o 0: $(cat err)"
check "back to OST0" 0
[ -z "$(find "$disk/OST0002/O/0" -path '*/d*/*' -type f)" ] || fail "objects left on the tmpfs"

# 2. Killed at each fault point of the batch (a point passed once per
# file the third time, mid-batch; copied, once per batch, the first),
# then recovered: every file old or new, nothing left; the run again then
# takes every file across.
to=2 from=0
for point in opened copied:1 journaled source-swapped volatile-swapped destroyed swapped; do
	[[ $point == *:* ]] || point=$point:3
	set +e; LFS_FAULT=$point "$LFS" migrate -j 2 -o $to --files-from list 2>/dev/null; st=$?; set -e
	[ $st = 137 ] || fail "LFS_FAULT=$point: status $st"
	"$LFS" lfsck >/dev/null
	check "killed at $point" $from $to
	"$LFS" migrate -j 2 -o $to --files-from list 2>err || fail "after $point: $(cat err)"
	check "after $point" $to
	t=$to; to=$from; from=$t
done
