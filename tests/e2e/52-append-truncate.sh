# Appends are atomic (O_APPEND): against each other, a replacing write and
# a truncate; and truncates killed at each step.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 2
W=4 N=50
pad=$(printf '%0100d' 0)
appender() {   # appender ID: N records, one `write -a` each
	for j in $(seq $N); do
		printf 'w%s-%03d-%s\n' "$1" "$j" "$pad" | "$LFS" write -a /log || exit 1
	done
}
expected() { for w in "$@"; do for j in $(seq $N); do printf 'w%s-%03d-%s\n' "$w" "$j" "$pad"; done; done | sort; }
for round in 1 2 3; do
	"$LFS" rm /log 2>/dev/null || true
	"$LFS" write -c 2 -S 64k /log </dev/null
	pids=()
	for w in $(seq $W); do appender $w & pids+=($!); done
	for p in "${pids[@]}"; do wait $p || fail "round $round: an appender failed"; done
	"$LFS" cat /log > log.out
	[ "$(wc -l < log.out)" = $((W * N)) ] || fail "round $round: $(wc -l < log.out) lines, want $((W * N))"
	sort log.out | cmp - <(expected $(seq $W)) || fail "round $round: records lost or torn"
done

# A replacing write among appenders: it is one step too, so the file is
# its content followed by whole records appended after it.
head -c $((8 * 1024 * 1024)) /dev/urandom > r.in
for round in 1 2 3; do
	"$LFS" write /log < /dev/null
	pids=()
	for w in $(seq $W); do appender $w & pids+=($!); done
	sleep 0.1
	"$LFS" write /log < r.in || fail "round $round: the replacing write failed"
	for p in "${pids[@]}"; do wait $p || fail "round $round: an appender failed"; done
	"$LFS" cat /log > log.out
	head -c "$(stat -c %s r.in)" log.out | cmp -s - r.in || fail "round $round: the replaced content is torn"
	tail -c +"$(( $(stat -c %s r.in) + 1 ))" log.out > tail.out
	sort tail.out | comm -23 - <(expected $(seq $W)) | grep -q . && fail "round $round: torn records after the replaced content"
	[ "$(sort -u tail.out | wc -l)" = "$(wc -l < tail.out)" ] || fail "round $round: a record twice"
done

# A truncate among appenders of records larger than a write's chunk: an
# append lands wholly before or after it, never past the size it read
# before it (zeros before it, or a record cut in two). The truncate comes
# once the file has grown: some append is under way.
big() { for j in 1 2; do awk -v l="w$1-$j-$pad" 'BEGIN { for (i = 0; i < 16384; i++) print l }' | "$LFS" write -a /log || exit 1; done; }
for round in $(seq 10); do
	"$LFS" write /log < /dev/null
	pids=()
	for w in $(seq $W); do big $w & pids+=($!); done
	while [ "$(stat -c %s "$STORE/mdt/ROOT/log")" = 0 ] && kill -0 "${pids[@]}" 2>/dev/null; do :; done
	"$LFS" truncate -s 0 /log
	for p in "${pids[@]}"; do wait $p || fail "round $round: an appender failed beside a truncate"; done
	"$LFS" cat /log > log.out
	[ "$(tr -d '\0' < log.out | wc -c)" = "$(wc -c < log.out)" ] || fail "round $round: zeros beside a truncate"
	bad=$(uniq -c log.out | awk '$1 != 16384 || $2 !~ /^w[0-9]+-[0-9]+-0+$/' | head -3)
	[ -z "$bad" ] || fail "round $round: torn records beside a truncate: $bad"
done
