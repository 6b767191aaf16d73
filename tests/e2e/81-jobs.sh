# lfs jobs (and lfs migrate --status): the migrations running in the
# store, from another process, as each run records itself in run/; a
# killed run shows as dead until recovery removes its record.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 256M
HEADER="PID      STATE   STARTED             FILES       BYTES      RATE         CURRENT"

head -c $((6 << 20)) /dev/urandom > big
"$LFS" import -c 1 big /a
"$LFS" import -c 1 big '/b c'

# Nothing runs: nothing to list, not even the header.
expect_out "" "$LFS" jobs
expect_out "" "$LFS" migrate --status

# wait_for PATTERN: poll lfs jobs until a line matches (the run writes its
# record at its start, then at each progress interval).
wait_for() {
	for _ in $(seq 100); do
		"$LFS" jobs > jobs.out
		grep -q "$1" jobs.out && return 0
		sleep 0.1
	done
	fail "lfs jobs never showed '$1': $(cat jobs.out)"
}

# A rate-limited run (2 MiB/s, 12 MiB: 6 s) in the background.
"$LFS" migrate -c 2 -W 2M /a '/b c' > mig.out 2> mig.err &
P=$!
wait_for " /a$"
[ "$(head -1 jobs.out)" = "$HEADER" ] || fail "header: $(head -1 jobs.out)"
[ "$(wc -l < jobs.out)" = 2 ] || fail "one run expected: $(cat jobs.out)"
line=$(sed -n 2p jobs.out)
# PID STATE DATE TIME FILES BYTES UNIT RATE UNIT CURRENT
set -- $line
[ "$1 $2" = "$P running" ] || fail "pid and state: $line"
[ "$5" = "0/2" ] || fail "files: $line"
case "$7" in B|KiB|MiB) ;; *) fail "bytes unit: $line" ;; esac
case "$9" in B/s|KiB/s|MiB/s) ;; *) fail "rate unit: $line" ;; esac
[ "${10}" = "/a" ] || fail "current: $line"
# The record itself (runs.h): key: value lines, read by another process.
rec=$(cat "$STORE"/run/*.job)
echo "$rec" | grep -qx "pid: $P" || fail "record: $rec"
echo "$rec" | grep -qx "files_total: 2" || fail "record: $rec"
[ "$3 $4" = "$(date -d "@$(echo "$rec" | sed -n 's/^started: //p')" '+%Y-%m-%d %H:%M:%S')" ] ||
	fail "started: $line / $rec"
# --status is the same listing.
"$LFS" migrate --status | grep -q "^$P  *running " || fail "migrate --status: $("$LFS" migrate --status)"

# The second file, a name with a space, as lfs prints names (quote.h).
wait_for " /b c$"
grep -q " 1/2 " jobs.out || fail "files after the first: $(cat jobs.out)"

# Killed: dead, and listing it changes nothing (a read-only open runs no
# recovery); the next command that writes recovers and removes it.
kill -9 "$P"
wait "$P" 2>/dev/null || true
before=$(store_state; ls "$STORE/run")
expect_out "$HEADER" echo "$("$LFS" jobs | head -1)"
"$LFS" jobs | sed -n 2p | grep -q "^$P  *dead .* /b c$" || fail "killed run: $("$LFS" jobs)"
after=$(store_state; ls "$STORE/run")
[ "$before" = "$after" ] || fail "lfs jobs changed the store"
"$LFS" touch /t
expect_out "" "$LFS" jobs
[ -z "$(ls "$STORE/run")" ] || fail "run/ after recovery: $(ls "$STORE/run")"

# A run that ends removes its record; a dry run writes none.
"$LFS" migrate -c 1 /a /t 2>/dev/null
expect_out "" "$LFS" jobs
"$LFS" migrate --dry-run -c 3 /a > /dev/null
[ -z "$(ls "$STORE/run")" ] || fail "run/ after runs: $(ls "$STORE/run")"

# Lua's migrations record themselves as the command's do (the same
# library run): lfs.migrate_many over a list (its total known) and
# lfs.migrate of one file; each record goes with its run, a dry run
# writes none.
"$LFS" -f - > lua.out 2>&1 <<'LUA' &
local s = assert(lfs.migrate_many({"/a", "/b c"}, {stripe_count = 3, bandwidth = 2 << 20}))
assert(s.migrated == 2, s.migrated)
LUA
P=$!
wait_for " /a$"
set -- $(sed -n 2p jobs.out)
[ "$1 $2 $5" = "$P running 0/2" ] || fail "migrate_many: $(cat jobs.out)"
wait_for " /b c$"
grep -q "^$P  *running .* 1/2 " jobs.out || fail "migrate_many's second file: $(cat jobs.out)"
wait "$P" || fail "migrate_many: $(cat lua.out)"
expect_out "" "$LFS" jobs
"$LFS" -f - > lua.out 2>&1 <<'LUA' &
assert(lfs.migrate("/a", {stripe_count = 1, bandwidth = 4 << 20}))
LUA
P=$!
wait_for " /a$"
grep -q "^$P  *running .* 0/1 " jobs.out || fail "lfs.migrate: $(cat jobs.out)"
wait "$P" || fail "lfs.migrate: $(cat lua.out)"
expect_out "" "$LFS" jobs
"$LFS" -f - <<'LUA'
assert(lfs.migrate_many({"/a"}, {stripe_count = 2, dry_run = true}))
assert(lfs.migrate("/a", {stripe_count = 2, dry_run = true}))
LUA
[ -z "$(ls "$STORE/run")" ] || fail "run/ after Lua's runs: $(ls "$STORE/run")"

# Bad input: operands are a usage error, as for any command without them.
expect_usage "jobs: list the migrations running in the store (also migrate --status)" \
	"$LFS" jobs /a
expect_usage "migrate: move files' data to new layouts in place (same inode)" \
	"$LFS" migrate --status /a
echo ok
