--[=[
bench/lua/bench_issue11.lua - issue 11's workload (seed 001, "Simplifying
Association Objects") through the Lua binding, with the creator in Lua, against
the C API's same jobs (bench_issue11 --jobs) measured in the same run.

The jobs are bench/bench_issue11.c's: W (create N users and append K = 10
strings "kw{i}_{j}" each through User.keywords, whose Lua creator makes a
Keyword and a UserKeywordAssociation; one transaction, a fresh file), then in
a fresh session load every user and copy its K strings read through the proxy
into Lua strings: R default (no loading options: the library batches each hop),
R lazy=select (both hops one by one), R selectin (both hops). Each repetition
runs in a child interpreter of its own, so its peak RSS (VmHWM) is its own.

Printed per job: seconds (best of R), the ratio to the C job, statements (the
statement log), peak RSS, and bytes per object above the hand-written sqlite3
job of the same kind (W or R) that bench_issue11 ran in this run, as the C
program prints them (the interpreter's own footprint is in that figure; its
RSS at the start of a child is printed beside). Self-checks: the strings read
back are the ones written, the rows are there, the creator ran N * K times, and
every job ran the statements the C API's same job ran. It exits non-zero only
when something does not work, never on time.

usage: lua5.4 bench_issue11.lua <bench_issue11> [N [R]]        (defaults 20000 3)
       lua5.4 bench_issue11.lua --child <job> <N> <db path>   (one repetition; internal)
]=]
local K = 10

local function fail(fmt, ...)
  io.stdout:flush()
  io.stderr:write("bench_issue11.lua: ", fmt:format(...), "\n")
  os.exit(1)
end

-- peak and current RSS of this process in kB (Linux)
local function rss_kb()
  local f = io.open("/proc/self/status")
  if not f then return 0, 0 end
  local text = f:read("a")
  f:close()
  return tonumber(text:match("VmHWM:%s*(%d+)")) or 0, tonumber(text:match("VmRSS:%s*(%d+)")) or 0
end

local JOBS = { "lib_w", "lib_r_default", "lib_r_select", "lib_r_eager" }
local JOB_NAME = {
  lib_w = "W  Lua, Lua creator",
  lib_r_default = "R  Lua, default (batched)",
  lib_r_select = "R  Lua, lazy=select",
  lib_r_eager = "R  Lua, selectin both hops",
}
local LAZY = { lib_w = nil, lib_r_default = nil, lib_r_select = "select", lib_r_eager = "selectin" }

-- ---- one repetition, in a child --------------------------------------------------------------------

local function child(job, n, path)
  local _, start_kb = rss_kb()
  local assoc = require "assoc"
  local now = assoc.core.monotonic
  local lazy = LAZY[job]

  local model = assoc.model()
  model:table("user", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:table("keyword", { { "id", "integer", primary_key = true }, { "keyword", "text" } })
  model:table("user_keyword", {
    { "user_id", "integer", primary_key = true, foreign_key = "user.id" },
    { "keyword_id", "integer", primary_key = true, foreign_key = "keyword.id" },
    { "special_key", "text" },
  })
  local User, Keyword = model:mapper("User", "user"), model:mapper("Keyword", "keyword")
  local UKA = model:mapper("UserKeywordAssociation", "user_keyword")
  User:relationship("user_keyword_associations", { target = UKA, cascade = "all, delete-orphan",
    back_populates = "user", lazy = lazy })
  local creator_calls = 0
  User:proxy("keywords", { "user_keyword_associations", "keyword", creator = function(owner, _, value)
    creator_calls = creator_calls + 1
    return UKA(owner, { keyword = Keyword(owner, { keyword = value }) })
  end })
  UKA:relationship("user", { target = User, back_populates = "user_keyword_associations" })
  UKA:relationship("keyword", { target = Keyword, lazy = lazy })
  model:configure()

  if job == "lib_w" then
    for _, suffix in ipairs { "", "-journal" } do os.remove(path .. suffix) end
  end
  local engine = assoc.engine("sqlite:///" .. path)
  if job == "lib_w" then engine:create_all(model) end
  local statements = 0
  engine:set_log(function() statements = statements + 1 end)

  local seconds, ran, cpu -- cpu: os.clock, the process's CPU time; ran: the statements of the timed part (not the session's close)
  if job == "lib_w" then
    local c0, t0 = os.clock(), now()
    local s = engine:session(model)
    for i = 0, n - 1 do
      local u = User(s, { name = "u" .. i })
      s:add(u)
      local kw = u.keywords
      for j = 0, K - 1 do kw:append(("kw%d_%d"):format(i, j)) end
    end
    s:commit()
    seconds, ran, cpu = now() - t0, statements, os.clock() - c0
    s:close()
    if creator_calls ~= n * K then fail("W: the creator ran %d times; expected %d", creator_calls, n * K) end
    engine:set_log(nil)
    for i, sql in ipairs { 'SELECT count(*) FROM "user"', "SELECT count(*) FROM keyword",
      "SELECT count(*) FROM user_keyword" } do
      local want = i == 1 and n or n * K
      if engine:scalar(sql) ~= want then fail("W: %q is not %d", sql, want) end
    end
  else
    local names, keywords = {}, {}
    local c0, t0 = os.clock(), now()
    local s = engine:session(model)
    local users = s:query(User):all()
    if #users ~= n then fail("%s: the query gave %d users; expected %d", job, #users, n) end
    for i = 1, #users do
      local u = users[i]
      names[i] = u.name
      local kw = u.keywords
      if #kw ~= K then fail("%s: user %s has %d keywords", job, names[i], #kw) end
      local mine = {}
      for j = 1, K do mine[j] = kw[j].keyword end
      keywords[i] = mine
    end
    seconds, ran, cpu = now() - t0, statements, os.clock() - c0
    -- every user "u{i}" once, with exactly "kw{i}_0" .. "kw{i}_9" in that order
    local seen = {}
    for u = 1, n do
      local i = tonumber(names[u]:match("^u(%d+)$"))
      if not i or i >= n or seen[i] then fail("%s: unexpected or repeated user name %q", job, names[u]) end
      seen[i] = true
      for j = 1, K do
        local want = ("kw%d_%d"):format(i, j - 1)
        if keywords[u][j] ~= want then
          fail("%s: user %s keyword %d is %q; expected %q", job, names[u], j - 1, tostring(keywords[u][j]), want)
        end
      end
    end
    s:close()
  end
  local peak_kb = rss_kb()
  io.write(("seconds=%.6f statements=%d maxrss_kb=%d start_kb=%d cpu=%.6f\n"):format(seconds, ran, peak_kb, start_kb,
    cpu))
end

if arg[1] == "--child" then
  child(arg[2], tonumber(arg[3]), arg[4])
  os.exit(0)
end

-- ---- the parent ------------------------------------------------------------------------------------

local C_BENCH = arg[1]
local N = tonumber(arg[2] or 20000)
local REPS = tonumber(arg[3] or 3)
if not (C_BENCH and N and N > 0 and REPS and REPS > 0 and #arg <= 3) then
  io.stderr:write("usage: lua5.4 bench_issue11.lua <bench_issue11> [N [R]]\n")
  os.exit(2)
end

local function run_command(cmd)
  local pipe = assert(io.popen(cmd))
  local out = pipe:read("a")
  local ok = pipe:close()
  if not ok then fail("failed: %s\n%s", cmd, out) end
  return out
end

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local assoc = require "assoc"
local lua = arg[-1] or "lua5.4"
local script = arg[0]
local path = ("/tmp/assoc_bench_issue11_lua_%d.db"):format(math.random(1, 1 << 30))
print(("bench_issue11.lua: seed 001 association objects, %d users x %d keywords through User.keywords "
  .. "(creator in Lua) = %d objects; best of %d; assoc %s, %s; each repetition in a child interpreter")
  :format(N, K, 21 * N, REPS, assoc.VERSION, _VERSION))
io.stdout:flush()

local lua_figures, start_kb = {}, 0
for _, job in ipairs(JOBS) do
  local f
  for _ = 1, REPS do
    local out = run_command(("%s %s --child %s %d %s"):format(quote(lua), quote(script), job, N, quote(path)))
    local sec, st, peak, start, cpu =
      out:match("seconds=([%d.]+) statements=(%d+) maxrss_kb=(%d+) start_kb=(%d+) cpu=([%d.]+)")
    if not sec then fail("%s: no figures in the child's output:\n%s", job, out) end
    sec, st, peak, cpu = tonumber(sec), tonumber(st), tonumber(peak), tonumber(cpu)
    start_kb = math.max(start_kb, tonumber(start))
    if f and f.statements ~= st then fail("%s ran %d statements, then %d", job, f.statements, st) end
    if not f then f = { seconds = sec, statements = st, maxrss_kb = peak, cpu = cpu }
    else
      f.seconds = math.min(f.seconds, sec)
      f.cpu = math.min(f.cpu, cpu)
      f.maxrss_kb = math.max(f.maxrss_kb, peak)
    end
  end
  lua_figures[job] = f
end
for _, suffix in ipairs { "", "-journal" } do os.remove(path .. suffix) end

-- the C API's same jobs, and the hand-written sqlite3 baselines, in this run
local c = {}
for line in run_command(("%s --jobs %d %d"):format(quote(C_BENCH), N, REPS)):gmatch("[^\n]+") do
  local key, sec, st, peak, cpu = line:match("^job=(%S+) seconds=([%d.]+) statements=(%d+) maxrss_kb=(%d+) cpu=([%d.]+)$")
  if key then
    c[key] = { seconds = tonumber(sec), statements = tonumber(st), maxrss_kb = tonumber(peak), cpu = tonumber(cpu) }
  end
end
for _, key in ipairs { "base_w_fk", "base_r_fk", "lib_w", "lib_r_default", "lib_r_select", "lib_r_eager" } do
  if not c[key] then fail("no job=%s in the output of %s --jobs", key, C_BENCH) end
end

local objects = 21 * N
print(("  %-30s %10s %9s %10s %9s %11s %11s %14s"):format("job", "seconds", "vs C API", "CPU", "CPU vs C",
  "statements", "peak RSS", "bytes/object"))
local function row(name, f, cf, base)
  print(("  %-30s %8.3f s %8.2fx %8.3f s %8.2fx %11d %8.1f MB %14.1f"):format(name, f.seconds, f.seconds / cf.seconds,
    f.cpu, f.cpu / cf.cpu, f.statements, f.maxrss_kb / 1024, (f.maxrss_kb - base.maxrss_kb) * 1024 / objects))
end
local bad = false
for _, job in ipairs(JOBS) do
  local f, cf = lua_figures[job], c[job]
  local base = job == "lib_w" and c.base_w_fk or c.base_r_fk
  row(JOB_NAME[job], f, cf, base)
  row("   C API, same job", cf, cf, base)
  if f.statements ~= cf.statements then
    io.stderr:write(("%s: %d statements; the C API's same job ran %d\n"):format(job, f.statements, cf.statements))
    bad = true
  end
end
print(("(vs C API: against bench_issue11's same job in this run; CPU: user + system seconds of the timed part\n"
  .. " (less sensitive than seconds to a loaded machine); bytes/object: above the sqlite3 job with FKs on\n"
  .. " of the same kind, W or R; a child interpreter starts at %.1f MB; figures only: nothing fails on time)")
  :format(start_kb / 1024))
for _, job in ipairs(JOBS) do
  print(("lua_%s_seconds=%.6f ratio=%.3f cpu_ratio=%.3f"):format(job:sub(5), lua_figures[job].seconds,
    lua_figures[job].seconds / c[job].seconds, lua_figures[job].cpu / c[job].cpu))
end
if bad then os.exit(1) end
