# lfs migrate crash stress: kill -9 at random moments, then lfsck; and
# recovery running beside a live migration must leave it alone.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M

S=$((1024 * 1024))
leftovers() {
	find "$STORE/mdt/PENDING" "$STORE/mdt/JOURNAL" -mindepth 1
	find "$STORE/ost" -path '*/O/0/spare/*'
}
check_after() {   # check_after WHAT FSPATH HOSTFILE OLDCOUNT NEWCOUNT
	local c out
	"$LFS" export "$2" crash.out
	cmp "$3" crash.out || fail "$1: content of $2"
	c=$("$LFS" getstripe -c "$2")
	[ "$c" = "$4" ] || [ "$c" = "$5" ] || fail "$1: $2 has $c stripes, expected $4 or $5"
	[ -z "$(leftovers)" ] || fail "$1: leftovers: $(leftovers)"
	[ "$(usage_used)" = "$(objects_used)" ] || fail "$1: usage $(usage_used) != objects $(objects_used)"
	out=$("$LFS" lfsck --orphans --dry-run)
	echo "$out" | grep -q ", 0 orphan object(s) found" || fail "$1: orphans: $out"
}

# 1. kill -9 at random delays during a bandwidth-limited migration.
head -c $((16 * S)) /dev/urandom > c.in
"$LFS" import -c 1 c.in /c
RANDOM=${MIGRATE_CRASH_SEED:-4242}
cur=1
for i in $(seq 20); do
	new=$(( cur == 1 ? 3 : (cur == 3 ? 2 : 1) ))
	delay=$(awk -v r=$RANDOM 'BEGIN { printf "%.3f", (r % 301) / 1000 }')
	"$LFS" migrate -W 64M -c $new /c 2>/dev/null & pid=$!
	sleep "$delay"
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	"$LFS" lfsck >/dev/null
	check_after "kill after ${delay}s (iteration $i)" /c c.in $cur $new
	cur=$("$LFS" getstripe -c /c)
done

# 2. Two migrations at once: one dies, the other completes; recovery run
# while the survivor is in flight leaves its volatile and journal alone.
head -c $((8 * S)) /dev/urandom > a.in
head -c $((8 * S)) /dev/urandom > b.in
"$LFS" import -c 1 a.in /a
"$LFS" import -c 1 b.in /b
"$LFS" migrate -W 2M -c 4 /b 2>b.err & bpid=$!
for _ in $(seq 100); do [ -n "$(leftovers)" ] && break; sleep 0.02; done
vol_b=$(leftovers)
[ -n "$vol_b" ] || fail "migration of /b not in flight"
set +e; LFS_FAULT=copied "$LFS" migrate -c 3 /a; st=$?; set -e
[ $st = 137 ] || fail "LFS_FAULT=copied: status $st"
[ "$(leftovers | wc -l)" = 2 ] || fail "expected two volatiles: $(leftovers)"
kill -0 $bpid 2>/dev/null || fail "migration of /b ended too soon"
"$LFS" lfsck >/dev/null
out=$("$LFS" lfsck --orphans)
echo "$out" | grep -q ", 0 orphan object(s) moved to /.lustre/lost+found" || fail "orphans during a live migration: $out"
kill -0 $bpid 2>/dev/null || fail "migration of /b ended before recovery finished: raise its -W"
[ "$(leftovers)" = "$vol_b" ] || fail "recovery touched the live migration: '$(leftovers)', want '$vol_b'"
# A second live migration killed by pid at a random moment, recovered
# while /b still copies.
"$LFS" migrate -W 8M -c 2 /a 2>/dev/null & apid=$!
sleep 0.4; kill -9 $apid; wait $apid 2>/dev/null || true
"$LFS" lfsck >/dev/null
kill -0 $bpid 2>/dev/null || fail "migration of /b ended before the second recovery"
[ "$(leftovers)" = "$vol_b" ] || fail "second recovery touched the live migration: '$(leftovers)'"
wait $bpid || fail "migration of /b failed: $(cat b.err)"
expect_out 4 "$LFS" getstripe -c /b
check_after "survivor" /b b.in 4 4
check_after "killed" /a a.in 1 2

# 3. Recovery in a loop beside back-to-back migrations (-j 4: many swaps
# a second): every migration succeeds and the data stays. Recovery once took
# a live swap's intent record, created but not yet locked, for a torn one
# and removed it under the swap; the migration then failed and destroyed
# the objects the file had just been given.
# A small store of its own keeps each lfsck pass short.
STORE=$SCRATCH/rstore; export LFS_STORE=$STORE; mkstore --osts 4
head -c 8192 /dev/urandom > r.in
names=(); for i in $(seq 64); do "$LFS" import -c 1 r.in /r.$i; names+=(/r.$i); done
( end=$((SECONDS + 4)); while [ $SECONDS -lt $end ]; do "$LFS" lfsck >/dev/null || exit 1; done ) & lpid=$!
n=0; end=$((SECONDS + 4))
while [ $SECONDS -lt $end ]; do
	n=$((n + 1))
	"$LFS" migrate -j 4 -c $((n % 3 + 1)) "${names[@]}" 2>r.err || fail "round $n of migrations beside lfsck: $(cat r.err)"
done
wait $lpid || fail "lfsck loop failed"
"$LFS" lfsck >/dev/null
for f in "${names[@]}"; do
	check_after "beside lfsck ($n rounds)" $f r.in $((n % 3 + 1)) $((n % 3 + 1))
done
# 4. Many files in one process: each batch shares one intent record file,
# and keeps the inodes it frees (old objects, volatiles) as spares for the
# next batch. A kill at each step of the protocol, in the second batch
# (spares in use), then at random moments: every file reads back, has its
# old or its new layout, and nothing is left behind.
STORE=$SCRATCH/bstore; export LFS_STORE=$STORE; mkstore --osts 4
mkdir batch.in
for i in $(seq 200); do head -c $(( (i * 7919) % 150001 )) /dev/urandom > batch.in/f$i; done
truncate -s $((3 * S)) batch.in/f7          # a sparse one
"$LFS" mkdir /m
"$LFS" import -c 1 batch.in /m
ls batch.in | sed 's|^|/m/|' > batch.list
check_batch() {   # check_batch WHAT OLDCOUNT NEWCOUNT
	local f c out
	for f in $(ls batch.in); do
		"$LFS" export /m/$f crash.out
		cmp batch.in/$f crash.out || fail "$1: content of /m/$f"
	done
	for c in $("$LFS" getstripe -c $(cat batch.list)); do
		[ "$c" = "$2" ] || [ "$c" = "$3" ] || fail "$1: a file has $c stripes, expected $2 or $3"
	done
	[ -z "$(leftovers)" ] || fail "$1: leftovers: $(leftovers)"
	[ "$(usage_used)" = "$(objects_used)" ] || fail "$1: usage $(usage_used) != objects $(objects_used)"
	out=$("$LFS" lfsck --orphans --dry-run)
	echo "$out" | grep -q ", 0 orphan object(s) found" || fail "$1: orphans: $out"
}
# (copied is a point of the batch, the others of each file.)
for point in opened copied:2 journaled source-swapped volatile-swapped destroyed swapped; do
	case $point in *:*) ;; *) point=$point:150 ;; esac
	"$LFS" migrate -c 1 --files-from batch.list >/dev/null
	set +e; LFS_FAULT=$point "$LFS" migrate -c 3 --files-from batch.list; st=$?; set -e
	[ $st = 137 ] || fail "batch fault $point: status $st"
	"$LFS" lfsck >/dev/null
	check_batch "batch killed at $point" 1 3
done
# A file finished in a batch that is then killed, renamed before recovery:
# its intent record is still in the journal, its volatile is a spare now;
# recovery must neither keep the spare as an unresolved volatile nor touch
# the file.
"$LFS" migrate -c 1 --files-from batch.list >/dev/null
set +e; LFS_FAULT=swapped:150 "$LFS" migrate -c 3 --files-from batch.list; set -e
moved=$(sed -n 130p batch.list)
mv "$STORE/mdt/ROOT$moved" "$STORE/mdt/ROOT$moved.moved"
"$LFS" lfsck >/dev/null
mv "$STORE/mdt/ROOT$moved.moved" "$STORE/mdt/ROOT$moved"
check_batch "batch killed, a finished file renamed" 1 3
# Few open files allowed: batches shrink to fit, nothing fails.
"$LFS" migrate -c 1 --files-from batch.list >/dev/null
(ulimit -n 400; "$LFS" migrate -j 3 -c 3 --files-from batch.list) || fail "migrate -j 3 under ulimit -n 400"
check_batch "ulimit -n 400" 3 3
for i in 1 2 3; do
	"$LFS" migrate -c 2 --files-from batch.list >/dev/null
	"$LFS" migrate -j 2 -c 4 --files-from batch.list 2>/dev/null & pid=$!
	sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	"$LFS" lfsck >/dev/null
	check_batch "batch killed at random ($i)" 2 4
done
echo done
