-- assoc.engine(url, opts) (assoc_engine_open_ext): journal_mode, busy_timeout_ms
-- and pool_size take effect on a file database; bad options are errors naming
-- them; engine:pool_status() counts connections as sessions open and close.
local assoc = require "assoc"
local t = require "harness"

local E = assoc.E

-- A file database in a directory of its own, removed by done().
local function file_db()
  local dir = os.tmpname()
  os.remove(dir)
  assert(os.execute(("mkdir '%s'"):format(dir)))
  local f = { url = "sqlite:///" .. dir .. "/test.db" }
  function f.done() os.execute(("rm -rf '%s'"):format(dir)) end
  return f
end

local function one_table_model()
  local model = assoc.model()
  model:table("things", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:mapper("Thing", "things")
  return model
end

t.test("journal_mode and busy_timeout_ms reach the connection", function()
  local f = file_db()
  local engine = assoc.engine(f.url, { journal_mode = "DELETE", busy_timeout_ms = 123 })
  t.eq(engine:scalar("PRAGMA journal_mode"), "delete")
  t.eq(engine:scalar("PRAGMA busy_timeout"), 123)
  engine:close()
  f.done()
end)

t.test("without options a file engine is WAL with the default busy timeout", function()
  local f = file_db()
  local engine = assoc.engine(f.url)
  t.eq(engine:scalar("PRAGMA journal_mode"), "wal")
  t.eq(engine:scalar("PRAGMA busy_timeout"), 5000)
  engine:close()
  f.done()
end)

t.test("journal_mode is case-insensitive as SQLite's", function()
  local f = file_db()
  local engine = assoc.engine(f.url, { journal_mode = "truncate" })
  t.eq(engine:scalar("PRAGMA journal_mode"), "truncate")
  engine:close()
  f.done()
end)

t.test("pool_status counts sessions' connections; pool_size bounds the idle ones", function()
  local f = file_db()
  local model = one_table_model()
  local engine = assoc.engine(f.url, { pool_size = 2 })
  engine:create_all(model)
  local s = engine:pool_status()
  t.eq(s.idle, 0); t.eq(s.in_use, 0); t.eq(s.opened, 0)
  local a, b, c = engine:session(model), engine:session(model), engine:session(model)
  s = engine:pool_status()
  t.eq(s.idle, 0); t.eq(s.in_use, 3); t.eq(s.opened, 3)
  a:close(); b:close(); c:close()
  s = engine:pool_status()
  t.eq(s.idle, 2, "two kept (pool_size), the third closed"); t.eq(s.in_use, 0); t.eq(s.opened, 3)
  local d = engine:session(model)
  s = engine:pool_status()
  t.eq(s.idle, 1); t.eq(s.in_use, 1); t.eq(s.opened, 3, "the new session reused a pooled connection")
  d:close()
  engine:close()
  f.done()
end)

t.test("pool_size = 0 keeps no idle connection", function()
  local f = file_db()
  local model = one_table_model()
  local engine = assoc.engine(f.url, { pool_size = 0 })
  engine:create_all(model)
  engine:session(model):close()
  local second = engine:session(model)
  local s = engine:pool_status()
  t.eq(s.idle, 0); t.eq(s.in_use, 1); t.eq(s.opened, 2)
  second:close()
  t.eq(engine:pool_status().idle, 0)
  engine:close()
  f.done()
end)

t.test("an in-memory engine shares one connection: no pool to count", function()
  local model = one_table_model()
  local engine = assoc.engine("sqlite://", { pool_size = 3 })
  engine:create_all(model)
  local s = engine:session(model)
  s:query(model.mappers.Thing):all()
  local p = engine:pool_status()
  t.eq(p.idle, 0); t.eq(p.in_use, 0); t.eq(p.opened, 0)
  s:close()
end)

t.test("connect_timeout_s is accepted (it applies to PostgreSQL)", function()
  local engine = assoc.engine("sqlite://", { connect_timeout_s = 5 })
  t.eq(engine:scalar("SELECT 1"), 1)
end)

t.test("an unknown option is an error naming it", function()
  t.raises(E.INVAL, "unknown engine option 'pool'", function() assoc.engine("sqlite://", { pool = 1 }) end)
  t.raises(E.INVAL, "unknown engine option 'busy_timeout'",
    function() assoc.engine("sqlite://", { busy_timeout = 100 }) end)
end)

t.test("options of the wrong type or value are errors naming the option", function()
  t.raises(E.INVAL, "engine options must be a table", function() assoc.engine("sqlite://", 5) end)
  t.raises(E.INVAL, "'pool_size' must be an integer, not a fraction",
    function() assoc.engine("sqlite://", { pool_size = 1.5 }) end)
  t.raises(E.INVAL, "'busy_timeout_ms' must be an integer, not string",
    function() assoc.engine("sqlite://", { busy_timeout_ms = "100" }) end)
  t.raises(E.INVAL, "'journal_mode' must be a string", function() assoc.engine("sqlite://", { journal_mode = 1 }) end)
  t.raises(E.INVAL, "'pool_size' is out of range", function() assoc.engine("sqlite://", { pool_size = 1 << 40 }) end)
  t.raises(E.INVAL, "pool_size is -1", function() assoc.engine("sqlite://", { pool_size = -1 }) end)
  t.raises(E.INVAL, "pool_size is 5000", function() assoc.engine("sqlite://", { pool_size = 5000 }) end)
  t.raises(E.INVAL, "busy_timeout_ms is -1", function() assoc.engine("sqlite://", { busy_timeout_ms = -1 }) end)
  t.raises(E.INVAL, "connect_timeout_s is -1", function() assoc.engine("sqlite://", { connect_timeout_s = -1 }) end)
  t.raises(E.INVAL, "unknown journal_mode 'BOGUS'", function() assoc.engine("sqlite://", { journal_mode = "BOGUS" }) end)
end)

t.run()
