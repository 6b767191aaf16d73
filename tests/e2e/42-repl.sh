# The lfs> shell on a terminal, driven through tmux: prompt, Tab
# completion, quoting, Ctrl-C, status in the prompt, history.
. "$(dirname "$0")/../e2e-lib.sh"
. "$(dirname "$0")/../e2e-tmux.sh"
mkstore --osts 3 --ost-size 64M
"$LFS" pool new fast
echo hello-space > in
"$LFS" write '/a b' < in

# The line the cursor is on.
cur_line() { screen | grep -v '^$' | tail -1; }
clear_line() { $T send-keys C-u; }

start
# Tab completes a command name and adds a space.
$T send-keys 'mkf' Tab 'X'
wait_for 'lfs> mkfs X'
clear_line
# The builtins complete like commands.
$T send-keys 'pw' Tab 'X'
wait_for 'lfs> pwd X'
clear_line
# Double Tab lists the options.
$T send-keys 'setstripe -' Tab Tab
wait_for '--stripe-count'
screen | grep -qF -- '--pool' || fail "option list lacks --pool: $(screen)"
clear_line
# Option values from the store.
$T send-keys 'setstripe -p f' Tab 'X'
wait_for 'setstripe -p fast X'
clear_line
# Subcommands, then what follows them; an OST added in the shell shows.
$T send-keys 'ost noc' Tab 'X'
wait_for 'lfs> ost nocreate X'
clear_line
$T send-keys 'pool add f' Tab 'X'
wait_for 'lfs> pool add fast X'
clear_line
$T send-keys 'ost add' Enter
wait_for 'added lustre-OST0003_UUID'
$T send-keys 'ost remove 3' Tab 'X'
wait_for 'lfs> ost remove 3 X'
clear_line
# A path with a space: completed escaped, and quoted by hand.
$T send-keys 'cat /a' Tab 'X'
wait_for 'cat /a\ b X'
$T send-keys BSpace BSpace Enter
wait_for 'hello-space'
$T send-keys "cat '/a b'" Enter
[ "$(screen | grep -c hello-space)" = 2 ] || wait_for 'hello-space'
for _ in $(seq 100); do [ "$(screen | grep -c hello-space)" = 2 ] && break; sleep 0.05; done
[ "$(screen | grep -c hello-space)" = 2 ] || fail "quoted path: $(screen)"

# Ctrl-C drops the line and keeps the shell.
$T send-keys 'zzzgarbage' C-c
sleep 0.2
$T send-keys 'pwd' Enter
wait_for 'lfs> pwd'
for _ in $(seq 100); do screen | grep -qx '/' && break; sleep 0.05; done
screen | grep -qx '/' || fail "pwd after Ctrl-C: $(screen)"
screen | grep -q 'No such command' && fail "Ctrl-C ran the line: $(screen)"

# A failing command: its error, then the status in the prompt.
$T send-keys 'zzz' Enter
wait_for 'No such command, type help'
wait_for 'lfs [1]>'
$T send-keys 'cd /nope' Enter
wait_for 'lfs [2]>'
$T send-keys ' getstripe -c /a\ b' Enter    # leading space: not in history
wait_for 'lfs>'

# Ctrl-D leaves; the history survives a restart.
$T send-keys C-d
for _ in $(seq 100); do $T has-session 2>/dev/null || break; sleep 0.05; done
$T has-session 2>/dev/null && fail "Ctrl-D did not leave the shell"
[ -s "$HOME/.lfs_history" ] || fail "no history file"
grep -q zzz "$HOME/.lfs_history" || fail "history lacks zzz: $(cat "$HOME/.lfs_history")"
grep -q getstripe "$HOME/.lfs_history" && fail "space-led line saved in history"
start
$T send-keys Up
wait_for 'lfs> cd /nope'
$T send-keys C-u 'quit' Enter
for _ in $(seq 100); do $T has-session 2>/dev/null || break; sleep 0.05; done
$T has-session 2>/dev/null && fail "quit did not leave the shell"

# A history file that is not one: warned about once, left alone.
echo 'not a history file' > "$HOME/.lfs_history"
start
screen | grep -q 'warning: cannot read history file' || fail "no warning: $(screen)"
$T send-keys 'pwd' Enter 'exit' Enter
for _ in $(seq 100); do $T has-session 2>/dev/null || break; sleep 0.05; done
[ "$(cat "$HOME/.lfs_history")" = 'not a history file' ] || fail "history file overwritten"
echo ok
