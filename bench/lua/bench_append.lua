--[=[
bench/lua/bench_append.lua - the proxy-append job in Lua, with a Lua creator,
against the same job in C (bench_append) in the same run; and the cost of one
Lua creator call through the libffi closure, against calling the same Lua
function from Lua, beside bench_callback's direct C call. Figures only: it
never fails on time.

The job (bench/bench_append.c, bench/proxy_model.h): in one session, for each
of N users make the User, set its name, get the User.keywords proxy view,
append 10 distinct keyword strings (the creator makes each Keyword) and add the
user; then commit. Each run on a fresh database; rows checked after each.

usage: lua5.4 bench_append.lua <bench_append> <bench_callback> [N [file|memory [R]]]
]=]
local assoc = require "assoc"
local core = assoc.core

local KEYWORDS_PER_USER = 10
local C_APPEND, C_CALLBACK = arg[1], arg[2]
local N = tonumber(arg[3] or 100000)
local WHERE = arg[4] or "file"
local REPS = tonumber(arg[5] or 3)
if not (C_APPEND and C_CALLBACK and N and N > 0 and (WHERE == "file" or WHERE == "memory") and REPS and REPS > 0) then
  io.stderr:write("usage: lua5.4 bench_append.lua <bench_append> <bench_callback> [N [file|memory [R]]]\n")
  os.exit(2)
end
local now = core.monotonic

-- ---- the model: proxy_model.h's, with the creator in Lua ------------------------------------------

local function define_model()
  local model = assoc.model()
  model:table("user", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:table("keyword", { { "id", "integer", primary_key = true }, { "keyword", "text" } })
  model:table("user_keyword", {
    { "user_id", "integer", primary_key = true, foreign_key = "user.id" },
    { "keyword_id", "integer", primary_key = true, foreign_key = "keyword.id" },
  })
  local User, Keyword = model:mapper("User", "user"), model:mapper("Keyword", "keyword")
  User:relationship("kw", { target = Keyword, secondary = "user_keyword" })
  local calls = { n = 0 }
  User:proxy("keywords", { "kw", "keyword", creator = function(owner, _, value)
    calls.n = calls.n + 1
    local k = Keyword(owner)
    k.keyword = value
    return k
  end })
  model:configure()
  return model, User, calls
end

-- ---- the job -----------------------------------------------------------------------------------------

local CHECKS = {
  'SELECT count(*) FROM "user"',
  "SELECT count(*) FROM keyword",
  "SELECT count(*) FROM user_keyword",
  'SELECT count(*) FROM user_keyword AS uk JOIN "user" AS u ON u.id = uk.user_id '
    .. "JOIN keyword AS k ON k.id = uk.keyword_id "
    .. "WHERE substr(k.keyword, 9, length(u.name) - 5 + 1) = substr(u.name, 6) || '.'",
}

local function verify(engine, n)
  local want = { n, n * KEYWORDS_PER_USER, n * KEYWORDS_PER_USER, n * KEYWORDS_PER_USER }
  for i, sql in ipairs(CHECKS) do
    local got = engine:scalar(sql)
    if got ~= want[i] then error(("Lua append job: %q gave %s; expected %d"):format(sql, tostring(got), want[i])) end
  end
end

local path = ("/tmp/assoc_bench_lua_%d.db"):format(math.random(1, 1 << 30))
local function remove_db()
  for _, suffix in ipairs { "", "-journal", "-wal", "-shm" } do os.remove(path .. suffix) end
end

local function run_job(model, User, calls)
  if WHERE == "file" then remove_db() end
  local engine = assoc.engine(WHERE == "file" and "sqlite:///" .. path or "sqlite://")
  engine:create_all(model)
  local before = calls.n
  collectgarbage("collect")

  local t0 = now()
  local s = engine:session(model)
  for i = 0, N - 1 do
    local u = User(s)
    u.name = "user " .. i
    local keywords = u.keywords
    for j = 0, KEYWORDS_PER_USER - 1 do
      keywords:append(("keyword %d.%d"):format(i, j))
    end
    s:add(u)
  end
  local t1 = now()
  s:commit()
  local t2 = now()
  s:close()

  if calls.n - before ~= N * KEYWORDS_PER_USER then error("the creator ran " .. calls.n - before .. " times") end
  verify(engine, N)
  return { total = t2 - t0, build = t1 - t0, commit = t2 - t1 }
end

print(("bench_lua_append: %d users x %d keywords appended through User.keywords with a Lua creator, "
  .. "then one commit; assoc %s, %s"):format(N, KEYWORDS_PER_USER, assoc.VERSION, _VERSION))
print(("databases: %s; best of %d runs, each on a fresh database"):format(
  WHERE == "file" and "a fresh file " .. path or "in memory (sqlite://)", REPS))
io.stdout:flush()

local model, User, calls = define_model()
local best
for r = 1, REPS do
  local run = run_job(model, User, calls)
  print(("  Lua run %d: %.3f s"):format(r, run.total))
  if not best or run.total < best.total then best = run end
end
if WHERE == "file" then remove_db() end

-- ---- the same job in C, in this run ----------------------------------------------------------------------

local function run_command(cmd)
  local pipe = assert(io.popen(cmd))
  local out = pipe:read("a")
  local ok = pipe:close()
  if not ok then error("failed: " .. cmd .. "\n" .. out) end
  return out
end

local c_out = run_command(('"%s" %d %s %d'):format(C_APPEND, N, WHERE, REPS))
local c_seconds = tonumber(c_out:match("append_job_seconds=([%d.]+)"))
if not c_seconds then error("no append_job_seconds in the output of bench_append:\n" .. c_out) end

print()
print(("  %-44s %8.3f s (build %.3f s, flush + commit %.3f s)"):format("Lua append job, Lua creator", best.total,
  best.build, best.commit))
print(("  %-44s %8.3f s"):format("C append job, C creator (bench_append)", c_seconds))
print(("  %-44s %8.2fx   (target: within 3x)"):format("Lua / C", best.total / c_seconds))

-- ---- one creator call -----------------------------------------------------------------------------------

local M, CALL_REPS = 1000000, 5
local engine = assoc.engine()
engine:create_all(model)
local s = engine:session(model)
local owner = User(s)
local value = "keyword"
local function creator(o, _, _) return o end -- the cheapest creator: hands back an object it was given
local cb = core.callback(model.registry, "creator", creator)

local direct_lua, through = math.huge, math.huge
for _ = 1, CALL_REPS do
  local t0 = now()
  for _ = 1, M do
    if creator(owner, nil, value) ~= owner then error("the creator failed") end
  end
  direct_lua = math.min(direct_lua, now() - t0)
  through = math.min(through, core.bench_creator_calls(cb, owner, value, M))
end

local cb_out = run_command(('"%s" 1'):format(C_CALLBACK))
local c_direct = tonumber(cb_out:match("direct C function pointer%s+([%d.]+) ns"))
local c_closure = tonumber(cb_out:match("libffi closure %+ C dispatcher%s+([%d.]+) ns"))

local function ns(seconds) return seconds / M * 1e9 end
print()
print(("creator calls: %d per loop, best of %d"):format(M, CALL_REPS))
print(("  %-52s %8.2f ns per call"):format("direct C function pointer (bench_callback)", c_direct or 0 / 0))
print(("  %-52s %8.2f ns per call"):format("libffi closure + C dispatcher (bench_callback)", c_closure or 0 / 0))
print(("  %-52s %8.2f ns per call"):format("the Lua creator, called from Lua", ns(direct_lua)))
print(("  %-52s %8.2f ns per call"):format("the Lua creator, through its closure from a C loop", ns(through)))
print(("  %-52s %8.2f ns per call   (target: under 1000 ns)"):format("what the closure and the Lua dispatcher add",
  ns(through - direct_lua)))

print()
print(("lua_append_job_seconds=%.6f"):format(best.total))
print(("c_append_job_seconds=%.6f"):format(c_seconds))
print(("lua_creator_overhead_ns=%.3f"):format(ns(through - direct_lua)))
print("(figures only: this benchmark does not pass or fail on time)")
