# A new file's PENDING entry (new.*) that its creator could not release:
# killed just after naming the file, or (not stageable here: fault points
# kill or stop, and such a release fails only at fstat(2)) a release that
# failed. The file is named and whole, so the create or import succeeds
# and the entry is a dead owner's, harmless: recovery drops it, and the
# removal of the file's last name drops it too and destroys the objects
# then, not at some later lfsck.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4
head -c 300000 /dev/urandom > d.in
killed() {   # killed POINT cmd...: the command dies at POINT
	local st=0
	LFS_FAULT=$1 "${@:2}" >/dev/null 2>&1 || st=$?
	[ $st = 137 ] || fail "LFS_FAULT=$1 ${*:2}: status $st, want 137"
}

# 1. Killed between the name and the entry's release: the file is there
# with its layout and objects (and its data, for import; write had not
# begun to write); the next command that writes recovers: it drops the
# entry.
killed create-linked "$LFS" setstripe -c 2 /s
expect_out 2 "$LFS" getstripe -c /s
"$LFS" mkdir /r
store_clean "setstripe killed at create-linked" 2
killed create-linked "$LFS" touch /t
expect_out "r
s
t" "$LFS" ls /
killed create-linked "$LFS" write /w < d.in
killed import-linked "$LFS" import -c 3 d.in /i
"$LFS" export /i i.out; cmp d.in i.out || fail "content of /i"
"$LFS" rm -r /r
store_clean "killed after the name" "$(( 2 + 1 + 1 + 3 ))"   # -c 2, touch, write, -c 3
"$LFS" rm /s /t /w /i
store_clean "all removed" 0

# beside_dead NAME POINT 'CMD ARGS': lfs CMD run (LFS_FAULT=POINT, stop)
# while the creator of NAME holds it, named, its new.* entry not
# released; the creator is killed, CMD gets as far as POINT, and the next
# command's recovery (an mkdir) runs before CMD goes on.
beside_dead() {
	local host=$STORE/mdt/ROOT$1 cpid pid lpid st=0
	LFS_FAULT=create-linked LFS_FAULT_STOP=1 "$LFS" setstripe -c 2 "$1" 2>/dev/null & cpid=$!
	stopped_at $cpid create-linked
	# shellcheck disable=SC2086
	LFS_FAULT=$2 LFS_FAULT_STOP=1 "$LFS" $3 2>cmd.err & pid=$!
	waits_on $pid "$host"
	kill -KILL $cpid; wait $cpid 2>/dev/null || true
	stopped_at $pid "$2"
	[ "$(find "$STORE/mdt/PENDING" -name 'new.*' | wc -l)" = 1 ] || fail "no new.* entry"
	"$LFS" mkdir "$1.dir" 2>r.err & lpid=$!
	waits_on $lpid "$host"
	kill -CONT $pid
	wait $pid || st=$?
	[ $st = 0 ] || fail "$3: status $st: $(cat cmd.err)"
	wait $lpid || fail "mkdir (and its recovery): $(cat r.err)"
}

# 2. rm of the new file: it took the name without the owner lock (two
# links), recovery then dropped the entry, and no one destroyed the
# objects. With the lock, recovery leaves the entry (its owner seems
# alive), and rm, holding the lock, knows it dead: it drops it, and
# destroys at the last name rather than leave that to some later lfsck.
beside_dead /f unlink-name "rm /f"
expect_fail 2 "error: lfs getstripe: /f: No such file or directory" "$LFS" getstripe /f
store_clean "rm beside a dead creator's entry" 0

# 3. mv onto the new file: mv holds the lock (it always took it), stopped
# with the target linked in PENDING; its release left the dead creator's
# entry holding the replaced file, whose objects waited for a later lfsck.
printf 'x\n' > x.in
"$LFS" import -c 1 x.in /x
beside_dead /g mv-pending "mv /x /g"
"$LFS" export /g g.out; cmp x.in g.out || fail "content of /g"
store_clean "mv onto a file beside a dead creator's entry" 1
