# mv onto an existing file killed at each step (LFS_FAULT): after recovery
# the names are as before or as after (never swapped), nothing leaks, and
# a retry works.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M

clean() {   # clean WHAT: nothing left in PENDING, usage = objects, no orphans
	local out
	[ -z "$(ls -A "$STORE/mdt/PENDING")" ] || fail "$1: PENDING: $(ls -A "$STORE/mdt/PENDING")"
	[ "$(usage_used)" = "$(objects_used)" ] || fail "$1: usage $(usage_used) != objects $(objects_used)"
	out=$("$LFS" lfsck --orphans --dry-run)
	echo "$out" | grep -q ", 0 orphan object(s) found" || fail "$1: orphans: $out"
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
