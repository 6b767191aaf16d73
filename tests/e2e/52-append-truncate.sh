# Appends are atomic (O_APPEND) against each other, a replacing write and
# a truncate; truncates and writes killed at each step leave the old
# content or the new; lfsck takes sizes from the objects both ways; a dead
# truncate's intent is finished before a live process writes past it.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2
W=4 N=50
pad=$(printf '%0100d' 0)
appender() {   # appender ID: N records, one `write -a` each
	for j in $(seq $N); do
		printf 'w%s-%03d-%s\n' "$1" "$j" "$pad" | "$LFS" write -a /log || exit 1
	done
}
expected() { for w in "$@"; do for j in $(seq $N); do printf 'w%s-%03d-%s\n' "$w" "$j" "$pad"; done; done | sort; }
for round in 1 2 3; do
	"$LFS" rm /log 2>/dev/null || true
	"$LFS" write -c 2 -S 64k /log </dev/null
	pids=()
	for w in $(seq $W); do appender $w & pids+=($!); done
	for p in "${pids[@]}"; do wait $p || fail "round $round: an appender failed"; done
	"$LFS" cat /log > log.out
	[ "$(wc -l < log.out)" = $((W * N)) ] || fail "round $round: $(wc -l < log.out) lines, want $((W * N))"
	sort log.out | cmp - <(expected $(seq $W)) || fail "round $round: records lost or torn"
done

# A replacing write among appenders (once they have begun): it is one
# step too, so the file is its content followed by whole records
# appended after it.
head -c $((8 * 1024 * 1024)) /dev/urandom > r.in
for round in 1 2 3; do
	"$LFS" write /log < /dev/null
	pids=()
	for w in $(seq $W); do appender $w & pids+=($!); done
	while [ "$(stat -c %s "$STORE/mdt/ROOT/log")" = 0 ] && kill -0 "${pids[@]}" 2>/dev/null; do :; done
	"$LFS" write /log < r.in || fail "round $round: the replacing write failed"
	for p in "${pids[@]}"; do wait $p || fail "round $round: an appender failed"; done
	"$LFS" cat /log > log.out
	head -c "$(stat -c %s r.in)" log.out | cmp -s - r.in || fail "round $round: the replaced content is torn"
	tail -c +"$(( $(stat -c %s r.in) + 1 ))" log.out > tail.out
	sort tail.out | comm -23 - <(expected $(seq $W)) | grep -q . && fail "round $round: torn records after the replaced content"
	[ "$(sort -u tail.out | wc -l)" = "$(wc -l < tail.out)" ] || fail "round $round: a record twice"
done

# A truncate among appenders of records larger than a write's chunk: an
# append lands wholly before or after it, never past the size it read
# before it (zeros before it, or a record cut in two). The truncate comes
# once the file has grown: some append is under way.
big() { for j in 1 2; do awk -v l="w$1-$j-$pad" 'BEGIN { for (i = 0; i < 16384; i++) print l }' | "$LFS" write -a /log || exit 1; done; }
for round in $(seq 10); do
	"$LFS" write /log < /dev/null
	pids=()
	for w in $(seq $W); do big $w & pids+=($!); done
	while [ "$(stat -c %s "$STORE/mdt/ROOT/log")" = 0 ] && kill -0 "${pids[@]}" 2>/dev/null; do :; done
	"$LFS" truncate -s 0 /log
	for p in "${pids[@]}"; do wait $p || fail "round $round: an appender failed beside a truncate"; done
	"$LFS" cat /log > log.out
	[ "$(tr -d '\0' < log.out | wc -c)" = "$(wc -c < log.out)" ] || fail "round $round: zeros beside a truncate"
	bad=$(uniq -c log.out | awk '$1 != 16384 || $2 !~ /^w[0-9]+-[0-9]+-0+$/' | head -3)
	[ -z "$bad" ] || fail "round $round: torn records beside a truncate: $bad"
done

# Truncates and replacing writes killed at each step (LFS_FAULT): before
# recovery a reader sees the old content or the new, after it the new
# (a shrink's intent is finished; a grow is done once the object of its
# last byte has the new size) or, for a write, a prefix of the new; the
# size agrees with the objects (lfsck --dry-run finds nothing to fix), no
# orphan, and the OSTs' usage is their objects' blocks.
STORE=$SCRATCH/tstore; export LFS_STORE=$STORE; mkstore --osts 4
head -c $((1024 * 1024)) /dev/urandom > old.in
head -c 100000 old.in > small.in
head -c $((3 * 1024 * 1024)) /dev/urandom > new.in
is_prefix() { [ "$(stat -c %s "$1")" -le "$(stat -c %s "$2")" ] && head -c "$(stat -c %s "$1")" "$2" | cmp -s - "$1"; }
killed() {   # killed POINT WANT-AFTER OLD NEW CMD...: WANT-AFTER new|prefix
	local point=$1 want=$2 old=$3 new=$4 st=0 out; shift 4
	"$LFS" rm /f 2>/dev/null || true
	"$LFS" import "${layout[@]}" "$old" /f
	LFS_FAULT=$point "$@" || st=$?
	[ $st = 137 ] || fail "$point: '$*' exited $st, not killed there"
	"$LFS" cat /f > f.out
	if [ $want = prefix ]; then
		cmp -s f.out "$old" || is_prefix f.out "$new" || fail "$point: before recovery, neither old nor a prefix of the new ($(stat -c %s f.out) bytes)"
	else
		cmp -s f.out "$old" || cmp -s f.out "$new" || fail "$point: before recovery, neither old nor new ($(stat -c %s f.out) bytes)"
	fi
	"$LFS" lfsck > /dev/null
	"$LFS" cat /f > f.out
	case $want in
	new) cmp -s f.out "$new" || fail "$point: after recovery, not the new content ($(stat -c %s f.out) bytes)" ;;
	prefix) cmp -s f.out "$old" || is_prefix f.out "$new" || fail "$point: after recovery, neither old nor a prefix of the new ($(stat -c %s f.out) bytes)" ;;
	esac
	out=$("$LFS" lfsck --orphans --dry-run)
	echo "$out" | grep -q " 0 size(s) fixed, 0 orphan object(s) found" || fail "$point: lfsck after recovery: $out"
	[ "$(usage_used)" = "$(objects_used)" ] || fail "$point: usage $(usage_used) != objects $(objects_used)"
}
head -c 100000 old.in > shrunk.in
layout=(-c 4 -S 64k)
for p in truncate-intent truncate-size truncate-object:1 truncate-object:2 truncate-object:4 truncate-done; do
	killed $p new old.in shrunk.in "$LFS" truncate -s 100000 /f
done
{ cat small.in; head -c $((2900000 - 100000)) /dev/zero; } > grown.in
for p in truncate-object:1 truncate-object:2 truncate-object:4 truncate-done; do
	killed $p new small.in grown.in "$LFS" truncate -s 2900000 /f
done
for p in truncate-intent truncate-size truncate-object:3 truncate-done write-data:1 write-data:3; do
	killed $p prefix old.in new.in sh -c '"$LFS" write /f < new.in'
done
# The same over components (PFL): the shrink crosses from the second to
# the first, the grow from the first to the second.
layout=(-E 256k -c 1 -S 64k -E eof -c 3)
for p in truncate-intent truncate-size truncate-object:1 truncate-object:3 truncate-done; do
	killed $p new old.in shrunk.in "$LFS" truncate -s 100000 /f
done
for p in truncate-object:1 truncate-object:3 truncate-done; do
	killed $p new small.in grown.in "$LFS" truncate -s 2900000 /f
done

# lfsck takes the size from the objects in both directions: objects cut as
# an older lfs's killed truncate left them (the old size over cut
# objects) shrink the size to theirs; not when an object that should hold
# bytes is missing (damage, not a size).
objs() { "$LFS" getstripe /f | awk '$1 ~ /^[0-9]+$/ && NF == 4 { printf "%s/ost/OST%04x/O/0/d%d/%s\n", S, $1, $2 % 32, $2 }' S="$STORE"; }
"$LFS" rm /f 2>/dev/null || true; "$LFS" import -c 4 -S 64k old.in /f
paste <(objs) <(printf '%s\n' 65536 34464 0 0) | while read -r obj size; do truncate -s "$size" "$obj"; done
out=$("$LFS" lfsck --dry-run)
echo "$out" | grep -q " 1 size(s) fixed" || fail "lfsck --dry-run missed the cut objects: $out"
[ "$(stat -c %s "$STORE/mdt/ROOT/f")" = 1048576 ] || fail "lfsck --dry-run changed the size"
"$LFS" lfsck > /dev/null
"$LFS" cat /f | cmp -s - shrunk.in || fail "lfsck did not take the size of the cut objects"
echo "$("$LFS" lfsck --orphans --dry-run)" | grep -q " 0 size(s) fixed, 0 orphan object(s) found" || fail "lfsck not clean after the shrink"
[ "$(usage_used)" = "$(objects_used)" ] || fail "usage $(usage_used) != objects $(objects_used) after the shrink"
"$LFS" rm /f 2>/dev/null || true; "$LFS" import -c 4 -S 64k old.in /f
paste <(objs) <(printf '%s\n' 65536 34464 0 0) | while read -r obj size; do truncate -s "$size" "$obj"; done
rm "$(objs | sed -n 2p)"
"$LFS" lfsck > /dev/null
[ "$(stat -c %s "$STORE/mdt/ROOT/f")" = 1048576 ] || fail "lfsck shrank a file with a missing object"

# A dead shrink's intent is finished before a process that had the store
# open already (and so ran no recovery) writes past the new size or grows
# the file: the old bytes the objects still hold there never reappear.
live() {   # live CMD...: run CMD with fd 3 as its standard input
	nrun=$(ls "$STORE/run" | wc -l)
	rm -f in.fifo; mkfifo in.fifo; exec 3<>in.fifo
	"$@" < in.fifo 3>&- & lpid=$!
}
opened() {   # until the live command has the store open
	while [ "$(ls "$STORE/run" | wc -l)" -le "$nrun" ]; do kill -0 $lpid || fail "the live command ended early"; done
}
"$LFS" rm /f 2>/dev/null || true; "$LFS" import -c 4 -S 64k old.in /f
live "$LFS" write --offset 200000 /f
opened
st=0; LFS_FAULT=truncate-size "$LFS" truncate -s 100000 /f || st=$?
[ $st = 137 ] || fail "truncate-size: exited $st"
printf x >&3; exec 3>&-
wait $lpid || fail "the live write failed"
{ cat shrunk.in; head -c 100000 /dev/zero; printf x; } > want.out
"$LFS" cat /f | cmp -s - want.out || fail "a live write past a dead shrink's size showed old bytes"
"$LFS" rm /f 2>/dev/null || true; "$LFS" import -c 4 -S 64k old.in /f
live "$LFS"
echo "mkdir /d" >&3
opened
st=0; LFS_FAULT=truncate-size "$LFS" truncate -s 100000 /f || st=$?
[ $st = 137 ] || fail "truncate-size: exited $st"
echo "truncate -s 300000 /f" >&3; exec 3>&-
wait $lpid || fail "the live shell failed"
{ cat shrunk.in; head -c 200000 /dev/zero; } > want.out
"$LFS" cat /f | cmp -s - want.out || fail "a live truncate past a dead shrink's size showed old bytes"
# An append takes its offset after finishing a dead truncate's intent:
# not the size from before it, which would leave a hole.
printf 'line1\nline2\n' | "$LFS" write /log2
live "$LFS" write -a /log2
opened
st=0; LFS_FAULT=truncate-intent "$LFS" truncate -s 0 /log2 || st=$?
[ $st = 137 ] || fail "truncate-intent: exited $st"
echo appended >&3; exec 3>&-
wait $lpid || fail "the live append failed"
"$LFS" cat /log2 | cmp - <(echo appended) || fail "the append after a dead truncate left a hole"
