#!/usr/bin/env -S lfs -f
-- pool_move.lua SRCPOOL DSTPOOL [--older-than DAYS] [--min-size SIZE]
-- [--dry-run]: tier files between pools. Each regular file in SRCPOOL
-- (lfs find --pool) that passes the age and size tests is migrated into
-- DSTPOOL keeping its geometry (stripe count and size, each component of
-- a PFL layout), as lfs_migrate -p keeps them; the allocator picks the
-- new OSTs in DSTPOOL (a count above the pool's OSTs is capped). Files
-- with the same geometry go in one migrate_many run, non-blocking first
-- and then the busy ones in blocking mode. Rerunnable: a moved file is
-- no longer in SRCPOOL.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local P = require("lfsproc")

local function pool_name(v)
	-- lctl's rule: at most 15 letters, digits, _ or -.
	if #v == 0 or #v > 15 or v:find("[^%w_%-]") then
		return nil, "invalid pool name '" .. v .. "'"
	end
	return v
end

local spec = {
	name = "pool_move",
	about = "Migrate the regular files of pool SRCPOOL into pool DSTPOOL, keeping\n" ..
		"their stripe count and size; only those not modified for DAYS days\n" ..
		"(find's -mtime +DAYS) and of SIZE or more, when given.",
	args = { { name = "SRCPOOL", help = "the pool the files are in", check = pool_name },
		 { name = "DSTPOOL", help = "the pool they move to", check = pool_name } },
	options = {
		{ long = "older-than", arg = "DAYS", help = "only files modified more than DAYS days ago",
		  check = P.check_count(0, "number of days") },
		{ long = "min-size", arg = "SIZE", help = "only files of SIZE bytes or more (k, M, G...)",
		  check = P.check_size },
	},
}
local a = P.parse(spec, arg)
local src, dst = a[1], a[2]
if src == dst then P.usage_error(spec, "SRCPOOL and DSTPOOL are the same pool '" .. src .. "'") end

local pools = {}
for _, p in ipairs(lfs.pools()) do pools[p.name] = p end
for _, name in ipairs({ src, dst }) do
	if not pools[name] then P.die(spec, "pool '" .. name .. "' does not exist", 22) end
end
if #pools[dst].osts == 0 then P.die(spec, "pool '" .. dst .. "' has no OSTs", 22) end

local filter = { pool = src, type = "f" }
if a.older_than then filter.mtime = "+" .. a.older_than end
if a.min_size and a.min_size > 0 then filter.size = "+" .. (a.min_size - 1) end

-- The migrate options that keep a layout's geometry in DSTPOOL, and a
-- key naming them (files with the same key share a run).
local function opts_for(layout)
	local comps, key = {}, {}
	for _, c in ipairs(layout.components) do
		comps[#comps + 1] = { end_ = c.end_, stripe_count = c.stripe_count,
				      stripe_size = c.stripe_size, pool = dst }
		key[#key + 1] = string.format("%d/%d/%d", c.end_, c.stripe_count, c.stripe_size)
	end
	if not layout.composite then
		comps[1].end_ = nil
		comps[1].pool = dst
		return comps[1], table.concat(key, " ")
	end
	return { components = comps }, "E " .. table.concat(key, " ")
end

local runs = P.runs()
local n, bytes = 0, 0
for p, msg in P.find(spec, P.root(spec), filter) do
	local layout, st
	if not msg then
		layout, msg = lfs.getstripe(p)
		st = lfs.stat(p)
	end
	if msg then
		io.stderr:write("error: pool_move: " .. msg .. "\n")
	else
		local o, key = opts_for(layout)
		runs.add(key, o, p)
		n, bytes = n + 1, bytes + (st and st.size or 0)
		if a.dry_run then
			P.say("would move %s (%s) from pool %s to %s", p, P.human(st and st.size or 0), src, dst)
		end
	end
end

local what = "pool " .. src .. " -> " .. dst
if a.dry_run then P.dry_run_done(spec, what, n, bytes) end
os.exit(P.status(P.run(spec, runs.list, 2, what)), true)
