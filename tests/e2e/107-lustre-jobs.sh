# lfs jobs (and migrate --status) on a Lustre client mount: the runs of
# lfs migrate on that filesystem from this host and user, recorded in
# $XDG_RUNTIME_DIR/lfs-runs (runs.h); a killed run is shown dead once and
# its record removed; the file it was migrating is as it was.
. "$(dirname "$0")/../e2e-lustre.sh"
skip_real "needs the double's hooks to look from inside a run"
export XDG_RUNTIME_DIR="$SCRATCH/xdg"
mkdir -m 700 "$XDG_RUNTIME_DIR"
RUNS="$XDG_RUNTIME_DIR/lfs-runs"
cd "$MNT"
head -c 1000000 /dev/urandom > f; cp f "$SCRATCH/f.ref"
head -c 1000 /dev/urandom > g
expect_out "" "$LFS" jobs
header="PID      STATE   STARTED             FILES       BYTES      RATE         CURRENT"

# While a run holds its first group lock, jobs and migrate --status list it.
LLAPI_DOUBLE_HOOK_GROUP_LOCK="'$LFS' jobs > '$SCRATCH/jobs.out'; '$LFS' migrate --status > '$SCRATCH/status.out'; echo \$PPID > '$SCRATCH/pid'" \
	"$LFS" migrate -c 2 f g 2> /dev/null
pid=$(cat "$SCRATCH/pid")
[ "$(head -n 1 "$SCRATCH/jobs.out")" = "$header" ] || fail "jobs: $(cat "$SCRATCH/jobs.out")"
[ "$(sed -n 2p "$SCRATCH/jobs.out" | awk '{ print $1, $2, $5, $6, $7 }')" = "$pid running 0/2 0 B" ] ||
	fail "jobs: $(cat "$SCRATCH/jobs.out")"
[ "$(wc -l < "$SCRATCH/jobs.out")" = 2 ] || fail "jobs: $(cat "$SCRATCH/jobs.out")"
cmp "$SCRATCH/jobs.out" "$SCRATCH/status.out" || fail "migrate --status differs from jobs"
# Its record is gone with the run; another filesystem's runs are not ours.
expect_out "" "$LFS" jobs
[ -z "$(ls -A "$RUNS")" ] || fail "left: $(ls -A "$RUNS")"
"$LFS" mkfs --fsname other --osts 2 "$SCRATCH/srv2" > /dev/null
LLAPI_DOUBLE_HOOK_GROUP_LOCK="LLAPI_DOUBLE_SERVERS='$SRV' '$LFS' jobs > '$SCRATCH/lustre.out'; '$LFS' jobs > '$SCRATCH/other.out'" \
	LLAPI_DOUBLE_SERVERS="$SCRATCH/srv2" "$LFS" migrate -c 1 g
[ ! -s "$SCRATCH/lustre.out" ] || fail "lustre's jobs list other's run: $(cat "$SCRATCH/lustre.out")"
[ "$(wc -l < "$SCRATCH/other.out")" = 2 ] || fail "other's jobs: $(cat "$SCRATCH/other.out")"

# A run killed in flight: listed dead once, then its record removed; the
# file's data and layout as they were (the swap never happened).
before=$(layout_xattr f)
set +e
LLAPI_DOUBLE_HOOK_GROUP_LOCK='echo $PPID > '"'$SCRATCH/pid'"'; kill -9 $PPID' "$LFS" migrate -c 3 f
status=$?
set -e
[ "$status" = 137 ] || fail "kill: status $status"
pid=$(cat "$SCRATCH/pid")
"$LFS" jobs > "$SCRATCH/dead.out"
[ "$(sed -n 2p "$SCRATCH/dead.out" | awk '{ print $1, $2, $5 }')" = "$pid dead 0/1" ] ||
	fail "dead: $(cat "$SCRATCH/dead.out")"
expect_out "" "$LFS" jobs
cmp f "$SCRATCH/f.ref" || fail "the killed run changed f"
[ "$(layout_xattr f)" = "$before" ] || fail "the killed run changed f's layout"

# Lua's runs record themselves the same way (the library's run).
LLAPI_DOUBLE_HOOK_GROUP_LOCK="'$LFS' jobs > '$SCRATCH/lua.out'; echo \$PPID > '$SCRATCH/pid'" \
	"$LFS" -f - <<'LUA'
assert(lfs.migrate_many({"f", "g"}, {stripe_count = 3}))
LUA
pid=$(cat "$SCRATCH/pid")
[ "$(sed -n 2p "$SCRATCH/lua.out" | awk '{ print $1, $2, $5 }')" = "$pid running 0/2" ] ||
	fail "Lua's run: $(cat "$SCRATCH/lua.out")"
expect_out "" "$LFS" jobs
[ -z "$(ls -A "$RUNS")" ] || fail "left by Lua: $(ls -A "$RUNS")"

# A run directory that is not ours alone is refused by jobs; migrate goes
# on without a record (it costs only the listing).
chmod 755 "$RUNS"
expect_fail 1 "error: lfs jobs: this host's run directory: Operation not permitted" "$LFS" jobs
"$LFS" migrate -c 2 f
cmp f "$SCRATCH/f.ref" || fail "migrate changed f"
[ -z "$(ls -A "$RUNS")" ] || fail "a record in a refused directory: $(ls -A "$RUNS")"
# Off the mount, the store's runs as always.
cd "$SCRATCH"
LFS_STORE="$SRV" expect_out "" "$LFS" jobs
