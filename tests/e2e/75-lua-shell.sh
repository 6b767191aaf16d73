# The shell's `lua` builtin: the lua> prompt through tmux (continuation,
# =expr, bare expressions, errors with a traceback, Tab completion of
# lfs. names, the shell's store and cwd, its own history, Ctrl-C of a
# running chunk and of a migration in it, Ctrl-D, exit, os.exit), `lua FILE`,
# `help lua`, and SIGINT/SIGTERM to `lfs -e` and `lfs -f` (130, 143, the
# store consistent).
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M
"$LFS" mkdir /d
"$LFS" setstripe -c 3 /d/f
head -c $((8 << 20)) /dev/urandom > big
"$LFS" import -c 1 big /big

# Without a terminal the prompt is refused; a script runs.
expect_fail 22 'error: lfs lua: the Lua prompt needs a terminal: give a script (lua FILE)' \
	"$LFS" -c 'lua'
printf 'print(lfs.getstripe("f").components[1].stripe_count, ...)\n' > s.lua
expect_out '3	x	y' "$LFS" -c 'cd /d; lua s.lua x y'
"$LFS" -c 'help lua' | grep -qF 'opens the lua> prompt' || fail "help lua: $("$LFS" -c 'help lua')"

. "$(dirname "$0")/../e2e-tmux.sh"
k() { $T send-keys -l "$1"; $T send-keys Enter; }   # a line, typed literally

start
k 'cd /d'
k 'lua'
wait_for 'lua>'
# A statement continues until it is complete.
k 'for i = 1, 3 do'
wait_for '>> '
k 'print(i * 10)'
k 'end'
wait_line '30'
# =expr and a bare expression print their values.
k '=6*7'
wait_line '42'
k '"a" .. "b", 1 + 1'
wait_line "ab      2"    # print's tab, as the terminal shows it
# An error: its message and a traceback, and the prompt again.
k 'error("boom")'
wait_for 'lfs: stdin:1: boom'
wait_for 'stack traceback:'
# Tab completes lfs. names; the store and cwd are the shell's.
$T send-keys -l 'lfs.ge'
$T send-keys Tab
wait_for 'lua> lfs.getstripe('
k '"f").components[1].stripe_count + 100'
wait_line '103'
# Ctrl-C stops a running chunk; what was typed after it is not run.
k 'while true do end'
sleep 0.3
$T send-keys C-c "print('typed' .. 'ahead')" Enter
wait_for 'lfs: interrupted'
k 'print("after" .. "wards")'
wait_line 'afterwards'
screen | grep -qx 'typedahead' && fail "typed-ahead line ran: $(screen)"
# Ctrl-C stops a migration in a chunk: the file is old or new, whole.
k 'lfs.migrate("/big", {stripe_count = 2, bandwidth = "1M"})'
for _ in $(seq 200); do
	[ -n "$(find "$STORE/mdt/PENDING" -mindepth 1)" ] && break
	sleep 0.05
done
$T send-keys C-c
wait_for '/big: interrupted: Interrupted system call'
k 'print("back" .. "again")'
wait_line 'backagain'
"$LFS" cat /big | cmp -s - big || fail "/big differs after Ctrl-C of lfs.migrate"
"$LFS" lfsck > lfsck.out || fail "lfsck: $(cat lfsck.out)"
grep -q ' 0 rolled back, 0 leftover inode(s) destroyed, 0 size(s) fixed, 0 file(s) not checked, 0 damaged' lfsck.out ||
	fail "lfsck after Ctrl-C of lfs.migrate: $(cat lfsck.out)"
# Ctrl-D returns to lfs>.
$T send-keys C-d
k 'pwd'
wait_line '/d'
# exit too; the Lua lines are in a history of their own.
k 'lua'
wait_for 'lua>'
k 'exit'
k 'store'
wait_line "$STORE"
# os.exit(N) ends the prompt (not the shell) with status N.
k 'lua'
k 'os.exit(3)'
wait_for 'lfs [3]>'
k 'quit'
for _ in $(seq 200); do [ -s "$SCRATCH/status" ] && break; sleep 0.05; done
grep -qxF '=6*7' "$HOME/.lfs_lua_history" || fail "no Lua history: $(cat "$HOME/.lfs_lua_history")"
grep -qF '6*7' "$HOME/.lfs_history" && fail "a Lua line in the lfs history"
# (libedit's file writes a blank as \040.) The lines from before lua stay.
grep -q '^cd.*/d$' "$HOME/.lfs_history" || fail "lfs history lost: $(cat "$HOME/.lfs_history")"

# SIGINT and SIGTERM to lfs -e and lfs -f: 130 and 143, not a hang.
run_and_kill() {   # SIGNAL CMD...: start, wait for "go" on out, signal
	local sig=$1; shift
	"$@" > out 2> err &
	PID=$!
	for _ in $(seq 600); do grep -q go out && break; sleep 0.05; done
	grep -q go out || fail "'$*' did not start: $(cat err)"
	kill -"$sig" "$PID"
	for _ in $(seq 200); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
	kill -0 "$PID" 2>/dev/null && { kill -9 "$PID"; fail "'$*' ignored SIG$sig"; }
	st=0
	wait "$PID" || st=$?
}
run_and_kill INT "$LFS" -e 'print("go") io.stdout:flush() while true do end'
[ "$st" = 130 ] || fail "lfs -e, SIGINT: status $st: $(cat err)"
grep -q 'interrupted' err || fail "lfs -e, SIGINT: $(cat err)"
run_and_kill TERM "$LFS" -e 'print("go") io.stdout:flush() while true do end'
[ "$st" = 143 ] || fail "lfs -e, SIGTERM: status $st: $(cat err)"
printf '%s\n' 'print("go") io.stdout:flush()' \
	'assert(lfs.migrate("/big", {stripe_count = 4, bandwidth = "1M"}))' \
	'print("not reached")' > m.lua
run_and_kill INT "$LFS" -f m.lua
[ "$st" = 130 ] || fail "lfs -f, SIGINT in lfs.migrate: status $st: $(cat err)"
grep -q 'not reached' out && fail "lfs -f went on after SIGINT"
"$LFS" cat /big | cmp -s - big || fail "/big differs after SIGINT of lfs -f"
[ "$("$LFS" getstripe -c /big)" != 4 ] || fail "the migration finished despite SIGINT"
"$LFS" lfsck > lfsck.out || fail "lfsck: $(cat lfsck.out)"
grep -q ' 0 rolled back, 0 leftover inode(s) destroyed, 0 size(s) fixed, 0 file(s) not checked, 0 damaged' lfsck.out ||
	fail "lfsck after SIGINT of lfs -f: $(cat lfsck.out)"
echo ok
