# lfs migrate: content, metadata, options, bad input, crash safety.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M

leftovers() { find "$STORE/mdt/PENDING" "$STORE/mdt/JOURNAL" -mindepth 1; }

S=$((1024 * 1024))
for size in 0 1 $((S - 1)) $S $((S + 1)) $((4 * S - 1)) $((4 * S + 1)) $((9 * S + 777)); do
	head -c $size /dev/urandom > "in.$size"
	"$LFS" import -c 1 "in.$size" "/f.$size"
	"$LFS" migrate -c 4 "/f.$size"
	"$LFS" export "/f.$size" "out.$size"
	cmp "in.$size" "out.$size" || fail "content after migrate, $size bytes"
done
[ "$("$LFS" getstripe -c /f.$((9 * S + 777)))" = 4 ] || fail "stripe count after migrate"

# Metadata: same inode, mode, times; layout_gen = max + 1; hard links.
"$LFS" import -c 1 in.$((4 * S + 1)) /meta
chmod 0640 "$STORE/mdt/ROOT/meta"; touch -d '2020-01-02 03:04:05.123456789' "$STORE/mdt/ROOT/meta"
ln "$STORE/mdt/ROOT/meta" "$STORE/mdt/ROOT/meta.link"
before=$(stat -c '%i %a %u %g %X %Y %y' "$STORE/mdt/ROOT/meta")
"$LFS" migrate -c 2 /meta
after=$(stat -c '%i %a %u %g %X %Y %y' "$STORE/mdt/ROOT/meta")
[ "$before" = "$after" ] || fail "metadata changed: $before -> $after"
expect_out 1 "$LFS" getstripe -g /meta
expect_out 2 "$LFS" getstripe -c /meta.link
"$LFS" export /meta.link meta.out && cmp in.$((4 * S + 1)) meta.out

# Old objects destroyed: usage equals the live objects' and nothing pending.
[ "$(usage_used)" = "$(objects_used)" ] || fail "usage $(usage_used) != objects $(objects_used)"
[ -z "$(leftovers)" ] || fail "leftovers: $(leftovers)"

# Already in the requested layout: skipped and said so.
expect_out "/meta: already in the requested layout (OSTs $("$LFS" getstripe /meta | awk '/^\t +[0-9]/ {printf "%s%s", s, $1; s=","}')), skipped" "$LFS" migrate -c 2 /meta

# Drain: a nocreate OST gets no new objects; no layout option keeps geometry.
"$LFS" ost nocreate 0
for f in /f.$((9 * S + 777)) /meta; do "$LFS" migrate "$f"; done
"$LFS" getstripe --ost 0 /f.$((9 * S + 777)) /meta | grep -q . && fail "objects left on drained OST 0"
expect_out 3 "$LFS" getstripe -c /f.$((9 * S + 777))
"$LFS" ost create 0

# Bad input: a clear error and nothing changed.
"$LFS" setstripe -c 1 /plain; echo data | "$LFS" write /plain
"$LFS" import -c 1 in.$S /dir-test-file; "$LFS" setstripe -c 1 /d 2>/dev/null || true
mkdir -p "$STORE/mdt/ROOT/adir"; ln -s plain "$STORE/mdt/ROOT/sym"
st0=$(store_state)
expect_usage "error: lfs migrate: options --block and --non-block are mutually exclusive" "$LFS" migrate -b -n /plain
expect_usage "error: lfs migrate: --copy cannot be combined with -c, -S, -i, -o, -p or -E" "$LFS" migrate --copy /meta -c 2 /plain
expect_usage "error: lfs migrate: --auto-stripe cannot be combined with -c or -E" "$LFS" migrate -A -c 2 /plain
expect_fail 21 "error: lfs migrate: /adir: is a directory: migrate its files: Is a directory" "$LFS" migrate -c 2 /adir
expect_fail 40 "error: lfs migrate: /sym: is a symbolic link: not followed, migrate its target: Too many levels of symbolic links" "$LFS" migrate -c 2 /sym
expect_fail 2 "error: lfs migrate: /nope: No such file or directory" "$LFS" migrate -c 2 /nope
expect_fail 22 "error: lfs migrate: /../x: path escapes the filesystem root" "$LFS" migrate -c 2 /../x
expect_fail 22 "error: lfs migrate: stripe_count(3) != nr_tgts(2)" "$LFS" migrate -c 3 -o 1,2 /plain
"$LFS" ost deactivate 2
expect_fail 121 "error: lfs migrate: /plain: inactive OST 2 among your specified 2 OST(s): Remote I/O error" "$LFS" migrate -o 1,2 /plain
"$LFS" ost activate 2
expect_fail 19 "error: lfs migrate: OST 7 does not exist" "$LFS" migrate -o 1,7 /plain
"$LFS" pool new flash; "$LFS" pool add flash 0 1
expect_fail 22 "error: lfs migrate: /plain: OST 3 is not in pool 'flash': Invalid argument" "$LFS" migrate -p flash -i 3 /plain
"$LFS" pool remove flash 0 1; "$LFS" pool destroy flash
[ "$st0" = "$(store_state)" ] || fail "a refused migrate changed the store"

# A list with an empty name or a missing file: reported, the run goes on.
printf '/plain\n\n/gone\n/meta\n' > list
set +e; out=$("$LFS" migrate -c 1 --files-from list 2>err); st=$?; set -e
[ $st = 22 ] || fail "--files-from status $st"
grep -q "error: lfs migrate: empty file name in the list" err || fail "empty name: $(cat err)"
grep -q "error: lfs migrate: /gone: No such file or directory" err || fail "missing name: $(cat err)"
expect_out 1 "$LFS" getstripe -c /meta

# Non-blocking: refused while a writer holds the file open, file untouched.
mkfifo fifo
"$LFS" write --offset 0 /plain < fifo & wpid=$!
exec 9>fifo
for _ in $(seq 50); do [ -n "$(ls /proc/$wpid/fd 2>/dev/null)" ] && break; sleep 0.1; done
sleep 0.3
st0=$(store_state)
expect_fail 16 "error: lfs migrate: /plain: cannot get lease: Device or resource busy" "$LFS" migrate -n -c 2 /plain
[ "$st0" = "$(store_state)" ] || fail "refused non-blocking migrate changed the store"
echo more >&9; exec 9>&-; wait $wpid

# Not enough space: ENOSPC before the swap, source untouched.
"$LFS" mkfs --osts 2 --ost-size 2M "$SCRATCH/small" >/dev/null
head -c $((3 * S)) /dev/urandom > big3
"$LFS" -s "$SCRATCH/small" import -c 2 big3 /big
st0=$(LFS_STORE=$SCRATCH/small; STORE=$SCRATCH/small; store_state)
set +e; "$LFS" -s "$SCRATCH/small" migrate -c 1 /big 2>err; st=$?; set -e
[ $st = 28 ] || fail "ENOSPC status $st: $(cat err)"
grep -q "^error: lfs migrate: /big: data copy failed: No space left on device$" err || fail "ENOSPC message: $(cat err)"
"$LFS" -s "$SCRATCH/small" export /big big3.out && cmp big3 big3.out
[ "$st0" = "$(STORE=$SCRATCH/small; store_state)" ] || fail "ENOSPC migrate changed the store"

# Crash safety: kill at each step, then recovery; the file is intact, its
# layout old or new, nothing left behind, usage equals the live objects.
for point in opened copied journaled source-swapped volatile-swapped swapped destroyed; do
	"$LFS" import -c 1 in.$((9 * S + 777)) /crash.$point
	set +e; LFS_FAULT=$point "$LFS" migrate -c 3 /crash.$point; st=$?; set -e
	[ $st = 137 ] || fail "fault $point: status $st"
	"$LFS" lfsck >/dev/null
	"$LFS" export /crash.$point crash.out
	cmp in.$((9 * S + 777)) crash.out || fail "content after kill at $point"
	c=$("$LFS" getstripe -c /crash.$point)
	[ "$c" = 1 ] || [ "$c" = 3 ] || fail "layout after kill at $point: $c stripes"
	[ -z "$(leftovers)" ] || fail "leftovers after $point: $(leftovers)"
	[ "$(usage_used)" = "$(objects_used)" ] || fail "usage after $point"
	out=$("$LFS" lfsck --orphans --dry-run)
	echo "$out" | grep -q ", 0 orphan object(s) found" || fail "orphans after $point: $out"
done
# A swap interrupted and its file renamed before recovery: the file is not
# identified, so nothing is destroyed (its data may be anywhere); lfsck keeps
# the volatile and says so.
"$LFS" import -c 1 in.$((4 * S + 1)) /moved
set +e; LFS_FAULT=source-swapped "$LFS" migrate -c 2 /moved 2>/dev/null; set -e
mv "$STORE/mdt/ROOT/moved" "$STORE/mdt/ROOT/moved2"
"$LFS" lfsck | grep -q "^lfsck: kept mdt/PENDING/VOLATILE.*\.unresolved: the file of an interrupted swap could not be found" || fail "unresolved volatile not reported"
"$LFS" export /moved2 moved.out && cmp in.$((4 * S + 1)) moved.out || fail "content of a file whose swap was not resolved"
rm -f "$STORE"/mdt/PENDING/*.unresolved "$STORE"/mdt/JOURNAL/*
"$LFS" lfsck --orphans >/dev/null

# Recovery also runs by itself when the next writer opens the store.
"$LFS" import -c 1 in.$((4 * S + 1)) /auto
set +e; LFS_FAULT=source-swapped "$LFS" migrate -c 2 /auto; set -e
"$LFS" setstripe -c 1 /trigger
[ -z "$(leftovers)" ] || fail "recovery on open: $(leftovers)"
expect_out 2 "$LFS" getstripe -c /auto

# -j: many files in one process.
for i in $(seq 20); do head -c 70000 /dev/urandom > many.$i; "$LFS" import -c 1 many.$i /m.$i; done
"$LFS" migrate -j 3 -c 2 /m.*  2>/dev/null || "$LFS" migrate -j 3 -c 2 $(for i in $(seq 20); do echo /m.$i; done)
for i in $(seq 20); do "$LFS" export /m.$i o; cmp many.$i o; [ "$("$LFS" getstripe -c /m.$i)" = 2 ] || fail "-j stripe count"; done

# An interrupted --files-from run: the files it finished stay migrated,
# the one in flight is old or new, the rest are untouched.
for i in 1 2 3 4 5 6; do
	head -c $((5 * S)) /dev/urandom > big.$i; "$LFS" import -c 1 big.$i /big.$i
done
printf '/big.%s\n' 1 2 3 4 5 6 > biglist
"$LFS" migrate -W 8M -c 2 --files-from biglist & mpid=$!
for _ in $(seq 200); do [ "$("$LFS" getstripe -c /big.2)" = 2 ] && break; sleep 0.02; done
kill -9 $mpid; wait $mpid 2>/dev/null || true
"$LFS" lfsck >/dev/null
[ "$("$LFS" getstripe -c /big.1)" = 2 ] || fail "a finished file was undone"
[ "$("$LFS" getstripe -c /big.2)" = 2 ] || fail "a finished file was undone"
for i in 1 2 3 4 5 6; do
	"$LFS" export /big.$i o; cmp big.$i o || fail "content of /big.$i"
done
[ "$("$LFS" getstripe -c /big.6)" = 1 ] && [ "$("$LFS" getstripe -g /big.6)" = 0 ] || fail "an unreached file was touched"
[ -z "$(leftovers)" ] || fail "leftovers after an interrupted list: $(leftovers)"
[ "$(usage_used)" = "$(objects_used)" ] || fail "usage after an interrupted list"

# A file removed while it migrates: the migration says so, nothing leaks.
"$LFS" import -c 1 big.1 /doomed
"$LFS" migrate -W 4M -c 3 /doomed 2>err & mpid=$!
for _ in $(seq 100); do [ -n "$(leftovers)" ] && break; sleep 0.02; done
"$LFS" rm /doomed
st=0; wait $mpid || st=$?
[ $st = 2 ] || fail "migrate of a removed file: status $st"
grep -qx "error: lfs migrate: /doomed: file was removed during the migration: No such file or directory" err || fail "$(cat err)"
[ -z "$(leftovers)" ] || fail "leftovers after rm during migrate: $(leftovers)"
[ "$(usage_used)" = "$(objects_used)" ] || fail "usage after rm during migrate"
"$LFS" lfsck --orphans --dry-run | grep -q ", 0 orphan object(s) found" || fail "orphans after rm during migrate"
# The rm before the copy reads an object (the migration stopped once the
# files are open): the read found the object gone and said "object
# OST0000:N is missing: Input/output error", status 5, for a file the
# admin removed. It waits for the rm to finish and says what happened.
"$LFS" import -c 1 big.1 /doomed
LFS_FAULT=opened LFS_FAULT_STOP=1 "$LFS" migrate -c 2 /doomed 2>err & mpid=$!
for _ in $(seq 1500); do
	[ "$(awk '{ print $3 }' /proc/$mpid/stat 2>/dev/null)" = T ] && break; sleep 0.02
done
[ "$(awk '{ print $3 }' /proc/$mpid/stat)" = T ] || fail "migrate did not stop at opened"
"$LFS" rm /doomed
kill -CONT $mpid
st=0; wait $mpid || st=$?
[ $st = 2 ] || fail "migrate of a file removed before its copy: status $st: $(cat err)"
[ "$(cat err)" = "error: lfs migrate: /doomed: file was removed during the migration: No such file or directory" ] || fail "$(cat err)"
[ -z "$(leftovers)" ] || fail "leftovers after rm before the copy: $(leftovers)"
[ "$(usage_used)" = "$(objects_used)" ] || fail "usage after rm before the copy"

# -A: lfs_migrate's rule, 1 + sqrt(GiB) stripes (OST space permitting).
"$LFS" mkfs --osts 8 --ost-size 1T "$SCRATCH/wide" >/dev/null
truncate -s 4G sparse4g; echo tail >> sparse4g
"$LFS" -s "$SCRATCH/wide" import -c 1 sparse4g /s4
"$LFS" -s "$SCRATCH/wide" import -c 4 in.1 /tiny
"$LFS" -s "$SCRATCH/wide" migrate -A /s4 /tiny
expect_out 3 "$LFS" -s "$SCRATCH/wide" getstripe -c /s4
expect_out 1 "$LFS" -s "$SCRATCH/wide" getstripe -c /tiny
"$LFS" -s "$SCRATCH/wide" export /s4 s4.out && cmp sparse4g s4.out
rm -f sparse4g s4.out

# --dry-run changes nothing.
st0=$(store_state)
"$LFS" migrate --dry-run -c 4 /m.1 | grep -q "^/m.1: would move 70000 bytes from OSTs .* to OSTs " || fail "dry-run output"
[ "$st0" = "$(store_state)" ] || fail "dry-run changed the store"
echo done

# A destroyed object of 64 MiB or more is freed by a process of lfs's own
# after the command returns (hosts that trim freed extents do it while
# freeing): its name is gone and its OST uncharged at once, and the
# process lets go of it soon after.
head -c 80M /dev/urandom > big80
"$LFS" import -c 1 big80 /big80
"$LFS" migrate -c 2 /big80 > /dev/null
"$LFS" export /big80 out; cmp big80 out || fail "/big80 content"
# (Objects this large may get extent-tree blocks from write-back outside
# any charge: usage is within a few blocks, and lfsck recounts it.)
d=$(( $(usage_used) - $(objects_used) )); d=${d#-}
[ "$d" -le 65536 ] || fail "/big80: usage $(usage_used) vs objects $(objects_used)"
held() { ls -l /proc/[0-9]*/fd 2>/dev/null | grep -c "$STORE/ost/.*(deleted)" || true; }
for i in $(seq 100); do [ "$(held)" = 0 ] && break; sleep 0.1; done
[ "$(held)" = 0 ] || fail "a destroyed object is still held open: $(held)"
rm -f big80 out
