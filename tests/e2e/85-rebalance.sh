# lua/scripts/rebalance.lua through lfs -f: files on OSTs 0 and 1 of four
# spread until every OST is within the threshold of the mean; --help, bad
# arguments, a dry run, a run killed half-way and its rerun, then the
# data, the layouts and df.
. "$(dirname "$0")/../e2e-proc.sh"
mkstore --osts 4 --ost-size 64M

make_files host 16 400000
"$LFS" mkdir /d
"$LFS" setstripe -o 0,1 /d
"$LFS" import host /d
# A PFL file, left as it is.
head -c 500000 /dev/urandom > pfl.in
"$LFS" setstripe -E 256K -o 0 -E eof -o 0,1 /pfl
"$LFS" write /pfl < pfl.in
pfl_layout=$("$LFS" getstripe /pfl)

# balanced PCT: every OST's used fraction (ost list) within PCT points of
# the mean (used over capacity of them all).
balanced() {
	"$LFS" ost list | awk -v t="$1" 'NR > 1 { c[NR] = $5; u[NR] = $6; C += $5; U += $6 }
		END { m = U / C; for (i in c) { d = u[i] / c[i] - m; if (d < 0) d = -d; if (d * 100 > t) exit 1 } }'
}
balanced 5 && fail "the store is balanced before the test"

help_ok rebalance
proc_usage "error: rebalance: invalid threshold 'abc'" "$LFS" -f rebalance --threshold abc
proc_usage "error: rebalance: invalid threshold '101'" "$LFS" -f rebalance --threshold 101
proc_usage "error: rebalance: extra operand 'x'" "$LFS" -f rebalance x
proc_usage "error: rebalance: unrecognized option '-t'" "$LFS" -f rebalance -t 5

dry_run dry.out "$LFS" -f rebalance --threshold 5 --dry-run
planned=$(grep -c '^would move /d/f[0-9]* ([0-9.]* [KM]*i*B): OSTs [01],[01] -> [0-3],[0-3]$' dry.out) ||
	fail "dry run plan: $(cat dry.out)"
[ "$planned" = "$(grep -c '^would move ' dry.out)" ] || fail "dry run plan: $(cat dry.out)"
# Largest first: the plan's sizes do not grow.
grep '^would move' dry.out | sed 's/.*(\([0-9.]*\) \(.*\)B).*/\1 \2/' |
	awk '{ v = $1 * ($2 == "Ki" ? 1024 : $2 == "Mi" ? 1048576 : 1) } NR > 1 && v > p { exit 1 } { p = v }' ||
	fail "dry run not largest first: $(cat dry.out)"
grep -q '^rebalance: df before:$' dry.out || fail "dry run: no df: $(cat dry.out)"
grep -qx 'rebalance: 1 PFL files left as they are' dry.out || fail "dry run: $(cat dry.out)"
tail -1 dry.out | grep -qx "rebalance: mean [0-9.]*% used: dry run: $planned files would migrate, [0-9.]* [KM]iB would move; nothing changed" ||
	fail "dry run summary: $(tail -1 dry.out)"

# Killed after its 2nd swap; lfsck settles the one in flight; the rerun
# plans again from there and balances.
set +e
LFS_FAULT=swapped:2 "$LFS" -f rebalance --threshold 5 >kill.out 2>&1
st=$?
set -e
[ $st = 137 ] || fail "killed run: status $st: $(cat kill.out)"
"$LFS" lfsck >/dev/null
"$LFS" -f rebalance --threshold 5 >run.out 2>run.err || fail "rerun: $(cat run.out run.err)"
n=$(summary rebalance run.out | sed -n 's/^rebalance: mean [0-9.]*% used: \([0-9]*\) files: \1 migrated, 0 skipped, 0 busy, 0 failed; X in Xs$/\1/p')
[ -n "$n" ] && [ "$n" -lt "$planned" ] && [ "$n" -gt 0 ] || fail "rerun of $planned planned: $(cat run.out run.err)"
[ ! -s run.err ] || fail "rerun stderr: $(cat run.err)"
grep -q '^rebalance: df after:$' run.out || fail "rerun: no df after: $(cat run.out)"
balanced 5 || fail "not balanced: $("$LFS" ost list)"

# Data, geometry (2 stripes of 1 MiB, distinct OSTs), the PFL file as it was.
same_content /d host
"$LFS" cat /pfl | cmp -s - pfl.in || fail "/pfl: content"
for f in host/*; do
	expect_out 2 "$LFS" getstripe -c "/d/${f##*/}"
	expect_out 1048576 "$LFS" getstripe -S "/d/${f##*/}"
	[ "$(objects_of "/d/${f##*/}" | cut -d' ' -f1 | sort -u | wc -l)" = 2 ] || fail "/d/${f##*/}: two stripes on one OST"
done
[ "$("$LFS" getstripe /pfl)" = "$pfl_layout" ] || fail "/pfl moved: $("$LFS" getstripe /pfl)"
# df: OSTs 2 and 3 hold data now.
[ "$(ost_used 2)" -gt 0 ] && [ "$(ost_used 3)" -gt 0 ] || fail "df: $("$LFS" df)"
clean_store rebalance

# Balanced: a rerun says so and changes nothing.
before=$(snapshot)
"$LFS" -f rebalance --threshold 5 >again.out || fail "third run: $(cat again.out)"
grep -q '^rebalance: every OST is within 5% of the mean ([0-9.]*% used): nothing to do$' again.out ||
	fail "third run: $(cat again.out)"
[ "$before" = "$(snapshot)" ] || fail "the third run changed the store"
