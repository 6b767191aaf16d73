# SIGINT and SIGTERM to a running migration (one-shot, -c, piped lines):
# the run stops, each file is entirely old or entirely new (content byte
# for byte, lfsck clean, usage right), the summary so far is printed, and
# the status is 130 or 143.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M

MB=$((1 << 20))
mkfiles() {    # mkfiles N SIZE_MB: /f1../fN, one stripe, and host copies
	for i in $(seq "$1"); do
		head -c $(($2 * MB)) /dev/urandom > "h$i"
		"$LFS" rm -f "/f$i"
		"$LFS" import -c 1 "h$i" "/f$i"
	done
}

# Start "$@" in the background (stdin from $IN, stdout to out, stderr to
# err), wait until the --stats records on out show at least $1 bytes
# copied.
PID= IN=/dev/null
start_until() {
	local bytes=$1; shift
	: > out
	"$@" < "$IN" > out 2> err &
	PID=$!
	for _ in $(seq 600); do
		b=$(awk '/^  bytes:/ { b = $2 } END { print b + 0 }' out)
		[ "$b" -ge "$bytes" ] && return 0
		kill -0 "$PID" 2>/dev/null || fail "'$*' ended early: $(cat err)"
		sleep 0.05
	done
	fail "'$*' copied nothing: $(cat err)"
}
stop() {    # stop SIGNAL: send it; st is the status
	st=0
	kill -"$1" "$PID"
	wait "$PID" || st=$?
}

# Each /fi holds hi's bytes; the stripe count it has (1 old, 2 new).
counts() {
	for i in $(seq "$1"); do
		"$LFS" cat "/f$i" | cmp -s - "h$i" || fail "/f$i: content differs"
		printf '%s ' "$("$LFS" getstripe -c "/f$i")"
	done
}
consistent() {
	local pending
	pending=$(find "$STORE/mdt/PENDING" -mindepth 1 ! -name 'spare.*' | wc -l)
	[ "$pending" = 0 ] || fail "leftovers in PENDING: $(ls "$STORE/mdt/PENDING")"
	"$LFS" lfsck > lfsck.out || fail "lfsck: $(cat lfsck.out)"
	grep -q ' 0 rolled back, 0 leftover inode(s) destroyed, 0 size(s) fixed, 0 file(s) not checked, 0 damaged' lfsck.out ||
		fail "lfsck found something: $(cat lfsck.out)"
	[ "$(objects_used)" = "$(usage_used)" ] || fail "usage $(usage_used) != objects $(objects_used)"
}

# SIGINT during the second of three 8 MiB files at 4 MiB/s: the first is
# migrated, the second left as it was, the third never begun.
mkfiles 3 8
start_until $((9 * MB)) "$LFS" migrate -c 2 -W 4M --stats --stats-interval 0.05 /f1 /f2 /f3
stop INT
[ "$st" = 130 ] || fail "SIGINT: status $st, expected 130: $(cat err)"
[ "$(counts 3)" = "2 1 1 " ] || fail "SIGINT: stripe counts $(counts 3)"
grep -q '^lfs migrate: interrupted: 2 files: 1 migrated, 0 skipped, 0 busy, 0 failed, 1 interrupted (left as they were); ' err ||
	fail "SIGINT: summary: $(cat err)"
grep -q '^error:' err && fail "SIGINT: an error was printed: $(cat err)"
consistent

# Run again: the migrated file is skipped, the others are done.
"$LFS" migrate -c 2 /f1 /f2 /f3 2> err || fail "rerun: $(cat err)"
[ "$(counts 3)" = "2 2 2 " ] || fail "rerun: stripe counts $(counts 3)"
consistent

# SIGTERM with two jobs, four files: the two in flight are each old or
# new, the last two never begun; status 143.
mkfiles 4 8
start_until $((2 * MB)) "$LFS" migrate -c 2 -j 2 -W 4M --stats --stats-interval 0.05 /f1 /f2 /f3 /f4
stop TERM
[ "$st" = 143 ] || fail "SIGTERM: status $st, expected 143: $(cat err)"
c=$(counts 4)
case "$c" in
	"1 1 1 1 "|"2 1 1 1 "|"1 2 1 1 "|"2 2 1 1 ") ;;
	*) fail "SIGTERM -j 2: stripe counts $c" ;;
esac
grep -q '^lfs migrate: interrupted: ' err || fail "SIGTERM: summary: $(cat err)"
consistent

# Small files go in a batch: interrupted in it, each is old or new.
for i in $(seq 6); do
	head -c $MB /dev/urandom > "h$i"
	"$LFS" rm -f "/f$i"
	"$LFS" import -c 1 "h$i" "/f$i"
done
start_until $((2 * MB)) "$LFS" migrate -c 2 -W 2M --stats --stats-interval 0.05 /f1 /f2 /f3 /f4 /f5 /f6
stop INT
[ "$st" = 130 ] || fail "batch: status $st: $(cat err)"
c=$(counts 6)
[ "$c" != "2 2 2 2 2 2 " ] || fail "batch: the run did not stop"
grep -q '^lfs migrate: interrupted: ' err || fail "batch: summary: $(cat err)"
consistent

# lfs -c: the rest of the line is not run.
mkfiles 2 8
start_until $MB "$LFS" -c "migrate -c 2 -W 4M --stats --stats-interval 0.05 /f1 /f2; mkdir /after"
stop INT
[ "$st" = 130 ] || fail "-c: status $st: $(cat err)"
"$LFS" stat /after >/dev/null 2>&1 && fail "-c: the command after the interrupt ran"
grep -q '^lfs migrate: interrupted: ' err || fail "-c: summary: $(cat err)"

# Lines piped in: the next line is not run; SIGTERM gives 143.
mkfiles 2 8
printf 'migrate -c 2 -W 4M --stats --stats-interval 0.05 /f1 /f2\nmkdir /after2\n' > lines
IN=lines start_until $MB "$LFS"
stop TERM
[ "$st" = 143 ] || fail "piped: status $st: $(cat err)"
"$LFS" stat /after2 >/dev/null 2>&1 && fail "piped: the next line ran"
consistent

# lfsck stops between files (each step is safe against a kill, so what it
# did stands) with its message and 130; the next run finishes. Stopped at
# its first file (LFS_FAULT_STOP) so the signal lands mid-walk for sure.
LFS_FAULT=lfsck-entry LFS_FAULT_STOP=1 "$LFS" lfsck > lfsck.out 2> lfsck.err & PID=$!
for _ in $(seq 200); do
	[ "$(awk '{ print $3 }' /proc/$PID/stat 2>/dev/null)" = T ] && break; sleep 0.02
done
[ "$(awk '{ print $3 }' /proc/$PID/stat)" = T ] || fail "lfsck did not stop at lfsck-entry"
kill -INT $PID; kill -CONT $PID
st=0; wait $PID || st=$?
[ $st = 130 ] || fail "lfsck: status $st ($(cat lfsck.err))"
[ "$(cat lfsck.err)" = "error: lfs lfsck: interrupted: what it did stands, run it again to finish" ] ||
	fail "lfsck: $(cat lfsck.err)"
consistent

# A command that does not poll the flag ends as the signal ends it (write
# retries a read the signal interrupts: it would wait for input forever).
mkfifo fifo
"$LFS" write /w < fifo &
PID=$!
exec 3> fifo
sleep 0.5
stop TERM
exec 3>&-
[ "$st" = 143 ] || fail "write: status $st, expected 143"
echo ok
