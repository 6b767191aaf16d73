# rm of a name of a file that has other links, racing whatever removes
# another of its links (a second rm, a create's or a mv's PENDING entry):
# the last link's removal destroys the objects, once. rm took a name of a
# file with more than one link without the owner lock, so two removals
# each saw the other's link and neither destroyed: orphan objects, no
# name, no entry. Every new file briefly has two links (its name and its
# new.* entry), a replaced one too (replace.*). Each race is staged with
# LFS_FAULT_STOP (lib/fault.h): one side stopped where it has counted the
# links, the other run against it.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4
head -c 300000 /dev/urandom > a.in
head -c 200000 /dev/urandom > x.in
nobjects() { find "$STORE/ost" -path '*/O/0/d*/*' -type f | wc -l; }
clean() {   # clean WHAT OBJECTS: nothing left behind, OBJECTS objects
	local out
	[ -z "$(find "$STORE/mdt/PENDING" -mindepth 1)" ] ||
		fail "$1: PENDING: $(ls "$STORE/mdt/PENDING")"
	[ "$(nobjects)" = "$2" ] || fail "$1: $(nobjects) objects, want $2"
	[ "$(objects_used)" = "$(usage_used)" ] || fail "$1: usage $(usage_used) != objects $(objects_used)"
	out=$("$LFS" lfsck --orphans --dry-run)
	grep -q ", 0 orphan object(s) found" <<<"$out" || fail "$1: orphans: $out"
}
ended() {   # ended PID WHAT: PID ended with status 0
	local st=0
	wait "$1" || st=$?
	[ $st = 0 ] || fail "$2: status $st: $(cat "$2.err" 2>/dev/null)"
}

# 1. Two rms of two links of one file: the first stopped where it has
# decided how its name goes, the second run meanwhile.
"$LFS" import -c 2 a.in /a
"$LFS" ln /a /b
host=$STORE/mdt/ROOT/a
LFS_FAULT=unlink-name LFS_FAULT_STOP=1 "$LFS" rm /a 2>rma.err & p1=$!
stopped_at $p1 unlink-name
"$LFS" rm /b 2>rmb.err & p2=$!
waits_on $p2 "$host"
kill -CONT $p1
ended $p1 rma; ended $p2 rmb
expect_out "" "$LFS" ls /
clean "two rms of two links" 0

# 2. rm of a new file while its creator holds both its name and its new.*
# entry, stopped where the entry's release has counted two links.
LFS_FAULT=pending-counted LFS_FAULT_STOP=1 "$LFS" setstripe -c 2 /f 2>f.err & p1=$!
stopped_at $p1 pending-counted
[ "$(find "$STORE/mdt/PENDING" -name 'new.*' | wc -l)" = 1 ] || fail "no new.* entry"
"$LFS" rm /f 2>rmf.err & p2=$!
waits_on $p2 "$STORE/mdt/ROOT/f"
kill -CONT $p1
ended $p1 f; ended $p2 rmf
expect_fail 2 "error: lfs getstripe: /f: No such file or directory" "$LFS" getstripe /f
clean "rm during a create" 0

# 3. rm of one link while a mv replaces the other, stopped after its
# rename where the replace.* entry's release has counted two links.
"$LFS" import -c 2 a.in /a
"$LFS" ln /a /b
"$LFS" import -c 1 x.in /x
host=$STORE/mdt/ROOT/a
LFS_FAULT=pending-counted LFS_FAULT_STOP=1 "$LFS" mv /x /b 2>mv.err & p1=$!
stopped_at $p1 pending-counted
"$LFS" rm /a 2>rma.err & p2=$!
waits_on $p2 "$host"
kill -CONT $p1
ended $p1 mv; ended $p2 rma
expect_out "b" "$LFS" ls /
"$LFS" export /b b.out; cmp x.in b.out || fail "content of /b"
clean "rm during a mv onto the other link" 1
