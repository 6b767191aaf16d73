# Lustre 2.15's other spellings (issue 18 points 10 and 11), each from
# lustre/utils/lfs.c's option tables.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4

# lfs_setstripe_internal's long_opts: stripe_count, stripe_size,
# stripe_index; lfs_getstripe_internal's too (no argument there).
"$LFS" setstripe --stripe_count 2 --stripe_size 1M --stripe_index 1 /f
expect_out "lmm_stripe_count:  2
lmm_stripe_size:   1048576
lmm_stripe_offset: 1" "$LFS" getstripe --stripe_count --stripe_size --stripe_index /f
expect_out "2" "$LFS" getstripe -c /f
"$LFS" migrate --stripe_count 1 /f
expect_out "1" "$LFS" getstripe -c /f

# { .val = 'y', .name = "yaml", .has_arg = required_argument } in
# setstripe's (and so migrate's) table.
"$LFS" setstripe -E 1M -c 1 -E -1 -c 2 /pfl
"$LFS" getstripe -y /pfl > "$SCRATCH/pfl.yaml"
"$LFS" setstripe -y "$SCRATCH/pfl.yaml" /pfl2
"$LFS" migrate -y "$SCRATCH/pfl.yaml" /f
expect_out "2" "$LFS" getstripe --component-count /pfl2
expect_out "2" "$LFS" getstripe --comp-count /f

# lfs_setdirstripe: -o/--mode MODE, -m the deprecated spelling, -i/
# --mdt-index (one MDT here: 0).
"$LFS" mkdir -o 700 /m1
"$LFS" mkdir --mode 750 --mdt-index 0 /m2
"$LFS" mkdir -m 711 -i 0 /m3
[ "$(stat -c %a "$STORE/mdt/ROOT/m1") $(stat -c %a "$STORE/mdt/ROOT/m2") $(stat -c %a "$STORE/mdt/ROOT/m3")" = "700 750 711" ] ||
	fail "mkdir -o/--mode/-m"
expect_fail 22 "error: lfs mkdir: invalid MDT index '1': the filesystem has MDT 0 only" \
	"$LFS" mkdir -i 1 /m4

# { .val = 'h', .name = "help" } in every command's table: CMD_HELP, so
# the usage on stderr and status 4 (df keeps -h for --human-readable, as
# Lustre's lfs df does).
expect_usage "setstripe: create a file with a layout, or set a directory's default layout" \
	"$LFS" setstripe -h
expect_usage "getstripe: list the striping info of files and directories" \
	"$LFS" getstripe --help /f
expect_usage "mkdir: make directories (copying the parent's default layout)" \
	"$LFS" mkdir -h
expect_usage "$("$LFS" df --help 2>&1 | head -1)" "$LFS" df --help
"$LFS" df -h >/dev/null

# getstripe -m/--mdt-index: cb_get_mdt_index() prints the index alone
# ("%d\n"), or with -v "PATH\nmdt_index:\tN" unless -q; it stops at depth
# 0 unless -r.
"$LFS" setstripe -c 1 /m1/f
expect_out "0" "$LFS" getstripe -m /m1/f
expect_out "0" "$LFS" getstripe --mdt-index /m1
expect_out "0
0" "$LFS" getstripe -m -r /m1
expect_out "/m1/f
mdt_index:	0" "$LFS" getstripe -m -v /m1/f
expect_out "0" "$LFS" getstripe -m -v -q /m1/f

# pool add/remove take lctl's OST0005 (check_and_complete_ostname() puts
# "FSNAME-" before a name without '-'), with or without _UUID.
"$LFS" pool new lustre.p
"$LFS" pool add lustre.p OST0003 OST0002_UUID
"$LFS" pool remove lustre.p OST0003
expect_out "Pool: lustre.p
lustre-OST0002_UUID" "$LFS" pool list lustre.p
expect_fail 22 "error: lfs pool: OSTx: not an OST index, range or UUID" \
	"$LFS" pool add lustre.p OSTx

# setstripe --copy FILE (LFS_LAYOUT_COPY: llapi_layout_get_by_path(FILE)):
# FILE's geometry, new objects placed by the allocator; not with other
# layout options ("can't specify --yaml or --copy with -c, -S, ...").
"$LFS" setstripe -E 1M -c 1 -S 128k -E -1 -c 2 /src
"$LFS" setstripe --copy /src /dst
expect_out "$("$LFS" getstripe -E -S -c /src)" "$LFS" getstripe -E -S -c /dst
expect_out "2" "$LFS" getstripe --component-count /dst
"$LFS" mkdir /cd /cd2
"$LFS" setstripe --copy /src /cd
"$LFS" setstripe -E 1M -c 1 -S 128k -E -1 -c 2 /cd2
expect_out "$("$LFS" getstripe -d /cd2 | sed 's/cd2/cd/')" "$LFS" getstripe -d /cd
expect_usage "error: lfs setstripe: --copy cannot be combined with other layout options" \
	"$LFS" setstripe --copy /src -c 2 /x
expect_usage "error: lfs setstripe: --yaml cannot be combined with --copy" \
	"$LFS" setstripe --copy /src -y "$SCRATCH/pfl.yaml" /x
expect_fail 2 "error: lfs setstripe: --copy /nope: No such file or directory" \
	"$LFS" setstripe --copy /nope /x
# --copy DIR (migrate's too): llapi_layout_get_by_path(DIR) reads the
# directory's default, which lfs_migrate -R relies on.
"$LFS" setstripe -c 1 /mc
"$LFS" migrate --copy /cd /mc
expect_out "$("$LFS" getstripe -E -S -c /src)" "$LFS" getstripe -E -S -c /mc
expect_out "2" "$LFS" getstripe --component-count /mc
"$LFS" setstripe --copy /cd /sc
expect_out "2" "$LFS" getstripe --component-count /sc

# Issue 18 point 10. A malformed value of -c -C -S -i -o -E is a usage
# error (lfs_setstripe_internal: goto usage_error), in every command taking
# layout options; -p and -L values stay errors (Lustre: goto error).
# setstripe and migrate print Lustre's text: progname is "lfs CMD" there
# (2.15.3 lfs.c 3511-3512) and "%s %s: invalid stripe count '%s'" adds
# argv[0] again (count 3677, -C falls through to it; size 3959; offset
# 3763); our own commands keep "error: lfs CMD: ".
expect_usage "lfs setstripe setstripe: invalid stripe count 'abc'" "$LFS" setstripe -c abc /x
expect_usage "lfs setstripe setstripe: invalid stripe size '100'" "$LFS" setstripe -S 100 /x
expect_usage "lfs migrate migrate: invalid stripe offset 'x'" "$LFS" migrate -i x /f
expect_usage "lfs migrate migrate: invalid stripe count 'x'" "$LFS" migrate -C x /f
expect_usage "error: lfs import: invalid component end '3'" "$LFS" import -E 3 "$SCRATCH/pfl.yaml" /x
expect_usage "error: lfs write: invalid OST target(s) '9-x'" "$LFS" write -o 9-x /x
expect_fail 22 "error: lfs setstripe: layout 'foo' is unknown, supported layouts are: 'raid0'" \
	"$LFS" setstripe -L foo /x

# getstripe without a path: lfs_getstripe_internal's "error: %s: no
# filename|pathname" (argv[0], no "lfs"), then CMD_HELP.
expect_usage "error: getstripe: no filename|pathname" "$LFS" getstripe -c
# An unknown command: Parser_execarg's list on stdout, status 1 (-1).
set +e; out=$("$LFS" nosuch 2>&1 >/dev/null); st=$?; set -e
[ "$st $out" = "1 " ] || fail "unknown command: status $st, stderr '$out'"
nosuch() { "$LFS" nosuch || true; }
expect_out "Try interactive use without arguments or use one of:
$("$LFS" --list-commands | tr ' ' '\n' | sed 's/.*/"&"/')
as argument." nosuch
# --version: Parser_version's "%s %s\n" (program name, LUSTRE_VERSION_STRING).
expect_out "lfs 2.15.3" "$LFS" --version
