# Helpers for the tests of the shipped Lua procedures (lua/scripts/,
# tests/e2e/84-87): source this first, instead of e2e-lib.sh.
. "$(dirname "$0")/../e2e-lib.sh"
SCRIPTS=$(cd "$(dirname "$0")/../../lua/scripts" && pwd)

# make_files DIR N STEP: N host files f01..fNN of known random bytes, of
# sizes i * STEP + i (a few bytes off the stripe boundaries).
make_files() {
	local i
	mkdir -p "$1"
	for i in $(seq -w "$2"); do
		head -c $((10#$i * $3 + 10#$i)) /dev/urandom > "$1/f$i"
	done
}

# same_content FSDIR HOSTDIR: each host file and its store copy are the
# same, byte for byte.
same_content() {
	local f
	for f in "$2"/*; do
		"$LFS" cat "$1/${f##*/}" | cmp -s - "$f" || fail "$1/${f##*/}: content differs from $f"
	done
}

# Every layout, the OST rows of df (the MDT's are the host's disk) and
# the store's files: what a dry run must leave as it is.
snapshot() { "$LFS" getstripe -r /; "$LFS" df | grep -v MDT; store_state; }

# proc_usage 'first stderr line' cmd...: a usage error (status 4, the
# message then the usage) that changes nothing.
proc_usage() {
	local before
	before=$(snapshot)
	expect_usage "$@"
	[ "$before" = "$(snapshot)" ] || fail "'${*:2}' changed the store"
}

# dry_run OUT cmd...: the command succeeds, prints its plan to OUT and
# changes nothing.
dry_run() {
	local out=$1 before; shift
	before=$(snapshot)
	"$@" > "$out" 2> "$out.err" || fail "'$*' failed: $(cat "$out.err")"
	[ "$before" = "$(snapshot)" ] || fail "'$*' changed the store:
$(diff <(echo "$before") <(snapshot))"
}

# help_ok NAME: --help prints the usage first, on stdout, status 0.
help_ok() {
	local out
	out=$("$LFS" -f "$1" --help) || fail "$1 --help failed"
	# Here-strings, not pipes: under pipefail a reader that stops early
	# would fail the writer (SIGPIPE).
	[ "$(cut -d' ' -f1-2 <<< "${out%%$'\n'*}")" = "usage: $1" ] || fail "$1 --help: ${out%%$'\n'*}"
	grep -q -- '--dry-run' <<< "$out" || fail "$1 --help does not mention --dry-run"
}

# summary NAME FILE: the procedure's summary line, size and time as X.
summary() {
	sed -n "s/^\($1: .* failed; \)[0-9.]* [KMGTP]*i*B in [0-9.]*s$/\1X in Xs/p" "$2"
}

# clean_store: no migration left pending, the OSTs' usage is their objects.
clean_store() {
	[ -z "$(find "$STORE/mdt/PENDING" "$STORE/mdt/JOURNAL" -mindepth 1)" ] ||
		fail "$1: migrations left pending"
	[ "$(usage_used)" = "$(objects_used)" ] || fail "$1: usage $(usage_used) != objects $(objects_used)"
}

# ost_used IDX: the Used column of lfs df for OST IDX (KiB).
ost_used() { "$LFS" df | awk -v u="$(printf 'OST%04x_UUID' "$1")" '$1 ~ u { print $3 }'; }
