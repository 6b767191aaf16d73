# Pipelines in a shell line: CMD | CMD, CMD | !HOST, > FILE and >> FILE,
# their quoting, and the lines they refuse.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M
echo data > small
# On OST 1: names with a space, an x, a leading dash; on OST 0: one more.
for n in a1 bx 'c x' -d; do "$LFS" import -c 1 -i 1 small "/$n"; done
"$LFS" import -c 1 -i 0 small /e
counts() { for n in a1 bx 'c x' -d e; do "$LFS" getstripe -c "/$n"; done | grep . | tr '\n' ' '; }

# find | migrate moves exactly the files find printed, names with spaces
# and dashes whole.
"$LFS" -c 'find / -type f --ost 1 | migrate -c 2' 2>err || fail "find | migrate: $(cat err)"
[ "$(counts)" = "2 2 2 2 1 " ] || fail "find | migrate: stripe counts $(counts)"
# find -0: NUL-separated names, the same operands.
"$LFS" -c 'find / -type f -name "*x*" -0 | migrate -c 3' 2>err || fail "find -0 | migrate: $(cat err)"
[ "$(counts)" = "2 3 3 2 1 " ] || fail "find -0 | migrate: stripe counts $(counts)"
# Lines piped into lfs take the same syntax.
echo 'find / -name a1 | migrate -c 4' | "$LFS" 2>err || fail "piped line: $(cat err)"
[ "$(counts)" = "4 3 3 2 1 " ] || fail "piped line: stripe counts $(counts)"
# Nothing printed: the second command does not run (migrate without a
# file would be a usage error).
expect_out '' "$LFS" -c 'find / -name nomatch | migrate -c 1'

# | !HOST: the rest of the line is the host shell's.
expect_out 2 "$LFS" -c 'find / -name "*x*" | !wc -l'
expect_out 'b' "$LFS" -c 'find / -name bx | !tr -d / | tr -d x'
# The host command's status is the pipeline's when lfs succeeded.
expect_fail 3 '' "$LFS" -c 'pwd | !cat >/dev/null; exit 3'
# A host that stops reading does not kill lfs.
expect_out / "$LFS" -c 'find / | !head -1'

# > FILE writes, >> FILE appends; a quoted name may hold | and >.
"$LFS" -c 'find / -name a1 > out; find / -name e >> out; pwd > "o|x>"'
[ "$(cat out)" = $'/a1\n/e' ] || fail "> and >>: $(cat out)"
[ "$(cat 'o|x>')" = / ] || fail "> 'o|x>': $(cat 'o|x>')"
"$LFS" -c 'pwd>out'
[ "$(cat out)" = / ] || fail "> without spaces: $(cat out)"
expect_fail 2 'lfs: nodir/f: No such file or directory' "$LFS" -c 'pwd > nodir/f'

# Quoted or escaped, | and > are characters: a file named "a|b>c".
"$LFS" -c "touch '/a|b>c' /p\\|q"
expect_out $'/a|b>c\n/p|q' "$LFS" -c "find / -name '*|*'"
# In a !HOST command after ';' they stay the host shell's, as before.
expect_out 'A' "$LFS" -c 'pwd > /dev/null; !echo a | tr a A'

# A command or a file name missing: refused, nothing of the line runs.
for line in '| migrate -c 1' 'touch /z |' 'touch /z | ; pwd' 'touch /z | !' \
	    'touch /z; > f' 'touch /z >' 'touch /z > f g' 'touch /z > f | pwd'; do
	status=0; "$LFS" -c "$line" >/dev/null 2>err || status=$?
	[ "$status" = 22 ] || fail "'$line': status $status"
	grep -q '; nothing on this line was run$' err || fail "'$line': $(cat err)"
	"$LFS" getstripe /z >/dev/null 2>&1 && fail "'$line' ran"
	[ ! -e f ] || fail "'$line' made f"
done
expect_fail 22 "lfs: '|' with no command after it; nothing on this line was run" \
	"$LFS" -c 'find / |'
expect_fail 22 "lfs: '>' with no file name after it; nothing on this line was run" \
	"$LFS" -c 'pwd >'

# A failing first command: its status, the second not run.
expect_fail 2 'error: lfs find: /nope: No such file or directory' \
	"$LFS" -c 'find /nope | !echo ran'
