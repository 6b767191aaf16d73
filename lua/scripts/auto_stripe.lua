#!/usr/bin/env -S lfs -f
-- auto_stripe.lua PATH [--min-size SIZE] [--dry-run]: restripe the
-- regular files below PATH to the stripe count lfs_migrate -A would give
-- them, keeping their stripe size and pool. A file already at that count
-- is left alone (so a rerun only does what is left); a PFL file is left
-- alone too (its components already scale its striping with its size).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local P = require("lfsproc")

local spec = {
	name = "auto_stripe",
	about = "Restripe the regular files below PATH to lfs_migrate -A's stripe count,\n" ..
		"1 + sqrt(size in GiB), raised so that no object takes more than 1% of\n" ..
		"the smallest OST's free space, at most the OSTs with 256 MiB free.",
	args = { { name = "PATH", help = "the directory (or file) to restripe",
		   check = function(v) return v end } },
	options = { { long = "min-size", arg = "SIZE", help = "only files of SIZE bytes or more (k, M, G...)",
		      default = 0, check = P.check_size } },
}
local a = P.parse(spec, arg)
local path = a[1]

-- lfs_migrate -A (Lustre 2.15.3, lustre/scripts/lfs_migrate, calc_stripe):
--   stripe_count = 1 + sqrt(size in GiB), GiB rounded down;
--   obj_max_kb = 1/OPT_CAP (100) of the smallest "avail" of the OSTs
--   with at least OPT_MINFREE (256 MiB) available, computed once;
--   a file of less than 1 GiB that fits in obj_max_kb gets 1 stripe;
--   when filekb > stripe_count * obj_max_kb the count becomes
--   (filekb + obj_max_kb - 1024) / obj_max_kb ("round up to the nearest
--   MB");
--   the count is at most the number of those OSTs; none of them: -1
--   (stripe over all OSTs); below 1: 1.
-- lfs_migrate reads "avail" from lfs df (of the -p pool); here it is the
-- OSTs that accept new objects (not inactive or nocreate) of the file's
-- pool, as the allocator will only place there, computed once per pool.
local MINFREE_KB, CAP = 262144, 100
local osts, pools = lfs.osts(), {}
for _, p in ipairs(lfs.pools()) do
	pools[p.name] = {}
	for _, i in ipairs(p.osts) do pools[p.name][i] = true end
end

local caps = {}
local function obj_cap(pool)
	local key = pool or ""
	if caps[key] then return caps[key].max_kb, caps[key].eligible end
	local min_kb, eligible = nil, 0
	for _, o in ipairs(osts) do
		local avail = (o.size - o.used) // 1024
		if o.state == "active" and not o.nocreate and
		   (not pool or not pools[pool] or pools[pool][o.index]) and avail >= MINFREE_KB then
			eligible = eligible + 1
			if not min_kb or avail < min_kb then min_kb = avail end
		end
	end
	caps[key] = { max_kb = min_kb and min_kb // CAP, eligible = eligible }
	return caps[key].max_kb, eligible
end

-- bc's sqrt at scale=0: the integer square root, rounded down.
local function isqrt(v)
	local r = math.floor(math.sqrt(v))
	while r * r > v do r = r - 1 end
	while (r + 1) * (r + 1) <= v do r = r + 1 end
	return r
end

local function calc_stripe(size, pool)
	local filekb = size // 1024
	local filegb = filekb // 1048576
	local obj_max_kb, eligible = obj_cap(pool)
	if eligible == 0 then return -1 end
	if filegb < 1 and filekb <= obj_max_kb then return 1 end
	local count = 1 + isqrt(filegb)
	if obj_max_kb > 0 and filekb > count * obj_max_kb then
		count = (filekb + obj_max_kb - 1024) // obj_max_kb
	end
	if count > eligible then count = eligible end
	return count < 1 and 1 or count
end

local usable = 0
for _, o in ipairs(osts) do
	if o.state == "active" and not o.nocreate then usable = usable + 1 end
end

local filter = { type = "f" }
if a.min_size > 0 then filter.size = "+" .. (a.min_size - 1) end
local runs, n, bytes, pfl, already = P.runs(), 0, 0, 0, 0
for p, msg in P.find(spec, path, filter) do
	local layout, st
	if not msg then layout, msg = lfs.getstripe(p) end
	if not msg then st, msg = lfs.stat(p) end
	if msg then
		io.stderr:write("error: auto_stripe: " .. msg .. "\n")
	elseif layout.composite then
		pfl = pfl + 1
	else
		local c = layout.components[1]
		local want = calc_stripe(st.size, c.pool)
		local have = c.stripe_count
		if want == have or (want == -1 and have == usable) then
			already = already + 1
		else
			runs.add(string.format("%d/%d/%s", want, c.stripe_size, c.pool or ""),
				 { stripe_count = want, stripe_size = c.stripe_size, pool = c.pool or "" }, p)
			n, bytes = n + 1, bytes + st.size
			if a.dry_run then
				P.say("would restripe %s (%s): %d -> %d stripes", p, P.human(st.size), have, want)
			end
		end
	end
end

local function notes()
	if already > 0 then P.say("auto_stripe: %d files already at their count", already) end
	if pfl > 0 then P.say("auto_stripe: %d PFL files left as they are", pfl) end
end

if a.dry_run then
	notes()
	P.dry_run_done(spec, path, n, bytes)
end
os.exit(P.status(P.run(spec, runs.list, 2, path, notes)), true)
