# Output that scripts parse, byte for byte as Lustre 2.15.3 prints it
# (issue 18 points 5-9; lfs.c lfs_getstripe_internal, showdf, mntdf;
# liblustreapi.c lov_dump_user_lmm_header, lov_dump_user_lmm_v1v3,
# lov_dump_comp_v1).
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M

# bytes 'exact stdout, trailing newlines included' cmd...
bytes() {
	local want=$1 got; shift
	got=$("$@"; echo .) || fail "'$*' failed"
	got=${got%.}
	[ "$got" = "$want" ] || fail "'$*' stdout:
--- got
$(printf '%s' "$got" | od -c)
--- want
$(printf '%s' "$want" | od -c)"
}

"$LFS" pool new flash
"$LFS" pool add flash 2 3
"$LFS" mkdir /d /d/sub
"$LFS" setstripe -c 2 -S 2M /d
"$LFS" setstripe -c 2 -i 1 /d/f
"$LFS" setstripe -c 1 -i 0 /d/sub/g

# 5. A field option on a directory prints the directory's default, once
# (fp_max_depth = 0); -r recurses with the path before each entry's
# values; -v overrides the field options.
bytes $'2\n\n' "$LFS" getstripe -c /d
bytes $'2097152\n\n' "$LFS" getstripe -S /d
bytes $'/d\n2\n\n/d/f\n2\n\n/d/sub\n1\n\n/d/sub/g\n1\n\n' "$LFS" getstripe -c -r /d
bytes $'/d\n-1\n\n/d/f\n1\n\n/d/sub\n-1\n\n/d/sub/g\n0\n\n' "$LFS" getstripe -r -i /d
[ "$("$LFS" getstripe -c -v /d | grep -c '^lmm_stripe_count:')" = 1 ] || fail "-v lists the entries"
bytes $'2\n\n' "$LFS" getstripe -c /d/f
# -F and -N are field options too; -F is -v's lmm_fid (sanity.sh 56a).
[ "$("$LFS" getstripe -F /d | wc -l)" = 2 ] || fail "-F on a directory descended: $("$LFS" getstripe -F /d)"
[ "$("$LFS" getstripe -F /d/f)" = "$("$LFS" getstripe -v /d/f | awk '/lmm_fid: / {print $2}')" ] ||
	fail "-F: $("$LFS" getstripe -F /d/f)"
bytes $'\n' "$LFS" getstripe -N /d
bytes $'/d/f\n2\n\n' "$LFS" getstripe -c -r /d/f

# 6. -y is YAML: no path line, keys at column 0, objects without brackets.
objid=$("$LFS" getstripe /d/f | awk '$1 == 1 && NF == 4 {print $2}')
bytes "lmm_stripe_count:  2
lmm_stripe_size:   2097152
lmm_pattern:       raid0
lmm_layout_gen:    0
lmm_stripe_offset: 1
lmm_objects:
      - l_ost_idx: 1
        l_fid:     0x100010000:$(printf '%#x' "$objid"):0x0
      - l_ost_idx: 2
        l_fid:     $(printf '0x100020000:%#x' "$("$LFS" getstripe /d/f | awk '$1 == 2 && NF == 4 {print $2}')"):0x0

" "$LFS" getstripe -y /d/f
"$LFS" setstripe -E 1M -c 1 -E -1 -c 2 -p flash /pfl
"$LFS" getstripe -y /pfl > pfl.yaml
[ "$(head -4 pfl.yaml)" = "  lcm_layout_gen:    0
  lcm_mirror_count:  1
  lcm_entry_count:   2
  component0:" ] || fail "PFL -y header: $(cat pfl.yaml)"
grep -q '^      lmm_pool:          flash$' pfl.yaml || fail "PFL -y pool: $(cat pfl.yaml)"
grep -q '^        l_fid:     0x1000[0-9a-f]0000:0x[0-9a-f]*:0x0$' pfl.yaml || fail "PFL -y fid: $(cat pfl.yaml)"
"$LFS" setstripe --yaml pfl.yaml /pfl2
bytes $'1\n\n' "$LFS" getstripe -N /pfl2
expect_out 2 "$LFS" getstripe --component-count /pfl2
# The old format (path line, keys indented 2, bracketed FIDs) still reads.
printf '/d/f\n  lmm_stripe_count:  3\n  lmm_stripe_size:   2097152\n  lmm_pattern:       raid0\n  lmm_objects:\n  - l_ost_idx: 1\n    l_fid:     [0x100010000:0x1:0x0]\n  - l_ost_idx: 2\n    l_fid:     [0x100020000:0x1:0x0]\n  - l_ost_idx: 3\n    l_fid:     [0x100030000:0x1:0x0]\n' > old.yaml
"$LFS" setstripe --yaml old.yaml /old
expect_out 3 "$LFS" getstripe -c /old

# 7. A PFL directory default: ids N/A, one line of unprefixed fields per
# component, the effective stripe size for an unset one.
"$LFS" mkdir /pd
"$LFS" setstripe -E 1M -c 1 -E -1 -c 4 -p flash /pd
bytes "  lcm_layout_gen:    0
  lcm_mirror_count:  1
  lcm_entry_count:   2
    lcme_id:             N/A
    lcme_mirror_id:      N/A
    lcme_flags:          0
    lcme_extent.e_start: 0
    lcme_extent.e_end:   1048576
      stripe_count:  1       stripe_size:   1048576       pattern:       raid0       stripe_offset: -1

    lcme_id:             N/A
    lcme_mirror_id:      N/A
    lcme_flags:          0
    lcme_extent.e_start: 1048576
    lcme_extent.e_end:   EOF
      stripe_count:  4       stripe_size:   1048576       pattern:       raid0       stripe_offset: -1       pool:          flash

" "$LFS" getstripe -d /pd
"$LFS" getstripe -y -d /pd > pd.yaml
"$LFS" mkdir /pd2
"$LFS" setstripe --yaml pd.yaml /pd2
[ "$("$LFS" getstripe -d /pd2)" = "$("$LFS" getstripe -d /pd)" ] || fail "PFL default round trip: $("$LFS" getstripe -d /pd2)"

# 8. Empty fields print nothing: no pool, no label; several fields each
# get theirs.
"$LFS" setstripe -c 2 -p flash /inpool
bytes $'\n' "$LFS" getstripe -p /d/f
bytes $'flash\n\n' "$LFS" getstripe -p /inpool
bytes $'lmm_stripe_count:  2\n\n' "$LFS" getstripe -c -p /d/f
bytes $'lmm_stripe_count:  2\nlmm_pool:          flash\n\n' "$LFS" getstripe -c -p /inpool
bytes "  lcm_entry_count:   0
      lmm_stripe_count:  2
      lmm_stripe_size:   1048576
      lmm_pool:          flash

" "$LFS" getstripe --component-count -c -S -p /inpool
# Of a PFL file, the last instantiated component's (the first: -p flash
# applies to the second).
bytes "  lcm_entry_count:   2
      lmm_stripe_count:  1
      lmm_stripe_size:   1048576

" "$LFS" getstripe --component-count -c -S -p /pfl

# 9. df: -l/--lazy is accepted (nothing here waits on a target).
[ "$("$LFS" df -l | grep -v MDT0000)" = "$("$LFS" df | grep -v MDT0000)" ] || fail "df -l"
# (Without the rows that count the host's inodes, which other processes
# change.)
[ "$("$LFS" df --lazy -i | grep -v 'MDT0000\|^filesystem')" = "$("$LFS" df -i | grep -v 'MDT0000\|^filesystem')" ] ||
	fail "df --lazy -i"
# -ih shortens inode counts as -h does bytes (showdf's COOK: divided while
# above 1024, so 1024 stays whole).
"$LFS" mkfs --osts 2 --ost-size 1G "$SCRATCH/big" >/dev/null
"$LFS" -s "$SCRATCH/big" df -ih > dfih
grep -qxF "$(printf '%-20s %11s %11s %11s %4s %s' lustre-OST0001_UUID 16.0K 0 16.0K 0% "$SCRATCH/big[OST:1]")" dfih ||
	fail "df -ih OST row: $(cat dfih)"
"$LFS" -s "$SCRATCH/big" df -iH | grep -qxF "$(printf '%-20s %11s %11s %11s %4s %s' lustre-OST0000_UUID 16.4k 0 16.4k 0% "$SCRATCH/big[OST:0]")" ||
	fail "df -iH: powers of 1000 are k: $("$LFS" -s "$SCRATCH/big" df -iH)"
"$LFS" df -ih | grep -q "^lustre-OST0000_UUID  *1024 " || fail "df -ih: 1024 is not shortened: $("$LFS" df -ih)"
# The -i summary counts the MDT's inodes, with no more free than the OSTs
# have objects left (mntdf).
"$LFS" df -i | awk '
	/MDT0000/ { mused = $3; mfree = $4 }
	/OST[0-9a-f]+_UUID/ { ofree += $4 }
	/^filesystem_summary:/ { sused = $3; sfree = $4; stotal = $2 }
	END {
		free = mfree < ofree ? mfree : ofree
		if (sused == "" || mused == "" || sused != mused || sfree != free || stotal != sused + sfree) {
			print "summary " stotal " " sused " " sfree ", MDT used " mused " free " mfree ", OSTs free " ofree
			exit 1
		}
	}' || fail "df -i summary: $("$LFS" df -i)"
