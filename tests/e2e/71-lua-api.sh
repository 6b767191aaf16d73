# The lfs table (issue 17, docs/lua.md): each function's result as Lua
# values, checked against what the commands say of the same store.
. "$(dirname "$0")/../e2e-lib.sh"
mkstore --osts 4 --ost-size 64M
head -c 300000 /dev/urandom > data
printf 'hello world\n' > small

# A script with assertions: any failure is an error, status 1.
run_lua() { "$LFS" -f - "$@" || fail "lua script failed (status $?)"; }

# ---- namespace: mkdir, write, read, stat, mv, ln, rm ----
run_lua <<'LUA'
local function eq(a, b, what)
	if a ~= b then error(what .. ": got " .. tostring(a) .. ", want " .. tostring(b), 2) end
end
eq(lfs.mkdir("/d"), true, "mkdir")
eq(lfs.mkdir("/d/e/f", {parents = true, mode = "750"}), true, "mkdir -p")
eq(lfs.stat("/d/e/f").perm, tonumber("750", 8), "mode not masked")
eq(lfs.stat("/d/e").type, "directory", "stat type")
eq(lfs.write("/d/w", "abcdef"), 6, "write")
eq(lfs.write("/d/w", "XY", {offset = 2}), 2, "write at")
eq(lfs.write("/d/w", "!!", {append = true}), 2, "append")
eq(lfs.read("/d/w"), "abXYef!!", "read")
eq(lfs.read("/d/w", 2, 3), "XYe", "read range")
eq(lfs.read("/d/w", 100), "", "read past the end")
local st = lfs.stat("/d/w")
eq(st.size, 8, "size"); eq(st.type, "regular file", "type"); eq(st.nlink, 1, "nlink")
eq(math.type(st.mtime), "float", "mtime")
eq(lfs.ln("/d/w", "/d/hard"), true, "ln")
eq(lfs.stat("/d/w").nlink, 2, "nlink after ln")
eq(lfs.ln("w", "/d/sym", {symbolic = true}), true, "ln -s")
eq(lfs.stat("/d/sym").target, "w", "symlink target")
eq(lfs.stat("/d/sym").type, "symbolic link", "symlink type")
eq(lfs.mv("/d/hard", "/d/e"), true, "mv into a directory")
eq(lfs.stat("/d/e/hard").ino, st.ino, "same inode")
eq(lfs.rm("/d/e/hard"), true, "rm")
eq(lfs.rm("/d/nothing", {force = true}), true, "rm -f of nothing")
eq(lfs.rm("/d/e", {recursive = true}), true, "rm -r")
eq(lfs.stat("/d/e"), nil, "gone")
LUA
[ "$("$LFS" cat /d/w)" = 'abXYef!!' ] || fail "cat after lua write: $("$LFS" cat /d/w)"
[ "$("$LFS" ls /d)" = "sym
w" ] || fail "ls /d: $("$LFS" ls /d)"

# ---- import, export, getstripe, setstripe ----
run_lua "$PWD" <<'LUA'
local dir = ...
local function eq(a, b, what)
	if a ~= b then error(what .. ": got " .. tostring(a) .. ", want " .. tostring(b), 2) end
end
local r = assert(lfs.import(dir .. "/data", "/data", {stripe_count = 2, stripe_size = "128K"}))
eq(r.imported, 1, "imported"); eq(r.failed, 0, "failed"); eq(#r.errors, 0, "errors")
assert(lfs.export("/data", dir .. "/data.out"))
local l = assert(lfs.getstripe("/data"))
eq(l.dir, false, "dir"); eq(l.composite, false, "composite")
eq(#l.components, 1, "components")
local c = l.components[1]
eq(c.start, 0, "start"); eq(c.end_, -1, "end: eof")
eq(c.stripe_count, 2, "count"); eq(c.stripe_size, 131072, "size")
eq(c.pattern, "raid0", "pattern"); eq(c.init, true, "init"); eq(#c.objects, 2, "objects")
-- The objects, as getstripe prints them: "OST ID" lines.
local f = assert(io.open(dir .. "/lua-objects", "w"))
for _, o in ipairs(c.objects) do f:write(o.ost, " ", o.id, "\n") end
f:close()
-- PFL through components.
local res = assert(lfs.setstripe("/pfl", {components = {
	{end_ = "1M", stripe_count = 1}, {end_ = "eof", stripe_count = -1}}}))
eq(res.dir, false, "setstripe on a file")
local p = assert(lfs.getstripe("/pfl"))
eq(p.composite, true, "pfl composite"); eq(#p.components, 2, "pfl components")
eq(p.components[1].end_, 1048576, "pfl end 1"); eq(p.components[2].end_, -1, "pfl end 2")
eq(p.components[2].stripe_count, -1, "pfl count -1"); eq(p.components[2].init, false, "not init")
-- A directory default, and its delete.
assert(lfs.setstripe("/d", {stripe_count = 3, stripe_size = 2097152}))
local dl = assert(lfs.getstripe("/d"))
eq(dl.dir, true, "dir default"); eq(dl.components[1].stripe_count, 3, "dir count")
assert(lfs.setstripe("/d", {delete = true}))
eq(lfs.getstripe("/d").components[1].stripe_count, 1, "root's default again")
-- copy=: another file's layout.
assert(lfs.setstripe("/copied", {copy = "/data"}))
eq(lfs.getstripe("/copied").components[1].stripe_count, 2, "copy")
-- Lists and numbers for ost.
assert(lfs.setstripe("/listed", {ost = {1, 3}}))
local lo = lfs.getstripe("/listed").components[1]
eq(#lo.ost, 2, "ost list"); eq(lo.objects[1].ost, 1, "first listed")
LUA
cmp data data.out || fail "export differs"
cmp data <("$LFS" cat /data) || fail "import differs"
[ "$(objects_of /data)" = "$(cat lua-objects)" ] || fail "objects: $(objects_of /data) vs $(cat lua-objects)"
[ "$("$LFS" getstripe -c /d/w)" = 1 ] || fail "getstripe -c"

# ---- migrate, migrate_many, find ----
for i in $(seq 1 12); do head -c $((i * 9000)) /dev/urandom > "m$i"; "$LFS" import "m$i" "/d/m$i"; done
run_lua <<'LUA'
local function eq(a, b, what)
	if a ~= b then error(what .. ": got " .. tostring(a) .. ", want " .. tostring(b), 2) end
end
local r = assert(lfs.migrate("/data", {stripe_count = 4}))
eq(r.bytes, 300000, "bytes"); eq(r.size, 300000, "size"); eq(r.skipped, false, "skipped")
eq(#r.old_layout.components[1].objects, 2, "old"); eq(#r.new_layout.components[1].objects, 4, "new")
assert(type(r.seconds) == "number" and r.seconds >= 0, "seconds")
r = assert(lfs.migrate("/data", {stripe_count = 4}))
eq(r.skipped, true, "same layout: skipped")
-- dry_run changes nothing.
local gen = lfs.getstripe("/data").gen
assert(lfs.migrate("/data", {stripe_count = 1, dry_run = true}))
eq(lfs.getstripe("/data").gen, gen, "dry run changed the layout")
-- find streams what lfs find prints, in its order.
local got = {}
for p in lfs.find("/d", {type = "f", name = "m*"}) do got[#got + 1] = p end
eq(#got, 12, "find count")
local f = assert(io.open("lua-find", "w")); f:write(table.concat(got, "\n"), "\n"); f:close()
local big = {}
for p in lfs.find("/d", {size = "+50k"}) do big[#big + 1] = p end
eq(#big, 7, "find size")   -- 54000 .. 108000
local neg = 0
for p in lfs.find("/d", {type = "f", not_name = "m*"}) do neg = neg + 1 end
eq(neg, 1, "not_name")      -- /d/w
-- migrate_many over find, two jobs; the callbacks on the Lua thread.
local seen, last = {}, nil
local s = assert(lfs.migrate_many(lfs.find("/d", {name = "m*"}), {stripe_count = 2},
	{jobs = 2, on_file = function(f) seen[#seen + 1] = f.path; assert(f.ok) end,
	 on_progress = function(p) last = p end}))
eq(s.names, 12, "names"); eq(s.migrated, 12, "migrated"); eq(s.failed, 0, "failed")
eq(#seen, 12, "on_file calls"); eq(last.last, true, "last progress")
eq(last.files_done, 12, "files_done")
-- again: all skipped.
s = assert(lfs.migrate_many({"/d/m1", "/d/m2"}, {stripe_count = 2}))
eq(s.skipped, 2, "skipped again")
-- The store functions refuse inside a callback (the run owns the handle).
local ok, err = pcall(lfs.migrate_many, {"/d/m3"}, nil,
	{on_file = function() lfs.stat("/d") end})
eq(ok, false, "stat in a callback")
assert(err:find("lfs.stat: not inside a migrate_many callback", 1, true), err)
-- for ... in closes the iterator on break.
for p in lfs.find("/") do break end
local it = lfs.find("/")
it:close()
eq(it:next(), nil, "closed iterator")
LUA
"$LFS" find /d -type f -name 'm*' > cmd-find
cmp cmd-find lua-find || fail "lua find differs from lfs find"
for i in $(seq 1 12); do
	cmp "m$i" <("$LFS" cat "/d/m$i") || fail "/d/m$i content"
	[ "$("$LFS" getstripe -c "/d/m$i")" = 2 ] || fail "/d/m$i not migrated"
done
cmp data <("$LFS" cat /data) || fail "/data content after migrate"

# ---- df, osts, ost_set, pools, lfsck, run ----
run_lua <<'LUA'
local function eq(a, b, what)
	if a ~= b then error(what .. ": got " .. tostring(a) .. ", want " .. tostring(b), 2) end
end
local df = assert(lfs.df())
eq(#df, 5, "df rows"); eq(df[1].target, "MDT", "mdt first"); eq(df[2].uuid, "lustre-OST0000_UUID", "uuid")
eq(df[2].bytes.total, 64 * 1024 * 1024, "capacity")
local used = 0
for i = 2, 5 do used = used + df[i].bytes.used end
eq(df.summary.bytes.used, used, "summary")
local osts = lfs.osts()
eq(#osts, 4, "osts"); eq(osts[4].index, 3, "index"); eq(osts[4].name, "lustre-OST0003", "name")
eq(osts[1].state, "active", "state"); eq(osts[1].size, 64 * 1024 * 1024, "size")
local objs = 0
for _, o in ipairs(osts) do objs = objs + o.objects end
assert(objs > 0, "objects")
assert(lfs.ost_set(2, "nocreate"))
eq(lfs.osts()[3].nocreate, true, "nocreate")
assert(lfs.ost_set("lustre-OST0002", "create"))
eq(lfs.osts()[3].nocreate, false, "create")
assert(lfs.pool_new("flash"))
assert(lfs.pool_add("flash", {0, "lustre-OST0001"}))
assert(lfs.pool_add("flash", "3"))
local pools = lfs.pools()
eq(#pools, 1, "pools"); eq(pools[1].name, "flash", "pool name")
eq(table.concat(pools[1].osts, ","), "0,1,3", "pool osts")
assert(lfs.pool_remove("flash", 3))
eq(table.concat(lfs.pools()[1].osts, ","), "0,1", "after remove")
eq(#lfs.df({pool = "flash"}), 3, "df of a pool")   -- MDT + 2
assert(lfs.setstripe("/inpool", {pool = "flash", stripe_count = 2}))
eq(lfs.getstripe("/inpool").components[1].pool, "flash", "pool in layout")
local n = 0
for p in lfs.find("/", {pool = "flash"}) do n = n + 1 end
eq(n, 1, "find pool")
assert(lfs.rm("/inpool"))
assert(lfs.pool_remove("flash", "0-1"))
assert(lfs.pool_destroy("flash"))
eq(#lfs.pools(), 0, "destroyed")
local r = assert(lfs.lfsck())
eq(r.journal_forward, 0, "lfsck"); eq(r.unchecked, 0, "unchecked"); eq(r.damaged, 0, "damaged")
eq(type(r.notes), "table", "notes")
local status, out = lfs.run("getstripe -c /data")
eq(status, 0, "run status"); eq(out, "4\n\n", "run output (as getstripe -c prints it)")
status, out = lfs.run("cat /nothing")
eq(status, 2, "run failure status"); eq(out, "", "no output")
status, out = lfs.run("find /d -name w | getstripe -c")
eq(status, 0, "pipeline"); eq(out, "1\n\n", "pipeline output")
LUA
[ "$("$LFS" pool list)" = "" ] || fail "pool left"
"$LFS" ost list | awk 'NR > 1 && $4 != "-" { exit 1 }' || fail "an OST flag left: $("$LFS" ost list)"
[ "$(objects_used)" = "$(usage_used)" ] || fail "USAGE disagrees with the objects"
