-- Lua functions as proxy callbacks: creators (arguments, results, errors,
-- coroutines, collection of the closure), getters and setters, bulk set.
local assoc = require "assoc"
local t = require "harness"
local fixtures = require "fixtures"

local E = assoc.E

t.test("a creator gets the owner, no key and the value, and makes the member", function()
  local calls = {}
  local f
  f = fixtures.keywords { creator = function(owner, key, value)
    calls[#calls + 1] = { owner = owner, key = key, value = value, nargs = select("#", owner, key, value) }
    return f.Keyword(owner, { keyword = value })
  end }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  user.keywords:append("cheese-inspector")
  t.eq(#calls, 1)
  t.ok(rawequal(calls[1].owner, user), "the owner is the user's own userdata")
  t.eq(calls[1].key, nil)
  t.eq(calls[1].value, "cheese-inspector")
  t.eq(user.kw[1].keyword, "cheese-inspector")
  t.eq(assoc.state(user.kw[1]), "pending", "the creator's object joined the session by cascade")
  f.session:commit()
  t.eq(fixtures.count(f.engine, "keyword"), 1)
end)

t.test("a creator cannot close the session whose operation called it", function()
  local closing
  local f
  f = fixtures.keywords { creator = function(owner, _, value)
    closing = { pcall(f.session.close, f.session) }
    return f.Keyword(owner, { keyword = value })
  end }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  user.keywords:append("x")
  t.eq(closing[1], false, "close raised inside the creator")
  t.eq(closing[2].code, E.STATE)
  t.ok(closing[2].message:find("callback"), closing[2].message)
  t.eq(f.session:is_closed(), false)
  f.session:commit()
  t.eq(fixtures.count(f.engine, "user_keyword"), 1)
end)

t.test("a dict creator gets the key and the value", function()
  local seen
  local f
  f = fixtures.keywords { collection = "dict", creator = function(owner, key, value)
    seen = { key, value }
    return f.UserKeyword(owner, { special_key = key, keyword = value })
  end }
  local user = f.session:add(f.User(f.session, { name = "log" }))
  user.keywords.sk1 = "kw1"
  t.same(seen, { "sk1", "kw1" })
  t.eq(user.keywords.sk1, "kw1")
  t.eq(user.user_keywords.sk1.special_key, "sk1")
end)

-- The proxy is unchanged after a failed append: nothing in the view, the relationship,
-- the session or (after a commit) the database.
local function check_unchanged(f, user, n)
  t.eq(#user.keywords, n, "members of the view")
  t.eq(#user.kw, n, "members of the relationship")
  f.session:commit()
  t.eq(fixtures.count(f.engine, "user_keyword"), n, "association rows")
end

t.test("a creator that raises a string: the caller gets that string, the proxy is unchanged", function()
  local fail = false
  local f
  f = fixtures.keywords { creator = function(owner, _, value)
    if fail then error("no keywords today") end
    return f.Keyword(owner, { keyword = value })
  end }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  user.keywords:append("a")
  fail = true
  local err = t.raises(nil, "no keywords today", function() user.keywords:append("b") end)
  t.eq(type(err), "string", "the creator's own error value")
  t.ok(err:find("test_creators.lua:%d+: no keywords today"), "with the creator's position: " .. err)
  check_unchanged(f, user, 1)
  -- and the session goes on working
  fail = false
  user.keywords:append("c")
  t.same(user.keywords:totable(), { "a", "c" })
end)

t.test("a creator that raises a table: the same table reaches the caller", function()
  local mine = setmetatable({ reason = "mine" }, { __tostring = function() return "my error" end })
  local f = fixtures.keywords { creator = function() error(mine) end }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  local err = t.raises(nil, nil, function() user.keywords:append("x") end)
  t.ok(rawequal(err, mine), "rawequal to the raised table")
  check_unchanged(f, user, 0)
end)

t.test("an assoc error inside a creator reaches the caller as it was raised", function()
  local f
  f = fixtures.keywords { creator = function(owner, _, value)
    return f.Keyword(owner, { keyword = { value } }) -- a table is not a value
  end }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  t.raises(E.TYPE, "cannot pass a table as a value", function() user.keywords:append("x") end)
  check_unchanged(f, user, 0)
end)

t.test("a creator returning something other than an object fails with ASSOC_ECALLBACK", function()
  local result
  local f = fixtures.keywords { creator = function() return result end }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  result = "a string"
  t.raises(E.CALLBACK, "returned string; an assoc object expected", function() user.keywords:append("x") end)
  result = nil
  t.raises(E.CALLBACK, "returned nil", function() user.keywords:append("x") end)
  result = user.keywords -- a collection
  t.raises(E.CALLBACK, "returned an assoc handle", function() user.keywords:append("x") end)
  check_unchanged(f, user, 0)
end)

t.test("a creator returning an object of the wrong mapper fails, naming both", function()
  local f
  f = fixtures.keywords { creator = function(owner) return f.User(owner, { name = "not a keyword" }) end }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  t.raises(E.CALLBACK, "returned a User", function() user.keywords:append("x") end)
  check_unchanged(f, user, 0)
end)

t.test("extend stops at a failing creator and changes nothing", function()
  local f
  f = fixtures.keywords { creator = function(owner, _, value)
    if value == "bad" then error("bad value") end
    return f.Keyword(owner, { keyword = value })
  end }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  user.keywords:append("first")
  t.raises(nil, "bad value", function() user.keywords:extend { "a", "bad", "c" } end)
  t.same(user.keywords:totable(), { "first" })
  t.raises(nil, "bad value", function() user.keywords = { "x", "bad" } end)
  t.same(user.keywords:totable(), { "first" }, "whole assignment is all or nothing")
  check_unchanged(f, user, 1)
end)

t.test("a creator runs on the coroutine that called the core", function()
  local ran_on
  local f
  f = fixtures.keywords { creator = function(owner, _, value)
    ran_on = coroutine.running()
    return f.Keyword(owner, { keyword = value })
  end }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  local co = coroutine.create(function(word)
    user.keywords:append(word)
    local again = coroutine.yield("appended")
    user.keywords:append(again)
    return "done"
  end)
  t.same({ coroutine.resume(co, "one") }, { true, "appended" })
  t.ok(rawequal(ran_on, co), "the creator saw the coroutine as the running thread")
  user.keywords:append("main") -- and on the main thread from the main thread
  t.ok(rawequal(ran_on, (coroutine.running())), "then the main thread")
  t.same({ coroutine.resume(co, "two") }, { true, "done" })
  t.ok(rawequal(ran_on, co))
  t.same(user.keywords:totable(), { "one", "main", "two" })
end)

t.test("a creator that yields fails cleanly (no yield across the core)", function()
  local f
  f = fixtures.keywords { creator = function(owner, _, value)
    coroutine.yield("inside")
    return f.Keyword(owner, { keyword = value })
  end }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  local co = coroutine.create(function() user.keywords:append("x") end)
  local ok, err = coroutine.resume(co)
  t.eq(ok, false)
  t.ok(tostring(err):find("yield across a C%-call boundary"), tostring(err))
  check_unchanged(f, user, 0)
end)

t.test("a creator that errors in a coroutine: the coroutine gets the error", function()
  local f = fixtures.keywords { creator = function() error({ code = "mine" }) end }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  local ok, err = coroutine.resume(coroutine.create(function() user.keywords:append("x") end))
  t.eq(ok, false)
  t.eq(err.code, "mine")
  check_unchanged(f, user, 0)
end)

t.test("a creator whose closure Lua no longer holds keeps working (the model keeps it)", function()
  local f = fixtures.keywords { creator = false }
  local Keyword = f.Keyword
  local model = assoc.model()
  -- a second model whose only reference to its creator is the proxy's
  model:table("a", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:table("b", { { "id", "integer", primary_key = true }, { "a_id", "integer", foreign_key = "a.id" },
    { "word", "text" } })
  local A, B = model:mapper("A", "a"), model:mapper("B", "b")
  A:relationship("bs", { target = B })
  local weak = setmetatable({}, { __mode = "v" })
  do
    local Bm = B
    local creator = function(owner, _, value) return Bm(owner, { word = value:upper() }) end
    weak.creator = creator
    A:proxy("words", { "bs", "word", creator = creator })
  end
  t.collect()
  t.ok(weak.creator ~= nil, "the model holds the creator")
  local engine = assoc.engine()
  engine:create_all(model)
  local s = engine:session(model)
  local a = s:add(A(s))
  model, A, B = nil, nil, nil -- only the session and the object hold the model now
  t.collect()
  a.words:append("x")
  t.same(a.words:totable(), { "X" })
  s:commit()
  t.eq(engine:scalar("SELECT word FROM b"), "X")
  -- once nothing can call it, it goes
  a, s = nil, nil
  t.collect()
  t.eq(weak.creator, nil, "collected with the model")
  t.ok(Keyword ~= nil)
end)

t.test("getter and setter replace reading and writing the proxied attribute", function()
  local f
  f = fixtures.keywords { creator = false, proxy = {
    getter = function(keyword) return "<" .. keyword.keyword .. ">" end,
    setter = function(keyword, key, value)
      t.eq(key, nil)
      keyword.keyword = value:match("^<(.*)>$") or value
    end,
  } }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  user.keywords:append("<a>")
  user.keywords:append("b")
  t.same(user.keywords:totable(), { "<a>", "<b>" })
  t.eq(user.kw[1].keyword, "a")
  t.eq(tostring(user.keywords), "['<a>', '<b>']")
  t.ok(user.keywords:contains("<b>"))
end)

t.test("a failing getter or setter raises its own error", function()
  local f
  f = fixtures.keywords { creator = false, proxy = {
    getter = function(keyword) if keyword.keyword == "bad" then error("cannot read") end return keyword.keyword end,
    setter = function(keyword, _, value) if value == "bad" then error("cannot write") end keyword.keyword = value end,
  } }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  user.keywords:append("ok")
  t.raises(nil, "cannot write", function() user.keywords:append("bad") end)
  t.same(user.keywords:totable(), { "ok" })
  user.kw:append(f.Keyword(f.session, { keyword = "bad" }))
  t.raises(nil, "cannot read", function() return user.keywords[2] end)
  t.eq(user.keywords[1], "ok")
end)

t.test("a getset_factory gets the proxy's kind", function()
  local kinds = {}
  fixtures.keywords { collection = "set", proxy = { getset_factory = function(kind)
    kinds[#kinds + 1] = kind
    return function(k) return k.keyword end, function(k, _, v) k.keyword = v end
  end } }
  t.same(kinds, { "set" })
  t.raises(E.CALLBACK, "a setter function after the getter", function()
    fixtures.keywords { proxy = { getset_factory = function() return function() end, 42 end } }
  end)
  t.raises(E.INVAL, "give a getter and a setter together", function()
    fixtures.keywords { proxy = { getter = function() end } }
  end)
end)

-- callback.h (assoc_getter_fn): the core copies a getter's string when the
-- closure returns; what it hands out stays valid while Lua collects the
-- getter's own strings (checked under valgrind by lua_valgrind_creators)
t.test("a getter's strings: fresh each call, collected, read back intact", function()
  local calls = 0
  local f = fixtures.keywords { proxy = { getset_factory = function()
    return function(k) calls = calls + 1; return k.keyword .. string.rep("!", calls % 3 + 1) .. tostring(calls) end,
      function(k, _, v) k.keyword = v end
  end } }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  for i = 1, 20 do user.keywords:append("kw" .. i) end
  local seen = {}
  for i = 1, 20 do
    seen[i] = user.keywords[i]
    collectgarbage()
  end
  for i = 1, 20 do t.ok(seen[i]:find("^kw" .. i .. "!+%d+$"), seen[i]) end
  t.ok(calls >= 20)
  f.session:commit()
end)

t.test("proxy_bulk_set replaces whole-collection assignment", function()
  local got
  local f
  f = fixtures.keywords { proxy = { proxy_bulk_set = function(view, values, keys)
    got = { view = view, values = values, keys = keys }
    view:clear()
    for _, v in ipairs(values) do view:append(v .. "!") end
  end } }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  user.keywords = { "a", "b" }
  t.ok(rawequal(got.view, user.keywords), "the view is the proxy's collection")
  t.same(got.values, { "a", "b" })
  t.eq(got.keys, nil)
  t.same(user.keywords:totable(), { "a!", "b!" })
end)

-- A.b proxies AB.b across the one-to-one A.ab (seed 001's scalar proxies), with options.
local function scalar_model(proxy_options)
  local model = assoc.model()
  model:table("a", { { "id", "integer", primary_key = true } })
  model:table("b", { { "id", "integer", primary_key = true }, { "label", "text" } })
  model:table("ab", { { "a_id", "integer", foreign_key = "a.id", primary_key = true },
    { "b_id", "integer", foreign_key = "b.id" }, { "note", "text" } })
  local A, B, AB = model:mapper("A", "a"), model:mapper("B", "b"), model:mapper("AB", "ab")
  A:relationship("ab", { target = AB, uselist = false })
  AB:relationship("b", { target = B })
  local made = { n = 0 }
  local opts = { "ab", "b", creator = function(owner, key, b)
    made.n = made.n + 1
    t.eq(key, nil)
    return AB(owner, { b = b })
  end }
  for k, v in pairs(proxy_options or {}) do
    if k ~= "note_on_none" then opts[k] = v end
  end
  A:proxy("b", opts)
  A:proxy("note", { "ab", "note", create_on_none_assignment = proxy_options and proxy_options.note_on_none })
  local engine = assoc.engine()
  engine:create_all(model)
  return engine:session(model), A, B, AB, made
end

t.test("scalar proxies: the creator makes the intermediary; reads and writes go through it", function()
  local s, A, B, _, made = scalar_model()
  local a = s:add(A(s))
  t.eq(a.b, nil)
  local b1, b2 = B(s, { label = "one" }), B(s, { label = "two" })
  a.b = b1
  t.eq(made.n, 1)
  t.ok(rawequal(a.b, b1))
  t.ok(rawequal(a.ab.b, b1))
  a.b = b2 -- the intermediary is there: set on it, no new one
  t.eq(made.n, 1)
  t.ok(rawequal(a.ab.b, b2))
  a.b = nil -- without cascade_scalar_deletes the intermediary stays
  t.ok(a.ab ~= nil)
  t.eq(a.ab.b, nil)
  a.b = b1
  assoc.unset(a, "b") -- del a.b: clears ab.b and detaches ab from a
  t.eq(a.ab, nil)
  t.eq(a.b, nil)
end)

t.test("scalar proxies: cascade_scalar_deletes and create_on_none_assignment", function()
  local s, A, B = scalar_model { cascade_scalar_deletes = true, note_on_none = true }
  local a = s:add(A(s))
  a.b = B(s)
  t.ok(a.ab ~= nil)
  a.b = nil
  t.eq(a.ab, nil, "assigning nil removed the intermediary")
  a.note = nil -- create_on_none_assignment: an intermediary with a NULL note
  t.ok(a.ab ~= nil)
  t.eq(a.ab.note, nil)
  a.note = "n"
  t.eq(a.ab.note, "n")
  t.eq(a.note, "n")
  local s2, A2 = scalar_model()
  local a2 = s2:add(A2(s2))
  a2.note = nil -- without the option, nothing to write to and nothing made
  t.eq(a2.ab, nil)
end)

t.test("callback options are checked when the proxy is added", function()
  t.raises(E.INVAL, "creator must be a function", function()
    fixtures.keywords { creator = "not a function" }
  end)
  t.raises(E.INVAL, "unknown option 'creater'", function()
    fixtures.keywords { proxy = { creater = function() end } }
  end)
end)

t.test("the creator call through the C closure matches a direct call", function()
  local f = fixtures.keywords()
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  local calls = 0
  local cb = assoc.core.callback(f.model.registry, "creator", function(owner, key, value)
    calls = calls + 1
    t.eq(key, nil)
    t.eq(value, "v")
    return owner
  end)
  local seconds = assoc.core.bench_creator_calls(cb, user, "v", 100)
  t.eq(calls, 100)
  t.ok(seconds >= 0)
  local failing = assoc.core.callback(f.model.registry, "creator", function() error("stop") end)
  t.raises(nil, "stop", assoc.core.bench_creator_calls, failing, user, "v", 5)
end)

t.run()
