# lfs migrate under concurrency and at scale: blocking and non-blocking
# writers, two migrations of one file, sparse files, bounded memory, user
# xattrs and nanosecond times, nocreate OSTs, --stats and -W.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M

S=$((1024 * 1024))
object_count() { find "$STORE/ost" -path '*/O/0/d*/*' -type f | wc -l; }
leftovers() { find "$STORE/mdt/PENDING" "$STORE/mdt/JOURNAL" -mindepth 1; }
now() { date +%s.%N; }
# wait_pending: until a migration in flight has its volatile in PENDING.
wait_pending() {
	for _ in $(seq 100); do [ -n "$(leftovers)" ] && return 0; sleep 0.02; done
	fail "no migration in flight"
}
# check_clean: nothing pending, usage equals the live objects.
check_clean() {
	[ -z "$(leftovers)" ] || fail "$1: leftovers: $(leftovers)"
	[ "$(usage_used)" = "$(objects_used)" ] || fail "$1: usage $(usage_used) != objects $(objects_used)"
}

head -c $((8 * S)) /dev/urandom > big.in

# 1. Blocking mode: a writer during the copy waits on the group lock; its
# write lands after the swap, in the new layout; the migration succeeds.
"$LFS" import -c 1 big.in /big
t0=$(now)
( "$LFS" migrate -W 2M -c 4 /big 2>mig.err; echo "$? $(now)" > mig.done ) &
mpid=$!
wait_pending; sleep 0.3
( printf XYZ | "$LFS" write --offset 100 /big 2>w.err; echo "$? $(now)" > w.done ) &
wpid=$!
wait $mpid $wpid
read -r mst mend < mig.done; read -r wst wend < w.done
[ "$mst" = 0 ] || fail "blocking migrate failed: $(cat mig.err)"
[ "$wst" = 0 ] || fail "blocked write failed: $(cat w.err)"
# 8 MiB at 2 MiB/s: the copy lasts about 4 s; the writer may not finish
# before it (margin for the exit of the migrating process).
awk -v t0="$t0" -v m="$mend" -v w="$wend" 'BEGIN { exit !(m - t0 >= 3.5 && w >= m - 0.5) }' ||
	fail "write finished at +$(awk -v a="$wend" -v b="$t0" 'BEGIN{print a-b}')s, migrate at +$(awk -v a="$mend" -v b="$t0" 'BEGIN{print a-b}')s"
expect_out 4 "$LFS" getstripe -c /big
{ head -c 100 big.in; printf XYZ; tail -c +104 big.in; } > big.want
"$LFS" export /big big.out; cmp big.want big.out || fail "blocking: content"
check_clean blocking

# 2. Non-blocking: a write during the copy aborts the migration; the file,
# its layout and the writer's data are as the writer left them.
"$LFS" rm /big; "$LFS" import -c 1 big.in /big
layout0=$("$LFS" getstripe /big); nobj0=$(object_count)
set +e
( "$LFS" migrate -n -W 4M -c 4 /big 2>nb.err; echo $? > nb.done ) &
mpid=$!
wait_pending; sleep 0.2
printf ABCDEF | "$LFS" write --offset $((5 * S)) /big || fail "non-blocking: writer failed"
wait $mpid; set -e
[ "$(cat nb.done)" = 16 ] || [ "$(cat nb.done)" = 11 ] || fail "non-blocking status $(cat nb.done): $(cat nb.err)"
case "$(cat nb.err)" in
"error: lfs migrate: /big: data copy failed: Device or resource busy" | \
"error: lfs migrate: /big: source file changed: Resource temporarily unavailable") ;;
*) fail "non-blocking message: $(cat nb.err)" ;;
esac
[ "$layout0" = "$("$LFS" getstripe /big)" ] || fail "non-blocking: layout changed"
[ "$nobj0" = "$(object_count)" ] || fail "non-blocking: objects $nobj0 -> $(object_count)"
{ head -c $((5 * S)) big.in; printf ABCDEF; tail -c +$((5 * S + 7)) big.in; } > big.want
"$LFS" export /big big.out; cmp big.want big.out || fail "non-blocking: content"
check_clean non-blocking
# A writer that opens the file during the copy and holds it open breaks the
# lease at once: EBUSY, whatever it has written yet.
cp big.want big.in2; "$LFS" rm /big; "$LFS" import -c 1 big.in2 /big
layout0=$("$LFS" getstripe /big); nobj0=$(object_count)
mkfifo fifo
set +e
( "$LFS" migrate -n -W 4M -c 4 /big 2>nb.err; echo $? > nb.done ) &
mpid=$!
wait_pending
"$LFS" write --offset $((6 * S)) /big < fifo & wpid=$!
exec 9>fifo
wait $mpid; set -e
printf QRS >&9; exec 9>&-
wait $wpid || fail "held writer failed"
# Both EBUSY: the writer's open comes during the copy, or (under load)
# before the migration's first look at its lease.
case "$(cat nb.err)" in
"error: lfs migrate: /big: data copy failed: Device or resource busy" | \
"error: lfs migrate: /big: cannot get lease: Device or resource busy") ;;
*) fail "lease break: $(cat nb.err)" ;;
esac
[ "$(cat nb.done)" = 16 ] || fail "lease break status $(cat nb.done)"
[ "$layout0" = "$("$LFS" getstripe /big)" ] || fail "lease break: layout changed"
[ "$nobj0" = "$(object_count)" ] || fail "lease break: objects $nobj0 -> $(object_count)"
{ head -c $((6 * S)) big.in2; printf QRS; tail -c +$((6 * S + 4)) big.in2; } > big.want
"$LFS" export /big big.out; cmp big.want big.out || fail "lease break: content"
check_clean lease-break

# 3. Two non-blocking migrations of one file: one holds it, the other is
# refused with EBUSY and changes nothing.
"$LFS" import -c 1 big.in /two
( "$LFS" migrate -n -W 8M -c 2 /two 2>two.err; echo $? > two.done ) &
mpid=$!
wait_pending
expect_fail 16 "error: lfs migrate: /two: cannot get lease: another migration holds the file: Device or resource busy" \
	"$LFS" migrate -n -c 3 /two
wait $mpid
[ "$(cat two.done)" = 0 ] || fail "first migration: $(cat two.err)"
expect_out 2 "$LFS" getstripe -c /two
"$LFS" export /two two.out; cmp big.in two.out || fail "two migrations: content"
check_clean two-migrations

# 4. Sparse: holes stay holes.
truncate -s $((100 * S)) sparse.in
head -c $S /dev/urandom | dd of=sparse.in bs=$S seek=50 conv=notrunc status=none
"$LFS" import -c 1 sparse.in /sparse
before=$(objects_used)
"$LFS" migrate -c 4 /sparse
after=$(objects_used)
[ "$after" -le $((before + 64 * 1024)) ] || fail "sparse: objects grew from $before to $after bytes"
"$LFS" export /sparse sparse.out; cmp sparse.in sparse.out || fail "sparse: content"
expect_out 4 "$LFS" getstripe -c /sparse
check_clean sparse

# 5. Memory stays bounded: peak RSS for 64 MiB and 512 MiB differ little.
"$LFS" mkfs --osts 4 --ost-size 1G "$SCRATCH/mem" >/dev/null
head -c $S /dev/urandom > blk
for i in $(seq 64); do cat blk; done > m64
for i in $(seq 8); do cat m64; done > m512
rss() {   # peak RSS in KiB of `lfs migrate ARGS`
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o rss.out "$LFS" -s "$SCRATCH/mem" migrate "$@" >/dev/null
		tail -1 rss.out
	else
		"$LFS" -s "$SCRATCH/mem" migrate "$@" >/dev/null & local p=$! peak=0 v
		while v=$(awk '/VmHWM/ {print $2}' /proc/$p/status 2>/dev/null); do
			[ -n "$v" ] && [ "$v" -gt "$peak" ] && peak=$v; sleep 0.01
		done
		wait $p; echo $peak
	fi
}
"$LFS" -s "$SCRATCH/mem" import -c 1 m64 /m64
"$LFS" -s "$SCRATCH/mem" import -c 1 m512 /m512
rm -f m64 m512
r64=$(rss -c 4 /m64); r512=$(rss -c 4 /m512)
[ $((r512 - r64)) -lt 4096 ] || fail "peak RSS 64 MiB: $r64 KiB, 512 MiB: $r512 KiB"
"$LFS" -s "$SCRATCH/mem" export /m512 m512.out
[ "$(md5sum < m512.out)" = "$(for i in $(seq 512); do cat blk; done | md5sum)" ] || fail "512 MiB content"
rm -rf m512.out "$SCRATCH/mem"

# 6. User xattrs on the MDT inode and the nanosecond mtime survive.
"$LFS" import -c 1 big.in /xa
python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.test", b"hello\0world")' "$STORE/mdt/ROOT/xa"
touch -m -d '2021-03-04 05:06:07.123456789' "$STORE/mdt/ROOT/xa"
m0=$(stat -c %y "$STORE/mdt/ROOT/xa")
"$LFS" migrate -c 3 /xa
[ "$(stat -c %y "$STORE/mdt/ROOT/xa")" = "$m0" ] || fail "mtime $m0 -> $(stat -c %y "$STORE/mdt/ROOT/xa")"
[ "$(python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "user.test"))' "$STORE/mdt/ROOT/xa")" = "b'hello\x00world'" ] ||
	fail "user.test xattr lost"
expect_out 3 "$LFS" getstripe -c /xa

# 7. -i naming a nocreate OST starts at the next usable one; -c above the
# usable OSTs is capped, and -v says so.
"$LFS" import -c 1 blk /ni
"$LFS" ost nocreate 1
"$LFS" migrate -i 1 -c 1 /ni
expect_out 2 "$LFS" getstripe -i /ni
"$LFS" migrate -v -c 4 /ni 2>cap.err >/dev/null
[ "$(cat cap.err)" = "lfs migrate: /ni: stripe count capped to 3 usable OSTs" ] || fail "capped message: $(cat cap.err)"
expect_out 3 "$LFS" getstripe -c /ni
"$LFS" getstripe --ost 1 /ni | grep -q . && fail "object on nocreate OST 1"
"$LFS" ost create 1
"$LFS" export /ni ni.out; cmp blk ni.out

# 8. --stats not on a terminal: YAML; -W limits the rate.
head -c $((4 * S)) /dev/urandom > w4
"$LFS" import -c 1 w4 /w4
t0=$(now)
"$LFS" migrate --stats -W 2M -c 2 /w4 > stats.out 2>/dev/null
el=$(awk -v a="$(now)" -v b="$t0" 'BEGIN { print a - b }')
awk -v e="$el" 'BEGIN { exit !(e >= 1.5) }' || fail "-W 2M moved 4 MiB in ${el}s"
tail -5 stats.out | head -3 > stats.last
printf -- '- file: /w4\n  bytes: %d\n  total: %d\n' $((4 * S)) $((4 * S)) | cmp - stats.last || fail "stats: $(cat stats.out)"
grep -Eq '^  rate_mbs: [0-9]+\.[0-9]$' stats.out && grep -Eq '^  eta_s: [0-9]+$' stats.out || fail "stats: $(cat stats.out)"
"$LFS" export /w4 w4.out; cmp w4 w4.out
check_clean end
echo done
