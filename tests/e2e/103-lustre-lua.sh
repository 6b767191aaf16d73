# The Lua functions lfs.df, lfs.pools and lfs.find on a Lustre client mount (the
# working directory on it, no store selected): the servers' figures and
# pools through liblustreapi (against the double), the same tables a store
# gives; a library that cannot be loaded is nil, message, errno.
. "$(dirname "$0")/../e2e-lustre.sh"
skip_real "needs OST 2 nocreate and data it writes on the double's servers"
S() { LFS_STORE="$SRV" "$LFS" "$@"; }
S pool new flash; S pool add flash 1 3; S pool new empty
S ost nocreate 2
head -c 300000 /dev/urandom | S write -c 1 -i 0 /used
cat > "$SCRATCH/t.lua" <<'LUA'
local function eq(a, b, what)
	if a ~= b then error(what .. ": got " .. tostring(a) .. ", want " .. tostring(b), 2) end
end
local df = assert(lfs.df())
eq(#df, 5, "df rows"); eq(df[1].target, "MDT", "mdt first")
eq(df[2].uuid, "lustre-OST0000_UUID", "uuid"); eq(df[2].index, 0, "index")
eq(df[2].bytes.total, 256 * 1024 * 1024, "capacity")
assert(df[2].bytes.used > 0, "used")
eq(df[4].nocreate, true, "nocreate"); eq(df[3].nocreate, false, "create")
local used = 0
for i = 2, 5 do used = used + df[i].bytes.used end
eq(df.summary.bytes.used, used, "summary")
local f = assert(lfs.df({pool = "flash"}))
eq(#f, 3, "df of a pool"); eq(f[2].index, 1, "pool ost"); eq(f[3].index, 3, "pool ost")
local r, msg, errno = lfs.df({pool = "nope"})
eq(r, nil, "bad pool"); eq(msg, "pool 'lustre.nope' does not exist", "msg"); eq(errno, 22, "errno")
local pools = assert(lfs.pools())
eq(#pools, 2, "pools"); eq(pools[1].name, "flash", "name")
eq(table.concat(pools[1].osts, ","), "1,3", "members")
eq(pools[2].name, "empty", "name"); eq(#pools[2].osts, 0, "empty")
print("ok")
LUA
cd "$MNT"
expect_out "ok" "$LFS" -f "$SCRATCH/t.lua"
# The same script against the store the mount models says the same.
(cd "$SCRATCH" && LFS_STORE="$SRV" expect_out "ok" "$LFS" -f "$SCRATCH/t.lua") || exit 1
# lfs.find streams what lfs find prints on the mount, OSTs and pools the
# filesystem's; its errors as nil, message, errno.
mkdir -p "$MNT/d"
"$LFS" setstripe -c 2 -p flash "$MNT/d/fl"
"$LFS" setstripe -c 1 -i 0 "$MNT/d/zero"
printf 'z' > "$MNT/d/zero"
cat > "$SCRATCH/f.lua" <<'LUA'
local function list(...)
	local t = {}
	for p in lfs.find(...) do t[#t + 1] = p end
	return table.concat(t, " ")
end
local function eq(a, b, what)
	if a ~= b then error(what .. ": got " .. tostring(a) .. ", want " .. tostring(b), 2) end
end
eq(list("d"), "d d/fl d/zero", "all")
eq(list("d", {pool = "flash"}), "d/fl", "pool")
eq(list("d", {type = "f", not_pool = "flash", ost = "0"}), "d/zero", "ost")
eq(list("d", {size = "+0"}), "d d/zero", "size")
local r, msg, errno = lfs.find("d", {pool = "nope"})
eq(r, nil, "bad pool"); eq(msg, "pool 'lustre.nope' does not exist", "msg"); eq(errno, 2, "errno")
r, msg, errno = lfs.find("nope")
eq(msg, "nope: No such file or directory", "missing")
print("ok")
LUA
expect_out "ok" "$LFS" -f "$SCRATCH/f.lua"
[ "$("$LFS" find d --pool flash)" = "d/fl" ] || fail "find: $("$LFS" find d --pool flash)"
# No library: nil, the loader's message, ENOPKG (65).
expect_out "nil	Lustre client library $SCRATCH/none.so not found (dlopen: $SCRATCH/none.so: cannot open shared object file: No such file or directory)	65" \
	env LFS_LUSTREAPI="$SCRATCH/none.so" "$LFS" -e 'print(lfs.pools())'
