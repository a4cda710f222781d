-- Sessions: unit of work, transactions and savepoints, get, expire, refresh,
-- expunge, counts, object states, options, file databases, the statement log.
local assoc = require "assoc"
local t = require "harness"
local fixtures = require "fixtures"

local E = assoc.E

t.test("object states through add, flush, commit, delete", function()
  local f = fixtures.keywords()
  local s = f.session
  local user = f.User(s, { name = "jek" })
  t.eq(assoc.state(user), "transient")
  t.ok(not s:contains(user))
  t.ok(rawequal(s:add(user), user))
  t.eq(assoc.state(user), "pending")
  t.ok(s:contains(user))
  t.ok(rawequal(assoc.session_of(user), s))
  t.eq(assoc.mapper_of(user), f.User)
  s:flush()
  t.eq(assoc.state(user), "persistent")
  t.eq(user.id, 1)
  s:delete(user)
  t.eq(assoc.state(user), "persistent")
  s:flush()
  t.eq(assoc.state(user), "deleted")
  s:commit()
  t.eq(fixtures.count(f.engine, "user"), 0)
end)

t.test("counts, is_modified and unset", function()
  local f = fixtures.keywords()
  local s = f.session
  local a = s:add(f.User(s, { name = "a" }))
  s:add_all { f.User(s, { name = "b" }), f.User(s, { name = "c" }) }
  local c = s:counts()
  t.eq(c.new, 3)
  t.eq(c.identity, 0)
  s:commit()
  c = s:counts()
  t.eq(c.new, 0)
  t.eq(c.identity, 3)
  a.name = "A"
  t.ok(assoc.is_modified(a, "name"))
  t.eq(s:counts().dirty, 1)
  assoc.unset(a, "name")
  t.eq(a.name, nil)
  s:commit()
  t.ok(not assoc.is_modified(a, "name"))
  t.eq(f.engine:scalar("SELECT count(*) FROM user WHERE name IS NULL"), 1)
end)

t.test("rollback: pending objects become transient, changes are undone", function()
  local f = fixtures.keywords()
  local s = f.session
  local a = s:add(f.User(s, { name = "a" }))
  s:commit()
  a.name = "changed"
  local b = s:add(f.User(s, { name = "b" }))
  s:flush()
  s:rollback()
  t.eq(a.name, "a")
  t.eq(assoc.state(b), "transient")
  t.eq(fixtures.count(f.engine, "user"), 1)
end)

t.test("nested savepoints", function()
  local f = fixtures.keywords()
  local s = f.session
  s:add(f.User(s, { name = "outer" }))
  s:begin_nested()
  t.eq(s:nesting(), 1)
  local inner = s:add(f.User(s, { name = "inner" }))
  s:rollback_nested()
  t.eq(s:nesting(), 0)
  t.eq(assoc.state(inner), "transient")
  s:begin_nested()
  s:add(f.User(s, { name = "kept" }))
  s:commit_nested()
  s:commit()
  local names = {}
  for i, u in ipairs(s:query(f.User):order_by("name"):all()) do names[i] = u.name end
  t.same(names, { "kept", "outer" })
  t.raises(nil, nil, function() s:commit_nested() end)
end)

t.test("get by primary key, single and composite; expire, refresh, expunge", function()
  local f = fixtures.keywords { collection = "dict" }
  local s = f.session
  local user = s:add(f.User(s, { name = "jek" }))
  user.keywords.sk = "w"
  s:commit()
  t.ok(rawequal(s:get(f.User, user.id), user))
  t.eq(s:get(f.User, 999), nil)
  local uk = user.user_keywords.sk
  t.ok(rawequal(s:get(f.UserKeyword, { uk.user_id, uk.keyword_id }), uk))
  f.engine:exec("UPDATE user SET name = 'changed behind its back'")
  t.eq(user.name, "jek", "still the loaded value")
  s:expire(user)
  t.eq(user.name, "changed behind its back")
  user.name = "local"
  s:refresh(user)
  t.eq(user.name, "changed behind its back", "refresh discards unflushed changes")
  s:expire_all()
  t.eq(user.name, "changed behind its back")
  s:expunge(user)
  t.eq(assoc.state(user), "detached")
  t.ok(not s:contains(user))
end)

t.test("session options: autoflush and expire_on_commit", function()
  local f = fixtures.keywords()
  local s = f.engine:session(f.model, { autoflush = false, expire_on_commit = false })
  s:add(f.User(s, { name = "x" }))
  t.eq(s:query(f.User):count(), 0, "no autoflush before the query")
  s:flush()
  t.eq(s:query(f.User):count(), 1)
  local u = s:query(f.User):first()
  s:commit()
  f.engine:exec("UPDATE user SET name = 'y'")
  t.eq(u.name, "x", "not expired by the commit")
  t.raises(E.INVAL, "unknown session option 'autoflsh'", function() f.engine:session(f.model, { autoflsh = false }) end)
end)

t.test("a file database: two sessions, each with its own connection", function()
  local path = os.tmpname()
  os.remove(path)
  local f = fixtures.keywords { url = "sqlite:///" .. path }
  t.eq(f.engine:url(), "sqlite:///" .. path)
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  user.keywords:append("a")
  f.session:commit()
  local other = f.engine:session(f.model)
  local again = other:query(f.User):one()
  t.ok(not rawequal(again, user), "another session, another object")
  t.same(again.keywords:totable(), { "a" })
  f.session:close()
  other:close()
  f = nil
  t.collect()
  local fh = io.open(path, "rb")
  t.ok(fh ~= nil, "the database file exists")
  fh:close()
  os.remove(path)
end)

t.test("the statement log sees SQL, parameters and time; errors in it become warnings", function()
  local f = fixtures.keywords()
  local entries = {}
  f.engine:set_log(function(sql, params, seconds)
    entries[#entries + 1] = { sql = sql, params = params, seconds = seconds }
  end)
  f.session:add(f.User(f.session, { name = "jek" }))
  f.session:commit()
  local insert
  for _, e in ipairs(entries) do
    if e.sql:find("^INSERT INTO \"user\"") then insert = e end
  end
  t.ok(insert, "the INSERT was logged")
  t.eq(insert.params[#insert.params], "jek")
  t.eq(type(insert.seconds), "number")
  f.engine:set_log(nil)
  f.session:add(f.User(f.session, { name = "unlogged" }))
  local n = #entries
  f.session:commit()
  t.eq(#entries, n, "nothing logged once the log is off")
  -- a failing log function: a Lua warning on stderr; the statements themselves succeed
  local ok, code, out = t.run_script([[
    warn("@on")
    local f = require("fixtures").keywords()
    f.engine:set_log(function() error("log failure") end)
    f.session:add(f.User(f.session, { name = "log" }))
    f.session:commit()
    print("users", f.engine:scalar("SELECT count(*) FROM user"))
  ]])
  t.ok(ok, "exit status " .. tostring(code) .. ": " .. out)
  t.ok(out:find("Lua warning: assoc: error in the statement log function: [^\n]*log failure"), out)
  t.ok(out:find("users\t1"), out)
end)

t.test("sessions and engines are to-be-closed values", function()
  local f = fixtures.keywords()
  local user
  do
    local s <close> = f.engine:session(f.model)
    user = s:add(f.User(s, { name = "jek" }))
    s:commit()
    t.eq(user.name, "jek")
  end
  t.eq(assoc.state(user), "detached", "the session closed at the end of its scope")
  local ok = pcall(function()
    local e <close> = assoc.engine()
    error("leaving the scope by an error")
  end)
  t.ok(not ok)
  local kept
  do
    local e <close> = assoc.engine()
    kept = e
  end
  t.eq(tostring(kept), "<Engine (closed)>")
end)

t.test("tostring of engines and sessions", function()
  local f = fixtures.keywords()
  t.eq(tostring(f.engine), "<Engine sqlite://>")
  t.eq(tostring(f.session), "<Session>")
  t.ok(rawequal(f.session:engine(), f.engine))
  t.ok(rawequal(f.session:model(), f.model))
  t.eq(tostring(f.User), "<Mapper User>")
  t.eq(tostring(f.User.c.name), "User.name")
end)

t.run()
