# Command lines from a pipe and from -c: status, -k, comments, quoting,
# bad input, builtins, interactive-style name matching.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 3 --ost-size 64M
mkdir "$STORE/mdt/ROOT/data"
"$LFS" setstripe -c 2 /data/f1

# Comments and blank lines are skipped; output in order.
out=$(printf '# a comment\n\n   \npwd\n  # indented comment\ngetstripe -c /data/f1\n' | "$LFS")
[ "$out" = $'/\n2' ] || fail "comments/blank lines: $out"

# Stops at the first failure, with its status; -k goes on, same status.
status=0; out=$(printf 'pwd\nzzz\npwd\n' | "$LFS" 2>/dev/null) || status=$?
[ "$status" = 1 ] && [ "$out" = / ] || fail "stop at first failure: $status '$out'"
status=0; out=$(printf 'cd /nope\npwd\nzzz\n' | "$LFS" -k 2>/dev/null) || status=$?
[ "$status" = 2 ] && [ "$out" = / ] || fail "-k: status $status '$out'"

# Unbalanced quotes: said so, nothing of the line runs.
expect_fail 22 'lfs: unbalanced double quote ("); nothing on this line was run' \
	sh -c "printf 'setstripe -c 1 /q1; getstripe \"/x\n' | \"\$LFS\""
"$LFS" getstripe /q1 >/dev/null 2>&1 && fail "part of an unbalanced line ran"
expect_fail 22 "lfs: unbalanced single quote ('); nothing on this line was run" \
	"$LFS" -c "pwd; cd '/data"

# A NUL byte refuses the line.
expect_fail 22 'lfs: line 2: contains a NUL byte; not run' \
	sh -c "printf 'pwd\nsetstripe -c 1 /n\\0ul\n' | \"\$LFS\" >/dev/null"
"$LFS" getstripe /n >/dev/null 2>&1 && fail "NUL line ran"

# A 1 MB line works.
{ printf 'pwd'; head -c 1048576 /dev/zero | tr '\0' ' '; printf '; getstripe -c /data/f1\n'; } > long
[ "$(wc -c < long)" -gt 1048576 ] || fail "long line too short"
out=$("$LFS" < long) || fail "1 MB line failed"
[ "$out" = $'/\n2' ] || fail "1 MB line: $out"

# Builtins work from a pipe and from -c; cd checks for a directory.
out=$(printf 'cd data\npwd\ngetstripe -c f1\ncd ..\npwd\ncd /data/\npwd\n' | "$LFS")
[ "$out" = $'/data\n2\n\n/\n/data' ] || fail "cd/pwd via pipe: $out"
expect_out /data "$LFS" -c 'cd /data; pwd'
expect_fail 20 'error: lfs cd: /data/f1: Not a directory' "$LFS" -c 'cd /data/f1'
expect_fail 2 'error: lfs cd: /nope: No such file or directory' "$LFS" -c 'cd /nope'
expect_fail 22 'error: lfs cd: ../..: path escapes the filesystem root' "$LFS" -c 'cd ../..'
expect_out "hi there" "$LFS" -c '!echo hi there'
out=$(printf '!echo "a;b" | tr a A\n' | "$LFS")
[ "$out" = 'A;b' ] || fail "!cmd gets the rest of the line: $out"
expect_fail 3 '' "$LFS" -c 'pwd; !exit 3' 
out=$(printf 'pwd\nquit\npwd\n' | "$LFS")
[ "$out" = / ] || fail "quit: $out"

# store DIR switches stores; a bad one is refused and the old one kept.
"$LFS" mkfs --osts 2 --ost-size 64M other >/dev/null
"$LFS" -s other setstripe -c 1 /only-in-other
out=$(printf 'store other\ngetstripe -c /only-in-other\nstore %s\ngetstripe -c /data/f1\n' "$STORE" | "$LFS")
[ "$out" = $'1\n\n2' ] || fail "store switch: $out"
status=0; err=$(printf 'store /nonexistent\ngetstripe -c /data/f1\n' | "$LFS" -k 2>&1 >/dev/null) || status=$?
[ "$status" = 2 ] && [ "$err" = 'error: lfs store: /nonexistent: not a store (no lfs-store.conf)' ] ||
	fail "bad store: $status $err"

# A store removed under a running shell: the command fails, the shell goes on.
"$LFS" mkfs --osts 2 --ost-size 64M doomed >/dev/null
status=0
out=$(printf 'cd /\n!rm -rf doomed\ndf\npwd\n' | "$LFS" -k -s doomed 2>err) || status=$?
[ "$status" = 2 ] && [ "$out" = / ] || fail "vanished store: status $status out '$out'"
grep -q 'error: lfs df: .*doomed: the store is gone' err || fail "vanished store message: $(cat err)"

# Names: exact wins, else a unique prefix, case-insensitively.
expect_out 2 sh -c "echo 'GETSTRIPE -c /data/f1' | \"\$LFS\""
expect_out 2 sh -c "echo 'getst -c /data/f1' | \"\$LFS\""
# Ambiguous: the candidates are whatever the table holds for the prefix.
opts=$("$LFS" --list-commands | tr ' ' '\n' | grep '^p' | paste -sd' ')
[ "$(echo "$opts" | wc -w)" -ge 2 ] || fail "test needs two commands starting with p"
status=0; err=$(echo 'p' | "$LFS" 2>&1 >/dev/null) || status=$?
[ "$status" = 1 ] && [ "$err" = "Ambiguous command 'p'
Options: $opts" ] || fail "ambiguous: $status $err"
"$LFS" --list-commands | tr ' ' '\n' | grep -qx pool || fail "no pool command"
echo 'pool list' | "$LFS" >/dev/null || fail "exact name must win over pool_list"
expect_fail 1 'No such command, type help' sh -c "echo zzz | \"\$LFS\""
# One-shot mode keeps exact matching.
"$LFS" getst -c /data/f1 >/dev/null 2>&1 && fail "one-shot mode took a prefix"

# The builtins are a table too: help NAME and usage errors come from it
# (help's two groups: tests/e2e/78-shell-edges.sh).
expect_fail 4 'pwd: print the working directory in the store
usage: pwd' "$LFS" -c 'pwd x'
expect_fail 1 "lfs help: no such command 'zzz'; commands are:
$("$LFS" --list-commands)" "$LFS" help zzz
# lfs's own options: the table's help, Lua's -f and -e among them.
help=$("$LFS" -h)
grep -q -- '-f, --file SCRIPT' <<< "$help" || fail "lfs -h does not offer -f"
"$LFS" -h | grep -q -- '^  -k, --keep-going    do not stop at the first failing command$' ||
	fail "lfs -h: $("$LFS" -h)"
status=0; err=$("$LFS" --bogus 2>&1 >/dev/null) || status=$?
[ "$status" = 4 ] && [ "$(echo "$err" | tail -n +2)" = "$("$LFS" -h)" ] ||
	fail "bad option: $status $err"

# Usage and help are generated from the option table: the synopsis on a
# usage error, and each option's help line after it for help CMD.
mkfs_usage='mkfs: create an embedded store (an MDT and N OSTs in a directory)
usage: mkfs [--fsname NAME] [--osts N] [--ost-size SIZE]
	[--stripe-count COUNT] [--stripe-size SIZE] DIR'
expect_fail 4 "$mkfs_usage" "$LFS" mkfs
expect_out "$mkfs_usage
      --fsname NAME   filesystem name (default lustre)
      --osts N        number of OSTs (default 4)
      --ost-size SIZE capacity of each OST (default 1G)
      --stripe-count COUNT
                      default stripe count (default 1)
      --stripe-size SIZE
                      default stripe size (default 1M)" "$LFS" help mkfs
# A mandatory option has no brackets; an option without help (an old
# name) stays out of usage and help but is still accepted and completed.
err=$("$LFS" truncate 2>&1) && fail "truncate without operands ran"
echo "$err" | grep -qx 'usage: truncate --size|-s SIZE FSPATH...' || fail "truncate usage: $err"
"$LFS" help getstripe | grep -q -- '--obd' && fail "help getstripe shows --obd"
"$LFS" help getstripe | grep -qx '  -O, --ost OST       only objects on OST (index or UUID)' ||
	fail "help getstripe: $("$LFS" help getstripe)"
"$LFS" --complete -- getstripe --ob | grep -qx -- --obd || fail "--obd not completed"
# A group of options: [GROUP] in the synopsis, its options on lines of
# their own after it, and apart under its heading in help.
layout_lines='	[--stripe-count|-c STRIPE_COUNT] [--overstripe-count|-C STRIPES]
	[--stripe-size|-S STRIPE_SIZE] [--stripe-index|-i START_OST_IDX]
	[--ost|-o OST_INDICES] [--pool|-p POOL_NAME] [--layout|-L raid0]
	[--component-end|-E END [COMPONENT OPTIONS]...]'
for c in import write; do
	status=0; err=$("$LFS" $c </dev/null 2>&1 >/dev/null) || status=$?
	[ "$status" = 4 ] || fail "$c: status $status"
	echo "$err" | sed -n 2p | grep -q "^usage: $c .*\[LAYOUT OPTIONS\]" || fail "$c usage: $err"
	[ "$(echo "$err" | sed -n 3,6p)" = "$layout_lines" ] || fail "$c usage: $err"
	"$LFS" help $c | grep -qx 'layout options:' || fail "help $c: $("$LFS" help $c)"
	"$LFS" help $c | grep -qx '  -L, --layout raid0  layout pattern' || fail "help $c: $("$LFS" help $c)"
done
echo ok
