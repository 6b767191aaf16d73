-- lfsproc.lua - what the shipped procedures (drain_ost, rebalance,
-- pool_move, auto_stripe) share: argument parsing with --help and
-- --dry-run, size and count parsing, the two-pass migration (non-blocking,
-- then the busy files in blocking mode) and the reports.
--
-- Contract:
--  - A procedure declares its arguments once, as data (P.parse's spec);
--    the help text and the usage come from that declaration.
--  - A usage error prints "error: NAME: message" and the usage on stderr
--    and exits 4, as lfs's commands do; nothing has been changed then.
--  - P.finish() prints the summary line and exits 0 when every file was
--    done, 1 otherwise (the summary says how far the run got).
--  - Loaded by each script from its own directory (see the top of each
--    script); never registered as "lfs" (LuaFileSystem owns that name).
--  - A procedure runs on the store or, with no store selected and the
--    working directory on a Lustre client mount, on that mount (P.fs):
--    the same calls; what only the servers can do is refused there with
--    the lctl line to run, which the procedure says (docs/lustre.md).
local P = {}

-- The plan and the progress reach a file or a pipe line by line, so that
-- what was printed before a kill is there to read.
io.stdout:setvbuf("line")

-- Sizes as lfs takes them: N[.F][kmgtpe] (powers of 1024), b for
-- 512-byte blocks, or 0x hex. Returns bytes, or nil.
function P.size(text)
	if type(text) ~= "string" then return nil end
	local num, unit = text:match("^(0[xX]%x+)(%a?)$")
	if not num then num, unit = text:match("^(%d+%.?%d*)(%a?)$") end
	if not num or num:sub(-1) == "." then return nil end
	local shift = { [""] = 0, b = 9, k = 10, m = 20, g = 30, t = 40,
			p = 50, e = 60 }
	local s = shift[unit:lower()]
	if not s then return nil end
	local v = tonumber(num)
	return math.floor(v * (1 << s) + 0.5)
end

-- A whole number in [min, max], or nil.
function P.count(text, min, max)
	if type(text) ~= "string" or not text:match("^%d+$") then return nil end
	local v = math.tointeger(tonumber(text))
	if not v or v < min or (max and v > max) then return nil end
	return v
end

-- "12.3 MiB", as lfs migrate's summary prints sizes.
function P.human(v)
	local unit = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" }
	local i = 1
	while v >= 1024 and i < #unit do v = v / 1024; i = i + 1 end
	return i == 1 and string.format("%.0f %s", v, unit[i]) or
		string.format("%.1f %s", v, unit[i])
end

local function usage_line(spec)
	local u = "usage: " .. spec.name
	for _, a in ipairs(spec.args or {}) do u = u .. " " .. a.name end
	for _, o in ipairs(spec.options or {}) do
		u = u .. " [--" .. o.long .. (o.arg and " " .. o.arg or "") .. "]"
	end
	return u .. " [--dry-run] [--help]"
end

local function help(spec)
	local out = { usage_line(spec), "", spec.about, "" }
	local rows = {}
	for _, a in ipairs(spec.args or {}) do rows[#rows + 1] = { a.name, a.help } end
	for _, o in ipairs(spec.options or {}) do
		rows[#rows + 1] = { "--" .. o.long .. (o.arg and " " .. o.arg or ""),
			o.help .. (o.default ~= nil and " (default " .. tostring(o.default) .. ")" or "") }
	end
	rows[#rows + 1] = { "--dry-run", "print the plan and change nothing" }
	rows[#rows + 1] = { "--help", "print this help and exit" }
	for _, r in ipairs(rows) do out[#out + 1] = string.format("  %-20s %s", r[1], r[2]) end
	return table.concat(out, "\n") .. "\n"
end

-- Print "error: NAME: message" and the usage on stderr; exit 4.
function P.usage_error(spec, msg)
	io.stderr:write("error: " .. spec.name .. ": " .. msg .. "\n", usage_line(spec), "\n")
	os.exit(4, true)
end

-- parse(spec, argv): spec = { name=, about=, args = {{name=, help=,
-- check=fn(text) -> value or nil, message}}, options = {{long=, arg=,
-- help=, default=, check=fn}} }. Returns a table with the options by
-- long name (dashes as underscores), the arguments by position and
-- dry_run. "--opt=value" and "--opt value" are both taken.
function P.parse(spec, argv)
	local r, pos = { dry_run = false }, {}
	local byname = {}
	for _, o in ipairs(spec.options or {}) do
		byname[o.long] = o
		r[o.long:gsub("-", "_")] = o.default
	end
	local i = 1
	while i <= #argv do
		local a = argv[i]
		if a == "--help" or a == "-h" then
			io.stdout:write(help(spec))
			os.exit(0, true)
		elseif a == "--dry-run" then
			r.dry_run = true
		elseif a == "--" then
			for j = i + 1, #argv do pos[#pos + 1] = argv[j] end
			break
		elseif a:sub(1, 2) == "--" then
			local name, val = a:match("^%-%-([^=]+)=(.*)$")
			name = name or a:sub(3)
			local o = byname[name]
			if not o then P.usage_error(spec, "unrecognized option '" .. a .. "'") end
			if not val then
				i = i + 1
				val = argv[i]
				if not val then P.usage_error(spec, "option '--" .. name .. "' requires an argument") end
			end
			local v, msg = o.check(val)
			if v == nil then P.usage_error(spec, msg or ("invalid --" .. name .. " '" .. val .. "'")) end
			r[name:gsub("-", "_")] = v
		elseif a:sub(1, 1) == "-" and a ~= "-" and not a:match("^%-%d") then
			P.usage_error(spec, "unrecognized option '" .. a .. "'")
		else
			pos[#pos + 1] = a
		end
		i = i + 1
	end
	local args = spec.args or {}
	if #pos < #args then P.usage_error(spec, "missing " .. args[#pos + 1].name) end
	if #pos > #args then P.usage_error(spec, "extra operand '" .. pos[#args + 1] .. "'") end
	for k, a in ipairs(args) do
		local v, msg = a.check(pos[k])
		if v == nil then P.usage_error(spec, msg or ("invalid " .. a.name .. " '" .. pos[k] .. "'")) end
		r[k] = v
	end
	return r
end

-- Checkers for P.parse.
function P.check_size(v)
	local n = P.size(v)
	if not n then return nil, "invalid size '" .. v .. "'" end
	return n
end

function P.check_count(min, what)
	return function(v)
		local n = P.count(v, min)
		if not n then return nil, "invalid " .. what .. " '" .. v .. "'" end
		return n
	end
end

-- Print a line on stdout (the plan, the progress, the report).
function P.say(fmt, ...)
	io.stdout:write(string.format(fmt, ...), "\n")
end

-- A failure that ends the procedure before it changed anything (a pool
-- or OST that does not exist): "error: NAME: message", status.
function P.die(spec, msg, status)
	io.stderr:write("error: " .. spec.name .. ": " .. msg .. "\n")
	os.exit(status or 1, true)
end

-- Where the procedure acts (lfs.fs(): client, root, fsname), or its end
-- with the reason (no store, no Lustre library).
function P.fs(spec)
	if not P.where then
		local fs, msg, errno = lfs.fs()
		if not fs then P.die(spec, msg, errno) end
		P.where = fs
	end
	return P.where
end

-- Where a search of the whole filesystem starts: "/" on a store, the
-- mount point on a Lustre client.
function P.root(spec)
	return P.fs(spec).root
end

-- lfs.find's iterator, or the end of the procedure with find's message
-- (a path, pool or OST that does not exist): nothing changed yet.
function P.find(spec, path, filter)
	local it, msg, errno = lfs.find(path, filter)
	if not it then P.die(spec, msg, errno) end
	return it
end

local function copy(t)
	local c = {}
	for k, v in pairs(t or {}) do c[k] = v end
	return c
end

local BUSY = { [16] = true, [11] = true } -- EBUSY, EAGAIN: a writer

-- The counts of a run, added up over its passes; P.report prints them.
function P.tally()
	return { names = 0, migrated = 0, skipped = 0, busy = 0, failed = 0,
		 waited = 0, interrupted = 0, bytes = 0, seconds = 0 }
end

-- migrate(spec, t, groups, jobs): migrate each group {paths = a list or
-- an iterator, opts = migrate's options}, first every group without
-- blocking writers (non_block), then the files that were busy, in
-- blocking mode (writers wait during their copy), counting each file in
-- tally t as it is settled. A file that fails is reported on stderr and
-- the run goes on. An error that stops a run (Ctrl-C, an error in the
-- iterator) prints how far the procedure got, then propagates. Returns
-- t, or nil, msg, errno when a run could not start (t tells how far).
function P.migrate(spec, t, groups, jobs)
	local busy, blocking = nil, false
	local function on_file(f)
		if not blocking then t.names = t.names + 1 end
		if f.skipped then
			t.skipped = t.skipped + 1
		elseif f.ok then
			t.migrated = t.migrated + 1
			t.bytes = t.bytes + (f.bytes or 0)
			if blocking then t.waited = t.waited + 1 end
		elseif f.errno == 4 then -- EINTR: Ctrl-C left it as it was
			t.interrupted = t.interrupted + 1
		elseif BUSY[f.errno] and not blocking then
			busy[#busy + 1] = f.path
		else
			if BUSY[f.errno] then t.busy = t.busy + 1 else t.failed = t.failed + 1 end
			io.stderr:write("error: " .. spec.name .. ": " .. tostring(f.message) .. "\n")
		end
	end
	local function pass(list, o)
		local ok, s, msg, errno = pcall(lfs.migrate_many, list, o,
						{ jobs = jobs, on_file = on_file })
		if not ok then
			P.report(spec, t, "stopped")
			error(s, 0)
		end
		if s then t.seconds = t.seconds + s.seconds end
		-- Ctrl-C: the run settled the file in flight and began no other;
		-- say how far the procedure got before the hook stops the chunk
		-- (a find after it would see an interrupted walk, not the store).
		if s and s.interrupted > 0 then
			P.report(spec, t, "interrupted (run it again to finish)")
			error("interrupted", 0)
		end
		return s, msg, errno
	end
	for _, g in ipairs(groups) do
		g.busy = {}
		busy = g.busy
		local o = copy(g.opts)
		o.non_block = true
		local s, msg, errno = pass(g.paths, o)
		if not s then return nil, msg, errno end
	end
	blocking = true
	for _, g in ipairs(groups) do
		if #g.busy > 0 then
			local o = copy(g.opts)
			o.block = true
			local s, msg, errno = pass(g.busy, o)
			if not s then return nil, msg, errno end
		end
	end
	return t
end

-- "NAME: WHAT: N files: M migrated (W after waiting for writers), S
-- skipped, B busy, F failed, I interrupted (left as it was); SIZE in T s",
-- the parenthesis and the interrupted count only when not 0.
function P.report(spec, t, what)
	P.say("%s: %s: %d files: %d migrated%s, %d skipped, %d busy, %d failed%s; %s in %.1fs",
	      spec.name, what, t.names, t.migrated,
	      t.waited > 0 and string.format(" (%d after waiting for writers)", t.waited) or "",
	      t.skipped, t.busy, t.failed,
	      t.interrupted > 0 and string.format(", %d interrupted (left as it was)", t.interrupted) or "",
	      P.human(t.bytes), t.seconds)
end

-- Files grouped by the migrate options they need: add(key, opts, path)
-- puts path in key's run (made with opts at its first file); .list is
-- the runs in the order their keys came, as P.run takes them.
function P.runs()
	local r = { list = {}, by = {} }
	function r.add(key, opts, path)
		local run = r.by[key]
		if not run then
			run = { opts = opts, paths = {} }
			r.by[key], r.list[#r.list + 1] = run, run
		end
		run.paths[#run.paths + 1] = path
	end
	return r
end

-- The last line of a dry run; the procedure ends there, status 0.
function P.dry_run_done(spec, what, n, bytes)
	P.say("%s: %s: dry run: %d files would migrate, %s would move; nothing changed",
	      spec.name, what, n, P.human(bytes))
	os.exit(0, true)
end

-- Migrate the runs (P.migrate), then call notes() if given and print the
-- summary for what. A run that could not start ends the procedure with
-- its message, after saying how far it got. Returns the tally.
function P.run(spec, runs, jobs, what, notes)
	local t = P.tally()
	local ok, msg, errno = P.migrate(spec, t, runs, jobs)
	if not ok then
		P.report(spec, t, "stopped")
		P.die(spec, msg, errno)
	end
	if notes then notes() end
	P.report(spec, t, what)
	return t
end

-- The exit status of a procedure: 0 when every file was done.
function P.status(t)
	return (t.failed == 0 and t.busy == 0) and 0 or 1
end

return P
