# The shell's edges (issue 19): a trailing backslash continues a line
# (piped lines, -c, the lfs> shell) and never becomes part of a name;
# help for every builtin, in two groups; the timing builtin; df --graph.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 1M
# Known fills for df --graph (below): OSTs of 1 MiB holding 256 KiB,
# none, 768 KiB and 256 KiB (mean 31.25 %), in /g.
head -c 262144 /dev/zero | tr '\0' x > q1
head -c 786432 /dev/zero | tr '\0' x > q3
"$LFS" mkdir /g
"$LFS" import -c 1 -i 0 q1 /g/a
"$LFS" import -c 1 -i 2 q3 /g/b
"$LFS" import -c 1 -i 3 q1 /g/c
names() { "$LFS" ls -a / | grep -vx g | paste -sd' '; }
BS_ERR='a backslash at the end continues the line, but no line follows'

# --- A trailing backslash
# On the last line of input: refused, nothing of that line runs (this
# once made a file named "\n").
unchanged 22 "lfs: line 1: $BS_ERR; nothing of it was run" \
	sh -c "printf 'mkdir /d1 \\\\\n' | \"\$LFS\""
unchanged 22 "lfs: line 1: $BS_ERR; nothing of it was run" \
	sh -c "printf 'mkdir /d1; mkdir /d2 \\\\\n' | \"\$LFS\""
# The line number is the last line read; the lines before it ran; -k
# does not run the unfinished line either.
expect_fail 22 "lfs: line 3: $BS_ERR; nothing of it was run" \
	sh -c "printf 'mkdir /p\nmkdir /q \\\\\n/r \\\\\n' | \"\$LFS\" -k"
[ "$(names)" = '. .. p' ] || fail "after an unfinished line: $(names)"
"$LFS" rm -r /p
# Without a newline at the end of the input: the same.
unchanged 22 "lfs: line 1: $BS_ERR; nothing of it was run" \
	sh -c "printf 'mkdir /d1 \\\\' | \"\$LFS\""
# In -c: the line ends there, so the same refusal.
unchanged 22 "lfs: $BS_ERR; nothing on this line was run" "$LFS" -c 'mkdir /d1 \'
unchanged 22 'lfs: unbalanced double quote ("); nothing on this line was run' \
	"$LFS" -c 'mkdir /d1 "/a b\'
# Followed by a line: the two are joined, the backslash and the newline
# removed, as sh does (no space is added: /a\<newline>b is /ab).
printf 'mkdir /c1 \\\n  /c2 \\\n/c3\nmkdir /a\\\nb "/q\\\nr"\n' | "$LFS" ||
	fail "continued lines failed"
[ "$(names)" = '. .. ab c1 c2 c3 qr' ] || fail "continued lines made: $(names)"
# A backslash-newline inside -c is removed the same way.
"$LFS" -c 'mkdir /x1 \
/x2; mkdir /y\
z' || fail "-c with backslash-newlines"
[ "$(names)" = '. .. ab c1 c2 c3 qr x1 x2 yz' ] || fail "-c made: $(names)"
"$LFS" rm -r /ab /c1 /c2 /c3 /qr /x1 /x2 /yz
# An escaped backslash, or one inside single quotes, is a character and
# continues nothing; a comment line is never continued.
printf "mkdir /e\\\\\\\\ '/s\\\\'\n# note \\\\\nmkdir /f\n" | "$LFS" ||
	fail "escaped backslashes failed"
[ "$(names)" = '. .. e\ f s\' ] || fail "escaped backslashes made: $(names)"
"$LFS" rm -r '/e\' /f '/s\'

# --- help: every builtin has help; help lists two groups
out=$("$LFS" help)
[ "${out%%$'\n'*}" = 'Commands (lfs help COMMAND for details):' ] ||
	fail "help starts: ${out%%$'\n'*}"
expect_out '
Shell builtins (in the lfs> shell, lfs -c and lines piped in):
  cd           change the working directory in the store
  pwd          print the working directory in the store
  store        print the store, or use the one in DIR
  timing       print each command'"'"'s wall time (on), or not (off)
  lua          run a Lua script, or open the lua> prompt
  quit         leave the shell
  exit         leave the shell
  !HOST        run the rest of the line in the host shell' \
	sh -c "\"\$LFS\" help | sed -n '/^\$/,/^  !HOST/p' | head -10"
# Each table command once in the first group, in table order.
[ "$(echo "$out" | sed -n '2,/^$/p' | awk 'NF {print $1}' | paste -sd' ')" = \
  "$("$LFS" --list-commands)" ] || fail "help's commands: $out"
# The same in the shell; help NAME of a builtin, one-shot too.
[ "$("$LFS" -c help)" = "$out" ] || fail "help differs in -c"
for b in cd pwd store timing lua quit exit; do
	h=$("$LFS" help "$b") || fail "help $b failed"
	[ "$(echo "$h" | sed -n 2p | cut -d' ' -f1-2)" = "usage: $b" ] || fail "help $b: $h"
	[ "$(echo "$h" | wc -l)" -ge 3 ] || fail "help $b has no text: $h"
done
expect_out 'cd: change the working directory in the store
usage: cd [DIR]
DIR is a namespace path, absolute or relative to the working directory;
without DIR, /. Relative paths of later commands start from it.' "$LFS" help cd
expect_out 'store: print the store, or use the one in DIR
usage: store [DIR]
Without DIR, print the store'"'"'s directory, or (no store). With DIR (a host
directory holding lfs-store.conf, or inside one), close the store and use
that one from the next command on; the working directory becomes /.' "$LFS" -c 'help store'
# A usage error prints the usage only, not the help text.
expect_fail 4 'cd: change the working directory in the store
usage: cd [DIR]' "$LFS" -c 'cd / /'

# --- timing
# on/off and a bare toggle print the state; while on, each command (a
# pipeline counts as one) prints its wall time on stderr; the line that
# switches it prints none.
"$LFS" -c 'timing; pwd; find /g -name a | ls; timing; pwd; timing on; timing off' >out 2>err ||
	fail "timing: $(cat err)"
[ "$(cat out)" = 'Timing is on.
/
/g/a
Timing is off.
/
Timing is on.
Timing is off.' ] || fail "timing stdout: $(cat out)"
[ "$(sed 's/[0-9]/N/g' err | sort | uniq -c | sed 's/^ *//')" = '2 Time: N.NNN s' ] ||
	fail "timing stderr: $(cat err)"
# A failing command is timed too; in piped lines timing stays on.
status=0
printf 'timing on\nls /nope\n' | "$LFS" >/dev/null 2>err || status=$?
[ "$status" = 2 ] || fail "timed failure exited $status"
[ "$(sed -n 2p err | sed 's/[0-9]/N/g')" = 'Time: N.NNN s' ] || fail "timed failure: $(cat err)"
expect_usage "error: lfs timing: 'maybe': expected on or off" "$LFS" -c 'timing maybe'
expect_usage 'timing: print each command'"'"'s wall time (on), or not (off)' \
	"$LFS" -c 'timing on off'

# --- df --graph on the known fills of /g
plain=$("$LFS" df | grep -v MDT)   # the MDT row is the host filesystem's
expect_out 'Fill of the OSTs: | marks the mean (31.2%); high and low: more than 10 points away
lustre-OST0000_UUID  [############   |                               ]  25%
lustre-OST0001_UUID  [               |                               ]   0% low
lustre-OST0002_UUID  [###############|###################            ]  75% high
lustre-OST0003_UUID  [############   |                               ]  25%' \
	env -u COLUMNS "$LFS" df --graph
# COLUMNS sets the width; --threshold the distance that is flagged.
expect_out 'Fill of the OSTs: | marks the mean (31.2%); high and low: more than 40 points away
lustre-OST0000_UUID  [#### |           ]  25%
lustre-OST0001_UUID  [     |           ]   0%
lustre-OST0002_UUID  [#####|#######    ]  75% high
lustre-OST0003_UUID  [#### |           ]  25%' \
	env COLUMNS=50 "$LFS" df --graph --threshold 40
# -p: only the pool's OSTs count toward the mean; an inactive OST is left
# out; -i draws the inodes (one object of 16 on each OST that has one).
"$LFS" pool new two
"$LFS" pool add two 0,2
expect_out 'Fill of the OSTs: | marks the mean (50.0%); high and low: more than 10 points away
lustre-OST0000_UUID  [#####      |         ]  25% low
lustre-OST0002_UUID  [###########|####     ]  75% high' \
	env COLUMNS=54 "$LFS" df --graph -p two
"$LFS" ost deactivate 1
expect_out 'Inode use of the OSTs: | marks the mean (6.2%); high and low: more than 5 points away
lustre-OST0000_UUID  [#|        ]   7%
lustre-OST0002_UUID  [#|        ]   7%
lustre-OST0003_UUID  [#|        ]   7%' \
	env COLUMNS=20 "$LFS" df --graph -i --threshold 5
"$LFS" ost activate 1
# Plain df is unchanged by all this.
[ "$("$LFS" df | grep -v MDT)" = "$plain" ] || fail "plain df changed"
expect_usage "error: lfs df: --threshold needs --graph" "$LFS" df --threshold 5
expect_usage "error: lfs df: invalid threshold '1x': a percentage from 0 to 100 expected" \
	"$LFS" df --graph --threshold 1x
expect_usage "error: lfs df: invalid threshold '101': a percentage from 0 to 100 expected" \
	"$LFS" df --graph --threshold 101

# --- The lfs> shell: a trailing backslash asks for more at "> "; Ctrl-C
# or Ctrl-D there drops the whole line.
if ! command -v tmux >/dev/null; then
	echo "SKIP: tmux is not installed; no lfs> shell test"
	echo ok
	exit 0
fi
export HOME=$SCRATCH/home
mkdir "$HOME"
T="tmux -L edges$$"
trap '$T kill-server 2>/dev/null || true' EXIT
pane() { $T capture-pane -p | grep -v '^$'; }
until_shown() {   # until_shown TEXT: 5 s at most
	for _ in $(seq 100); do
		pane | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	fail "no '$1' on screen: $(pane)"
}
$T -f /dev/null new-session -d -x 120 -y 30 \
	"env HOME='$HOME' LFS_STORE='$STORE' TERM=xterm '$LFS'; sleep 30"
until_shown 'lfs>'
$T send-keys 'mkdir /r1 \' Enter
until_shown '> '
$T send-keys '/r2' Enter 'ls /' Enter
until_shown 'r2'
[ "$(names)" = '. .. r1 r2' ] || fail "continued in the shell: $(names)"
$T send-keys 'mkdir /r3 \' Enter
until_shown '> '
$T send-keys 'zzz' C-c
sleep 0.2
$T send-keys 'mkdir /r4 \' Enter C-d
until_shown "lfs: $BS_ERR; nothing of it was run"
[ "$(names)" = '. .. r1 r2' ] || fail "dropped lines ran: $(names)"
# The joined line is one history entry, and the shell goes on.
$T send-keys 'pwd' Enter 'quit' Enter
for _ in $(seq 100); do pane | grep -qx '/' && break; sleep 0.05; done
grep -qx 'mkdir\\040/r1\\040/r2' "$HOME/.lfs_history" || fail "history: $(cat "$HOME/.lfs_history")"
echo ok
