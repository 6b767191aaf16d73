# mv onto an existing file and import, killed at each step (LFS_FAULT) and
# at random moments: after recovery the names are as before or as after
# (never swapped, never a partial file), nothing leaks, and a retry works.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M

# clean WHAT: nothing left in PENDING, no orphans, usage = objects. The
# usage a write charges is the object's blocks right after it: an extent
# block the host (ext4) allocates at write-back comes later (seen: 4096
# bytes more after some plain imports on a fragmented disk), so usage is
# compared once written back and recounted, as recovery does.
clean() {
	local out
	[ -z "$(ls -A "$STORE/mdt/PENDING")" ] || fail "$1: PENDING: $(ls -A "$STORE/mdt/PENDING")"
	out=$("$LFS" lfsck --orphans --dry-run)
	echo "$out" | grep -q ", 0 orphan object(s) found" || fail "$1: orphans: $out"
	sync
	"$LFS" lfsck >/dev/null
	[ "$(usage_used)" = "$(objects_used)" ] || fail "$1: usage $(usage_used) != objects $(objects_used)"
}
same() {    # same WHAT FSPATH HOSTFILE
	"$LFS" export "$2" same.out || fail "$1: cannot read $2"
	cmp -s "$3" same.out || fail "$1: $2 does not hold $3"
}
killed() {  # killed POINT cmd...: the command dies at LFS_FAULT=POINT
	local st=0
	LFS_FAULT=$1 "${@:2}" 2>/dev/null || st=$?
	[ $st = 137 ] || fail "LFS_FAULT=$1 $*: status $st, expected a kill (137)"
	"$LFS" lfsck >/dev/null
}
absent() { ! "$LFS" stat "$1" >/dev/null 2>&1; }

head -c 3000000 /dev/urandom > a.in
head -c 2000000 /dev/urandom > b.in

# 1. mv /a /b over an existing /b, killed at each step: before the rename
# the names are as they were (the retry moves), after it as after the move.
for point in mv-pending mv-renamed pending-destroyed; do
	"$LFS" rm -f /a /b
	"$LFS" import -c 2 a.in /a
	"$LFS" import -c 3 b.in /b
	killed $point "$LFS" mv /a /b
	if [ $point = mv-pending ]; then
		same "mv killed at $point" /a a.in
		same "mv killed at $point" /b b.in
		clean "mv killed at $point"
		"$LFS" mv /a /b
	fi
	absent /a || fail "mv killed at $point: /a still named"
	same "mv killed at $point" /b a.in
	clean "mv killed at $point"
done

# 2. The replaced file has another hard link: it keeps its data whatever
# step the move dies at.
for point in mv-pending mv-renamed; do
	"$LFS" rm -f /a /b /b2
	"$LFS" import -c 2 a.in /a
	"$LFS" import -c 3 b.in /b
	"$LFS" ln /b /b2
	killed $point "$LFS" mv /a /b
	[ $point = mv-renamed ] || "$LFS" mv /a /b
	same "linked target, killed at $point" /b a.in
	same "linked target, killed at $point" /b2 b.in
	clean "linked target, killed at $point"
done
"$LFS" rm /b2
"$LFS" import b.in /c
"$LFS" ln /c /c2
"$LFS" mv /c /b
same "mv onto a hard-linked file" /b b.in
same "mv onto a hard-linked file" /c2 b.in
absent /c || fail "mv left /c"
clean "mv onto a hard-linked file"
"$LFS" rm /c2

# mv_waiting ACTION: mv /a /b while a helper owns /b (the lock byte
# LOCK_OWNER of lock.h) until the mv waits for it, then runs the Python
# statement ACTION on the name, as a concurrent mv or rm would.
mv_waiting() {
	python3 - "$STORE/mdt/ROOT" "$LFS" "$1" <<'PY'
import fcntl, os, struct, subprocess, sys
root, lfs, action = sys.argv[1], sys.argv[2], sys.argv[3]
fd = os.open(root + "/b", os.O_RDWR)
ino = os.fstat(fd).st_ino
owner = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, (1 << 62) + 5, 1, 0)
fcntl.fcntl(fd, fcntl.F_OFD_SETLK, owner)
mv = subprocess.Popen([lfs, "mv", "/a", "/b"])
def waiting():
    with open("/proc/locks") as f:
        return any("->" in l and (":%d " % ino) in l for l in f)
while not waiting():
    if mv.poll() is not None:
        sys.exit("mv did not wait for the owner of /b: status %d" % mv.returncode)
exec(action)
os.close(fd)
sys.exit(mv.wait())
PY
}

# 2b. A move that waited for the target (another mv or rm owned it)
# takes the file found under the name after the wait (another mv put it).
"$LFS" rm -f /a /b /c
"$LFS" import -c 2 a.in /a
"$LFS" import -c 3 b.in /b
"$LFS" import -c 1 b.in /c
mv_waiting 'os.rename(root + "/c", root + "/b")' ||   # old /b's objects: orphans now
	fail "mv after waiting for its target"
absent /a && absent /c || fail "mv after waiting: $("$LFS" ls /)"
same "mv after waiting for its target" /b a.in
"$LFS" lfsck --orphans >/dev/null   # what the helper's rename orphaned
clean "mv after waiting for its target"
"$LFS" rm /b

# 2c. A target removed while the mv waited for it (a concurrent rm owns
# it, then takes its name away) leaves a plain rename to do, not ENOENT.
"$LFS" import -c 2 a.in /a
"$LFS" import -c 3 b.in /b
mv_waiting 'os.unlink(root + "/b")' ||   # old /b's objects: orphans now
	fail "mv after its target was removed"
absent /a || fail "mv after its target was removed: $("$LFS" ls /)"
same "mv after its target was removed" /b a.in
"$LFS" lfsck --orphans >/dev/null
clean "mv after its target was removed"
"$LFS" rm /b

# 3. Other targets keep rename's rules: a symlink is replaced (not
# followed), an empty directory by a directory, a non-empty one never, a
# file by no directory and a directory by no file.
"$LFS" import a.in /f
ln -s f "$STORE/mdt/ROOT/sym"
"$LFS" mv /f /sym
same "mv onto a symlink" /sym a.in
[ ! -L "$STORE/mdt/ROOT/sym" ] && [ ! -e "$STORE/mdt/ROOT/f" ] || fail "mv onto a symlink"
"$LFS" mkdir /d /e /e/d /x /x/d /x/d/in /x/sym
"$LFS" import b.in /x/d/file
"$LFS" mv /d /e
[ -d "$STORE/mdt/ROOT/e/d" ] && [ ! -e "$STORE/mdt/ROOT/d" ] || fail "mv onto an empty directory"
before=$(store_state)
expect_fail 39 "error: lfs mv: /e/d: Directory not empty" "$LFS" mv /e/d /x
expect_fail 21 "error: lfs mv: /sym: Is a directory" "$LFS" mv /sym /x
expect_fail 20 "error: lfs mv: /e/d: Not a directory" "$LFS" mv /e/d /x/d/file
[ "$before" = "$(store_state)" ] || fail "a refused mv changed the store"
same "refused mv" /sym a.in
same "refused mv" /x/d/file b.in
"$LFS" rm -r /e /x /sym
clean "mv onto other targets"

# 4. import killed at each step: no name (and, after recovery, nothing
# left) before the file is complete, the whole file after; the retry
# succeeds.
for point in import-pending import-copied import-linked; do
	"$LFS" rm -f /i
	killed $point "$LFS" import -c 2 a.in /i
	if [ $point = import-linked ]; then
		same "import killed at $point" /i a.in
	else
		absent /i || fail "import killed at $point left /i: $("$LFS" ls -l /i)"
	fi
	clean "import killed at $point"
	absent /i && "$LFS" import -c 2 a.in /i
	same "import retried after $point" /i a.in
	clean "import retried after $point"
done

# 5. A name that appears while the file is copied wins: the import fails
# with EEXIST and its file goes. The pipe holds the import in its copy
# (100 kB cannot be written until it has read from the pipe).
mkfifo fifo
"$LFS" import fifo /race 2>race.err & ipid=$!
exec 3>fifo
head -c 100000 a.in >&3
"$LFS" touch /race
exec 3>&-
st=0; wait $ipid || st=$?
[ $st = 17 ] || fail "import beaten to its name: status $st ($(cat race.err))"
[ "$(cat race.err)" = "error: lfs import: /race: File exists" ] || fail "import race: $(cat race.err)"
[ "$(stat -c %s "$STORE/mdt/ROOT/race")" = 0 ] || fail "import overwrote the name that beat it"
clean "import beaten to its name"
"$LFS" rm /race

# 6. A tree: each file is all or nothing. Killed at the second file, the
# first is whole and the others absent; the retry imports the rest.
mkdir tree
cp a.in tree/f1; cp b.in tree/f2; cp a.in tree/f3
"$LFS" mkdir /t
killed import-copied:2 "$LFS" import tree /t
same "tree import killed" /t/f1 tree/f1
absent /t/f2 && absent /t/f3 || fail "tree import killed at the second file: $("$LFS" ls /t)"
clean "tree import killed"
expect_fail 17 "error: lfs import: /t/f1: File exists" "$LFS" import tree /t
for f in f1 f2 f3; do same "tree import retried" /t/$f tree/$f; done
clean "tree import retried"

# 7. A failed import destroys its file; killed while doing so, recovery
# finishes it (a full OST makes it fail).
STORE=$SCRATCH/small; export LFS_STORE=$STORE; mkstore --osts 1 --ost-size 1M
killed pending-destroyed "$LFS" import a.in /i
absent /i || fail "killed failed import left /i"
clean "failed import killed"
expect_fail 28 "error: lfs import: /i: No space left on device" "$LFS" import a.in /i
clean "failed import"
STORE=$SCRATCH/store; export LFS_STORE=$STORE

# 8. SIGKILL at random moments of a 40 MB import (the delays spread over
# the time an import takes here).
head -c 40000000 /dev/urandom > big.in
t0=$(date +%s%N); "$LFS" import -c 3 big.in /big; t1=$(date +%s%N)
span=$(( (t1 - t0) / 1000000 + 5 ))
RANDOM=${IMPORT_CRASH_SEED:-5353}
whole=0
for i in $(seq 12); do
	"$LFS" rm -f /big
	delay=$(awk -v r=$RANDOM -v span=$span 'BEGIN { printf "%.3f", (r % span) / 1000 }')
	"$LFS" import -c 3 big.in /big 2>/dev/null & pid=$!
	sleep "$delay"
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	"$LFS" lfsck >/dev/null
	if absent /big; then
		clean "import killed after ${delay}s"
		"$LFS" import -c 3 big.in /big
	else
		whole=$((whole + 1))
	fi
	same "import killed after ${delay}s (iteration $i)" /big big.in
	clean "import killed after ${delay}s (iteration $i)"
done
echo "random kills within ${span} ms: $whole of 12 imports had completed"
