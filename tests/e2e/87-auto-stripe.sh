# lua/scripts/auto_stripe.lua through lfs -f: lfs_migrate -A's stripe
# count (1 + sqrt(GiB); raised so an object takes at most 1% of the
# smallest OST's free space; at most the OSTs with 256 MiB free), --help,
# bad arguments, a dry run, a first run on the big files and a full run
# that skips them, then the data, the layouts and df.
. "$(dirname "$0")/../e2e-proc.sh"

# Sparse host files: random bytes at the start and the end, a hole
# between (so that gigabytes cost nothing).
sparse() {
	head -c 70000 /dev/urandom > "$1"
	truncate -s "$2" "$1"
	head -c 5000 /dev/urandom >> "$1"
}
# same_sparse FSDIR HOSTDIR: each store file, exported (holes kept), has
# the host file's size, its first 70000 and last 5000 bytes, and nothing
# but a hole between (reading the gigabytes of zeros would take long).
same_sparse() {
	local f out=$SCRATCH/sparse.out
	for f in "$2"/*; do
		rm -f "$out"
		"$LFS" export "$1/${f##*/}" "$out"
		[ "$(stat -c %s "$out")" = "$(stat -c %s "$f")" ] || fail "$1/${f##*/}: size"
		cmp -s <(head -c 70000 "$out") <(head -c 70000 "$f") || fail "$1/${f##*/}: head"
		cmp -s <(tail -c 5000 "$out") <(tail -c 5000 "$f") || fail "$1/${f##*/}: tail"
		[ "$(du -k "$out" | cut -f1)" -le 1024 ] || fail "$1/${f##*/}: data in the hole"
	done
}

# Huge OSTs: the 1% cap is far, the square root decides.
mkstore --osts 8 --ost-size 10T
mkdir host
sparse host/s100m 100M    # 0 GiB: 1 stripe
sparse host/s1g5 1536M    # 1 GiB: 2
sparse host/s4g 4G        # 4 GiB: 3
sparse host/s9g5 9728M    # 9 GiB: 4
sparse host/s16g 16G      # 16 GiB: 5
"$LFS" mkdir /a
"$LFS" import -c 1 host /a
"$LFS" setstripe -E 1M -c 1 -E eof -c 2 /a/pfl
head -c 300000 /dev/urandom > pfl.want
"$LFS" write /a/pfl < pfl.want

help_ok auto_stripe
proc_usage "error: auto_stripe: missing PATH" "$LFS" -f auto_stripe
proc_usage "error: auto_stripe: invalid size '2Q'" "$LFS" -f auto_stripe /a --min-size 2Q
proc_usage "error: auto_stripe: option '--min-size' requires an argument" "$LFS" -f auto_stripe /a --min-size
proc_usage "error: auto_stripe: extra operand '/b'" "$LFS" -f auto_stripe /a /b
unchanged 2 "error: auto_stripe: /nope: No such file or directory" "$LFS" -f auto_stripe /nope

dry_run dry.out "$LFS" -f auto_stripe /a --dry-run
[ "$(grep '^would' dry.out)" = "would restripe /a/s16g (16.0 GiB): 1 -> 5 stripes
would restripe /a/s1g5 (1.5 GiB): 1 -> 2 stripes
would restripe /a/s4g (4.0 GiB): 1 -> 3 stripes
would restripe /a/s9g5 (9.5 GiB): 1 -> 4 stripes" ] || fail "dry run plan: $(cat dry.out)"
grep -qx "auto_stripe: 1 files already at their count" dry.out || fail "dry run: $(cat dry.out)"
grep -qx "auto_stripe: 1 PFL files left as they are" dry.out || fail "dry run: $(cat dry.out)"
tail -1 dry.out | grep -qx 'auto_stripe: /a: dry run: 4 files would migrate, 31.0 GiB would move; nothing changed' ||
	fail "dry run summary: $(tail -1 dry.out)"

# A first run on part of the files (4 GiB and more), then the full run:
# it migrates only the rest.
"$LFS" -f auto_stripe /a --min-size 4G >part.out 2>part.err || fail "first run: $(cat part.out part.err)"
[ "$(summary auto_stripe part.out)" = "auto_stripe: /a: 3 files: 3 migrated, 0 skipped, 0 busy, 0 failed; X in Xs" ] ||
	fail "first run: $(cat part.out part.err)"
expect_out 1 "$LFS" getstripe -c /a/s1g5
g4=$("$LFS" getstripe -g /a/s4g)
"$LFS" -f "$SCRIPTS/auto_stripe.lua" /a >full.out 2>full.err || fail "full run: $(cat full.out full.err)"
[ "$(summary auto_stripe full.out)" = "auto_stripe: /a: 1 files: 1 migrated, 0 skipped, 0 busy, 0 failed; X in Xs" ] ||
	fail "full run: $(cat full.out full.err)"
grep -qx "auto_stripe: 4 files already at their count" full.out || fail "full run: $(cat full.out)"
expect_out "$g4" "$LFS" getstripe -g /a/s4g
[ ! -s full.err ] || fail "full run stderr: $(cat full.err)"

# The counts, the stripe size kept, the data, the PFL file untouched.
for f in s100m:1 s1g5:2 s4g:3 s9g5:4 s16g:5; do
	expect_out "${f#*:}" "$LFS" getstripe -c "/a/${f%:*}"
	expect_out 1048576 "$LFS" getstripe -S "/a/${f%:*}"
done
expect_out 2 "$LFS" getstripe --component-count /a/pfl
"$LFS" cat /a/pfl | cmp -s - pfl.want || fail "/a/pfl: content"
same_sparse /a host
clean_store huge

# Small OSTs: the 1% cap raises the count (lfs_migrate's
# (filekb + obj_max_kb - 1024) / obj_max_kb), up to the OSTs with 256 MiB
# free; OST 3 is nocreate and does not count.
STORE=$SCRATCH/small; export LFS_STORE=$STORE
mkstore --osts 6 --ost-size 512M
"$LFS" ost nocreate 3
mkdir host2
sparse host2/m1 1M        # fits in 5242 KiB: 1
sparse host2/m6 6M        # (6144 + 4218) / 5242 = 1
sparse host2/m7 7M        # (7168 + 4218) / 5242 = 2
sparse host2/m12 12M      # 3
sparse host2/m40 40M      # 8, at most 5 OSTs
"$LFS" import -c 1 -i 0 host2 /
"$LFS" -f auto_stripe / >small.out 2>&1 || fail "small OSTs: $(cat small.out)"
[ "$(summary auto_stripe small.out)" = "auto_stripe: /: 3 files: 3 migrated, 0 skipped, 0 busy, 0 failed; X in Xs" ] ||
	fail "small OSTs: $(cat small.out)"
for f in m1:1 m6:1 m7:2 m12:3 m40:5; do expect_out "${f#*:}" "$LFS" getstripe -c "/${f%:*}"; done
"$LFS" getstripe /m40 | awk '$1 ~ /^[0-9]+$/ && NF == 4 { print $1 }' | grep -qx 3 && fail "/m40 has an object on nocreate OST 3"
same_sparse / host2
[ "$(ost_used 3)" = 0 ] || fail "df: OST 3 uses $(ost_used 3) KiB"
clean_store small
