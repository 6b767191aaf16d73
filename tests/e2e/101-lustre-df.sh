# lfs df on a Lustre client mount (llapi_obd_statfs per MDT and OST index,
# llapi_search_mounts for the mount point, against the double): the OSTs'
# rows and the summary are the servers' figures in Lustre's format (the
# same as `lfs df` of the store that models them, the mount's name in
# place of the store's), -h, -H, -i, -p, -v, flags D and N, an inactive
# OST shown only with -v, a removed one left out; a path given or the
# working directory.
. "$(dirname "$0")/../e2e-lustre.sh"
skip_real "compares with the double's servers' own df and changes OST states"
S() { LFS_STORE="$SRV" "$LFS" "$@"; }
# The MDT row is the host filesystem, which moves between two calls: the
# OST rows and the bytes summary are compared.
osts_and_sum() { sed -e "s#$SRV#M#g" -e "s#$MNT#M#g" | grep -v '^lustre-MDT0000_UUID'; }
same_as_servers() {   # same_as_servers [df options]
	local got want
	got=$(cd "$MNT" && "$LFS" df "$@" | osts_and_sum) || fail "df $*"
	want=$(S df "$@" | osts_and_sum)
	[ "$got" = "$want" ] || fail "df $* on the mount:
$got
--- the servers' store:
$want"
}
# Some usage on the servers' OSTs: a file of the store itself.
head -c 3000000 /dev/urandom | S write -c 2 -i 1 /used
S pool new flash; S pool add flash 1 3
same_as_servers
same_as_servers -h
same_as_servers -H
same_as_servers -p flash
same_as_servers -p lustre.flash
cd "$MNT"
"$LFS" df | grep -q "^lustre-OST0001_UUID .* [1-9][0-9]*% $MNT\[OST:1\]$" || fail "OST1 not used: $("$LFS" df)"
# -i: the OSTs' objects; the summary counts the MDT's inodes.
got=$("$LFS" df -i | grep OST | sed "s#$MNT#M#"); want=$(S df -i | grep OST | sed "s#$SRV#M#")
[ "$got" = "$want" ] || fail "df -i: $got"
"$LFS" df -i | grep -q "^lustre-MDT0000_UUID .*$MNT\[MDT:0\]$" || fail "df -i: no MDT row"
# The header and the layout of Lustre's showdf.
expect_out "UUID                   1K-blocks        Used   Available Use% Mounted on" sh -c "'$LFS' df | head -1"
expect_out "UUID                       bytes        Used   Available Use% Mounted on" sh -c "'$LFS' df -h | head -1"
expect_out "UUID                      Inodes       IUsed       IFree IUse% Mounted on" sh -c "'$LFS' df -i | head -1"
# States from os_state: degraded D, no precreation N; inactive only with -v.
S ost degrade 0; S ost nocreate 2; S ost deactivate 3
"$LFS" df | grep -q "^lustre-OST0000_UUID .*\[OST:0\] D$" || fail "no D: $("$LFS" df)"
"$LFS" df | grep -q "^lustre-OST0002_UUID .*\[OST:2\] N$" || fail "no N: $("$LFS" df)"
"$LFS" df | grep -q "OST0003" && fail "inactive OST shown without -v"
expect_out "lustre-OST0003_UUID : inactive device" sh -c "'$LFS' df -v | grep OST0003"
same_as_servers
same_as_servers -v
# A removed OST is left out (its index no longer set up).
S ost activate 3; S ost remove 3
"$LFS" df -v | grep -q "OST0003" && fail "removed OST shown"
same_as_servers -v
# A path on the mount from elsewhere; the pool's name checked.
mkdir -p "$MNT/d/e"
cd "$SCRATCH"
got=$("$LFS" df "$MNT/d/e" | osts_and_sum); want=$(S df | osts_and_sum)
[ "$got" = "$want" ] || fail "df PATH: $got"
cd "$MNT/d"
expect_fail 22 "error: lfs df: pool 'lustre.nope' does not exist" "$LFS" df -p nope
expect_fail 22 "error: lfs df: e: pool 'lustre.nope' does not exist" "$LFS" df -p nope e
expect_fail 22 "error: lfs df: pool name 'a b' can contain only alphanumeric characters, underscores, and dashes" "$LFS" df -p 'a b'
