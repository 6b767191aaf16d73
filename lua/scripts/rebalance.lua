#!/usr/bin/env -S lfs -f
-- rebalance.lua [--threshold PCT] [--dry-run]: even out the OSTs' used
-- space. The mean used fraction is the active OSTs' used bytes over
-- their capacity; while an OST is more than PCT points away from it, the
-- largest file with an object on the fullest OST has that object moved
-- to the least used OST that accepts objects (in the file's pool, not
-- already holding a stripe of it), provided the move leaves that OST no
-- fuller than the source. The plan is made first on the OSTs' figures
-- (an object holds its share of the file's stripes), then each file is
-- migrated with its new OST list (-o), its stripe size and its pool:
-- non-blocking first, the busy ones in blocking mode. Only plain layouts
-- are moved (a PFL file's components are left to the allocator).
-- Rerunnable: a rerun plans from the OSTs as they are.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local P = require("lfsproc")

local spec = {
	name = "rebalance",
	about = "Move files off the fullest OSTs, largest first, until every OST's used\n" ..
		"fraction is within PCT percentage points of the mean; df before and after.",
	options = { { long = "threshold", arg = "PCT", default = 5,
		      help = "how far from the mean an OST may be, in percentage points",
		      check = function(v)
			      local n = v:match("^%d+%.?%d*$") and tonumber(v)
			      if not n or n > 100 then return nil, "invalid threshold '" .. v .. "'" end
			      return n
		      end } },
}
local a = P.parse(spec, arg)
local thr = a.threshold / 100

-- df through the command: its --graph picture, flagging the OSTs beyond
-- our threshold, when this lfs has it; else df -h.
local function show_df(when)
	local _, help = lfs.run("help df")
	local line = "df -h"
	if help and help:find("--graph", 1, true) then
		line = "df --graph"
		if help:find("--threshold", 1, true) then
			line = line .. string.format(" --threshold %g", a.threshold)
		end
	end
	local status, out = lfs.run(line)
	P.say("rebalance: df %s:", when)
	io.stdout:write(out or "")
	return status
end

local used, size, active, target, pool_osts = {}, {}, {}, {}, {}
local sum_used, sum_size = 0, 0
for _, o in ipairs(lfs.osts()) do
	if o.state == "active" and o.size > 0 then
		active[#active + 1] = o.index
		used[o.index], size[o.index] = o.used, o.size
		sum_used, sum_size = sum_used + o.used, sum_size + o.size
		target[o.index] = not o.nocreate and not o.degraded
	end
end
for _, p in ipairs(lfs.pools()) do
	pool_osts[p.name] = {}
	for _, i in ipairs(p.osts) do pool_osts[p.name][i] = true end
end
local used0 = {}
for i, u in pairs(used) do used0[i] = u end
local mean = sum_size > 0 and sum_used / sum_size or 0
local function frac(i) return used[i] / size[i] end
local function balanced()
	for _, i in ipairs(active) do
		if math.abs(frac(i) - mean) > thr then return false end
	end
	return true
end

show_df("before")
if balanced() then
	P.say("rebalance: every OST is within %g%% of the mean (%.1f%% used): nothing to do",
	      a.threshold, mean * 100)
	os.exit(0, true)
end

-- The bytes of stripe k (from 0) of a RAID0 file of n bytes.
local function stripe_bytes(n, ssize, count, k)
	local row = ssize * count
	local full = n // row
	return full * ssize + math.min(math.max(n - full * row - k * ssize, 0), ssize)
end

-- The candidates: plain, instantiated RAID0 files with an object on an
-- OST above the mean, largest first.
local above = {}
for _, i in ipairs(active) do
	if frac(i) > mean then above[#above + 1] = i end
end
local files, pfl = {}, 0
for p, msg in P.find(spec, P.root(spec), { type = "f", ost = above }) do
	local layout, st
	if not msg then layout, msg = lfs.getstripe(p) end
	if not msg then st, msg = lfs.stat(p) end
	if msg then
		io.stderr:write("error: rebalance: " .. msg .. "\n")
	elseif layout.composite or #layout.components ~= 1 then
		pfl = pfl + 1
	else
		local c = layout.components[1]
		if c.init and c.pattern == "raid0" and st.size > 0 then
			local osts = {}
			for k, o in ipairs(c.objects) do osts[k] = o.ost end
			files[#files + 1] = { path = p, size = st.size, c = c, from = osts }
		end
	end
end
table.sort(files, function(x, y)
	if x.size ~= y.size then return x.size > y.size end
	return x.path < y.path
end)

-- Move the stripe of f on src, if some target takes it without ending
-- fuller than src. Returns true when it moved.
local function move_stripe(f, src)
	local k
	for j, o in ipairs(f.to or f.from) do if o == src then k = j end end
	if not k then return false end
	local cur = f.to or f.from
	local b = stripe_bytes(f.size, f.c.stripe_size, #cur, k - 1)
	local taken, dst = {}, nil
	for _, o in ipairs(cur) do taken[o] = true end
	for _, i in ipairs(active) do
		if target[i] and not taken[i] and (not f.c.pool or (pool_osts[f.c.pool] or {})[i]) and
		   (not dst or frac(i) < frac(dst)) then
			dst = i
		end
	end
	if not dst or (used[dst] + b) / size[dst] > (used[src] - b) / size[src] then return false end
	local to = {}
	for j, o in ipairs(cur) do to[j] = o end
	to[k] = dst
	f.to = to
	used[src], used[dst] = used[src] - b, used[dst] + b
	return true
end

-- Plan: from the fullest OST that still has a movable stripe.
local stuck, plan = {}, {}
while not balanced() do
	local src
	for _, i in ipairs(active) do
		if not stuck[i] and frac(i) > mean and (not src or frac(i) > frac(src)) then src = i end
	end
	if not src then break end
	local moved = false
	for _, f in ipairs(files) do
		if move_stripe(f, src) then
			if not f.planned then plan[#plan + 1], f.planned = f, true end
			moved = true
			break
		end
	end
	if not moved then stuck[src] = true end
end
table.sort(plan, function(x, y)
	if x.size ~= y.size then return x.size > y.size end
	return x.path < y.path
end)

local bytes = 0
for _, f in ipairs(plan) do
	bytes = bytes + f.size
	if a.dry_run then
		P.say("would move %s (%s): OSTs %s -> %s", f.path, P.human(f.size),
		      table.concat(f.from, ","), table.concat(f.to, ","))
	end
end
if pfl > 0 then P.say("rebalance: %d PFL files left as they are", pfl) end
if not balanced() then
	P.say("rebalance: the plan leaves some OSTs more than %g%% from the mean", a.threshold)
end
if a.dry_run then
	for _, i in ipairs(active) do
		P.say("would leave OST %d %.1f%% used (now %.1f%%)", i, frac(i) * 100, used0[i] / size[i] * 100)
	end
	P.dry_run_done(spec, string.format("mean %.1f%% used", mean * 100), #plan, bytes)
end

local runs = {}
for _, f in ipairs(plan) do
	runs[#runs + 1] = { paths = { f.path },
			    opts = { ost = f.to, stripe_size = f.c.stripe_size, pool = f.c.pool or "" } }
end
local t = P.run(spec, runs, 1, string.format("mean %.1f%% used", mean * 100))
show_df("after")
os.exit(P.status(t), true)
