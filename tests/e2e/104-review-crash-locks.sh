# Review of the crash-safety and locking changes (create named last, the
# layout-commit lock and ost remove's count, Ctrl-C polling): each part is
# a case that failed before its fix.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 5
E="error: lfs ost"
# spares_shell OST NAME...: a shell that migrated the names to OST in one
# batch and lives on, keeping its spare volatiles (spare.h); $spid.
spares_shell() {
	{ printf 'migrate -c 1 -o %s %s\n' "$1" "${*:2}"; sleep 120; } | "$LFS" >/dev/null 2>sp.err &
	spid=$!
	for _ in $(seq 1500); do
		grep -q " $(($# - 1)) migrated" sp.err && break; sleep 0.02
	done
	grep -q " $(($# - 1)) migrated" sp.err || fail "the migration did not end: $(cat sp.err)"
	ls "$STORE/mdt/PENDING" | grep -q '^spare\.' || fail "no spare volatile parked"
}

# 1. A migration batch parks its finished volatiles as spares (spare.h),
# keeping their last layout, which names only destroyed objects, some of
# them on the OST drained. In the same shell, ost remove of that OST
# counted those spares as layouts naming it and was refused.
for i in 1 2 3; do
	head -c 3000 /dev/urandom > f$i.in
	"$LFS" import -o 1 f$i.in /f$i
done
"$LFS" ost nocreate 1
printf 'migrate -c 1 -o 0 /f1 /f2 /f3\nost remove 1\nost list\n' | "$LFS" >shell.out 2>shell.err ||
	fail "shell: migrate then ost remove: $(cat shell.err)"
grep -q "^1 " shell.out && fail "OST 1 still listed: $(cat shell.out)"
for i in 1 2 3; do
	"$LFS" export /f$i f$i.out; cmp f$i.in f$i.out || fail "content of /f$i"
done
# A spare left by a killed handle names the removed OST: recovery
# destroys it all the same (nothing of it can be on a removed OST).
for i in 4 5 6; do
	head -c 3000 /dev/urandom > f$i.in
	"$LFS" import -o 2 f$i.in /f$i
done
"$LFS" ost nocreate 2
spares_shell 0 /f4 /f5 /f6
"$LFS" ost remove 2 || fail "ost remove 2 while another shell holds spares"
kill -KILL $spid; wait $spid 2>/dev/null || true
out=$("$LFS" lfsck 2>&1) || fail "lfsck after the removal: $out"
grep -q "cannot finish" <<<"$out" && fail "lfsck: $out"
[ -z "$(find "$STORE/mdt/PENDING" -mindepth 1)" ] || fail "PENDING not empty: $(ls "$STORE/mdt/PENDING")"
for i in 4 5 6; do
	"$LFS" export /f$i f$i.out; cmp f$i.in f$i.out || fail "content of /f$i"
done

# 2. A swap stopped between its two layout writes: the source has its new
# layout, the volatile still the new one too, so the old layout (naming
# OST 3 by an OST list only, its component not instantiated) is only in
# the journal's intent. ost remove 3 did not count it, removed the OST,
# and the volatile's write was refused: the migration said "cannot swap
# layout: No such device" though the file had moved. A batch now holds
# the configuration lock from its intents to its end, so ost remove waits
# for the swap, and then finds the OST named by nothing.
"$LFS" setstripe -E 1M -c 1 -o 4 -E -1 -c 1 -o 3 /pfl
head -c 3000 /dev/urandom > pfl.in
"$LFS" write /pfl < pfl.in
"$LFS" ost nocreate 3
stopped_at() { # PID POINT: wait until the process stops at its fault point
	for _ in $(seq 1500); do
		[ "$(awk '{ print $3 }' /proc/$1/stat 2>/dev/null)" = T ] && return
		sleep 0.02
	done
	fail "$1 did not stop at $2"
}
LFS_FAULT=source-swapped LFS_FAULT_STOP=1 "$LFS" migrate -c 1 -o 4 /pfl 2>pfl.err & mpid=$!
stopped_at $mpid source-swapped
[ -z "$(find "$STORE/ost/OST0003/O" -type f)" ] || fail "an object on OST 3: the test needs none"
st=0; "$LFS" ost remove 3 2>rm0.err & rpid=$!
sleep 0.5
kill -0 $rpid 2>/dev/null || fail "ost remove 3 did not wait for the swap: $(cat rm0.err)"
"$LFS" ost list | grep -q "^3 " || fail "OST 3 removed during the swap"
kill -CONT $mpid
mst=0; wait $mpid || mst=$?
[ $mst = 0 ] || fail "migrate resumed: status $mst: $(cat pfl.err)"
wait $rpid || st=$?
[ $st = 0 ] || fail "ost remove 3 after the swap: status $st: $(cat rm0.err)"
"$LFS" export /pfl pfl.out; cmp pfl.in pfl.out || fail "content of /pfl"
[ -z "$(find "$STORE/mdt/JOURNAL" "$STORE/mdt/PENDING" -mindepth 1)" ] || fail "JOURNAL or PENDING not empty"

# 3. A directory default is a layout write too: one naming a removed OST
# (-o) was written as given, so every file created below it failed; it is
# refused as a file's layout is, and nothing changes.
"$LFS" mkdir /dd
unchanged 19 "error: lfs setstripe: /dd: OST0001 was removed (ost remove)" \
	"$LFS" setstripe -o 1 -c 1 /dd
unchanged 19 "error: lfs setstripe: /: OST0002 was removed (ost remove)" \
	"$LFS" setstripe -E 1M -c 1 -o 0 -E -1 -c 1 -o 2 /
"$LFS" setstripe -o 4 -c 1 /dd
"$LFS" touch /dd/f
expect_out 4 "$LFS" getstripe -i /dd/f

# 4. A name listed twice in one migrate batch: the repeat was reported
# "already migrated in this run" at once, before the first was tried, so
# also when that failed. It is settled after the first, by its outcome.
printf 'two\n' > two.in
"$LFS" import -o 0 two.in /two
"$LFS" ost nocreate 4
st=0; "$LFS" migrate -v -c 1 -o 4 /two /two >two.out 2>two.err || st=$?
[ $st = 121 ] || fail "migrate to a nocreate OST, listed twice: status $st"
[ -z "$(cat two.out)" ] || fail "migrate said: $(cat two.out)"
[ "$(sed 's/; 0 B in .*//' two.err)" = "error: lfs migrate: /two: OST 4 takes no new objects (nocreate) among your specified 1 OST(s): Remote I/O error
error: lfs migrate: /two: OST 4 takes no new objects (nocreate) among your specified 1 OST(s): Remote I/O error
lfs migrate: 2 files: 0 migrated, 0 skipped, 0 busy, 2 failed" ] ||
	fail "migrate to a nocreate OST, listed twice: $(cat two.err)"
"$LFS" migrate -v -c 1 -o 0 /two /dd/f /two >two.out 2>/dev/null
[ "$(cat two.out)" = "/two: already in the requested layout (OSTs 0), skipped
/dd/f: migrated from OSTs 4 to OSTs 0
/two: already migrated in this run (a hard link, or listed twice), skipped" ] ||
	fail "migrate listed twice: $(cat two.out)"

# 5. lfsck sized its per-OST table of the largest ids layouts name by the
# OST count it started with; the configuration is reread on the way (an
# orphan's adoption writes a layout), so after an `ost add` meanwhile it
# read past the table and rebuilt the new OSTs' LAST_ID from heap bytes
# ("OST0005: LAST_ID 0 is behind layout-named object 81"). lfsck is
# stopped at its first entry (LFS_FAULT_STOP) for the add.
"$LFS" import -o 0 two.in /lost
rm "$STORE/mdt/ROOT/lost"      # its object is an orphan now
LFS_FAULT=lfsck-entry LFS_FAULT_STOP=1 "$LFS" lfsck --orphans >lf.out 2>&1 & lpid=$!
for _ in $(seq 1500); do
	[ "$(awk '{ print $3 }' /proc/$lpid/stat 2>/dev/null)" = T ] && break; sleep 0.02
done
[ "$(awk '{ print $3 }' /proc/$lpid/stat)" = T ] || fail "lfsck did not stop at lfsck-entry"
"$LFS" ost add --count 2 >/dev/null
kill -CONT $lpid
wait $lpid || fail "lfsck: $(cat lf.out)"
grep -q "moved orphan object OST0000" lf.out || fail "no orphan adopted: $(cat lf.out)"
grep -q "LAST_ID" lf.out && fail "lfsck rebuilt a LAST_ID: $(cat lf.out)"
for o in 5 6; do
	[ "$(cat "$STORE/ost/OST000$o/LAST_ID")" = 0 ] ||
		fail "OST$o LAST_ID: $(cat "$STORE/ost/OST000$o/LAST_ID")"
done

# 5b. lfsck while another handle keeps spare volatiles (a shell after a
# migration batch): their layouts name destroyed objects, which lfsck
# reported as damage ("object OST0000:1 is missing", "3 damaged").
for i in 7 8 9; do "$LFS" import -o 0 two.in /s$i; done
spares_shell 5 /s7 /s8 /s9
st=0; out=$("$LFS" lfsck 2>&1) || st=$?
kill -KILL $spid; wait $spid 2>/dev/null || true
[ $st = 0 ] || fail "lfsck beside live spares: status $st: $out"
grep -q ', 0 damaged$' <<<"$out" || fail "lfsck beside live spares: $out"
grep -q 'missing' <<<"$out" && fail "lfsck beside live spares: $out"

# 3b. A component added to a PFL file (--component-add) naming a removed
# OST is refused with the same explanation, not a bare "No such device".
"$LFS" setstripe -E 1M -c 1 -o 0 /pfl2
unchanged 19 "error: lfs setstripe: /pfl2: OST0001 was removed (ost remove)" \
	"$LFS" setstripe --component-add -E -1 -c 1 -o 1 /pfl2
