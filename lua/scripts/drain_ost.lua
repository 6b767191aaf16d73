#!/usr/bin/env -S lfs -f
-- drain_ost.lua IDX [--jobs N] [--bandwidth SIZE] [--dry-run]: empty OST IDX before it is
-- retired. The OST is marked nocreate (it takes no new objects, its
-- objects stay readable), every file with an object on it is migrated
-- (no layout options: each keeps its geometry and the allocator places it
-- afresh, on the other OSTs), first without blocking writers, then the
-- busy ones in blocking mode; find then checks that nothing is left.
-- Rerunnable: a second run only sees the files still on the OST.
-- On a Lustre client mount nocreate is the servers' work (max_create_count
-- on the MDS, which a client cannot set or see): unless the OST shows as
-- nocreate (df's N), drain_ost prints the lctl line to run and migrates
-- anyway; the check at the end lists any file placed on the OST again.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local P = require("lfsproc")

local spec = {
	name = "drain_ost",
	about = "Mark OST IDX nocreate and migrate every file with an object on it\n" ..
		"to the other OSTs (busy files last, in blocking mode); then check\n" ..
		"that nothing is left on it. Run it again after an interruption.\n" ..
		"On a Lustre client mount it prints the lctl line that marks the OST\n" ..
		"nocreate on the MDS (a client cannot), migrates anyway and lists\n" ..
		"what the allocator put back on the OST.",
	args = { { name = "IDX", help = "the OST's index",
		   check = P.check_count(0, "OST index") } },
	options = { { long = "jobs", arg = "N", help = "files migrated at once",
		      default = 2, check = P.check_count(1, "job count") },
		    { long = "bandwidth", arg = "SIZE",
		      help = "copy each file at most SIZE bytes per second (migrate -W), to spare production",
		      check = P.check_size } },
}
local a = P.parse(spec, arg)
local idx = a[1]
local client = P.fs(spec).client

local ost
for _, o in ipairs(lfs.osts()) do
	if o.index == idx then ost = o end
end
if not ost then
	P.die(spec, string.format("OST %d does not exist (the filesystem has %d OSTs)",
				  idx, #lfs.osts()), 19)
end
local what = "OST " .. idx

-- On a client: the lctl line the servers' admin runs (lfs.ost_set refuses
-- with it, 95, changing nothing); nil on a store.
local function nocreate_line()
	if not client then return nil end
	local _, msg, errno = lfs.ost_set(idx, "nocreate")
	if errno ~= 95 then P.die(spec, tostring(msg), errno) end
	return msg
end

local function files_on_ost(filter)
	return P.find(spec, P.root(spec), filter)
end

if a.dry_run then
	local n, bytes = 0, 0
	if not ost.nocreate and client then
		P.say("would need %s nocreate, which a client cannot set: %s", what, nocreate_line())
	elseif not ost.nocreate then
		P.say("would mark %s nocreate", what)
	end
	for p, msg in files_on_ost({ ost = idx, type = "f" }) do
		if msg then
			io.stderr:write("error: drain_ost: " .. msg .. "\n")
		else
			local st = assert(lfs.stat(p))
			n, bytes = n + 1, bytes + st.size
			P.say("would migrate %s (%s)", p, P.human(st.size))
		end
	end
	P.dry_run_done(spec, what, n, bytes)
end

if not ost.nocreate and client then
	io.stderr:write(string.format("drain_ost: %s may still take new objects: %s " ..
		"(a client cannot see whether it was run); migrating anyway: " ..
		"files placed on it again are listed at the end\n", what, nocreate_line()))
elseif not ost.nocreate then
	local ok, msg, errno = lfs.ost_set(idx, "nocreate")
	if not ok then P.die(spec, msg, errno) end
	P.say("drain_ost: %s marked nocreate", what)
end

local t = P.run(spec, { { paths = files_on_ost({ ost = idx, type = "f" }), opts = { bandwidth = a.bandwidth } } },
		a.jobs, what)

-- What is left: any entry with an object on the OST, whatever its type.
local left = 0
for p in files_on_ost({ ost = idx }) do
	left = left + 1
	io.stderr:write("drain_ost: still on " .. what .. ": " .. p .. "\n")
end
if left > 0 then
	P.say("drain_ost: %s still holds objects of %d files: run drain_ost %d again", what, left, idx)
	os.exit(1, true)
end
P.say("drain_ost: %s is empty", what)
os.exit(P.status(t), true)
