# lfs -f and lfs -e (issue 17): arg as the stock lua sets it, procedures
# found by name, errors as lua reports them (status 1, nothing changed),
# os.exit anywhere (a migrate_many callback included) leaving the store
# closed cleanly.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M
echo seed | "$LFS" write /seed

# ---- lfs -h lists the Lua options ----
help=$("$LFS" -h)
grep -q '^       lfs \[-s STORE\] -f SCRIPT \[ARGS...\]$' <<< "$help" || fail "lfs -h: no -f line"
grep -q '^       lfs \[-s STORE\] -e '"'"'LUA CHUNK'"'"'$' <<< "$help" || fail "lfs -h: no -e line"
grep -q -- '-f, --file SCRIPT \[ARGS...\]' <<< "$help" || fail "lfs -h: no --file option"
grep -q -- '-e, --execute CHUNK' <<< "$help" || fail "lfs -h: no --execute option"

# ---- -e: a chunk; the global lfs, not a module ----
expect_out 'table	function	nil' "$LFS" -e 'print(type(lfs), type(lfs.getstripe), package.loaded.lfs)'
expect_out 'hello' "$LFS" -e 'io.write("hello\n")'
# -e takes no operands.
expect_usage 'usage: lfs [-s STORE] [-k] [CMD [ARGS...]]' "$LFS" -e 'print(1)' extra

# ---- -f: arg and ... as lua sets them; options after SCRIPT are the script's ----
cat > args.lua <<'LUA'
print(arg[0], #arg, arg[1], arg[2], arg[-1] ~= nil)
print(...)
LUA
expect_out "args.lua	2	-x	--y	true
-x	--y" "$LFS" -f args.lua -x --y
# "-": the script from stdin.
[ "$(echo 'print(#arg, ...)' | "$LFS" -f - a b)" = "2	a	b" ] || fail "lfs -f - from stdin"
# A shebang line works.
printf '#!/usr/bin/env -S lfs -f\nprint("shebang", ...)\n' > sb.lua
expect_out 'shebang	1' "$LFS" -f sb.lua 1

# ---- procedures by name: $LFS_SCRIPT_PATH, NAME or NAME.lua ----
mkdir -p procs
echo 'print("proc", arg[0], ...)' > procs/hello.lua
expect_out "proc	hello	3" env LFS_SCRIPT_PATH="$PWD/nothere:$PWD/procs" "$LFS" -f hello 3
# A file of that name in the working directory comes first.
echo 'print("local file")' > hello
expect_out "local file" env LFS_SCRIPT_PATH="$PWD/procs" "$LFS" -f hello
rm hello
# Not found anywhere: lua's message.
expect_fail 1 'lfs: cannot open nosuch: No such file or directory' env LFS_SCRIPT_PATH="$PWD/procs" "$LFS" -f nosuch

# ---- a syntax error: file and line, status 1, nothing run or changed ----
printf 'lfs.mkdir("/made")\nlocal x = = 1\n' > syntax.lua
unchanged 1 "lfs: syntax.lua:2: unexpected symbol near '='" "$LFS" -f syntax.lua
unchanged 1 'lfs: (command line):1: syntax error near <eof>' "$LFS" -e 'lfs.mkdir("/m") oops'

# ---- a runtime error: message and traceback, status 1 ----
printf 'print("before")\nlocal t = nil\nprint(t.x)\n' > rt.lua
status=0; err=$("$LFS" -f rt.lua 2>&1 >/dev/null) || status=$?
[ "$status" = 1 ] || fail "runtime error: status $status"
[ "$(echo "$err" | head -1)" = "lfs: rt.lua:3: attempt to index a nil value (local 't')" ] ||
	fail "runtime error message: $err"
[ "$(echo "$err" | sed -n 2p)" = "stack traceback:" ] || fail "no traceback: $err"
# error() with a table: lua's "(error object is a table value)".
status=0; err=$("$LFS" -e 'error({})' 2>&1) || status=$?
[ "$status" = 1 ] && [ "$(echo "$err" | head -1)" = 'lfs: (error object is a table value)' ] ||
	fail "error({}): $status $err"

# ---- halfway: the files done before the error stay done and correct ----
for i in 1 2 3 4; do head -c $((i * 70000)) /dev/urandom > "h$i"; "$LFS" import "h$i" "/h$i"; done
cat > half.lua <<'LUA'
local n = 0
for _, f in ipairs({"/h1", "/h2", "/h3", "/h4"}) do
	assert(lfs.migrate(f, {stripe_count = 2}))
	n = n + 1
	if n == 2 then error("stopped after " .. n) end
end
LUA
status=0; err=$("$LFS" -f half.lua 2>&1) || status=$?
[ "$status" = 1 ] && [ "$(echo "$err" | head -1)" = "lfs: half.lua:5: stopped after 2" ] ||
	fail "halfway error: $status $err"
for i in 1 2 3 4; do
	cmp "h$i" <("$LFS" cat "/h$i") || fail "/h$i changed content"
	want=1; [ $i -le 2 ] && want=2
	[ "$("$LFS" getstripe -c "/h$i")" = $want ] || fail "/h$i stripe count $("$LFS" getstripe -c "/h$i")"
done

# ---- os.exit: its status, from the chunk or from inside a callback ----
status=0; "$LFS" -e 'os.exit(3)' || status=$?; [ "$status" = 3 ] || fail "os.exit(3): $status"
status=0; "$LFS" -e 'os.exit(false)' || status=$?; [ "$status" = 1 ] || fail "os.exit(false): $status"
status=0; "$LFS" -e 'os.exit(true)' || status=$?; [ "$status" = 0 ] || fail "os.exit(true): $status"
# Inside migrate_many's on_file, with -j workers: the run stops taking
# names, the files in flight finish, the store is closed: no run/ file
# left locked, lfsck finds nothing to do, every file intact.
for j in 1 2; do
	status=0
	"$LFS" -e "lfs.migrate_many({'/h1','/h2','/h3','/h4'}, {stripe_count = $((j + 2))},
		{jobs = $j, on_file = function(f) os.exit(9) end})" || status=$?
	[ "$status" = 9 ] || fail "os.exit(9) in on_file (jobs $j): status $status"
	[ -z "$(ls "$STORE/run")" ] || fail "run/ not empty after os.exit: $(ls "$STORE/run")"
	for i in 1 2 3 4; do cmp "h$i" <("$LFS" cat "/h$i") || fail "/h$i changed"; done
	out=$("$LFS" lfsck)
	[[ "$out" = "lfsck: 0 swap(s) rolled forward, 0 rolled back, 0 leftover inode(s) destroyed, 0 size(s) fixed"* ]] ||
		fail "lfsck after os.exit: $out"
done
[ "$(objects_used)" = "$(usage_used)" ] || fail "USAGE disagrees with the objects"
