# Helpers for end-to-end tests: source this first.
set -euo pipefail
: "${LFS:?}"
STORE="$SCRATCH/store"
export LFS_STORE="$STORE"
unset LFS_STORE_UNUSED 2>/dev/null || true

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_fail STATUS 'exact stderr line' cmd...: the command must fail with
# that status and print exactly that one line on stderr.
expect_fail() {
	local want_status=$1 want_err=$2; shift 2
	local out err status=0
	err=$("$@" 2>&1 >/dev/null) || status=$?
	[ "$status" = "$want_status" ] || fail "'$*' exited $status, expected $want_status (stderr: $err)"
	[ "$err" = "$want_err" ] || fail "'$*' stderr:
  got:  $err
  want: $want_err"
}

# expect_out 'exact stdout' cmd...
expect_out() {
	local want=$1; shift
	local got
	got=$("$@") || fail "'$*' failed"
	[ "$got" = "$want" ] || fail "'$*' stdout:
--- got
$got
--- want
$want"
}

# A fingerprint of everything in the store but the volatile run/ files and
# the allocator's bookkeeping (LAST_ID reservations, the RR cursor), which
# a refused allocation may advance as Lustre's precreation does.
# The OST index (mdt/OSTINDEX) is left out: a refused command may have
# written a layout and undone it, which appends records that leave the
# same live set (lib/ostindex.h); find_ost_same checks the index.
store_state() {
	(cd "$STORE" && find . \( -path ./run -o -path ./mdt/OSTINDEX \) -prune -o ! -name LAST_ID ! -name RR -printf '%p %s %m\n' | sort
	 cat lfs-store.conf; for f in ost/*/USAGE; do od -An -tu8 "$f"; done)
}

mkstore() { "$LFS" mkfs "$@" "$STORE" >/dev/null; }

# Bytes allocated by the store's objects (docs/DESIGN.md section 6, df),
# and what the OSTs' USAGE counters say they are: the two must agree after
# any command.
objects_used() {
	find "$STORE/ost" -path '*/O/0/d*/*' -type f -printf '%b\n' | awk '{s+=$1*512} END {print s+0}'
}
usage_used() {
	for f in "$STORE"/ost/OST*/USAGE; do od -An -tu8 -N8 "$f"; done | awk '{s+=$1} END {print s+0}'
}

# expect_usage 'first stderr line' cmd...: a usage error (status 4) whose
# first line is the given message, followed by the command's usage.
expect_usage() {
	local want_err=$1; shift
	local err status=0
	err=$("$@" 2>&1 >/dev/null) || status=$?
	[ "$status" = 4 ] || fail "'$*' exited $status, expected 4 (stderr: $err)"
	[ "$(echo "$err" | head -1)" = "$want_err" ] || fail "'$*' first stderr line: $(echo "$err" | head -1)"
	grep -q '^usage: ' <<<"$err" || fail "'$*' printed no usage"
}

# unchanged STATUS 'stderr' cmd...: expect_fail, and the store is the same
# before and after.
unchanged() {
	local before after
	before=$(store_state)
	expect_fail "$@"
	after=$(store_state)
	[ "$before" = "$after" ] || fail "'${*:3}' changed the store:
$(diff <(echo "$before") <(echo "$after"))"
}

# The host path of object ID of OST N, and the "OST ID" of each object of
# a store file, one per line.
object_path() { echo "$STORE/ost/$(printf 'OST%04x' "$1")/O/0/d$(($2 % 32))/$2"; }
objects_of() { "$LFS" getstripe "$1" | awk '$1 ~ /^[0-9]+$/ && NF == 4 { print $1, $2 }'; }

# find_ost_same OSTS...: lfs find --ost (and ! --ost) answers from the
# OST index exactly as from a walk of every layout (lib/ostindex.h).
find_ost_same() {
	local o a b
	for o in "$@"; do
		a=$(LFS_FIND_NO_INDEX=1 "$LFS" find / --ost "$o")
		b=$("$LFS" find / --ost "$o")
		[ "$a" = "$b" ] || fail "--ost $o: index and walk differ:
--- walk
$a
--- index
$b"
		a=$(LFS_FIND_NO_INDEX=1 "$LFS" find / ! --ost "$o")
		b=$("$LFS" find / ! --ost "$o")
		[ "$a" = "$b" ] || fail "! --ost $o differs"
	done
}

# stopped_at PID POINT: wait until PID stops at its fault point
# (LFS_FAULT_STOP=1, lib/fault.h).
stopped_at() {
	for _ in $(seq 1500); do
		[ "$(awk '{ print $3 }' /proc/$1/stat 2>/dev/null)" = T ] && return
		sleep 0.02
	done
	fail "$1 did not stop at $2"
}

# waits_on PID FILE: wait until PID waits for a lock of host file FILE
# (/proc/locks lists the request as blocked), has stopped (at a fault
# point) or has ended. A staged race: the command has gone as far as it
# can while another holds the lock.
waits_on() {
	local ino
	ino=$(stat -c %i "$2")
	for _ in $(seq 1500); do
		kill -0 "$1" 2>/dev/null || return 0
		[ "$(awk '{ print $3 }' /proc/$1/stat 2>/dev/null)" = T ] && return
		grep -Eq "^[0-9]+: -> .* [0-9a-f]+:[0-9a-f]+:$ino " /proc/locks && return
		sleep 0.02
	done
	fail "$1 neither ended nor waited for a lock of $2"
}

# staged_race POINT FILE 'OTHER' HOLDER...: the command HOLDER... stopped
# at its fault point POINT (LFS_FAULT=POINT, LFS_FAULT_STOP=1), the shell
# command line OTHER run until it ends or waits for a lock of host FILE
# (waits_on), then HOLDER goes on; both must succeed. Their stderr:
# holder.err, other.err.
staged_race() {
	local p1 p2 st=0
	LFS_FAULT=$1 LFS_FAULT_STOP=1 "${@:4}" >holder.out 2>holder.err & p1=$!
	stopped_at $p1 "$1"
	sh -c "$3" 2>other.err & p2=$!
	waits_on $p2 "$2"
	kill -CONT $p1
	wait $p1 || st=$?
	[ $st = 0 ] || fail "${*:4}: status $st: $(cat holder.err)"
	wait $p2 || st=$?
	[ $st = 0 ] || fail "$3: status $st: $(cat other.err)"
}

# store_clean WHAT OBJECTS: nothing left in mdt/PENDING, OBJECTS object
# files, usage exact, and lfsck finds no orphan and no damage (a leak a
# race left behind, or objects destroyed under a name).
store_clean() {
	local out n
	[ -z "$(find "$STORE/mdt/PENDING" -mindepth 1)" ] ||
		fail "$1: PENDING: $(ls "$STORE/mdt/PENDING")"
	n=$(find "$STORE/ost" -path '*/O/0/d*/*' -type f | wc -l)
	[ "$n" = "$2" ] || fail "$1: $n objects, want $2"
	[ "$(objects_used)" = "$(usage_used)" ] || fail "$1: usage $(usage_used) != objects $(objects_used)"
	out=$("$LFS" lfsck --orphans --dry-run)
	grep -q ", 0 orphan object(s) found" <<<"$out" || fail "$1: orphans: $out"
	grep -q ", 0 damaged" <<<"$out" || fail "$1: damage: $out"
}
