-- Queries and expressions: filter_by, comparisons, IN, AND / OR / NOT,
-- any / has / contains on relationships and proxies, joins, selectinload,
-- order / limit / offset, the result forms, and the SQL text.
local assoc = require "assoc"
local t = require "harness"

local function open()
  local model = assoc.model()
  model:table("user", { { "id", "integer", primary_key = true }, { "name", "text" }, { "age", "integer" } })
  model:table("keyword", { { "id", "integer", primary_key = true }, { "keyword", "text" } })
  model:table("user_keyword", {
    { "user_id", "integer", foreign_key = "user.id", primary_key = true },
    { "keyword_id", "integer", foreign_key = "keyword.id", primary_key = true },
  })
  model:table("address", {
    { "id", "integer", primary_key = true }, { "city", "text" }, { "user_id", "integer", foreign_key = "user.id" },
  })
  local User, Keyword = model:mapper("User", "user"), model:mapper("Keyword", "keyword")
  local Address = model:mapper("Address", "address")
  User:relationship("kw", { target = Keyword, secondary = "user_keyword" })
  User:proxy("keywords", { "kw", "keyword" })
  Address:relationship("user", { target = User, backref = "addresses" })
  Address:proxy("user_name", { "user", "name" })
  local engine = assoc.engine()
  engine:create_all(model)
  local s = engine:session(model)
  for i, row in ipairs { { "jek", 30, { "cheese", "snack" }, "Oslo" }, { "log", 40, { "snack" }, "Rome" },
                         { "ann", 25, {}, nil }, { "bob", nil, { "jek" }, "Oslo" } } do
    local u = s:add(User(s, { name = row[1], age = row[2], keywords = row[3] }))
    if row[4] then s:add(Address(s, { city = row[4], user = u })) end -- a backref does not cascade (2.0)
    t.eq(i > 0, true)
  end
  s:commit()
  return s, User, Keyword, Address
end

local function names(users)
  local out = {}
  for i, u in ipairs(users) do out[i] = u.name end
  return out
end

t.test("filter_by, comparisons and IN", function()
  local s, User = open()
  t.same(names(s:query(User):filter_by { name = "jek" }:all()), { "jek" })
  t.same(names(s:query(User):filter_by("age", 40):all()), { "log" })
  t.same(names(s:query(User):filter_by { name = "jek", age = 31 }:all()), {})
  t.same(names(s:query(User):where(User.c.age:gt(28)):order_by("age"):all()), { "jek", "log" })
  t.same(names(s:query(User):where(User.c.age:ge(30)):order_by("age"):all()), { "jek", "log" })
  t.same(names(s:query(User):where(User.c.age:lt(30)):all()), { "ann" })
  t.same(names(s:query(User):where(User.c.age:le(30)):order_by("age"):all()), { "ann", "jek" })
  t.same(names(s:query(User):where(User.c.name:ne("jek")):order_by("name"):all()), { "ann", "bob", "log" })
  t.same(names(s:query(User):where(User.c.name:like("%o%")):order_by("name"):all()), { "bob", "log" })
  t.same(names(s:query(User):where(User.c.name:not_like("%o%")):order_by("name"):all()), { "ann", "jek" })
  t.same(names(s:query(User):where(User.c.age:is_null()):all()), { "bob" })
  t.same(names(s:query(User):where(User.c.age:eq(nil)):all()), { "bob" }, "== nil is IS NULL")
  t.eq(s:query(User):where(User.c.age:is_not_null()):count(), 3)
  t.same(names(s:query(User):where(User.c.name:in_ { "ann", "log", "zed" }):order_by("name"):all()), { "ann", "log" })
  t.same(names(s:query(User):where(User.c.name:in_ {}):all()), {})
end)

t.test("AND, OR and NOT: operators and functions", function()
  local s, User = open()
  local function q(e) return names(s:query(User):where(e):order_by("name"):all()) end
  t.same(q(User.c.age:gt(20) & User.c.name:like("%e%")), { "jek" })
  t.same(q(User.c.name:eq("ann") | User.c.name:eq("bob")), { "ann", "bob" })
  t.same(q(~User.c.name:eq("ann") & User.c.age:is_not_null()), { "jek", "log" })
  t.same(q(assoc.and_(User.c.age:gt(20), User.c.age:lt(35), User.c.name:ne("ann"))), { "jek" })
  t.same(q(assoc.or_(User.c.name:eq("ann"), User.c.name:eq("jek"), User.c.name:eq("log"))), { "ann", "jek", "log" })
  t.same(q(assoc.not_(User.c.age:is_null())), { "ann", "jek", "log" })
  t.same(names(s:query(User):where(User.c.age:gt(20), User.c.age:lt(35)):order_by("name"):all()), { "ann", "jek" },
    "where with several expressions ANDs them")
end)

t.test("any, has and contains on relationships and proxies", function()
  local s, User, Keyword, Address = open()
  local function q(e) return names(s:query(User):where(e):order_by("name"):all()) end
  t.same(q(User.c.kw:any(Keyword.c.keyword:eq("snack"))), { "jek", "log" })
  t.same(q(User.c.kw:any()), { "bob", "jek", "log" })
  t.same(q(~User.c.kw:any()), { "ann" })
  t.same(q(User.c.keywords:contains("jek")), { "bob" })
  t.same(q(User.c.keywords:eq("cheese")), { "jek" })
  local snack = s:query(Keyword):filter_by { keyword = "snack" }:order_by("id"):first() -- jek's
  t.same(q(User.c.kw:contains(snack)), { "jek" })
  t.same(q(User.c.addresses:any(Address.c.city:eq("Oslo"))), { "bob", "jek" })
  local in_oslo = s:query(Address):where(Address.c.user:has(User.c.age:gt(35))):all()
  t.eq(#in_oslo, 1)
  t.eq(in_oslo[1].city, "Rome")
  t.eq(#s:query(Address):where(Address.c.user_name:eq("jek")):all(), 1)
  t.raises(assoc.E.TYPE, nil, function() return User.c.kw:eq(snack) end)
  t.raises(assoc.E.TYPE, nil, function() return User.c.kw:has() end)
end)

t.test("joins along relationships and proxies; local_attr and remote_attr", function()
  local s, User, Keyword, Address = open()
  local q = s:query(User):join(User.c.keywords):where(Keyword.c.keyword:eq("snack")):order_by("name")
  t.same(names(q:all()), { "jek", "log" })
  t.ok(q:sql():find("JOIN keyword ON keyword.id = user_keyword_1.keyword_id", 1, true), q:sql())
  t.eq(tostring(User.c.keywords.local_attr), "User.kw")
  t.eq(tostring(User.c.keywords.remote_attr), "Keyword.keyword")
  local hops = User.c.keywords.attr
  t.eq(#hops, 2)
  t.same(names(s:query(User):join("addresses"):where(Address.c.city:eq("Oslo")):order_by("name"):all()), { "bob", "jek" })
  t.same(names(s:query(User):join(User.c.kw):where(Keyword.c.keyword:eq("jek")):all()), { "bob" })
  t.raises(assoc.E.TYPE, "not an association proxy", function() return User.c.kw.local_attr end)
  t.raises(assoc.E.INVAL, nil, function() s:query(User):where(Keyword.c.keyword:eq("x")):all() end)
end)

t.test("order_by, limit, offset, first, one, count, exists", function()
  local s, User = open()
  t.same(names(s:query(User):order_by("name"):all()), { "ann", "bob", "jek", "log" })
  t.same(names(s:query(User):order_by("name", "desc"):all()), { "log", "jek", "bob", "ann" })
  t.same(names(s:query(User):order_by("name"):limit(2):all()), { "ann", "bob" })
  t.same(names(s:query(User):order_by("name"):limit(2):offset(1):all()), { "bob", "jek" })
  t.eq(s:query(User):order_by("name", "desc"):first().name, "log")
  t.eq(s:query(User):filter_by { name = "nobody" }:first(), nil)
  t.eq(s:query(User):count(), 4)
  t.eq(s:query(User):limit(3):count(), 3)
  t.eq(s:query(User):filter_by { name = "ann" }:exists(), true)
  t.eq(s:query(User):filter_by { name = "zed" }:exists(), false)
  t.raises(assoc.E.NOTFOUND, nil, function() s:query(User):order_by("nope") end)
end)

t.test("results come through the identity map; queries autoflush", function()
  local s, User = open()
  local jek = s:query(User):filter_by { name = "jek" }:one()
  t.ok(rawequal(jek, s:query(User):where(User.c.age:eq(30)):first()))
  local new = User(s, { name = "new" })
  s:add(new)
  t.ok(rawequal(s:query(User):filter_by { name = "new" }:one(), new), "the pending user was flushed first")
end)

t.test("selectinload loads a relationship for every result", function()
  local s, User, Keyword = open()
  local engine, model = s:engine(), s:model()
  s:close()
  s = engine:session(model) -- nothing loaded yet
  local statements = 0
  engine:set_log(function() statements = statements + 1 end)
  local users = s:query(User):selectinload(User.c.kw):order_by("name"):all()
  local before = statements
  local total = 0
  for _, u in ipairs(users) do total = total + #u.kw end
  t.eq(total, 4)
  t.eq(statements, before, "no statement per user")
  s:close()
  s = engine:session(model)
  users = s:query(User):order_by("name"):all() -- lazy: the first user's read loads every user's keywords
  before = statements
  for _, u in ipairs(users) do total = total + #u.kw end
  t.eq(total, 8)
  t.eq(statements - before, 1, "one batched statement, not one per user")
  engine:set_log(nil)
  t.ok(Keyword)
end)

t.test("the SQL text, as SQLAlchemy prints it", function()
  local s, User = open()
  local q = s:query(User):where(User.c.keywords:eq("jek")):limit(1)
  t.eq(q:sql(), tostring(q))
  t.ok(q:sql():find('^SELECT "user".id AS user_id'), q:sql())
  t.ok(q:sql():find("EXISTS (SELECT 1 FROM user_keyword, keyword", 1, true), q:sql())
  t.ok(q:sql():find("LIMIT :param_1", 1, true), q:sql())
end)

t.run()
