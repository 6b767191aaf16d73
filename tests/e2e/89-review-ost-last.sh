# lfs ost add after the last OST was removed takes that OST's size (a
# removed OST's size was skipped; with every OST removed, which ost remove
# now refuses, the new one was made with capacity 0).
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2 --ost-size 64M
"$LFS" ost remove 1
expect_out "added lustre-OST0002_UUID (index 2) at $STORE/ost/OST0002" "$LFS" ost add
grep -qx "ost 2 capacity=67108864 state=active nocreate=0 degraded=0" "$STORE/lfs-store.conf" ||
	fail "conf: $(cat "$STORE/lfs-store.conf")"
head -c 3000 /dev/urandom > f.in
"$LFS" import -i 2 f.in /f
"$LFS" export /f f.out && cmp f.in f.out
expect_out 2 "$LFS" getstripe -i /f

# A's ost add, stopped once its configuration is written (the lock
# dropped), before it removes ost/ADDING; B's ost add, killed after making
# its directory, leaves its ADDING. A must not delete B's record: the
# next ost add undoes B's directory from it. (Deterministic: strace stops
# A with SIGSTOP when the close() that drops the lock returns; the count
# of closes before it is taken from a traced run on a copy; LeakSanitizer
# does not work under ptrace.)
if strace -o /dev/null true 2> /dev/null; then
	cp -a "$STORE" "$SCRATCH/copy"
	LFS_STORE="$SCRATCH/copy" ASAN_OPTIONS=detect_leaks=0 strace -f -o trace -e trace=close,flock,openat "$LFS" ost add > /dev/null
	# The close of the fd the configuration update locked (the flock
	# before ost/ADDING.tmp is written): its number among the closes.
	n=$(awk '/flock\(/ { split($2, f, /[(,]/); fd = f[2] }
		 /"ost\/ADDING.tmp"/ { want = fd }
		 /close\(/ { n++; split($2, c, /[()]/); if (want != "" && c[2] == want) { print n; exit } }' trace)
	[ -n "$n" ] || fail "no close of the lock in: $(cat trace)"
	ASAN_OPTIONS=detect_leaks=0 strace -f -o a.trace -e trace=close -e inject=close:signal=SIGSTOP:when=$n \
		"$LFS" ost add > a.out 2>&1 &
	tracer=$!
	until grep -q -- '--- stopped by SIGSTOP ---' a.trace 2> /dev/null; do
		kill -0 $tracer 2> /dev/null || fail "A ended before it stopped: $(cat a.out)"
	done
	a=$(pgrep -P $tracer)
	trap 'kill -KILL $a $tracer 2> /dev/null || true' EXIT
	grep -qx "ost 3 .*" "$STORE/lfs-store.conf" || fail "A stopped before its commit"
	st=0; LFS_FAULT=ost-add-dir "$LFS" ost add 2> /dev/null || st=$?
	[ $st = 137 ] || fail "B: status $st"
	[ -d "$STORE/ost/OST0004" ] || fail "B made no directory"
	kill -CONT "$a"
	wait $tracer || fail "A: $(cat a.out)"
	trap - EXIT
	expect_out "added lustre-OST0003_UUID (index 3) at $STORE/ost/OST0003" cat a.out
	expect_out "added lustre-OST0004_UUID (index 4) at $STORE/ost/OST0004" "$LFS" ost add
fi
