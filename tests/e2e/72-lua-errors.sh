# Bad input to the Lua API (issue 17): misuse raises naming the argument
# and the key (wrong types, nil paths, unknown option keys), operational
# failures return nil, message, errno with the command's message; none of
# it changes the store. Errors inside migrate_many's callbacks stop the
# run with the files done kept, and a store that cannot be opened fails
# each call.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M
echo x | "$LFS" write /f
"$LFS" mkdir /d

cat > mis.lua <<'LUA'
local function try(f, ...)
	local r = table.pack(pcall(f, ...))
	local out = {}
	for i = 1, r.n do out[#out + 1] = tostring(r[i]) end
	print(table.concat(out, " | "))
end
try(function() lfs.getstripe(nil) end)
try(function() lfs.getstripe() end)
try(function() lfs.getstripe({}) end)
try(function() lfs.setstripe("/x", {stripe_cnt = 1}) end)
try(function() lfs.setstripe("/x", {stripe_count = true}) end)
try(function() lfs.setstripe("/x", 5) end)
try(function() lfs.setstripe("/x", {stripe_size = 3}) end)
try(function() lfs.setstripe("/x", {stripe_count = 1.5}) end)
try(function() lfs.setstripe("/x", {components = {{stripe_count = 1}}}) end)
try(function() lfs.setstripe("/x", {components = {{end_ = "1M", stripe_count = 1, pol = "a"}}}) end)
try(function() lfs.setstripe("/x", {stripe_count = 1, components = {{end_ = "eof"}}}) end)
try(function() lfs.setstripe("/x", {}) end)
try(function() lfs.setstripe("/x", {[1] = 2}) end)
try(function() lfs.setstripe("/x", {ost = {1, "a"}}) end)
try(function() lfs.setstripe("/x", {delete = true, stripe_count = 2}) end)
try(function() lfs.find("/", {sise = "+1M"}) end)
try(function() lfs.find("/", {size = "+1Q"}) end)
try(function() return lfs.find("/", {ost = 99}) end)
try(function() return lfs.find("/", {pool = "nosuch"}) end)
try(function() return lfs.find("/nope") end)
try(function() return lfs.migrate("/nope") end)
try(function() return lfs.migrate("/d") end)
try(function() lfs.migrate("/f", {non_block = 1}) end)
try(function() lfs.migrate("/f", {auto_stripe = true, stripe_count = 2}) end)
try(function() lfs.migrate_many(5) end)
try(function() lfs.migrate_many({"/f", 3}) end)
try(function() lfs.migrate_many({}, {}, {jobs = 0}) end)
try(function() lfs.migrate_many({}, {}, {on_file = 3}) end)
try(function() lfs.migrate_many(function() return 7 end) end)
try(function() return lfs.mkdir("/d") end)
try(function() return lfs.mkdir("/x", {mode = "9"}) end)
try(function() return lfs.rm("/") end)
try(function() return lfs.rm("/d/..") end)
try(function() return lfs.rm("/d", {recurse = true}) end)
try(function() return lfs.mv("/f", "/f") end)
try(function() return lfs.mv("/nope", "/g") end)
try(function() return lfs.ln("/d", "/dl") end)
try(function() return lfs.read("/nope") end)
try(function() return lfs.read("/d") end)
try(function() return lfs.read("/f", -1) end)
try(function() return lfs.write("/d", "x") end)
try(function() return lfs.write("/f", "x", {stripe_count = 2}) end)
try(function() return lfs.write("/f", nil) end)
try(function() return lfs.import("/nonexistent", "/imp") end)
try(function() return lfs.export("/nope", "/tmp/x") end)
try(function() return lfs.pool_new("bad name!") end)
try(function() return lfs.pool_add("nopool", 1) end)
try(function() return lfs.pool_add("nopool", {}) end)
try(function() return lfs.pool_destroy("nopool") end)
try(function() return lfs.ost_set(9, "nocreate") end)
try(function() return lfs.ost_set(1, "explode") end)
try(function() return lfs.ost_set("OSTx", "create") end)
try(function() return lfs.df({pool = "nosuch"}) end)
try(function() return lfs.df({pools = "x"}) end)
try(function() return lfs.lfsck({delete = true}) end)
try(function() return lfs.stat("../..") end)
try(function() return lfs.getstripe("/nope") end)
try(function() return lfs.setstripe("/f", {stripe_count = 2}) end)
try(function() return lfs.setstripe("/y", {stripe_count = 2, pool = "nopool"}) end)
try(function() return lfs.run(3) end)
LUA
before=$(store_state)
"$LFS" -f mis.lua > got 2>/dev/null || fail "mis.lua failed"
cat > want <<'OUT'
false | mis.lua:7: bad argument #1 to 'getstripe' (string expected, got nil)
false | mis.lua:8: bad argument #1 to 'getstripe' (string expected, got no value)
false | mis.lua:9: bad argument #1 to 'getstripe' (string expected, got table)
false | mis.lua:10: bad argument #2 to 'setstripe' (unknown option 'stripe_cnt')
false | mis.lua:11: bad argument #2 to 'setstripe' (stripe_count: number or string expected, got boolean)
false | mis.lua:12: bad argument #2 to 'setstripe' (table expected, got number)
false | mis.lua:13: bad argument #2 to 'setstripe' (stripe_size: invalid stripe size '3')
false | mis.lua:14: bad argument #2 to 'setstripe' (stripe_count: integer expected, got a fraction)
false | mis.lua:15: bad argument #2 to 'setstripe' (components[1].end_: missing (the component's end))
false | mis.lua:16: bad argument #2 to 'setstripe' (unknown option 'pol')
false | mis.lua:17: bad argument #2 to 'setstripe' (stripe_count: give it in each component (with components))
false | mis.lua:18: bad argument #2 to 'setstripe' (no layout given (stripe_count, stripe_size, components, ...))
false | mis.lua:19: bad argument #2 to 'setstripe' (option names are strings, got number)
false | mis.lua:20: bad argument #2 to 'setstripe' (ost: list of numbers expected, got string in it)
false | mis.lua:21: bad argument #2 to 'setstripe' (delete: cannot be combined with layout options)
false | mis.lua:22: bad argument #2 to 'find' (unknown option 'sise')
false | mis.lua:23: bad argument #2 to 'find' (size: bad file size '+1Q')
true | nil | 99: unknown obduuid | 2
true | nil | pool 'lustre.nosuch' does not exist | 2
true | nil | /nope: No such file or directory | 2
true | nil | /nope: No such file or directory | 2
true | nil | /d: is a directory: migrate its files: Is a directory | 21
false | mis.lua:29: bad argument #2 to 'migrate' (non_block: boolean expected, got number)
false | mis.lua:30: bad argument #2 to 'migrate' (auto_stripe: cannot be combined with stripe_count or components)
false | mis.lua:31: bad argument #1 to 'migrate_many' (table of paths or iterator expected, got number)
false | mis.lua:32: bad argument #1 to 'migrate_many' (list of paths expected, got a number at 2)
false | mis.lua:33: bad argument #3 to 'migrate_many' (jobs: 1 to 256 expected)
false | mis.lua:34: bad argument #3 to 'migrate_many' (on_file: function expected, got number)
false | bad argument #1 to 'migrate_many' (the iterator gave a number, string expected)
true | nil | /d: File exists | 17
false | mis.lua:37: bad argument #2 to 'mkdir' (mode: invalid mode '9')
true | nil | /: refusing to remove the filesystem root | 16
true | nil | /d/..: refusing to remove the filesystem root | 16
false | mis.lua:40: bad argument #2 to 'rm' (unknown option 'recurse')
true | nil | /f: '/f' and '/f' are the same file | 22
true | nil | /nope: No such file or directory | 2
true | nil | /d: hard link not allowed for directory | 1
true | nil | /nope: No such file or directory | 2
true | nil | /d: Is a directory | 21
false | mis.lua:46: bad argument #2 to 'read' (not a negative number expected)
true | nil | /d: Is a directory | 21
true | nil | /f: layout options apply only to a new file: File exists | 17
false | mis.lua:49: bad argument #2 to 'write' (string expected, got nil)
true | nil | /nonexistent: No such file or directory | 2
true | nil | /nope: No such file or directory | 2
true | nil | pool name 'bad name!' can contain only alphanumeric characters, underscores, and dashes | 22
true | nil | pool lustre.nopool not found | 2
false | mis.lua:54: bad argument #2 to 'pool_add' (empty list)
true | nil | pool lustre.nopool not found | 2
true | nil | OST 9 does not exist (the filesystem has 4 OSTs) | 19
false | mis.lua:57: bad argument #2 to 'ost_set' (invalid option 'explode')
true | nil | OSTx: not an OST index or UUID | 22
true | nil | pool 'lustre.nosuch' does not exist | 22
false | mis.lua:60: bad argument #1 to 'df' (unknown option 'pools')
false | mis.lua:61: bad argument #1 to 'lfsck' (delete: needs orphans)
true | nil | ../..: path escapes the filesystem root | 22
true | nil | /nope: No such file or directory | 2
true | nil | /f: stripe already set: File exists | 17
true | nil | /y: pool 'lustre.nopool' does not exist | 22
true | 1 | 
OUT
diff want got || fail "messages differ"
[ "$before" = "$(store_state)" ] || fail "misuse changed the store"

# ---- nothing to run on: no store ----
expect_out "nil	no store found: use --store DIR, set LFS_STORE, or run inside a store (create one with 'lfs mkfs DIR')	2" \
	env -u LFS_STORE "$LFS" -e 'print(lfs.stat("/"))'
expect_out "nil	$SCRATCH/none: No such file or directory	2" \
	env -u LFS_STORE "$LFS" -s "$SCRATCH/none" -e 'print(lfs.df())'

# Misuse raises whether or not there is a store.
expect_out "false	(command line):1: bad argument #2 to 'migrate' (stripe_size: invalid stripe size '3')
false	(command line):2: bad argument #3 to 'write' (unknown option 'stripe')" \
	env -u LFS_STORE "$LFS" -e 'print(pcall(function() lfs.migrate("/f", {stripe_size = 3}) end))
		print(pcall(function() lfs.write("/f", "x", {stripe = 1}) end))'

# ---- a failed name does not stop migrate_many: it is counted ----
expect_out "3	1	2	0	/nope: No such file or directory" "$LFS" -e '
	local msg
	local s = lfs.migrate_many({"/f", "/nope", "/d"}, {stripe_count = 2},
		{on_file = function(f) if f.path == "/nope" then msg = f.message end end})
	print(s.names, s.migrated, s.failed, s.skipped, msg)'

# ---- an error in a callback: the run stops, files done stay done ----
for i in $(seq 1 8); do head -c $((i * 5000)) /dev/urandom > "c$i"; "$LFS" import "c$i" "/d/c$i"; done
for j in 1 3; do
	status=0
	err=$("$LFS" -e "local n = 0
		lfs.migrate_many(lfs.find('/d', {name = 'c*'}), {stripe_count = $((j + 1))},
			{jobs = $j, on_file = function(f)
				n = n + 1
				if n == 3 then error('stop at ' .. f.path) end
			end})" 2>&1) || status=$?
	[ "$status" = 1 ] || fail "error in on_file (jobs $j): status $status"
	[[ "$(echo "$err" | head -1)" = "lfs: (command line):5: stop at /d/c"* ]] ||
		fail "error in on_file (jobs $j): $err"
	moved=0
	for i in $(seq 1 8); do
		cmp "c$i" <("$LFS" cat "/d/c$i") || fail "/d/c$i content (jobs $j)"
		[ "$("$LFS" getstripe -c "/d/c$i")" = $((j + 1)) ] && moved=$((moved + 1))
	done
	[ $moved -ge 3 ] || fail "jobs $j: only $moved files migrated before the error"
	[ -z "$(ls "$STORE/run")" ] || fail "run/ not empty: $(ls "$STORE/run")"
done
# An error in the iterator stops the run the same way.
status=0
err=$("$LFS" -e 'local i = 0
	lfs.migrate_many(function() i = i + 1; if i == 3 then error("iter " .. i) end; return "/d/c" .. i end,
		{stripe_count = 4})' 2>&1) || status=$?
[ "$status" = 1 ] && [ "$(echo "$err" | head -1)" = "lfs: (command line):2: iter 3" ] ||
	fail "error in the iterator: $status $err"
[ "$("$LFS" getstripe -c /d/c1)" = 4 ] && [ "$("$LFS" getstripe -c /d/c2)" = 4 ] ||
	fail "the names before the iterator's error were not migrated"

# ---- find streams: breaking out early stops the walk, the handle closes ----
"$LFS" mkdir -p /t/a/b/c
for i in $(seq 1 300); do echo "/t/a/f$i"; done | "$LFS" -c "touch $(for i in $(seq 1 300); do printf '/t/a/f%d ' $i; done)"
expect_out "5" "$LFS" -e 'local n = 0
	for p in lfs.find("/t", {type = "f"}) do n = n + 1; if n == 5 then break end end
	print(n)'
"$LFS" find /t > cmd-find
expect_out "$(cat cmd-find)
304" "$LFS" -e 'local n = 0
	local it <close> = lfs.find("/t")
	for p in it do print(p); n = n + 1 end
	print(n)'
[ "$(objects_used)" = "$(usage_used)" ] || fail "USAGE disagrees with the objects"
