#!/usr/bin/env bash
# stress.sh - concurrent writers and migrators on the same files (make
# stress). For STRESS_SECONDS (default 60), 4 writers overwrite lines at
# random places of their own quarter of each file and append to the files,
# and 2 migrators restripe the files (blocking and non-blocking, changing
# layouts). Every write is logged; at the end each file must hold exactly
# what the logs say: in each quarter the last overwrite of each line wins
# (one writer per quarter, so the order is the writer's own), and past the
# initial size every appended record once, whole, in its writer's order.
# Then the store must pass the crash campaign's checks (tests/crash/lib.sh).
#
# The files are lines of 10 bytes ("b00000042\n" initially; a write of tag
# "o3.0000017" repeats "o30000017\n"), so a line straddles stripe
# boundaries and any torn or misplaced byte shows.
#   STRESS_SECONDS=N   duration;  STRESS_SEED=S   replay a run's choices
# Prints "stress: N passed, M failed"; exits 1 on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${LFS:=$here/../../lfs}"
SECONDS_=${STRESS_SECONDS:-60}
SEED=${STRESS_SEED:-$(( ${EPOCHREALTIME/./} % 1000000000 ))}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lfs-stress.XXXXXX")
STORE=$WORK/store; export LFS_STORE=$STORE
. "$here/../crash/lib.sh"
FILES=(/s0 /s1 /s2)
LINES=$((800 * 1024))           # 8 MiB of lines per file to start with
QUARTER=$((LINES / 4))
PASSED=0 FAILED=0
check() {   # check WHAT STATUS: count and report one check
	if [ "$2" = 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); echo "FAIL stress: $1"; fi
}

echo "stress: seed $SEED (replay: STRESS_SEED=$SEED), $SECONDS_ s, work in $WORK"
"$LFS" mkfs --osts 4 --ost-size 4G "$STORE" >/dev/null || exit 1
awk -v n=$LINES 'BEGIN { for (i = 0; i < n; i++) printf "b%08d\n", i }' > "$WORK/base"
for f in "${FILES[@]}"; do "$LFS" import -c 2 "$WORK/base" "$f" || exit 1; done
end=$(( ${EPOCHREALTIME%.*} + SECONDS_ ))

# writer ID: overwrite its quarter or append, logging "o FILE LINE N TAG" or
# "a FILE N TAG" once the write returned 0 ("FAIL ..." otherwise).
writer() {
	local id=$1 seq=0 f tag n first st
	RANDOM=$(( (SEED + id) % 2147483647 ))
	while (( ${EPOCHREALTIME%.*} < end )); do
		seq=$((seq + 1)); f=${FILES[RANDOM % ${#FILES[@]}]}
		if (( RANDOM % 2 )); then
			tag=o$id$(printf %07d $seq); n=$(( RANDOM % 30000 + 1 ))
			first=$(( (id - 1) * QUARTER + (RANDOM * 32768 + RANDOM) % (QUARTER - n) ))
			yes "$tag" | head -c $((n * 10)) | "$LFS" write --offset $((first * 10)) "$f" 2>> "$WORK/w$id.err"
			st=${PIPESTATUS[2]}; [ $st = 0 ] && echo "o $f $first $n $tag" || echo "FAIL status $st: write --offset $((first * 10)) $f ($tag)"
		else
			tag=a$id$(printf %07d $seq); n=$(( RANDOM % 500 + 1 ))
			yes "$tag" | head -c $((n * 10)) | "$LFS" write -a "$f" 2>> "$WORK/w$id.err"
			st=${PIPESTATUS[2]}; [ $st = 0 ] && echo "a $f $n $tag" || echo "FAIL status $st: write -a $f ($tag)"
		fi
	done > "$WORK/w$id.log"
}

# migrator ID: restripe a random file, blocking or not; a non-blocking
# migration may give up (EBUSY 16, EAGAIN 11), a blocking one may see the
# file change (EAGAIN); anything else is a failure.
LAYOUTS=("-c 1" "-c 2" "-c 4 -S 2M" "-E 1M -c 1 -E -1 -c 3" "")
migrator() {
	local id=$1 f mode st
	RANDOM=$(( (SEED + 100 + id) % 2147483647 ))
	while (( ${EPOCHREALTIME%.*} < end )); do
		f=${FILES[RANDOM % ${#FILES[@]}]}; mode=-b; (( RANDOM % 2 )) && mode=-n
		"$LFS" migrate $mode ${LAYOUTS[RANDOM % ${#LAYOUTS[@]}]} "$f" > /dev/null 2>> "$WORK/m$id.err"
		st=$?
		case $st in
		0) echo "ok $mode" ;;
		11|16) echo "gave-up $st $mode" ;;
		*) echo "FAIL status $st: migrate $mode $f" ;;
		esac
	done > "$WORK/m$id.log"
}

pids=()
for id in 1 2 3 4; do writer $id & pids+=($!); done
for id in 1 2; do migrator $id & pids+=($!); done
wait "${pids[@]}"

cat "$WORK"/w?.log "$WORK"/m?.log | grep '^FAIL' | head -20
nfail=$(cat "$WORK"/w?.log "$WORK"/m?.log | grep -c '^FAIL')
check "writers and migrators: $nfail command(s) failed" $(( nfail > 0 ))
echo "stress: $(cat "$WORK"/w?.log | grep -c '^o') overwrites, $(cat "$WORK"/w?.log | grep -c '^a') appends," \
     "$(cat "$WORK"/m?.log | grep -c '^ok -b') blocking and $(cat "$WORK"/m?.log | grep -c '^ok -n') non-blocking migrations" \
     "($(cat "$WORK"/m?.log | grep -c '^gave-up') gave up: busy or changed)"

# Each file: the expected lines from the logs, against what it holds.
for f in "${FILES[@]}"; do
	out=$("$LFS" cat "$f" | awk -v file="$f" -v R=$LINES '
		function flush() {
			if (cur == "") return
			if (!(cur in want)) { bad("appended lines \"" cur "\" x" run " were never appended"); }
			else if (cur in seen) bad("record " cur " appears twice (torn or interleaved)")
			else if (run != want[cur]) bad("record " cur ": " run " lines, " want[cur] " appended")
			else {
				w = substr(cur, 2, 1); s = substr(cur, 3) + 0
				if (s <= last[w]) bad("record " cur " after a later record of writer " w)
				last[w] = s
			}
			seen[cur] = 1
		}
		function bad(m) { if (++nbad <= 10) print file ": " m }
		FILENAME == ARGV[1] {
			if ($1 == "o" && $2 == file) for (i = $3; i < $3 + $4; i++) ex[i] = $5
			if ($1 == "a" && $2 == file) { want[$4] = $3; napp++ }
			next
		}
		{ line = FNR - 1 }
		line < R {
			e = (line in ex) ? ex[line] : sprintf("b%08d", line)
			if ($0 != e) bad("line " line " holds \"" $0 "\", the last write there was \"" e "\"")
			next
		}
		$0 == cur { run++; next }
		{ flush(); cur = $0; run = 1 }
		END {
			flush()
			if (line + 1 < R) bad("only " line + 1 " lines, at least " R " expected")
			for (t in want) if (!(t in seen)) { lost++; if (lost <= 5) bad("appended record " t " (" want[t] " lines) is missing") }
			if (lost) bad(lost " of " napp " appended records lost")
			exit nbad > 0
		}' <(cat "$WORK"/w?.log) -)
	check "content of $f: $out" $?
	size=$("$LFS" cat "$f" | wc -c); isize=$(stat -c %s "$STORE/mdt/ROOT$f")
	check "size of $f: $size bytes of content, inode size $isize" $(( size != isize ))
done
# Usage may have drifted by extent-tree blocks the host allocated at
# write-back (tests/crash/lib.sh usage_drift): shown, recounted, and then
# the store must be exact.
out=$(usage_drift)
[ -z "$out" ] || { echo "stress: usage drifted without a crash (recounted):"; echo "$out"; "$LFS" lfsck >/dev/null; }
out=$(check_store); check "store: $out" $?
echo "stress: $PASSED passed, $FAILED failed"
if [ $FAILED = 0 ]; then rm -rf "$WORK"; else echo "stress: work kept in $WORK"; fi
[ $FAILED = 0 ]
