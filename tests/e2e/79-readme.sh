# README's examples run as written, so that README stays true: the sh
# block of "Using it" and the drain recipe of "Migrate" as commands, the
# drain.lua example of "Lua scripts" with the command line it gives, and
# "A tour" as a transcript: each "$ " line runs, and what it prints must
# be the lines below it. Only the store's directory is moved into the
# scratch directory, and the MDT row of df (the host filesystem's
# figures) is not compared; a "..." line stands for any lines.
. "$(dirname "$0")/../e2e-lib.sh"
README=$(dirname "$0")/../../README.md
[ -f "$README" ] || fail "no README at $README"
unset LFS_STORE
lfs() { "$LFS" "$@"; }
export -f lfs

# block HEADING N: the Nth fenced block after the heading line HEADING.
block() {
	awk -v h="$1" -v n="$2" '
		$0 == h { on = 1; next }
		on && /^```/ { if (inside) { if (++seen == n) exit; inside = 0 } else inside = 1; next }
		on && inside && seen == n - 1 { print }' "$README"
}

# --- Using it: the commands, on a host file bigfile.dat.
mkdir -p srv
head -c 3000000 /dev/urandom > bigfile.dat
block '## Using it' 1 | sed "s|/srv/store|$SCRATCH/srv/store|g" > using.sh
[ "$(grep -c '^lfs ' using.sh)" -ge 4 ] || fail "Using it block: $(cat using.sh)"
bash -euo pipefail using.sh > using.out 2>&1 || fail "Using it failed: $(cat using.out)"
export LFS_STORE=$SCRATCH/srv/store
expect_out 2 "$LFS" getstripe -c /data/big.dat
"$LFS" export /data/big.dat back
cmp bigfile.dat back || fail "Using it: the file came back different"
# Without the mkdir the import fails as Lustre reports a missing name
# (one line, no hint line: Lustre's lfs prints none), and makes nothing.
STORE=$LFS_STORE unchanged 2 'error: lfs import: /nodir/big.dat: No such file or directory' \
	"$LFS" import -c 2 bigfile.dat /nodir/big.dat
unset LFS_STORE

# --- A tour, as a transcript.
block '### A tour' 1 | sed "s|/tmp/st|$SCRATCH/st|g" > tour.txt
grep -q '^\$ lfs mkfs' tour.txt || fail "tour: $(cat tour.txt)"
# matches EXPECTED ACTUAL: equal line by line, the MDT rows left out, a
# "..." line of EXPECTED standing for any lines of ACTUAL.
matches() {
	local want got head tail
	want=$(grep -v '^lustre-MDT0000_UUID' "$1")   # trailing blank lines
	got=$(grep -v '^lustre-MDT0000_UUID' "$2")     # end a step: not compared
	if ! grep -qx '\.\.\.' "$1"; then
		[ "$want" = "$got" ]
		return
	fi
	head=${want%%$'\n'...$'\n'*}
	tail=${want#*$'\n'...$'\n'}
	[ "${got:0:${#head}}" = "$head" ] && [ "${got: -${#tail}}" = "$tail" ]
}
n=0
cmd=
run_step() {   # run $cmd, compare with want.txt
	[ -n "$cmd" ] || return 0
	n=$((n + 1))
	# Each command in one shell that carries the exports of the ones before.
	printf '%s\n' "$cmd" >> steps.sh
	bash -euo pipefail -c ". ./env.sh; $cmd; export -p > env.sh" > got.txt 2>&1 ||
		fail "tour step $n '$cmd' failed: $(cat got.txt)"
	matches want.txt got.txt || fail "tour step $n '$cmd':
--- README says
$(cat want.txt)
--- lfs printed
$(cat got.txt)"
}
: > env.sh
: > want.txt
while IFS= read -r line; do
	if [ "${line:0:2}" = '$ ' ]; then
		run_step
		cmd=${line:2}
		: > want.txt
	else
		printf '%s\n' "$line" >> want.txt
	fi
done < tour.txt
run_step
[ "$n" -ge 4 ] || fail "tour: only $n steps"

# --- The drain recipe of Migrate, on the tour's store: files in nested
# directories, some with an object on OST 0; afterwards none has one, and
# every file is whole.
export LFS_STORE=$SCRATCH/st
"$LFS" mkdir -p /data/deep/er
head -c 300000 /dev/urandom > f
for p in /data/a /data/deep/b '/data/deep/er/c d' /data/e; do
	"$LFS" import -c 2 -S 64K f "$p"
done
[ -n "$("$LFS" find / --ost 0 -type f)" ] || fail "drain test: nothing on OST 0"
awk '/^```/ { if (inside) { if (hit) exit; inside = 0; b = "" } else inside = 1; next }
     inside { b = b $0 "\n"; if (/# drain OST 0/) hit = 1 }
     END { printf "%s", b }' "$README" > drain.txt
grep -q 'lfs ost nocreate 0' drain.txt || fail "drain block: $(cat drain.txt)"
sed -n 's/^\$ //p' drain.txt > drain.sh
bash -euo pipefail drain.sh > drain.out 2>&1 || fail "drain failed: $(cat drain.out)"
expect_out '' "$LFS" find / --ost 0
for p in /data/a /data/deep/b '/data/deep/er/c d' /data/e; do
	"$LFS" cat "$p" | cmp - f || fail "drain: $p changed"
done

# --- The Lua drain procedure of "Lua scripts", saved as drain.lua and run
# with the command line its first line gives, on a store with an OST 3:
# every file leaves OST 3 whole, and the summary line is the script's.
export LFS_STORE=$SCRATCH/dl
"$LFS" mkfs --osts 4 "$LFS_STORE" > /dev/null
"$LFS" mkdir -p /d/e
for p in /d/a /d/e/b '/d/e/c d'; do
	"$LFS" import -c 4 -S 64K f "$p"
done
awk '/^```/ { if (inside) { if (hit) exit; inside = 0; b = "" } else inside = 1; next }
     inside { b = b $0 "\n"; if (/^-- drain\.lua: /) hit = 1 }
     END { printf "%s", b }' "$README" > drain.lua
run=$(sed -n '1s/^-- drain\.lua: //p' drain.lua)
[ "$run" = "lfs -f drain.lua 3" ] || fail "drain.lua block: $(head -3 drain.lua)"
bash -euo pipefail -c "$run" > drainlua.out 2>&1 || fail "$run failed: $(cat drainlua.out)"
[ "$(cat drainlua.out)" = "3 files moved, 0 busy retried, 0 left on OST 3" ] ||
	fail "$run printed: $(cat drainlua.out)"
expect_out '' "$LFS" find / --ost 3
for p in /d/a /d/e/b '/d/e/c d'; do
	"$LFS" cat "$p" | cmp - f || fail "drain.lua: $p changed"
done
"$LFS" ost list | grep -Eq '^3 .* active +N ' || fail "drain.lua: OST 3 not nocreate: $("$LFS" ost list)"
echo ok
