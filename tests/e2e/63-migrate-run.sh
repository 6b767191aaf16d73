# lfs migrate over many files: lists of any name, the run's summary and
# progress, a rerun that redoes nothing.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M
S=$((1024 * 1024))
R="$STORE/mdt/ROOT"

leftovers() { find "$STORE/mdt/PENDING" "$STORE/mdt/JOURNAL" -mindepth 1; }
# Every entry of the store but run/: name, inode, size, mtime, ctime.
store_times() { (cd "$STORE" && find . -path ./run -prune -o -printf '%p %i %s %T@ %C@\n' | sort); }
# The run's summary line, its figures that vary replaced by X.
summary() { sed -n 's/^\(lfs migrate: .*; \)[0-9.]* [KMGT]*i*B in [0-9.]*s, [0-9.]* [KMGT]*i*B\/s$/\1X in Xs, X\/s/p' "$1"; }

# Names that need -0 or care: spaces, a newline, leading dashes, bytes
# that are not UTF-8.
NAMES=('sp ace' $'new\nline' '-dash' '--long' $'bad\xff\xfe' ' lead')
echo data > small
for n in "${NAMES[@]}"; do "$LFS" import -c 1 small "/$n"; done
counts() { for n in "${NAMES[@]}"; do "$LFS" getstripe -c "/$n"; done | grep . | sort -u | tr '\n' ' '; }

# As `lfs find / -0` would print them (relative to the cwd, / here), NUL
# terminated, on stdin; -0 alone reads stdin too.
printf '/%s\0' "${NAMES[@]}" | "$LFS" migrate -c 2 -0 --files-from - 2>err
[ "$(counts)" = "2 " ] || fail "-0 --files-from -: stripe counts $(counts): $(cat err)"
printf '%s\0' "${NAMES[@]}" | "$LFS" migrate -c 3 -0 2>err
[ "$(counts)" = "3 " ] || fail "-0 from stdin: stripe counts $(counts): $(cat err)"
# One a line (every name but the one with a newline), from a file.
printf '/%s\n' "${NAMES[@]}" | grep -av '^/new$\|^line$' > list
printf '/new\nline\n' > nl.list
"$LFS" migrate -c 1 --files-from list 2>err
for n in "${NAMES[@]}"; do
	[ "$n" = $'new\nline' ] && want=3 || want=1
	[ "$("$LFS" getstripe -c "/$n")" = $want ] || fail "--files-from list: /$n: $(cat err)"
done
# A name that no longer exists, or an empty one: reported, the run goes on.
printf '/sp ace\0\0/gone\0/-dash\0' > l0
set +e; "$LFS" migrate -c 4 -0 --files-from l0 >out 2>err; st=$?; set -e
[ $st = 22 ] || fail "list with an empty and a missing name: status $st"
[ ! -s out ] || fail "stdout of a run without -v: $(cat out)"
[ "$(grep -v '^lfs migrate: 4 files' err)" = "error: lfs migrate: empty file name in the list
error: lfs migrate: /gone: No such file or directory" ] || fail "errors: $(cat err)"
[ "$(summary err)" = "lfs migrate: 4 files: 2 migrated, 0 skipped, 0 busy, 2 failed; X in Xs, X/s" ] ||
	fail "summary: $(cat err)"
[ "$("$LFS" getstripe -c '/sp ace')$("$LFS" getstripe -c /-dash)" = 44 ] || fail "the run did not go on"
# A newline name in an error message stays on one line.
set +e; printf '/no\nsuch\0' | "$LFS" migrate -0 -c 1 2>err; set -e
[ "$(cat err)" = 'error: lfs migrate: /no\nsuch: No such file or directory' ] || fail "$(cat err)"

# The summary: after two names or more only, on stderr; stdout as before.
for i in 1 2 3; do head -c $((100000 * i)) /dev/urandom > s.$i; "$LFS" import -c 1 s.$i /s.$i; done
"$LFS" migrate -c 2 /s.1 >out 2>err
[ ! -s out ] && [ ! -s err ] || fail "one file: $(cat out err)"
"$LFS" migrate -c 2 /s.1 /s.2 /s.3 >out 2>err
[ "$(cat out)" = "/s.1: already in the requested layout (OSTs $("$LFS" getstripe /s.1 | awk '/^\t +[0-9]/ {printf "%s%s", s, $1; s=","}')), skipped" ] ||
	fail "stdout: $(cat out)"
[ "$(summary err)" = "lfs migrate: 3 files: 2 migrated, 1 skipped, 0 busy, 0 failed; X in Xs, X/s" ] ||
	fail "summary: $(cat err)"
grep -q '; 488.3 KiB in ' err || fail "bytes of the summary: $(cat err)"
"$LFS" migrate --dry-run -c 4 /s.1 /s.2 2>err >/dev/null
[ "$(cat err)" = "lfs migrate: 2 files: 2 would migrate, 0 skipped, 0 busy, 0 failed; 293.0 KiB would move" ] ||
	fail "dry-run summary: $(cat err)"

# Busy: a writer holds /s.3 open; -n leaves it and says so.
mkfifo fifo
"$LFS" write --offset 0 /s.3 < fifo & wpid=$!
exec 9>fifo
for _ in $(seq 50); do [ -n "$(ls /proc/$wpid/fd 2>/dev/null)" ] && break; sleep 0.1; done
sleep 0.3
set +e; "$LFS" migrate -n -c 3 /s.1 /s.3 2>err; st=$?; set -e
echo more >&9; exec 9>&-; wait $wpid
[ $st = 16 ] || fail "busy: status $st: $(cat err)"
[ "$(summary err)" = "lfs migrate: 2 files: 1 migrated, 0 skipped, 1 busy, 0 failed; X in Xs, X/s" ] ||
	fail "busy summary: $(cat err)"

# --stats over the run, not a terminal: YAML records of the run on stdout.
for i in 1 2 3; do head -c $((3 * S)) /dev/urandom > w.$i; "$LFS" import -c 1 w.$i /w.$i; done
"$LFS" migrate --stats --stats-interval 0.2 -W 4M -c 2 /w.1 /w.2 /w.3 >stats 2>/dev/null
grep -q '^- files_done: [0-2]$' stats || fail "no report before the end: $(cat stats)"
grep -q '^- file:' stats && fail "a run of three names printed a file's record: $(cat stats)"
[ "$(tail -5 stats)" = "- files_done: 3
  files_total: 3
  bytes: $((9 * S))
  rate_mbs: $(tail -2 stats | sed -n 's/  rate_mbs: //p')
  eta_s: 0" ] || fail "last record: $(tail -5 stats)"
grep -Eq '^  eta_s: [1-9][0-9]*$' stats || fail "no ETA: $(cat stats)"
# From a list the total is unknown until it has been read: the last
# record has it.
printf '/w.%s\n' 1 2 3 | "$LFS" migrate --stats -c 1 --files-from - >stats 2>/dev/null
[ "$(sed -n 2p stats)" = "  files_total: 3" ] || [ "$(sed -n 2p stats)" = "  files_total: ~" ] || fail "$(cat stats)"
[ "$(tail -4 stats | head -1)" = "  files_total: 3" ] || fail "total of a list: $(cat stats)"
# On a terminal: one live line on stderr, ended at the end. (Not through
# a wrapper such as tools/valgrind-lfs, whose stderr is a pipe.)
if command -v script >/dev/null && [ "$(head -c 4 "$LFS")" = $'\x7fELF' ]; then
	out=$(script -qec "'$LFS' migrate --stats -c 2 /w.1 /w.2 /w.3" /dev/null)
	case "$out" in
	*$'\r''3/3 files  9.0 MiB  '*'  ETA 0s'$'\033''[K'$'\r\n''lfs migrate: 3 files: 3 migrated'*) ;;
	*) fail "--stats on a terminal: $(printf '%s' "$out" | od -c | tail -5)" ;;
	esac
	[ "$(printf '%s' "$out" | tr -d '\r' | grep -c .)" = 2 ] || fail "--stats on a terminal: more than the line and the summary: $out"
fi

# An interrupted run, started again with the same list: nothing it
# finished is redone, the rest is done.
for i in 1 2 3 4 5 6; do
	head -c $((5 * S)) /dev/urandom > big.$i; "$LFS" import -c 1 big.$i /big.$i
done
printf '/big.%s\n' 1 2 3 4 5 6 > biglist
"$LFS" migrate -W 8M -c 2 --files-from biglist 2>/dev/null & mpid=$!
for _ in $(seq 200); do [ "$("$LFS" getstripe -c /big.2)" = 2 ] && break; sleep 0.02; done
kill -9 $mpid; wait $mpid 2>/dev/null || true
"$LFS" lfsck >/dev/null
done1=$("$LFS" getstripe /big.1 /big.2)
"$LFS" migrate -c 2 --files-from biglist >out 2>err
[ "$("$LFS" getstripe /big.1 /big.2)" = "$done1" ] || fail "a finished file was migrated again"
grep -qx "/big.1: already in the requested layout (OSTs .*), skipped" out || fail "rerun: $(cat out)"
grep -qx "/big.2: already in the requested layout (OSTs .*), skipped" out || fail "rerun: $(cat out)"
n=$(grep -c skipped out)
[ "$(summary err)" = "lfs migrate: 6 files: $((6 - n)) migrated, $n skipped, 0 busy, 0 failed; X in Xs, X/s" ] ||
	fail "rerun summary: $(cat err)"
for i in 1 2 3 4 5 6; do
	[ "$("$LFS" getstripe -c /big.$i)" = 2 ] || fail "/big.$i not migrated by the rerun"
	"$LFS" export /big.$i o; cmp big.$i o || fail "content of /big.$i"
done
# Once more: all skipped, and the store is untouched (no volatile, no
# object, no layout written; not even a time).
st0=$(store_times)
"$LFS" migrate -c 2 --files-from biglist >out 2>err
[ "$(grep -c skipped out)" = 6 ] || fail "third run: $(cat out)"
grep -q "^lfs migrate: 6 files: 0 migrated, 6 skipped, 0 busy, 0 failed; 0 B in " err || fail "third run: $(cat err)"
[ "$st0" = "$(store_times)" ] || fail "a run of files already in their layout changed the store:
$(diff <(echo "$st0") <(store_times))"
[ -z "$(leftovers)" ] || fail "leftovers: $(leftovers)"
[ "$(usage_used)" = "$(objects_used)" ] || fail "usage $(usage_used) != objects $(objects_used)"

# A name listed twice in one batch (and a hard link beside it) is one
# migration: the others are skipped, not reported busy against the first.
"$LFS" ln /big.1 /twin
for j in 1 2; do
	printf '/big.1\n/big.1\n/twin\n' | "$LFS" migrate -j $j -c $((j + 2)) --files-from - >out 2>err ||
		fail "-j $j: $(cat err)"
	expect_out "$((j + 2))" "$LFS" getstripe -c /big.1
	[ "$(cat out)" = "/big.1: already migrated in this run (a hard link, or listed twice), skipped
/twin: already migrated in this run (a hard link, or listed twice), skipped" ] || fail "-j $j: $(cat out)"
	grep -q "^lfs migrate: 3 files: 1 migrated, 2 skipped, 0 busy, 0 failed; " err || fail "-j $j: $(cat err)"
	"$LFS" export /twin o; cmp big.1 o || fail "content of /big.1 after -j $j"
	# A small file (batched), no other name.
	printf '/s.2\n/s.2\n' | "$LFS" migrate -j $j -c $((j + 2)) --files-from - >out 2>err ||
		fail "-j $j: $(cat err)"
	expect_out "/s.2: already migrated in this run (a hard link, or listed twice), skipped" cat out
	grep -q "^lfs migrate: 2 files: 1 migrated, 1 skipped, 0 busy, 0 failed; " err || fail "-j $j: $(cat err)"
	expect_out "$((j + 2))" "$LFS" getstripe -c /s.2
	"$LFS" export /s.2 o; cmp s.2 o || fail "content of /s.2 after -j $j"
done
echo done
