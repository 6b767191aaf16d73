# Ctrl-C in the lfs> shell, through tmux: a running migration stops (the
# file in flight old or new, never half-done), its summary so far is
# printed, the prompt comes back with status 130, and lines typed ahead
# are not run. SIGTERM stops the command and leaves the shell (143).
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M
for i in 1 2 3; do
	head -c $((8 << 20)) /dev/urandom > "h$i"
	"$LFS" import -c 1 "h$i" "/f$i"
done
. "$(dirname "$0")/../e2e-tmux.sh"

# Something in mdt/PENDING but spares: a migration's volatile or a file
# being imported.
in_flight() { [ -n "$(find "$STORE/mdt/PENDING" -mindepth 1 ! -name 'spare.*')" ]; }
# wait_copying [WHAT]: until a copy is running (10 s at most).
wait_copying() {
	for _ in $(seq 200); do
		in_flight && return 0
		sleep 0.05
	done
	fail "${1:-no migration} started; screen: $(screen)"
}
# wait_more TEXT: until TEXT shows once more than when it was called
# ($seen, from seen TEXT), so an earlier prompt on the screen does not count.
seen() { seen=$(screen | grep -cF -- "$1" || true); }
wait_more() {
	for _ in $(seq 200); do
		[ "$(screen | grep -cF -- "$1" || true)" -gt "$seen" ] && return 0
		sleep 0.05
	done
	fail "timed out waiting for another '$1'; screen:
$(screen 2>&1)"
}
counts() {
	for i in 1 2 3; do
		"$LFS" cat "/f$i" | cmp -s - "h$i" || fail "/f$i: content differs"
		printf '%s ' "$("$LFS" getstripe -c "/f$i")"
	done
}

start
$T send-keys 'migrate -c 2 -W 2M /f1 /f2 /f3' Enter
wait_copying
# A line typed before Ctrl-C and one after it, while the command runs.
$T send-keys 'mkdir /typed1' Enter C-c 'mkdir /typed2' Enter
wait_for 'lfs [130]>'
screen | grep -q '^lfs migrate: interrupted: 1 files: 0 migrated, 0 skipped, 0 busy, 0 failed, 1 interrupted (left as they were); ' ||
	fail "no summary: $(screen)"
[ "$(counts)" = "1 1 1 " ] || fail "stripe counts after Ctrl-C: $(counts)"
for d in typed1 typed2; do
	"$LFS" stat "/$d" >/dev/null 2>&1 && fail "/$d was run after Ctrl-C: $(screen)"
done
# The shell goes on.
$T send-keys 'pwd' Enter
wait_line '/'
"$LFS" lfsck > lfsck.out || fail "lfsck: $(cat lfsck.out)"
grep -q ' 0 rolled back, 0 leftover inode(s) destroyed, 0 size(s) fixed, 0 file(s) not checked, 0 damaged' lfsck.out ||
	fail "lfsck: $(cat lfsck.out)"

# An import reading a pipe that is still being written stops too: the
# file is not created (whole or absent), nothing is left in PENDING.
mkfifo slow.fifo
( exec 3>slow.fifo; for _ in $(seq 600); do head -c 65536 /dev/urandom >&3; sleep 0.1; done ) & wpid=$!
seen 'lfs [130]>'
$T send-keys "import $SCRATCH/slow.fifo /piped" Enter
wait_copying "the import of slow.fifo never"
$T send-keys C-c
wait_more 'lfs [130]>'
kill -0 $wpid 2>/dev/null || fail "the writer ended first: the import was not interrupted"
kill $wpid 2>/dev/null; wait $wpid 2>/dev/null || true
"$LFS" stat /piped >/dev/null 2>&1 && fail "an interrupted import created /piped"
in_flight && fail "PENDING not empty after the import"
# A regular file: the copy is cut within a chunk, not run to its end.
head -c $((400 << 20)) /dev/zero > big.in
seen 'lfs [130]>'
$T send-keys "import -c 4 $SCRATCH/big.in /big" Enter
wait_copying "the import of big.in never"
$T send-keys C-c
wait_more 'lfs [130]>'
"$LFS" stat /big >/dev/null 2>&1 && fail "Ctrl-C did not stop the import of big.in: it ran to its end"
in_flight && fail "PENDING not empty after the import"
rm big.in
$T send-keys 'pwd' Enter
wait_line '/'

# SIGTERM: the migration stops cleanly and the shell leaves with 143.
# (The handle now reuses its spare volatiles: the live --stats line shows
# the copy running.)
$T send-keys 'migrate -c 2 -W 2M --stats /f1 /f2 /f3' Enter
wait_for 'ETA'
kill -TERM "$(shell_pid)"
for _ in $(seq 200); do [ -s status ] && break; sleep 0.05; done
[ "$(cat status 2>/dev/null)" = 143 ] || fail "SIGTERM: shell status $(cat status 2>/dev/null)"
[ "$(counts)" = "1 1 1 " ] || fail "stripe counts after SIGTERM: $(counts)"
echo ok
