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
nobjects() { find "$STORE/ost" -path '*/O/0/d*/*' -type f | wc -l; }
clean() {   # clean WHAT OBJECTS
	local out
	[ -z "$(find "$STORE/mdt/PENDING" -mindepth 1)" ] ||
		fail "$1: PENDING: $(ls "$STORE/mdt/PENDING")"
	[ "$(nobjects)" = "$2" ] || fail "$1: $(nobjects) objects, want $2"
	[ "$(objects_used)" = "$(usage_used)" ] || fail "$1: usage $(usage_used) != objects $(objects_used)"
	out=$("$LFS" lfsck --orphans --dry-run)
	grep -q ", 0 orphan object(s) found" <<<"$out" || fail "$1: orphans: $out"
}
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
clean "setstripe killed at create-linked" 2
killed create-linked "$LFS" touch /t
expect_out "r
s
t" "$LFS" ls /
killed create-linked "$LFS" write /w < d.in
killed import-linked "$LFS" import -c 3 d.in /i
"$LFS" export /i i.out; cmp d.in i.out || fail "content of /i"
"$LFS" rm -r /r
clean "killed after the name" "$(( 2 + 1 + 1 + 3 ))"   # -c 2, touch, write, -c 3
"$LFS" rm /s /t /w /i
clean "all removed" 0

# 2. rm of the new file started while its creator held it (named, its
# entry not released) and stopped where it removes the name; the creator
# is killed, and the next command's recovery runs before rm goes on. rm
# took the name without the owner lock (two links), recovery then dropped
# the entry, and no one destroyed the objects. With the lock, recovery
# leaves the entry (its owner seems alive), and rm, holding the lock,
# knows it dead: it drops it, and destroys at the last name rather than
# leave that to some later lfsck.
LFS_FAULT=create-linked LFS_FAULT_STOP=1 "$LFS" setstripe -c 2 /f 2>/dev/null & cpid=$!
stopped_at $cpid create-linked
LFS_FAULT=unlink-name LFS_FAULT_STOP=1 "$LFS" rm /f 2>rm.err & rpid=$!
host=$STORE/mdt/ROOT/f
ino=$(stat -c %i "$host")
for _ in $(seq 1500); do
	[ "$(awk '{ print $3 }' /proc/$rpid/stat)" = T ] && break
	grep -Eq "^[0-9]+: -> .* [0-9a-f]+:[0-9a-f]+:$ino " /proc/locks && break
	sleep 0.02
done
kill -KILL $cpid; wait $cpid 2>/dev/null || true
stopped_at $rpid unlink-name
[ "$(find "$STORE/mdt/PENDING" -name 'new.*' | wc -l)" = 1 ] || fail "no new.* entry"
"$LFS" mkdir /r 2>r.err & lpid=$!
waits_on $lpid "$host"
kill -CONT $rpid
st=0; wait $rpid || st=$?
[ $st = 0 ] || fail "rm: status $st: $(cat rm.err)"
wait $lpid || fail "mkdir (and its recovery): $(cat r.err)"
expect_fail 2 "error: lfs getstripe: /f: No such file or directory" "$LFS" getstripe /f
clean "rm beside a dead creator's entry" 0

# 3. The same with mv onto the new file instead of rm: mv holds the lock
# (it always took it), stopped with the target linked in PENDING; its
# release left the dead creator's entry holding the replaced file, whose
# objects waited for a later lfsck.
printf 'x\n' > x.in
"$LFS" import -c 1 x.in /x
LFS_FAULT=create-linked LFS_FAULT_STOP=1 "$LFS" setstripe -c 2 /g 2>/dev/null & cpid=$!
stopped_at $cpid create-linked
LFS_FAULT=mv-pending LFS_FAULT_STOP=1 "$LFS" mv /x /g 2>mv.err & mpid=$!
host=$STORE/mdt/ROOT/g
waits_on $mpid "$host"
kill -KILL $cpid; wait $cpid 2>/dev/null || true
stopped_at $mpid mv-pending
"$LFS" mkdir /r2 2>r.err & lpid=$!
waits_on $lpid "$host"
kill -CONT $mpid
st=0; wait $mpid || st=$?
[ $st = 0 ] || fail "mv: status $st: $(cat mv.err)"
wait $lpid || fail "mkdir (and its recovery): $(cat r.err)"
"$LFS" export /g g.out; cmp x.in g.out || fail "content of /g"
clean "mv onto a file beside a dead creator's entry" 1
