# Issue 18 points 10 and 11, the last gaps: getstripe -q, the text of a
# malformed option value of setstripe and migrate, mkdir's bad MODE and
# -m's warning. Each expected output is written from Lustre 2.15.3's
# source (the file and lines named above each case).
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4

# The rows of lov_dump_user_lmm_v1v3's table for the objects "OST ID"
# on stdin: "\t%6u\t%14llu\t%#13llx\t%14llu\n" (group 0, an MDT0
# sequence), liblustreapi.c 3275-3283.
rows() { while read -r ost id; do printf '\t%6u\t%14u\t%#13x\t%14u\n' "$ost" "$id" "$id" 0; done; }
# The indented form of a PFL component: "%6slmm_objects:" then
# "%s%d: { l_ost_idx: %d, l_fid: "DFID" }" with "      - " (3228-3264),
# l_fid the object's IDIF FID [0x1OOOO0000:ID:0x0].
indented() {
	printf '%6slmm_objects:\n' ""
	local i=0
	while read -r ost id; do
		printf '      - %d: { l_ost_idx: %d, l_fid: [%#x:%#x:0x0] }\n' \
			"$i" "$ost" $((0x100000000 + (ost << 16))) "$id"
		i=$((i + 1))
	done
}
HDR=$'\tobdidx\t\t objid\t\t objid\t\t group'
# The output and END: $(...) would drop the blank line that ends each.
withend() { "$@" && echo END; }

# getstripe -q: "if (param->fp_quiet) param->fp_verbose = VERBOSE_OBJID"
# (lfs.c 6129-6130), after the field options and -v. A plain file: the
# path (the depth is 1, lov_dump_user_lmm_header 2995-2997), the table,
# the blank line (3288).
"$LFS" setstripe -c 2 /f
want="/f
$HDR
$(objects_of /f | rows)

END"
expect_out "$want" withend "$LFS" getstripe -q /f
expect_out "$want" withend "$LFS" getstripe --quiet -v /f
# A field option sets the depth 0: no path; -q still prints the objects.
expect_out "$HDR
$(objects_of /f | rows)

END" withend "$LFS" getstripe -q -c -S /f
# A PFL file: VERBOSE_OBJID is not VERBOSE_DEFAULT, so print_last_init_comp
# (3714-3727) shows the last instantiated component alone, its objects
# indented, no lcme_ fields (lov_dump_comp_v1_entry prints none of them).
"$LFS" setstripe -E 1M -c 1 -E -1 -c 2 /p
# OST and object id of component ID's objects, from getstripe -I ID.
comp_objects() { "$LFS" getstripe -I "$2" "$1" | awk '/l_ost_idx/ { split($7, f, ":"); print $5 + 0, f[2] }'; }
expect_out "/p
$(comp_objects /p 1 | indented)

END" withend "$LFS" getstripe -q /p
head -c 1500000 /dev/zero | "$LFS" write /p
expect_out "/p
$(comp_objects /p 2 | indented)

END" withend "$LFS" getstripe -q /p
# A directory: no path line for it (VERBOSE_OBJID and a directory), its
# default's blank line, then each file as above (the depth is 1).
"$LFS" mkdir /d
"$LFS" setstripe -c 1 /d/g
expect_out "
/d/g
$HDR
$(objects_of /d/g | rows)

END" withend "$LFS" getstripe -q /d
# -m keeps ours: the index alone (2.15.3's -q drops VERBOSE_MDTINDEX too).
expect_out "0" "$LFS" getstripe -q -m -v /f

# Malformed option values of setstripe and migrate: progname is "lfs CMD"
# in lfs_setstripe_internal (lfs.c 3511-3512), and each message adds
# argv[0] again, no "error: ", goto usage_error (status 4, the usage).
before=$(store_state)
S="lfs setstripe setstripe:"
M="lfs migrate migrate:"
expect_usage "$S invalid stripe count 'abc'" "$LFS" setstripe -c abc /x     # 3677
expect_usage "$S invalid stripe count '2x'" "$LFS" setstripe -C 2x /x      # 3668, falls through
expect_usage "$S invalid stripe size '100'" "$LFS" setstripe -S 100 /x     # 3959
expect_usage "$S invalid stripe offset 'x'" "$LFS" setstripe -i x /x       # 3763
expect_usage "$S invalid OST target(s) '1,x'" "$LFS" setstripe -o 1,x /x  # 3931
expect_usage "$S invalid component end '3'" "$LFS" setstripe -E 3 /x      # 3735
expect_usage "$S invalid component ID '0'" "$LFS" setstripe --component-del -I 0 /p  # 3775
expect_usage "$M invalid stripe count 'abc'" "$LFS" migrate -c abc /f
expect_usage "$M invalid stripe count '2x'" "$LFS" migrate -C 2x /f
expect_usage "$M invalid stripe size '100'" "$LFS" migrate -S 100 /f
expect_usage "$M invalid stripe offset '-2'" "$LFS" migrate -i -2 /f
expect_usage "$M invalid OST target(s) '3-1'" "$LFS" migrate -o 3-1 /f
expect_usage "$M invalid component end '1M1'" "$LFS" migrate -E 1M1 /f
# A pool name longer than LOV_MAXPOOLNAME, plain: llapi_file_open_param's
# llapi_stripe_param_verify, llapi_error "Invalid Poolname '%s'" with
# "lfs setstripe: " before and ": Invalid argument (22)" after
# (liblustreapi.c 474-480, 125-157); lfs exits 22; "FSNAME." is stripped.
expect_fail 22 "lfs setstripe: Invalid Poolname 'sixteencharslong': Invalid argument (22)" \
	"$LFS" setstripe -p lustre.sixteencharslong /x
[ "$before" = "$(store_state)" ] || fail "a malformed value changed the store"

# mkdir: -m warns below 2.15.53 (lfs.c 6790-6793), then is --mode; a bad
# MODE is "%s %s: bad MODE '%s'", CMD_HELP (6903-6909).
W="warning: '-m' is deprecated, use '--mode' or '-o' instead"
expect_usage "lfs mkdir: bad MODE '8'" "$LFS" mkdir -o 8 /z
expect_usage "lfs mkdir: bad MODE '7a'" "$LFS" mkdir --mode=7a /z
err=$("$LFS" mkdir -m 9 /z 2>&1 >/dev/null) && fail "mkdir -m 9 succeeded"
[ "$(echo "$err" | head -2)" = "$W
lfs mkdir: bad MODE '9'" ] || fail "mkdir -m 9 stderr: $err"
grep -q '^usage: ' <<<"$err" || fail "mkdir -m 9 printed no usage"
[ "$before" = "$(store_state)" ] || fail "a bad MODE changed the store"
expect_fail 0 "$W" "$LFS" mkdir -m 711 /m
expect_out "drwx--x--x" sh -c "'$LFS' ls -l / | awk '\$NF == \"m\" { print \$1 }'"
