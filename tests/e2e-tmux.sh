# Helpers for tests of the lfs> shell on a terminal, driven through tmux:
# source after e2e-lib.sh. Skips the test when tmux is missing.
if ! command -v tmux >/dev/null; then
	echo "SKIP: tmux is not installed; the terminal test needs it"
	exit 0
fi
export HOME=$SCRATCH/home
mkdir -p "$HOME"
T="tmux -L test$$"
trap '$T kill-server 2>/dev/null || true' EXIT

# start [PROMPT]: lfs on a fresh 200x50 terminal; its exit status goes to
# $SCRATCH/status when it leaves.
start() {
	$T kill-server 2>/dev/null || true
	rm -f "$SCRATCH/status"
	$T -f /dev/null new-session -d -x 200 -y 50 \
		"env HOME='$HOME' LFS_STORE='$STORE' TERM=xterm '$LFS'; echo \$? > '$SCRATCH/status'"
	wait_for "${1:-lfs>}"
}
screen() { $T capture-pane -p -J -S -200; }
# wait_for TEXT: poll the pane until TEXT shows (10 s at most).
wait_for() {
	for _ in $(seq 200); do
		screen 2>/dev/null | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	fail "timed out waiting for '$1'; screen:
$(screen 2>&1)"
}
# wait_line LINE: poll until a line of the pane is exactly LINE.
wait_line() {
	for _ in $(seq 200); do
		screen 2>/dev/null | grep -qxF -- "$1" && return 0
		sleep 0.05
	done
	fail "timed out waiting for the line '$1'; screen:
$(screen 2>&1)"
}
# The lfs process in the pane.
shell_pid() { $T list-panes -F '#{pane_pid}' | xargs pgrep -P; }
