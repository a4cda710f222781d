-- Lifetimes: the garbage collector frees wrappers in any order without freeing
-- what the core still uses; closed sessions leave detached objects; creators
-- live as long as their model; a script may end with everything alive.
local assoc = require "assoc"
local t = require "harness"
local fixtures = require "fixtures"

local E = assoc.E

-- Every permutation of the array a, to f.
local function permutations(a, f, n)
  n = n or #a
  if n <= 1 then return f(a) end
  for i = 1, n do
    permutations(a, f, n - 1)
    local j = n % 2 == 0 and i or 1
    a[j], a[n] = a[n], a[j]
  end
end

-- A model, engine, session, two objects, a proxy view, a query and an expression, all alive.
local function world()
  local f = fixtures.keywords()
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  user.keywords:append("a")
  f.session:commit()
  local w = {
    model = f.model, engine = f.engine, session = f.session, user = user,
    keyword = user.kw[1], keywords = user.keywords,
    query = f.session:query(f.User):filter_by { name = "jek" },
    expr = f.Keyword.c.keyword:eq("a"),
  }
  return w, f
end

-- Use whatever is still held: each must work (the core keeps what they need).
local function use(w)
  if w.user then t.eq(w.user.name, "jek") end
  if w.keyword then t.eq(w.keyword.keyword, "a") end
  if w.keywords then t.eq(w.keywords[1], "a") end
  if w.query then t.eq(w.query:count(), 1) end
  if w.expr then t.eq(tostring(w.expr), "<Expression>") end
  if w.session then t.eq(w.session:is_closed(), false) end
  if w.engine then t.eq(w.engine:url(), "sqlite://") end
  if w.model then t.ok(w.model:is_configured()) end
end

t.test("dropping wrappers in every order frees them all, and what is held keeps working", function()
  -- (ASSOC_TEST_QUICK: the first four only, for runs under valgrind)
  local names = { "model", "engine", "session", "user", "keywords", "query" }
  if os.getenv("ASSOC_TEST_QUICK") then names = { "model", "session", "user", "keywords" } end
  local runs, want = 0, os.getenv("ASSOC_TEST_QUICK") and 24 or 720
  permutations(names, function(order)
    runs = runs + 1
    local w = world()
    local gone = setmetatable({}, { __mode = "v" })
    for k, v in pairs(w) do gone[k] = v end
    for _, name in ipairs(order) do
      w[name] = nil
      t.collect()
      use(w)
    end
    w = nil
    t.collect()
    for k in pairs(gone) do t.ok(false, k .. " outlived every reference to it") end
  end)
  t.eq(runs, want)
end)

t.test("an object keeps its session; a collection keeps its owner", function()
  local w = world()
  local session_seen = setmetatable({ w.session }, { __mode = "v" })
  local keywords, user = w.keywords, w.user
  w = nil
  user = nil
  t.collect()
  t.ok(session_seen[1] ~= nil, "the session lives while its objects do")
  keywords:append("b") -- the owner lives through its collection
  t.same(keywords:totable(), { "a", "b" })
  local owner = keywords:owner()
  t.eq(owner.name, "jek")
  keywords, owner = nil, nil
  t.collect()
  t.eq(session_seen[1], nil, "then goes with them")
end)

t.test("closing a session detaches the objects Lua holds", function()
  local w = world()
  local user, keyword = w.user, w.keyword
  t.eq(user.name, "jek") -- loaded (the commit expired it)
  t.eq(keyword.keyword, "a")
  w.session:close()
  t.eq(assoc.state(user), "detached")
  t.eq(assoc.session_of(user), nil)
  t.eq(user.name, "jek", "loaded columns stay readable")
  t.raises(E.CLOSED, "closed", function() w.session:add(user) end)
  t.raises(E.CLOSED, nil, function() return w.query:all() end)
  t.raises(E.DETACHED, "detached", function() return user.keywords[1] end)
  t.raises(E.DETACHED, "needs a session", function() return assoc.mapper_of(user)(user) end)
  -- everything else may go first; the detached objects go last
  local held = setmetatable({ user = user }, { __mode = "v" })
  w = nil
  t.collect()
  t.eq(user.name, "jek")
  t.eq(keyword.keyword, "a")
  user, keyword = nil, nil
  t.collect()
  t.eq(held.user, nil)
end)

t.test("an expression pins the objects it compares with", function()
  local f = fixtures.keywords()
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  user.keywords:append("a")
  f.session:commit()
  local e = f.User.c.kw:contains(user.kw[1])
  t.collect() -- the keyword's userdata goes; the expression still holds the object
  local found = f.session:query(f.User):where(e):all()
  t.eq(#found, 1)
  t.ok(rawequal(found[1], user))
end)

t.test("the same row is the same userdata while Lua holds it, equal values after", function()
  local f = fixtures.keywords()
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  f.session:commit()
  local again = f.session:query(f.User):first()
  t.ok(rawequal(user, again))
  t.ok(rawequal(f.session:get(f.User, user.id), user))
  local id = user.id
  user, again = nil, nil
  t.collect()
  local fresh = f.session:get(f.User, id)
  t.eq(fresh.name, "jek")
  t.ok(rawequal(fresh, f.session:query(f.User):first()))
end)

t.test("an engine closed while its sessions live: they go on; it makes no more", function()
  local f = fixtures.keywords()
  f.engine:close()
  t.eq(tostring(f.engine), "<Engine (closed)>")
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  user.keywords:append("a")
  f.session:commit()
  t.eq(#f.session:query(f.User):all(), 1)
  t.raises(E.CLOSED, "engine was freed", function() f.engine:session(f.model) end)
  t.raises(E.CLOSED, "engine was freed", function() return f.engine:url() end)
end)

t.test("an expression is used up once", function()
  local f = fixtures.keywords()
  local e = f.User.c.name:eq("jek")
  local both = e & f.User.c.id:gt(0)
  t.eq(tostring(e), "<Expression (used)>")
  t.raises(E.INVAL, "already used", function() return e | f.User.c.id:eq(1) end)
  t.raises(E.INVAL, "already used", function() f.session:query(f.User):where(e) end)
  local q = f.session:query(f.User):where(both)
  t.raises(E.INVAL, "already used", function() f.session:query(f.User):where(both) end)
  t.eq(q:count(), 0)
  local x = f.User.c.id:eq(1)
  t.raises(E.INVAL, "both operands", function() return assoc.and_(x, x) end)
  t.eq(tostring(x), "<Expression>", "a failed combination leaves it usable")
end)

t.test("a script may end with sessions, objects, collections and callbacks alive (lua_close)", function()
  local ok, code, out = t.run_script([[
    local fixtures = require "fixtures"
    local f = fixtures.keywords()
    local user = f.session:add(f.User(f.session, { name = "jek" }))
    user.keywords:append("a")
    f.session:commit()
    kws, kw, q = user.keywords, user.kw[1], f.session:query(f.User)
    local detached = f.engine:session(f.model)
    d = detached:add(f.User(detached, { name = "d" }))
    detached:close()
    print("alive", #kws, kw.keyword, q:count(), d.name)
  ]])
  t.ok(ok, "exit status " .. tostring(code) .. ": " .. out)
  t.eq(out, "alive\t1\ta\t1\td\n")
end)

t.run()
