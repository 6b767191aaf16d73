# lua/scripts/drain_ost.lua through lfs -f: --help, bad arguments, a dry
# run that changes nothing, a run killed half-way and its rerun (which
# only migrates what is left, a busy file last in blocking mode), then
# the data, the layouts and df.
. "$(dirname "$0")/../e2e-proc.sh"
mkstore --osts 4 --ost-size 256M

# Small files (migrated in batches) and files of 4 MiB and more, sparse
# (migrated one by one, so that a kill leaves some moved and some not).
make_files host 8 90000
for i in $(seq -w 10); do
	head -c $((10#$i * 10000)) /dev/urandom > "host/g$i"
	truncate -s $((4500000 + 10#$i * 100000)) "host/g$i"
	head -c 3000 /dev/urandom >> "host/g$i"
done
"$LFS" mkdir /d
"$LFS" import -c 2 host /d
head -c 3000000 /dev/urandom > big.in
"$LFS" import -o 1,2,3 big.in /d/big
cp big.in host/big
on1() { "$LFS" find / --ost 1 -type f; }
n1=$(on1 | wc -l)
[ "$n1" -ge 8 ] || fail "only $n1 files on OST 1"

# --help, both ways of naming the procedure.
help_ok drain_ost
help=$("$LFS" -f "$SCRIPTS/drain_ost.lua" --help)
grep -q '^usage: drain_ost IDX' <<< "$help" ||
	fail "lfs -f lua/scripts/drain_ost.lua --help"

# Bad arguments: the message, status 4 and the usage; nothing changed.
proc_usage "error: drain_ost: missing IDX" "$LFS" -f drain_ost
proc_usage "error: drain_ost: invalid OST index 'x'" "$LFS" -f drain_ost x
proc_usage "error: drain_ost: invalid OST index '-1'" "$LFS" -f drain_ost -1
proc_usage "error: drain_ost: extra operand '2'" "$LFS" -f drain_ost 1 2
proc_usage "error: drain_ost: invalid job count '0'" "$LFS" -f drain_ost 1 --jobs 0
proc_usage "error: drain_ost: option '--jobs' requires an argument" "$LFS" -f drain_ost 1 --jobs
proc_usage "error: drain_ost: unrecognized option '--bogus'" "$LFS" -f drain_ost 1 --bogus
unchanged 19 "error: drain_ost: OST 9 does not exist (the filesystem has 4 OSTs)" \
	"$LFS" -f drain_ost 9

# --dry-run: the plan (each file on OST 1), nothing changed, not even the
# OST's state.
dry_run dry.out "$LFS" -f drain_ost 1 --dry-run
[ "$(head -1 dry.out)" = "would mark OST 1 nocreate" ] || fail "dry run: $(head -1 dry.out)"
[ "$(sed -n 's/^would migrate \(.*\) ([0-9.]* [KMG]*i*B)$/\1/p' dry.out)" = "$(on1)" ] ||
	fail "dry run plan: $(cat dry.out)"
tail -1 dry.out | grep -qx "drain_ost: OST 1: dry run: $n1 files would migrate, [0-9.]* MiB would move; nothing changed" ||
	fail "dry run summary: $(tail -1 dry.out)"
"$LFS" ost list | grep -q '^1 .* active   -  ' || fail "dry run changed OST 1: $("$LFS" ost list)"

# A run killed after its 4th swap: some files have left OST 1, the rest
# has not; recovery settles the one in flight.
set +e
LFS_FAULT=swapped:4 "$LFS" -f drain_ost 1 >kill.out 2>&1
st=$?
set -e
[ $st = 137 ] || fail "killed run: status $st: $(cat kill.out)"
"$LFS" lfsck >/dev/null
"$LFS" ost list | grep -q '^1 .* active   N ' || fail "OST 1 not nocreate after the first run"
on1 > left.list
left=$(wc -l < left.list)
[ "$left" -lt "$n1" ] && [ "$left" -gt 0 ] || fail "after the kill: $left of $n1 files on OST 1"
same_content /d host
gens() { for f in host/*; do echo "$("$LFS" getstripe -g "/d/${f##*/}") /d/${f##*/}"; done; }
gens > gens.before

# A file held open by a writer: refused by the non-blocking pass, migrated
# by the blocking one (the writer's bytes land in the new layout).
"$LFS" ost create 1; "$LFS" import -o 1,3 big.in /busy; "$LFS" ost nocreate 1
mkfifo fifo
"$LFS" write --offset 10 /busy < fifo & wpid=$!
exec 9>fifo
for _ in $(seq 100); do
	ls -l /proc/$wpid/fd 2>/dev/null | grep -q 'mdt/ROOT/busy$' && break
	sleep 0.02
done
"$LFS" -f drain_ost 1 --jobs 3 >run.out 2>run.err || fail "rerun failed: $(cat run.out run.err)"
printf XYZ >&9; exec 9>&-
wait $wpid || fail "the writer failed"
[ "$(summary drain_ost run.out)" = "drain_ost: OST 1: $((left + 1)) files: $((left + 1)) migrated (1 after waiting for writers), 0 skipped, 0 busy, 0 failed; X in Xs" ] ||
	fail "rerun summary: $(cat run.out run.err)"
[ "$(tail -1 run.out)" = "drain_ost: OST 1 is empty" ] || fail "rerun: $(tail -1 run.out)"
[ ! -s run.err ] || fail "rerun stderr: $(cat run.err)"
{ head -c 10 big.in; printf XYZ; tail -c +14 big.in; } > busy.want
"$LFS" cat /busy | cmp -s - busy.want || fail "/busy: content"

# The files the first run moved were not migrated again; the others were.
while read -r g0 f; do
	g=$("$LFS" getstripe -g "$f")
	if grep -qxF "$f" left.list; then
		[ "$g" != "$g0" ] || fail "$f was left on OST 1 and not migrated"
	else
		[ "$g" = "$g0" ] || fail "$f was migrated again (layout gen $g0 -> $g)"
	fi
done < gens.before

# Nothing on OST 1; data, stripe counts and df as they should be.
[ -z "$(on1)" ] || fail "still on OST 1: $(on1)"
same_content /d host
for f in host/[fg]*; do expect_out 2 "$LFS" getstripe -c "/d/${f##*/}"; done
expect_out 3 "$LFS" getstripe -c /d/big
[ "$(ost_used 1)" = 0 ] || fail "df: OST 1 uses $(ost_used 1) KiB"
clean_store drain

# A third run finds nothing to do.
"$LFS" -f drain_ost 1 >again.out || fail "third run: $(cat again.out)"
[ "$(summary drain_ost again.out)" = "drain_ost: OST 1: 0 files: 0 migrated, 0 skipped, 0 busy, 0 failed; X in Xs" ] ||
	fail "third run: $(cat again.out)"

# Ctrl-C during a throttled drain: the file in flight is left as it was,
# the procedure says how far it got and ends with 130; a rerun finishes.
proc_usage "error: drain_ost: invalid size 'fast'" "$LFS" -f drain_ost 2 --bandwidth fast
mkdir slow
for i in 1 2 3; do head -c 4000000 /dev/urandom > "slow/s$i"; done
"$LFS" mkdir /slow
"$LFS" import -o 2 slow /slow
n2=$("$LFS" find / --ost 2 -type f | wc -l)   # with earlier files: one batch
"$LFS" -f drain_ost 2 --jobs 1 --bandwidth 1M > int.out 2> int.err &
pid=$!
for _ in $(seq 100); do grep -q 'marked nocreate' int.out && break; sleep 0.05; done
sleep 1      # a second into the first 4 MB file, copied at 1 MB/s
kill -INT "$pid"
st=0
wait "$pid" || st=$?
[ "$st" = 130 ] || fail "drain_ost interrupted: status $st: $(cat int.out int.err)"
# The files the run had taken (a batch of small ones, settled together) are
# counted as interrupted, none as failed.
grep -Eq '^drain_ost: interrupted \(run it again to finish\): ([0-9]+) files: 0 migrated, 0 skipped, 0 busy, 0 failed, \1 interrupted \(left as it was\); [0-9.]+ [KMGTP]*i?B in [0-9.]+s$' int.out ||
	fail "drain_ost interrupted: $(cat int.out)"
grep -q '^error:' int.err && fail "an interrupted file reported as an error: $(cat int.err)"
same_content /slow slow
[ "$("$LFS" find / --ost 2 -type f | wc -l)" = "$n2" ] || fail "files left OST 2 despite the interrupt"
clean_store interrupted
"$LFS" -f drain_ost 2 > int2.out || fail "rerun after the interrupt: $(cat int2.out)"
[ "$(summary drain_ost int2.out)" = "drain_ost: OST 2: $n2 files: $n2 migrated, 0 skipped, 0 busy, 0 failed; X in Xs" ] ||
	fail "rerun after the interrupt: $(cat int2.out)"
same_content /slow slow
clean_store "rerun after the interrupt"
