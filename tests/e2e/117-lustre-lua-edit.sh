# The Lua side of 115 and 116 on a Lustre mount (the liblustreapi test
# double): lfs.setstripe's delete, copy, component_add and component_del,
# lfs.migrate's and lfs.migrate_many's copy and auto_stripe, through the
# commands' library calls; one script run on the mount and on a store set
# up as the double's servers gives the same answers, data kept.
. "$(dirname "$0")/../e2e-lustre.sh"
skip_real "compares with a store set up as the double's servers"
# OSTs of 4 GiB: auto_stripe's cap (1% of the smallest free space) is 40 MiB.
ref_store --osts 4 --ost-size 4G
ref_pool flash 1 2

cat > "$SCRATCH/same.lua" <<'LUA'
local root = ...
local function eq(a, b, what)
	if a ~= b then error(what .. ": got " .. tostring(a) .. ", want " .. tostring(b), 2) end
end
local function fails(want_msg, want_errno, ok, msg, errno)
	if ok ~= nil or msg ~= want_msg or errno ~= want_errno then
		error(string.format("got %s, %s, %s; want nil, %s, %d", tostring(ok), tostring(msg),
			tostring(errno), want_msg, want_errno), 2)
	end
end
local p = root == "/" and "/" or root .. "/"
-- delete: the directory's default gone, the root's shown again.
assert(lfs.setstripe(p .. "d", { stripe_count = 2, pool = "flash" }))
eq(lfs.getstripe(p .. "d").components[1].pool, "flash", "default set")
local r = assert(lfs.setstripe(p .. "d", { delete = true }))
eq(r.dir, true, "delete dir")
local c = assert(lfs.getstripe(p .. "d")).components[1]
eq(c.stripe_count, 1, "deleted count"); eq(c.pool, nil, "deleted pool")
fails(p .. "data: --delete applies to directories", 20, lfs.setstripe(p .. "data", { delete = true }))
-- copy: FILE's components and pools, not its placement.
assert(lfs.setstripe(p .. "pfl", { components = { { end_ = "2M", stripe_count = 1, stripe_index = 3 },
	{ end_ = -1, stripe_count = 2, stripe_size = "2M", pool = "flash" } } }))
assert(lfs.setstripe(p .. "cp", { copy = p .. "pfl" }))
local l = assert(lfs.getstripe(p .. "cp"))
eq(#l.components, 2, "copy comps"); eq(l.components[1].stripe_count, 1, "copy count 1")
eq(l.components[2].stripe_count, 2, "copy count 2"); eq(l.components[2].stripe_size, 2097152, "copy size 2")
eq(l.components[2].pool, "flash", "copy pool"); eq(l.components[2].init, false, "copy not instantiated")
fails(p .. "nope: No such file or directory", 2, lfs.setstripe(p .. "new", { copy = p .. "nope" }))
eq(lfs.stat(p .. "new"), nil, "a refused copy made a name")
-- component_add after the last one, component_del of the last one.
assert(lfs.setstripe(p .. "short", { components = { { end_ = "1M", stripe_count = 1 },
	{ end_ = "4M", stripe_count = 2 } } }))
assert(lfs.setstripe(p .. "short", { component_add = true, components = { { end_ = -1, stripe_count = 4 } } }))
l = assert(lfs.getstripe(p .. "short"))
eq(#l.components, 3, "added"); eq(l.components[3].start, 4194304, "added start")
eq(l.components[3].stripe_count, 4, "added count"); eq(l.components[3].id, 3, "added id")
assert(lfs.setstripe(p .. "short", { component_del = true, comp_id = 3 }))
eq(#assert(lfs.getstripe(p .. "short")).components, 2, "deleted")
fails(p .. "short: component 1 is instantiated: only uninstantiated components can be deleted", 16,
	lfs.setstripe(p .. "short", { component_del = true, comp_id = 1 }))
fails(p .. "short: no component with id 9", 2, lfs.setstripe(p .. "short", { component_del = true, comp_id = 9 }))
fails(p .. "data: not a composite (PFL) file", 22,
	lfs.setstripe(p .. "data", { component_add = true, components = { { end_ = -1 } } }))
eq(#assert(lfs.getstripe(p .. "short")).components, 2, "refusals changed nothing")
-- migrate copy: the data keeps, the layout is FILE's.
r = assert(lfs.migrate(p .. "data", { copy = p .. "pfl" }))
eq(r.ok, true, "migrate copy"); eq(#r.new_layout.components, 2, "migrate copy comps")
eq(r.new_layout.components[2].pool, "flash", "migrate copy pool")
fails(p .. "nope: No such file or directory", 2, lfs.migrate(p .. "data", { copy = p .. "nope" }))
-- auto_stripe: lfs_migrate's rule over the OSTs' free space.
r = assert(lfs.migrate(p .. "s200", { auto_stripe = true }))
eq(r.new_layout.components[1].stripe_count, 4, "200M")
r = assert(lfs.migrate(p .. "s200", { auto_stripe = true, pool = "flash" }))
eq(r.new_layout.components[1].stripe_count, 2, "200M in flash")
eq(r.new_layout.components[1].pool, "flash", "pool kept")
local sum = assert(lfs.migrate_many({ p .. "s100", p .. "s10" }, { auto_stripe = true }, { jobs = 2 }))
eq(sum.names, 2, "many names"); eq(sum.failed, 0, "many failed")
eq(lfs.getstripe(p .. "s100").components[1].stripe_count, 3, "100M")
eq(lfs.getstripe(p .. "s10").components[1].stripe_count, 1, "10M")
print("ok")
LUA
head -c 3000000 /dev/urandom > data
for n in 10 100 200; do
	truncate -s ${n}M "$MNT/s$n"
	R touch /s$n
	R truncate -s ${n}M /s$n
done
R mkdir /d
R import data /data > /dev/null
(cd "$SCRATCH" && LFS_STORE="$REF" expect_out ok "$LFS" -f "$SCRATCH/same.lua" /) || exit 1
R cat /data | cmp - data || fail "store: /data changed"
mkdir "$MNT/d"
cp data "$MNT/data"
(cd "$MNT" && expect_out ok "$LFS" -f "$SCRATCH/same.lua" "$MNT") || exit 1
cmp data "$MNT/data" || fail "mount: data changed"
[ "$(stat -c %s "$MNT/s200")" = $((200 << 20)) ] || fail "s200's size"
