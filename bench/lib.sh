# bench/lib.sh: the machinery of bench/bench.sh (which says how to add a case).
# bench_begin, bench_case, bench_skip, bench_end; each case's table row goes
# to standard output at once and, at bench_end, to $RESULTS with the machine.

BENCH_ROWS=()
BENCH_PAIRS=()

bench_median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

bench_max() { printf '%s\n' "$@" | sort -g | tail -n 1; }

# bench_div A B: A / B to 2 places; a zero B counts as the clock's 1 ms.
bench_div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.001; printf "%.2f", a / b }'; }

bench_mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

bench_machine() {
	local cpu mem fs opts
	cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
	mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
	fs=$(df -T "$DIR" 2>/dev/null | awk 'NR == 2 { print $2 " (" $1 ")" }')
	[ -n "$fs" ] || fs=$(stat -f -c %T "$DIR")
	opts=$(findmnt -n -o OPTIONS -T "$DIR" 2>/dev/null || true)
	echo "- cores: $(nproc)${cpu:+ ($cpu)}"
	echo "- memory: $mem"
	echo "- bench directory's filesystem: $fs${opts:+, mounted $opts}"
	echo "- kernel: $(uname -r)"
	echo "- load average (1, 5, 15 min) at the start: $BENCH_LOAD; at the end:" \
		"$(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes the pairs vary)"
}

bench_begin() {
	export RUSAGE BENCH_LFS_RSS=$DIR/.lfs-rss
	BENCH_LAST_END=0
	BENCH_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
	BENCH_HEAD="| case | lfs (median) | baseline (median) | ratio (median of pairs) | target | peak RSS lfs / baseline |"
	BENCH_SCALED=""
	if [ "$BIG_MB" != 1024 ] || [ "$FILES" != 2000 ] || [ "$FIND_FILES" != 200000 ] ||
		[ "$RUNS" -lt 5 ] || [ -n "${BENCH_ONLY:-}" ]; then
		BENCH_SCALED="Scaled down: BENCH_BIG_MB=$BIG_MB BENCH_FILES=$FILES BENCH_FIND_FILES=$FIND_FILES BENCH_RUNS=$RUNS BENCH_ONLY=${BENCH_ONLY:-} (defaults 1024, 2000, 200000, 5, all cases); the targets are for the defaults."
	fi
	echo "# lfs bench, $(date -u '+%F %H:%M UTC'), $RUNS pairs per case, data in $DIR"
	[ -z "$BENCH_SCALED" ] || echo "$BENCH_SCALED"
	echo
	echo "$BENCH_HEAD"
	echo "|---|---|---|---|---|---|"
}

# bench_lfs ARGS: lfs, for the lfs side of a case: its own peak RSS is
# recorded (the side's bash would otherwise set a floor of a few MiB).
bench_lfs() { "$RUSAGE" -a "$BENCH_LFS_RSS" "$LFS" "$@"; }

# bench_run NAME SIDE PAIR: one timed side; sets BENCH_S and BENCH_KB (for
# the lfs side, the largest of its bench_lfs processes when it has any) and
# BENCH_LAST_END (epoch seconds when it ended). Its standard error is shown
# only when it fails.
bench_run() {
	if declare -F "$1_settle" >/dev/null; then "$1_settle" "$2" "$3"; else sync; fi
	rm -f "$BENCH_LFS_RSS"
	"$RUSAGE" "$DIR/.rusage" bash -c "$1_$2 $3" >/dev/null 2>"$DIR/.stderr" || {
		cat "$DIR/.stderr" >&2
		echo "bench: case $1, $2 side, pair $3 failed" >&2
		exit 1
	}
	BENCH_LAST_END=$(date +%s)
	read -r BENCH_S BENCH_KB < "$DIR/.rusage"
	if [ "$2" = lfs ] && [ -s "$BENCH_LFS_RSS" ]; then
		BENCH_KB=$(bench_max $(awk '{ print $2 }' "$BENCH_LFS_RSS"))
	fi
}

bench_case() {
	local name=$1 what=$2 kind=$3 target=$4 first=${5:-lfs}
	local p ratio met op
	local -a sides l_s=() b_s=() l_kb=() b_kb=() ratios=() pairs=()
	[ -z "${BENCH_ONLY:-}" ] || [ "$name" = "$BENCH_ONLY" ] ||
		[[ $name == "$BENCH_ONLY"_* ]] || return 0
	export CASE_DIR=$DIR/$name
	mkdir -p "$CASE_DIR"
	export -f "${name}_lfs" "${name}_base" bench_lfs
	for ((p = 1; p <= RUNS; p++)); do
		"${name}_prep" "$p" >/dev/null
		# alt: lfs first in odd pairs, the baseline in even ones.
		if [ "$first" = base ] || { [ "$first" = alt ] && ((p % 2 == 0)); }; then
			sides=(base lfs)
		else
			sides=(lfs base)
		fi
		for side in "${sides[@]}"; do
			bench_run "$name" "$side" "$p"
			if [ "$side" = lfs ]; then l_s+=("$BENCH_S"); l_kb+=("$BENCH_KB")
			else b_s+=("$BENCH_S"); b_kb+=("$BENCH_KB"); fi
		done
		if [ "$kind" = slower ]; then ratio=$(bench_div "${l_s[-1]}" "${b_s[-1]}")
		else ratio=$(bench_div "${b_s[-1]}" "${l_s[-1]}"); fi
		ratios+=("$ratio")
		pairs+=("${l_s[-1]}/${b_s[-1]} s = ${ratio}x")
	done
	ratio=$(bench_median "${ratios[@]}")
	if [ "$kind" = slower ]; then
		op="<="; met=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r <= t) ? "met" : "missed" }')
	else
		op=">="; met=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r >= t) ? "met" : "missed" }')
	fi
	BENCH_ROWS+=("| $what | $(bench_median "${l_s[@]}") s | $(bench_median "${b_s[@]}") s | $(printf %.2f "$ratio")x | $op ${target}x: $met | $(bench_mib "$(bench_max "${l_kb[@]}")") / $(bench_mib "$(bench_max "${b_kb[@]}")") MiB |")
	BENCH_PAIRS+=("- $what ($(case $first in base) echo baseline first;; alt) echo sides first in turn, lfs in pair 1;; *) echo lfs first;; esac)): $(IFS=,; echo "${pairs[*]}" | sed 's/,/; /g')")
	echo "${BENCH_ROWS[-1]}"
}

bench_skip() {
	BENCH_ROWS+=("| $1 | skipped: $2 | | | | |")
	echo "${BENCH_ROWS[-1]}"
}

bench_end() {
	local row
	{
		echo "# lfs bench results"
		echo
		echo "Written by \`make bench\` (bench/bench.sh) on $(date -u '+%F %H:%M UTC')" \
			"from lfs $(git describe --always --dirty 2>/dev/null || echo '(no git)'):" \
			"each case alternately with its baseline, $RUNS pairs, fresh inputs per pair."
		echo
		bench_machine
		echo
		[ -z "$BENCH_SCALED" ] || { echo "$BENCH_SCALED"; echo; }
		echo "$BENCH_HEAD"
		echo "|---|---|---|---|---|---|"
		for row in "${BENCH_ROWS[@]}"; do echo "$row"; done
		echo
		echo "Ratio: lfs/baseline when the target is an upper bound, baseline/lfs (speed-up)"
		echo "when it is a lower bound; each pair's ratio, then their median. Peak RSS: the"
		echo "largest resident set of lfs on the lfs side, of any process (lfs, cp, the"
		echo "shell running the side) on the baseline side: ru_maxrss from wait4, by"
		echo "bench/rusage; the highest over the pairs."
		echo
		echo "Pairs (lfs/baseline seconds = ratio):"
		echo
		for row in "${BENCH_PAIRS[@]}"; do echo "$row"; done
	} > "$RESULTS"
	echo
	echo "Results written to $RESULTS"
}
