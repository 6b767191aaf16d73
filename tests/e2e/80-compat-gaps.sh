# Issue 18's remaining gaps, each expected output written from Lustre
# 2.15.3's source (the file and function named above each case).
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4

# -h/--help on every command, the ones without options too: lfs.c's
# CMD_HELP (usage on stderr, status 4). cat read -h as a file name, help
# as a command name.
"$LFS" setstripe -c 1 /f
expect_usage "cat: print store files to standard output" "$LFS" cat -h
expect_usage "cat: print store files to standard output" "$LFS" cat --help /f
expect_usage "help: list the commands, or show a command's usage" "$LFS" help -h
expect_usage "help: list the commands, or show a command's usage" "$LFS" help --help
for c in chmod chown export mv stat ost pool; do
	expect_usage "$("$LFS" help "$c" | head -1)" "$LFS" "$c" -h
done
# The shell's builtins: cd -h is not a directory named -h.
err=$("$LFS" -c 'cd -h' 2>&1 >/dev/null) && fail "cd -h succeeded"
[ "$(echo "$err" | sed -n 2p)" = "usage: cd [DIR]" ] || fail "cd -h: $err"
out=$("$LFS" -k -c 'cd -h; pwd -h; pwd' 2>/dev/null) && fail "pwd -h succeeded"
[ "$out" = "/" ] || fail "cd -h; pwd -h; pwd printed: $out"
# df keeps -h as --human-readable (lfs.c mntdf), --help is help.
"$LFS" df -h >/dev/null
expect_usage "$("$LFS" help df | head -1)" "$LFS" df --help

"$LFS" pool new fast
"$LFS" pool add fast 2 3

# -o with -p: lod_qos.c lod_qos_parse_config() sets pool_name = NULL for
# LOV_USER_MAGIC_SPECIFIC, after lod_lov.c lod_verify_v1v3() checked that
# the start (lfs.c: the list's first OST unless -i) is in the pool.
"$LFS" setstripe -o 2,1 -p fast /o1
expect_out "" "$LFS" getstripe -p /o1
expect_out "2 1" echo $(objects_of /o1 | cut -d' ' -f1)
unchanged 22 "error: lfs setstripe: /o2: OST 1 is not in pool 'fast'" \
	"$LFS" setstripe -o 1,2 -p fast /o2
"$LFS" setstripe -o 0,1 -i 3 -p fast /o3 2>/dev/null && fail "-i 3 not in -o 0,1 accepted"
"$LFS" setstripe -c 1 -i 0 /m
"$LFS" migrate -o 3,0 -p fast /m
expect_out "" "$LFS" getstripe -p /m
expect_out "3 0" echo $(objects_of /m | cut -d' ' -f1)
# A PFL component with a list drops it; the next one keeps the -p it
# carries over (lfs.c comp_args_to_layout keeps lsa_pool_name).
"$LFS" setstripe -E 1M -o 2,0 -p fast -E -1 -c 1 /pfl
expect_out "" "$LFS" getstripe -p -I1 /pfl
expect_out "fast" "$LFS" getstripe -p -I2 /pfl

# migrate without layout options: lfs.c lfs_setstripe_internal sets
# from_copy ("lfs migrate $filename should keep the file's layout by
# default") and takes llapi_layout_get_by_path(fname): the file's own
# pool, also where its directory's default names another pool.
"$LFS" pool new slow
"$LFS" pool add slow 0 1
"$LFS" mkdir /d
"$LFS" setstripe -p slow /d
"$LFS" setstripe -c 2 -p fast /d/f
"$LFS" migrate /d/f
expect_out "fast" "$LFS" getstripe -p /d/f
expect_out "2" "$LFS" getstripe -c /d/f
for o in $(objects_of /d/f | cut -d' ' -f1); do
	case $o in 2|3) ;; *) fail "/d/f migrated onto OST $o outside pool fast" ;; esac
done
# With a layout option the pool is the directory default's (sanity 56wb).
"$LFS" migrate -c 1 /d/f
expect_out "slow" "$LFS" getstripe -p /d/f
echo ok
