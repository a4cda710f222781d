-- session:transaction(fn[, opts]) (assoc_session_run): commits, rolls back and
-- raises the function's own error, runs again after a real conflict with
-- another session on one file database (SQLite's BUSY_SNAPSHOT under WAL),
-- gives up after max_attempts, refuses bad arguments.
local assoc = require "assoc"
local t = require "harness"

local E = assoc.E
local errors = require "assoc.errors"

-- counters(id, name, n) with one row (1, 'c', 0), on a file database (WAL by default).
local function counter_db()
  local path = os.tmpname()
  os.remove(path)
  local model = assoc.model()
  model:table("counters", { { "id", "integer", primary_key = true }, { "name", "text" }, { "n", "integer" } })
  local Counter = model:mapper("Counter", "counters")
  local engine = assoc.engine("sqlite:///" .. path)
  engine:create_all(model)
  engine:exec("INSERT INTO counters (id, name, n) VALUES (1, 'c', 0)")
  local f = { path = path, model = model, Counter = Counter, engine = engine, session = engine:session(model) }
  function f.done()
    f.session:close()
    if f.other then f.other:close() end
    f.engine:close()
    os.remove(path)
    os.remove(path .. "-wal")
    os.remove(path .. "-shm")
  end
  return f
end

local function n_of(f) return f.engine:scalar("SELECT n FROM counters WHERE id = 1") end
local function rows(f) return f.engine:scalar("SELECT count(*) FROM counters") end

t.test("transaction commits what the function did, once", function()
  local f = counter_db()
  local attempts = {}
  f.session:transaction(function(s, attempt)
    t.ok(rawequal(s, f.session), "the function gets the session")
    attempts[#attempts + 1] = attempt
    local c = s:get(f.Counter, 1)
    c.n = c.n + 1
    s:add(f.Counter(s, { name = "run" }))
  end)
  t.same(attempts, { 1 })
  t.eq(n_of(f), 1)
  t.eq(rows(f), 2)
  f.done()
end)

t.test("an error in the function rolls back and is raised unchanged", function()
  local f = counter_db()
  local mine = setmetatable({ why = "refused" }, { __tostring = function() return "my error" end })
  local runs = 0
  local ok, err = pcall(f.session.transaction, f.session, function(s)
    runs = runs + 1
    local c = s:get(f.Counter, 1)
    c.n = 41
    s:add(f.Counter(s, { name = "run" }))
    error(mine)
  end)
  t.ok(not ok)
  t.ok(rawequal(err, mine), "the very value the function raised, not " .. tostring(err) .. " " .. tostring(err and err.message))
  t.eq(runs, 1)
  t.eq(n_of(f), 0)
  t.eq(rows(f), 1)
  -- a string error too, and an assoc.Error other than RETRY is not retried
  t.raises(nil, "plain string", function() f.session:transaction(function() error("plain string", 0) end) end)
  runs = 0
  t.raises(E.NOTFOUND, "not here", function()
    f.session:transaction(function() runs = runs + 1; error(errors.new(E.NOTFOUND, "not here"), 0) end)
  end)
  t.eq(runs, 1)
  -- the session is usable afterwards
  f.session:transaction(function(s) s:get(f.Counter, 1).n = 5 end)
  t.eq(n_of(f), 5)
  f.done()
end)

t.test("a conflict with another session's commit runs the function again; no update is lost", function()
  local f = counter_db()
  f.other = f.engine:session(f.model)
  local attempts = {}
  f.session:transaction(function(s, attempt)
    attempts[#attempts + 1] = attempt
    local c = s:get(f.Counter, 1)
    local n = c.n -- the read that starts this run's snapshot
    if attempt == 1 then
      local oc = f.other:get(f.Counter, 1)
      oc.n = oc.n + 1
      f.other:commit() -- commits under our snapshot: our commit conflicts (BUSY_SNAPSHOT)
    end
    c.n = n + 1
    s:add(f.Counter(s, { name = "run" }))
  end, { backoff_ms = 1 })
  t.same(attempts, { 1, 2 })
  t.eq(n_of(f), 2, "1 by the other session, 1 by ours")
  t.eq(rows(f), 2, "the failed run's insert was rolled back")
  f.done()
end)

t.test("a RETRY error the function raises itself runs it again; max_attempts bounds the runs", function()
  local f = counter_db()
  local runs = 0
  f.session:transaction(function(_, attempt)
    runs = runs + 1
    if attempt < 3 then error(errors.new(E.RETRY, "try again"), 0) end
  end, { backoff_ms = 0 })
  t.eq(runs, 3)
  runs = 0
  t.raises(E.RETRY, "gave up after 2 attempt", function()
    f.session:transaction(function(s)
      runs = runs + 1
      s:get(f.Counter, 1).n = 99
      error(errors.new(E.RETRY, "still conflicting"), 0)
    end, { max_attempts = 2, backoff_ms = 0, max_backoff_ms = 0 })
  end)
  t.eq(runs, 2)
  t.eq(n_of(f), 0)
  f.done()
end)

t.test("transaction refuses bad arguments and states", function()
  local f = counter_db()
  local s = f.session
  t.raises(E.INVAL, "must be a function", function() s:transaction(42) end)
  t.raises(E.INVAL, "unknown transaction option 'max_attempt'", function()
    s:transaction(function() end, { max_attempt = 2 })
  end)
  t.raises(E.INVAL, "'backoff_ms' must be a non-negative integer", function()
    s:transaction(function() end, { backoff_ms = "soon" })
  end)
  t.raises(E.INVAL, nil, function() s:transaction(function() end, { max_attempts = 0 }) end)
  s:add(f.Counter(s, { name = "unflushed" }))
  t.raises(E.STATE, nil, function() s:transaction(function() end) end)
  s:rollback()
  -- nested: a transaction from inside a transaction is refused, and that error is raised unchanged
  local inner
  t.raises(E.STATE, nil, function()
    s:transaction(function(s2)
      local ok, err = pcall(s2.transaction, s2, function() end)
      inner = err
      if not ok then error(err, 0) end
    end)
  end)
  t.ok(inner ~= nil)
  f.done()
end)

t.run()
