# lfs.getstripe, lfs.setstripe, lfs.migrate, lfs.migrate_many and lfs.stat
# on a Lustre client mount (no store selected, the path on the mount): the
# same library calls as the commands (lustre_stripe.c, migrate_run_on over
# backend_lustre), the same tables as on a store, less what the client's
# layout API does not give (object ids, gen) in lfs.migrate's results.
# The servers' functions return the commands' lctl line, 95. lfs.fs() and lfs.osts() say where.
. "$(dirname "$0")/../e2e-lustre.sh"
skip_real "compares with the store the double's servers are, OST 2 nocreate"
S() { LFS_STORE="$SRV" "$LFS" "$@"; }
S pool new flash; S pool add flash 1 3

# One script, run on the mount (ROOT the mount) and on the store the mount
# models (ROOT "/"): the same answers, on the same calls.
cat > "$SCRATCH/same.lua" <<'LUA'
local root = ...
local SCRATCH = os.getenv("SCRATCH")
local function eq(a, b, what)
	if a ~= b then error(what .. ": got " .. tostring(a) .. ", want " .. tostring(b), 2) end
end
local fs = assert(lfs.fs())
local client = fs.client
eq(fs.root, root, "root"); eq(fs.fsname, "lustre", "fsname")
local p = root == "/" and "/" or root .. "/"
if not client then -- a mount's files are made by the shell, host files
	assert(lfs.mkdir(p .. "d")); assert(lfs.mkdir(p .. "e"))
	assert(lfs.setstripe(p .. "d/data", { stripe_count = 2 }))
	for _, n in ipairs({ "data", "m1", "m2", "m3" }) do
		local f = assert(io.open(SCRATCH .. "/" .. n .. ".ref", "rb"))
		assert(lfs.write(p .. "d/" .. n, f:read("a")))
		f:close()
	end
end
local r = assert(lfs.setstripe(p .. "d/f", { stripe_count = 2, stripe_size = "2M", stripe_index = 1 }))
eq(r.dir, false, "setstripe dir")
local l = assert(lfs.getstripe(p .. "d/f"))
eq(l.dir, false, "dir"); eq(l.composite, false, "composite")
local c = l.components[1]
eq(c.stripe_count, 2, "count"); eq(c.stripe_size, 2097152, "size")
eq(c.stripe_index, 1, "index"); eq(c.init, true, "init"); eq(c.pattern, "raid0", "pattern")
-- OST 2 takes no new objects (nocreate): the allocator skips it.
eq(#c.objects, 2, "objects"); eq(c.objects[1].ost, 1, "first ost"); eq(c.objects[2].ost, 3, "second ost")
-- The generation and object ids: the raw layout's on a mount (phase 4).
eq(l.gen, 0, "gen"); assert(c.objects[1].id > 0 and c.objects[2].id > 0, "object ids")
-- A directory's default, PFL, a pool.
r = assert(lfs.setstripe(p .. "e", { components = { { end_ = "1M", stripe_count = 1 },
	{ end_ = -1, stripe_count = 2, pool = "flash" } } }))
eq(r.dir, true, "setstripe dir")
l = assert(lfs.getstripe(p .. "e"))
eq(l.dir, true, "dir default"); eq(l.composite, true, "pfl"); eq(#l.components, 2, "comps")
eq(l.components[2].pool, "flash", "pool"); eq(l.components[1].end_, 1048576, "end")
-- The errors: as the commands say them.
local _, msg, errno = lfs.setstripe(p .. "d/f", { stripe_count = 1 })
-- (the store names the step: "stripe already set: File exists")
eq(msg:sub(1, #p + 4), p .. "d/f:", "exists"); eq(msg:sub(-11), "File exists", "exists")
eq(errno, 17, "EEXIST")
_, msg, errno = lfs.getstripe(p .. "nope")
eq(msg, p .. "nope: No such file or directory", "missing"); eq(errno, 2, "ENOENT")
_, msg, errno = lfs.setstripe(p .. "d/g", { pool = "nope" })
eq(errno, 22, "bad pool errno")
eq(lfs.stat(p .. "d/g"), nil, "a refused layout leaves no name")
-- Migrate: data kept (checked by the shell), layouts before and after.
local st = assert(lfs.stat(p .. "d/data"))
eq(st.type, "regular file", "stat type"); eq(st.size, 3000000, "stat size")
r = assert(lfs.migrate(p .. "d/data", { stripe_count = 3, stripe_size = "1M" }))
eq(r.ok, true, "ok"); eq(r.skipped, false, "skipped"); eq(r.bytes, 3000000, "bytes")
eq(r.old_layout.components[1].stripe_count, 2, "old count")
eq(r.new_layout.components[1].stripe_count, 3, "new count")
l = assert(lfs.getstripe(p .. "d/data"))
eq(#l.components[1].objects, 3, "objects after migrate")
r = assert(lfs.migrate(p .. "d/data", { non_block = true, ost = { 3, 0 } }))
l = assert(lfs.getstripe(p .. "d/data"))
eq(l.components[1].objects[1].ost, 3, "-o first"); eq(l.components[1].objects[2].ost, 0, "-o second")
r = assert(lfs.migrate(p .. "d/data", { ost = { 3, 0 } }))
eq(r.skipped, true, "already in place")
_, msg, errno = lfs.migrate(p .. "d/nope", { stripe_count = 1 })
eq(msg, p .. "d/nope: No such file or directory", "migrate missing"); eq(errno, 2, "ENOENT")
-- Many: a list with -j 2, then a find iterator; on_file for each.
local seen = {}
local sum = assert(lfs.migrate_many({ p .. "d/m1", p .. "d/m2", p .. "d/m3" }, { stripe_count = 2 },
	{ jobs = 2, on_file = function(f) seen[#seen + 1] = f.path .. (f.ok and " ok" or " failed") end }))
eq(sum.names, 3, "names"); eq(sum.migrated, 3, "migrated"); eq(sum.failed, 0, "failed")
table.sort(seen)
eq(table.concat(seen, ","), p .. "d/m1 ok," .. p .. "d/m2 ok," .. p .. "d/m3 ok", "on_file")
for i = 1, 3 do eq(lfs.getstripe(p .. "d/m" .. i).components[1].stripe_count, 2, "many count") end
sum = assert(lfs.migrate_many(lfs.find(p .. "d", { type = "f", name = "m*" }), { stripe_count = 1 }))
eq(sum.migrated, 3, "iterator migrated")
for i = 1, 3 do eq(lfs.getstripe(p .. "d/m" .. i).components[1].stripe_count, 1, "iterator count") end
sum = assert(lfs.migrate_many({ p .. "d/m1", p .. "d/gone" }, { stripe_count = 2, dry_run = true }))
eq(sum.migrated, 1, "dry run"); eq(sum.failed, 1, "dry run failed")
eq(lfs.getstripe(p .. "d/m1").components[1].stripe_count, 1, "dry run changed nothing")
-- The OSTs: the same four, the same states.
local osts = assert(lfs.osts())
eq(#osts, 4, "osts"); eq(osts[3].name, "lustre-OST0002", "ost name")
eq(osts[3].nocreate, true, "nocreate"); eq(osts[2].nocreate, false, "create")
eq(osts[4].state, "active", "state"); eq(osts[1].size, 268435456, "ost size")
print("ok")
LUA
S ost nocreate 2
head -c 3000000 /dev/urandom > "$SCRATCH/data.ref"
for i in 1 2 3; do head -c $((i * 5000)) /dev/urandom > "$SCRATCH/m$i.ref"; done
(cd "$SCRATCH" && LFS_STORE="$SRV" expect_out ok "$LFS" -f "$SCRATCH/same.lua" /) || exit 1
for n in data m1 m2 m3; do
	LFS_STORE="$SRV" "$LFS" cat "/d/$n" | cmp - "$SCRATCH/$n.ref" || fail "store: /d/$n changed"
done
# On the mount: host files, the client's calls.
mkdir "$MNT/d" "$MNT/e"
"$LFS" setstripe -c 2 "$MNT/d/data"
cp "$SCRATCH/data.ref" "$MNT/d/data"
for i in 1 2 3; do cp "$SCRATCH/m$i.ref" "$MNT/d/m$i"; done
cd "$MNT"
expect_out ok "$LFS" -f "$SCRATCH/same.lua" "$MNT"
for n in data m1 m2 m3; do cmp "$MNT/d/$n" "$SCRATCH/$n.ref" || fail "mount: d/$n changed"; done
expect_out 3,0 osts_of "$MNT/d/data"
[ "$(ls -A "$MNT/d" | tr '\n' ' ')" = "data f m1 m2 m3 " ] || fail "left behind: $(ls -A "$MNT/d")"

# What the client cannot do: refused as the command refuses, 95; the
# servers' functions give the command's lctl line, word for word.
conf=$(cat "$SRV/lfs-store.conf")
line() { { "$LFS" "$@" 2>&1 || true; } | sed 's/^error: lfs [a-z]*: //'; }
cat > "$SCRATCH/servers.lua" <<'LUA'
local want = {}
for l in io.lines(os.getenv("SCRATCH") .. "/lines") do want[#want + 1] = l end
local function same(i, ok, msg, errno)
	if ok ~= nil or msg ~= want[i] or errno ~= 95 then
		error(string.format("%d: got %s, %s, %s; want nil, %s, 95", i, tostring(ok),
			tostring(msg), tostring(errno), want[i]), 2)
	end
end
same(1, lfs.ost_set(3, "nocreate"))
same(2, lfs.ost_set("1", "create"))
same(3, lfs.ost_set(2, "deactivate"))
same(4, lfs.ost_set(0, "degrade"))
same(5, lfs.pool_new("fast"))
same(6, lfs.pool_add("lustre.fast", { 1, 2 }))
same(7, lfs.pool_remove("fast", 1))
same(8, lfs.pool_destroy("flash"))
same(9, lfs.lfsck({ orphans = true }))
local ok, msg, errno = lfs.ost_set("x", "nocreate")
assert(ok == nil and msg == "x: give the OST index" and errno == 22, msg)
-- Misuse raises as on a store.
assert(not pcall(lfs.migrate, "d/f", { stripes = 2 }))
assert(not pcall(lfs.setstripe, "d/f"))
print("ok")
LUA
{ line ost nocreate 3; line ost create 1; line ost deactivate 2; line ost degrade 0
  line pool new fast; line pool add lustre.fast 1 2; line pool remove fast 1
  line pool destroy flash; line lfsck --orphans; } > "$SCRATCH/lines"
grep -c "this is the servers' work; run on the" "$SCRATCH/lines" | grep -qx 9 || fail "lines: $(cat "$SCRATCH/lines")"
layout_f=$(layout_xattr "$MNT/d/f")
expect_out ok "$LFS" -f "$SCRATCH/servers.lua"
[ "$(cat "$SRV/lfs-store.conf")" = "$conf" ] || fail "the servers changed"
[ "$(layout_xattr "$MNT/d/f")" = "$layout_f" ] || fail "d/f's layout changed"

# A path off the mount with the working directory on it: the store
# (none here), as the commands decide per path.
expect_out "nil	no store found: use --store DIR, set LFS_STORE, or run inside a store (create one with 'lfs mkfs DIR')	2" \
	"$LFS" -e "print(lfs.getstripe('$SCRATCH/data.ref'))"
# No library: nil, the loader's message, 65, whatever the function.
cat > "$SCRATCH/nolib.lua" <<'LUA'
for _, f in ipairs({ function() return lfs.getstripe("d/f") end,
		     function() return lfs.migrate("d/f", { stripe_count = 1 }) end,
		     function() return lfs.ost_set(1, "nocreate") end,
		     function() return lfs.fs() end }) do
	local ok, msg, errno = f()
	assert(ok == nil and errno == 65 and msg:find("Lustre client library", 1, true), tostring(msg))
end
print("ok")
LUA
LFS_LUSTREAPI="$SCRATCH/none.so" expect_out ok "$LFS" -f "$SCRATCH/nolib.lua"
