#!/usr/bin/env bash
# crash.sh - the crash campaign (make check-crash). Each mutating command
# (scenarios.sh) runs on known content and is killed with SIGKILL at a
# random moment inside its own measured duration; then recovery runs (lfs
# lfsck, or the next command that opens the store for writing) and the
# checks: every file holds its old or its new content and layout (a write:
# also a prefix of its bytes applied), sizes agree, and the store is clean
# (lib.sh check_store: no leftovers, no leaked or shared objects, usage
# exact, lfsck --orphans --dry-run finds nothing, lfs find --ost answers
# from the OST index as from every layout, also before the recovery). The
# killed command is then retried, or completed, to reach its new state.
#
#   CRASH_KILLS=N    kills in all (default 500), shared by scenario weight
#   CRASH_SEED=S     the seed of the run (printed at start) to replay it
#   CRASH_ONLY=A,B   only these scenarios (a replay of one: its seed is
#                    derived from CRASH_SEED and its name)
#   CRASH_MB=N       size of the big files in MiB (default 48)
# Before its random kills, each scenario is also killed at every fault point
# of lib/ (LFS_FAULT, lib/fault.h) its command reaches.
# Prints per-scenario counts and "crash: N passed, M failed"; exits 1 if
# anything failed, keeping the failed stores.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${LFS:=$here/../../lfs}"
export LFS
KILLS=${CRASH_KILLS:-500}
SEED=${CRASH_SEED:-$(( ${EPOCHREALTIME/./} % 1000000000 ))}
BIG=$(( ${CRASH_MB:-48} * 1024 * 1024 ))
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lfs-crash.XXXXXX")
DATA=$WORK/data
mkdir -p "$DATA"
. "$here/lib.sh"
. "$here/scenarios.sh"

mkfifo "$WORK/tick" && exec 9<> "$WORK/tick"
exec 3>&1                                   # reports, whatever is redirected
nap() { read -r -t "$1" -u 9 _ || true; }   # sleep without a fork

PASSED=0 FAILED=0 TOTAL_W=0
declare -A MISSED FAILS OUTCOMES CAUSES FAULT_KILLS DRIFTS
declare -a DUR
for s in "${SCENARIOS[@]}"; do set -- $s; TOTAL_W=$((TOTAL_W + $3)); done
FAULT_POINTS=$(cat "$here"/../../lib/*.c 2>/dev/null | grep -o 'fault_point("[^"]*")' | cut -d'"' -f2 | sort -u)
echo "crash: seed $SEED, $KILLS kills, lfs $LFS, work in $WORK"

# A fresh store for the scenario, with a bystander file /keep.
new_store() {
	STORE=$WORK/$name/store; export LFS_STORE=$STORE
	rm -rf "$STORE"
	"$LFS" mkfs --osts 4 --ost-size 4G "$STORE" >/dev/null || return 1
	host_file keep $MB
	lfs_ok import -c 2 "$DATA/keep" /keep || return 1
	"${name}_setup" || return 1
	PATHS+=(/keep)
}

# snapshot DIR: the scenario's paths and its own state (configuration).
snapshot() {
	snap "$1" "${PATHS[@]}" || return 1
	if declare -F "${name}_state" >/dev/null; then "${name}_state" >> "$1/meta" 2>&1; fi
	return 0
}

set_op() { OP_IN=/dev/null; "${name}_op" "$1"; }
# next V: to the start of variant V+1 (NAME_next, when the scenario has one;
# otherwise the last snapshot of the files is that start already).
next() { FRESH=""; ! declare -F "${name}_next" > /dev/null || "${name}_next" "$1"; }

# run_full V: the command of variant V to its end (not killed); its status.
run_full() {
	local t0 t1 st
	set_op "$1"
	t0=${EPOCHREALTIME/./}
	"${OP[@]}" < "$OP_IN" > "$WORK/op.out" 2>&1; st=$?
	t1=${EPOCHREALTIME/./}
	DUR[$1]=$(( DUR[$1] ? (DUR[$1] + t1 - t0) / 2 : t1 - t0 ))
	return $st
}

# Two passes over the cycle, not killed: each command's new state, and
# its duration (of the second pass, caches warm).
measure() {
	local v pass
	for pass in 1 2; do
		DUR=()
		for v in $(seq 0 $((nvar - 1))); do
			run_full $v || { echo "${OP[*]} failed: $(cat "$WORK/op.out")"; return 1; }
			snapshot "$WORK/$name/new$v" || return 1
			recount_drift
			check_store || { echo "(after '${OP[*]}', not killed)"; return 1; }
			next $v || return 1
		done
	done
}

# fail_kill CAUSE MESSAGE: report and count a failure, by cause.
fail_kill() {
	local cause=$1; shift
	FAILED=$((FAILED + 1)); FAILS[$name]=$(( ${FAILS[$name]:-0} + 1 ))
	CAUSES[$name:$cause]=$(( ${CAUSES[$name:$cause]:-0} + 1 ))
	{
	echo "FAIL crash: $name: $cause (kill $kills, seed $SEED: replay with CRASH_SEED=$SEED CRASH_ONLY=$name)"
	echo "  command: ${OP[*]}${OP_IN:+ < ${OP_IN#$WORK/}}"
	echo "  killed $when, recovery: $recovery"
	echo "$*" | sed 's/^/  /'
	if [ "${CAUSES[$name:$cause]}" -le 3 ]; then        # the first 3 of each cause
		cp -a "$STORE" "$WORK/$name/failed.${FAILS[$name]}"
		echo "  store kept in $WORK/$name/failed.${FAILS[$name]}"
	fi
	} >&3
}
# recount_drift: count usage drifted without a crash (lib.sh usage_drift),
# and recount it: a kill starts from exact usage.
recount_drift() {
	[ -z "$(usage_drift)" ] && return
	DRIFTS[$name]=$(( ${DRIFTS[$name]:-0} + 1 ))
	"$LFS" lfsck > /dev/null
}

# The cause of check_store's complaints (its first kind, by severity).
store_cause() {
	local c
	for c in "named by two layouts:shared" "leaked object:leaked" "host links:shared" \
		 "leftovers:leftovers" "OST index:index" "lfsck --orphans:lfsck" "usage:usage" "lfs df:usage" "getstripe:layout"; do
		grep -q "${c%:*}" "$1" && { echo "${c#*:}"; return; }
	done
	echo store
}
# Usage (lfs df) differing from the objects' blocks after a kill, and
# nothing else: the files are as they should be; reported, counted,
# recounted, and the run goes on.
usage_only() { ! grep -Ev '^(OST[0-9]+ usage |lfs df: OST)' "$1" | grep -q .; }

# What the files show after the kill and the recovery: old, new, partial
# (a write's prefix), or a failure (printed).
judge() {
	local cur=$WORK/$name/cur old=$WORK/$name/old new=$WORK/$name/new$v base out
	out=$(snapshot "$cur") || { echo "$out"; return 1; }
	if same_exact "$cur" "$old"; then
		result=old
	elif same_geom "$cur" "$new"; then
		result=new
	elif [ "$merge" = per-file ] && per_file "$cur" "$old" "$new" > "$cur/bad"; then
		result=mixed
	elif [ "$merge" = per-file ]; then
		echo "files in neither their old nor their new state:" $(head "$cur/bad")
		return 1
	elif [ -n "$merge" ] && cmp -s <(sed 1d "$cur/meta"; cat "$cur/layout") <(sed 1d "$old/meta"; cat "$old/layout") &&
	     { [ $merge = replace ] && base=/dev/null || base=$old/c.0; merge_ok "$cur/c.0" "$base" "$new/c.0"; }; then
		result=partial
	else
		echo "neither the old nor the new state; against the old (exact):"
		diff <(view_exact "$old") <(view_exact "$cur") | head -20
		echo "against the new (geometry):"
		diff <(view_geom "$new") <(view_geom "$cur") | head -20
		return 1
	fi
	sizes_agree "$cur"
}

# one_kill [POINT]: kill the command of variant v at a random moment (at
# fault point POINT), recover, check, and finish it.
one_kill() {
	local st out delay delay_us
	if [ -n "$FRESH" ]; then
		rm -rf "$WORK/$name/old"; mv "$FRESH" "$WORK/$name/old"
	else
		out=$(snapshot "$WORK/$name/old") || { fail_kill read "before the kill: $out"; return 1; }
	fi
	recount_drift
	set_op $v
	if [ -n "${1:-}" ]; then
		when="at LFS_FAULT=$1"
		{ LFS_FAULT=$1 "${OP[@]}" < "$OP_IN" > "$WORK/op.out" 2>&1; st=$?; } 2>/dev/null
	else
		delay_us=$(( (RANDOM * 32768 + RANDOM) % (DUR[v] + 1) ))
		printf -v delay '%d.%06d' $((delay_us / 1000000)) $((delay_us % 1000000))
		when="after ${delay}s (the command takes ~$((DUR[v] / 1000)) ms)"
		"${OP[@]}" < "$OP_IN" > "$WORK/op.out" 2>&1 & pid=$!
		nap "$delay"
		kill -9 $pid 2>/dev/null
		{ wait $pid; } 2>/dev/null; st=$?
	fi
	settle          # write-back of what it wrote ends before recovery counts
	# find opens read-only: no recovery yet.
	index_same > "$WORK/index.out" 2>&1 ||
		{ fail_kill index "before recovery: $(cat "$WORK/index.out")"; return 1; }
	if (( RANDOM % 2 )); then
		recovery="lfs lfsck"; out=$("$LFS" lfsck 2>&1)
	else
		recovery="lfs chmod 644 /keep"; out=$("$LFS" chmod 644 /keep 2>&1)
	fi || { fail_kill recovery "recovery ($recovery) failed: $out"; return 1; }
	if [ $st = 137 ] && [ -n "${1:-}" ]; then
		FAULT_KILLS[$name]=$(( ${FAULT_KILLS[$name]:-0} + 1 ))
	elif [ $st = 137 ]; then
		kills=$((kills + 1))
	elif [ $st = 0 ]; then
		MISSED[$name]=$(( ${MISSED[$name]:-0} + 1 ))
		recount_drift       # not killed: as any command
	else
		fail_kill command "the command failed by itself (status $st): $(cat "$WORK/op.out")"; return 1
	fi
	result=none
	judge > "$WORK/judge.out" 2>&1 || { fail_kill state "$(cat "$WORK/judge.out")"; return 1; }
	if ! check_store > "$WORK/store.out" 2>&1; then
		fail_kill $(store_cause "$WORK/store.out") "$(cat "$WORK/store.out")"
		usage_only "$WORK/store.out" || return 1
		"$LFS" lfsck > /dev/null
	elif [ $st = 137 ]; then
		PASSED=$((PASSED + 1))
	fi
	[ $st = 137 ] && OUTCOMES[$name.$result]=$(( ${OUTCOMES[$name.$result]:-0} + 1 ))
	# Finish what the kill interrupted: a retry must reach the new state.
	if [ $result != new ]; then
		# (a partial append: back to its start first)
		[ $result = partial ] && { next $v || return 1; }
		run_full $v || { fail_kill retry "retry after the kill failed: $(cat "$WORK/op.out")"; return 1; }
		out=$(snapshot "$WORK/$name/cur") || { fail_kill retry "after the retry: $out"; return 1; }
		same_geom "$WORK/$name/cur" "$WORK/$name/new$v" ||
			{ fail_kill retry "the retry did not reach the new state: $(diff <(view_geom "$WORK/$name/new$v") <(view_geom "$WORK/$name/cur") | head)"; return 1; }
	fi
	next $v || return 1
	[ -n "$FRESH" ] || declare -F "${name}_next" > /dev/null || FRESH=$WORK/$name/cur
}

# kill_step [POINT]: one kill; after a failure, start again from a fresh
# store (fails if that cannot be done).
kill_step() {
	if one_kill "$@"; then v=$(( (v + 1) % nvar )); return 0; fi
	FRESH="" v=0
	new_store > /dev/null 2>&1 || { fail_kill setup "cannot set up again"; return 1; }
}

idx=0
for s in "${SCENARIOS[@]}"; do
	set -- $s; name=$1 nvar=$2 merge=${4:-}; idx=$((idx + 1))
	SNAP_CONTENT=; case $merge in replace|merge) SNAP_CONTENT=1 ;; esac
	[ -n "${CRASH_ONLY:-}" ] && [[ ",$CRASH_ONLY," != *",$name,"* ]] && continue
	want=$(( (KILLS * $3 + TOTAL_W - 1) / TOTAL_W ))
	RANDOM=$(( (SEED + idx * 7919) % 2147483647 ))
	mkdir -p "$WORK/$name"
	kills=0 tries=0 v=0 when=- recovery=none FRESH=""; OP=("${name}" setup)
	if ! { new_store && measure; } > "$WORK/setup.out" 2>&1; then
		fail_kill setup "setting up and measuring: $(cat "$WORK/setup.out")"; continue
	fi
	for point in $FAULT_POINTS; do kill_step $point || break; done
	while [ $kills -lt $want ] && [ $tries -lt $((want * 12 + 20)) ]; do
		tries=$((tries + 1)); kill_step || break
	done
	[ $kills -ge $want ] || fail_kill misses "only $kills kills landed inside the command in $tries tries"
	causes=""
	for c in "${!CAUSES[@]}"; do [[ $c == "$name:"* ]] && causes+=" ${c#*:} ${CAUSES[$c]},"; done
	printf 'crash: %-22s %4d kills (+%d at fault points; old %d, new %d, partial %d, mixed %d), %d ran to their end, usage drifted %d times without a kill, %d failed%s\n' \
		"$name" $kills ${FAULT_KILLS[$name]:-0} ${OUTCOMES[$name.old]:-0} ${OUTCOMES[$name.new]:-0} ${OUTCOMES[$name.partial]:-0} \
		${OUTCOMES[$name.mixed]:-0} ${MISSED[$name]:-0} ${DRIFTS[$name]:-0} ${FAILS[$name]:-0} "${causes:+:${causes%,}}"
done
echo "crash: $PASSED passed, $FAILED failed"
if [ $FAILED = 0 ]; then rm -rf "$WORK"; else echo "crash: failed stores kept in $WORK"; fi
[ $FAILED = 0 ]
