-- Collections and proxy views: lists, sets and dicts with their whole operation
-- set in Lua form (#, [i], ipairs, pairs, tostring, ==, methods, operators).
local assoc = require "assoc"
local t = require "harness"
local fixtures = require "fixtures"

local function list_user()
  local f = fixtures.keywords()
  return f, f.session:add(f.User(f.session, { name = "jek" }))
end

t.test("a list proxy: #, [i] (1-based), ipairs, pairs, tostring", function()
  local _, user = list_user()
  local kws = user.keywords
  t.ok(rawequal(kws, user.keywords), "one userdata per collection")
  t.eq(assoc.kind(kws), "list")
  t.ok(kws:is_proxy())
  t.ok(rawequal(kws:owner(), user))
  t.eq(#kws, 0)
  kws:append("a")
  kws[#kws + 1] = "b" -- appends, as for a Lua array
  kws:insert("c")
  t.eq(#kws, 3)
  t.eq(kws[1], "a")
  t.eq(kws[3], "c")
  t.eq(kws[0], nil)
  t.eq(kws[4], nil)
  t.eq(kws[-1], nil)
  local seen = {}
  for i, v in ipairs(kws) do seen[i] = v end
  t.same(seen, { "a", "b", "c" })
  seen = {}
  for i, v in pairs(kws) do seen[#seen + 1] = i .. "=" .. v end
  t.same(seen, { "1=a", "2=b", "3=c" })
  t.eq(tostring(kws), "['a', 'b', 'c']")
end)

t.test("list methods: insert, replace, remove, pop, index, count, contains, extend, clear", function()
  local _, user = list_user()
  local kws = user.keywords
  kws:extend { "a", "b", "c" }
  kws:insert(1, "z")            -- before position 1
  kws:insert(#kws + 1, "end")   -- #c + 1 appends
  t.same(kws:totable(), { "z", "a", "b", "c", "end" })
  kws[2] = "A"
  t.same(kws:totable(), { "z", "A", "b", "c", "end" })
  kws:remove("b")
  t.same(kws:totable(), { "z", "A", "c", "end" })
  t.eq(kws:pop(), "end")
  t.eq(kws:pop(1), "z")
  t.same(kws:totable(), { "A", "c" })
  kws:append("A")
  t.eq(kws:index("A"), 1)
  t.eq(kws:index("c"), 2)
  t.eq(kws:index("nope"), nil)
  t.eq(kws:count("A"), 2)
  t.ok(kws:contains("c"))
  t.ok(not kws:contains("z"))
  kws:extend(user.keywords) -- from a collection (its members, taken first)
  t.same(kws:totable(), { "A", "c", "A", "A", "c", "A" })
  kws:clear()
  t.eq(#kws, 0)
  t.eq(#user.kw, 0, "the relationship follows the view")
end)

t.test("slices: i..j inclusive, negative from the end, as string.sub", function()
  local _, user = list_user()
  local kws = user.keywords
  kws:extend { "a", "b", "c", "d", "e" }
  t.same(kws:slice(2, 3), { "b", "c" })
  t.same(kws:slice(2), { "b", "c", "d", "e" })
  t.same(kws:slice(-2), { "d", "e" })
  t.same(kws:slice(1, -2), { "a", "b", "c", "d" })
  t.same(kws:slice(4, 2), {})
  t.same(kws:slice(), { "a", "b", "c", "d", "e" })
  t.same(kws:slice(-10, 100), { "a", "b", "c", "d", "e" }, "clamped to the ends")
  kws:set_slice(2, 3, { "X", "Y", "Z" })
  t.same(kws:totable(), { "a", "X", "Y", "Z", "d", "e" })
  kws:delete_slice(-2)
  t.same(kws:totable(), { "a", "X", "Y", "Z" })
  kws:delete_slice(1, 1)
  t.same(kws:totable(), { "X", "Y", "Z" })
  t.eq(user.kw:slice(1, 1)[1].keyword, "X")
end)

t.test("a relationship list of objects, and equality of lists", function()
  local f, user = list_user()
  local k1, k2 = f.Keyword(f.session, { keyword = "one" }), f.Keyword(f.session, { keyword = "two" })
  user.kw:append(k1)
  user.kw:append(k2)
  t.ok(not user.kw:is_proxy())
  t.ok(rawequal(user.kw[1], k1))
  t.eq(user.kw:index(k2), 2)
  t.same(user.keywords:totable(), { "one", "two" })
  local other = f.session:add(f.User(f.session, { name = "log" }))
  other.keywords = { "one", "two" }
  t.ok(user.keywords == other.keywords, "same members in order")
  t.ok(user.kw ~= other.kw, "different objects")
  other.keywords:pop()
  t.ok(user.keywords ~= other.keywords)
  t.ok(user.keywords ~= other.kw)
  t.eq(tostring(user.kw), "[<Keyword None>, <Keyword None>]")
  f.session:flush()
  t.eq(tostring(user.kw), "[<Keyword 1>, <Keyword 2>]")
end)

t.test("whole-collection assignment: an array, another collection, nil", function()
  local f, user = list_user()
  user.keywords = { "a", "b" }
  t.same(user.keywords:totable(), { "a", "b" })
  local other = f.session:add(f.User(f.session, { name = "log", keywords = user.keywords }))
  t.same(other.keywords:totable(), { "a", "b" })
  t.ok(not rawequal(other.kw[1], user.kw[1]), "new Keyword objects through the creator")
  user.keywords = nil
  t.eq(#user.keywords, 0)
  f.session:commit()
  t.eq(fixtures.count(f.engine, "user_keyword"), 2)
end)

t.test("a set proxy: add, discard, remove, contains, no duplicates", function()
  local f = fixtures.keywords { collection = "set" }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  local tags = user.keywords
  t.eq(assoc.kind(tags), "set")
  tags:add("a")
  tags:add("b")
  tags:add("a")
  t.eq(#tags, 2)
  t.eq(tostring(tags), "{'a', 'b'}")
  t.eq(tags[1], "a", "members in insertion order")
  local seen = {}
  for _, v in ipairs(tags) do seen[#seen + 1] = v end
  t.same(seen, { "a", "b" })
  t.ok(tags:contains("b"))
  tags:discard("zzz") -- no error
  tags:discard("b")
  t.raises(assoc.E.NOTFOUND, nil, function() tags:remove("b") end)
  t.same(tags:totable(), { "a" })
  t.raises(assoc.E.INVAL, "use s:add", function() tags[2] = "x" end)
end)

t.test("set algebra: methods, operators, comparisons, in-place updates", function()
  local f = fixtures.keywords { collection = "set" }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  local s = user.keywords
  s:update { "a", "b", "c" }
  local function sorted(a) table.sort(a) return a end
  t.same(sorted(s:union { "c", "d" }), { "a", "b", "c", "d" })
  t.same(sorted(s | { "d" }), { "a", "b", "c", "d" })
  t.same(sorted(s & { "b", "c", "x" }), { "b", "c" })
  t.same(sorted(s - { "a" }), { "b", "c" })
  t.same(sorted(s ~ { "a", "x" }), { "b", "c", "x" })
  t.same(sorted(s:intersection { "a" }), { "a" })
  t.same(sorted(s:difference { "a", "b" }), { "c" })
  t.same(sorted(s:symmetric_difference { "c", "d" }), { "a", "b", "d" })
  t.ok(s:equals { "c", "b", "a" })
  t.ok(s:issubset { "a", "b", "c", "d" })
  t.ok(s <= { "a", "b", "c" })
  t.ok(s < { "a", "b", "c", "d" })
  t.ok(not (s < { "a", "b", "c" }))
  t.ok(s >= { "a" })
  t.ok(s > { "a" })
  t.ok(s:issuperset { "a", "b" })
  t.ok(s:isdisjoint { "x", "y" })
  t.ok(s:is_proper_superset { "a" })
  t.ok(not s:is_proper_subset { "a", "b", "c" })
  s:intersection_update { "a", "b", "z" }
  t.same(sorted(s:totable()), { "a", "b" })
  s:difference_update { "a" }
  t.same(s:totable(), { "b" })
  s:symmetric_difference_update { "b", "q" }
  t.same(s:totable(), { "q" })
  local other = f.session:add(f.User(f.session, { name = "log", keywords = { "q" } }))
  t.ok(s == other.keywords, "sets equal by members")
  other.keywords:add("r")
  t.ok(s ~= other.keywords)
  t.ok(s <= other.keywords, "a collection on either side")
end)

local function dict_user()
  local f = fixtures.keywords { collection = "dict" }
  return f, f.session:add(f.User(f.session, { name = "log" }))
end

t.test("a dict proxy: d[key], d[key] = v, d[key] = nil, #, pairs, tostring", function()
  local _, user = dict_user()
  local d = user.keywords
  t.eq(assoc.kind(d), "dict")
  d.sk1 = "kw1"
  d["sk2"] = "kw2"
  t.eq(#d, 2)
  t.eq(d.sk1, "kw1")
  t.eq(d.missing, nil)
  t.eq(tostring(d), "{'sk1': 'kw1', 'sk2': 'kw2'}")
  local seen = {}
  for k, v in pairs(d) do seen[#seen + 1] = k .. "=" .. v end
  t.same(seen, { "sk1=kw1", "sk2=kw2" })
  d.sk1 = "KW1" -- replaces
  t.eq(d.sk1, "KW1")
  d.sk1 = nil
  d.nothing = nil -- absent: no error
  t.same(d:keys(), { "sk2" })
  t.eq(user.user_keywords.sk2.special_key, "sk2", "the relationship dict follows")
end)

t.test("dict methods: get, contains, keys, values, items, put, delete, pop, setdefault, update, totable", function()
  local _, user = dict_user()
  local d = user.keywords
  d:put("a", "1")
  d:update { b = "2", c = "3" }                   -- a Lua table: keys sorted
  d:update { { "z", "26" }, { "y", "25" } }        -- pairs: in their order
  t.same(d:keys(), { "a", "b", "c", "z", "y" })
  t.same(d:values(), { "1", "2", "3", "26", "25" })
  t.eq(d:items()[4][1], "z")
  t.eq(d:items()[4][2], "26")
  t.eq(d:get("a"), "1")
  t.eq(d:get("nope", "dflt"), "dflt")
  t.ok(d:contains("c"))
  t.ok(not d:contains("1"), "contains looks at keys")
  t.eq(d:setdefault("a", "x"), "1")
  t.eq(d:setdefault("n", "new"), "new")
  t.eq(d.n, "new")
  t.eq(d:pop("z"), "26")
  d:delete("y")
  local plain = d:totable()
  t.eq(plain.a, "1")
  t.eq(plain.n, "new")
  t.eq(plain.z, nil)
  d:clear()
  t.eq(#d, 0)
end)

t.test("dict assignment and equality", function()
  local f, user = dict_user()
  user.keywords = { sk2 = "b", sk1 = "a" }
  t.same(user.keywords:keys(), { "sk1", "sk2" }, "a Lua table's keys sorted")
  user.keywords = { { "x", "1" }, { "w", "2" } }
  t.same(user.keywords:keys(), { "x", "w" }, "pairs in order")
  local other = f.session:add(f.User(f.session, { name = "ann" }))
  other.keywords = user.keywords
  t.ok(other.keywords == user.keywords, "the same pairs")
  other.keywords.x = "changed"
  t.ok(other.keywords ~= user.keywords)
  f.session:commit()
  t.eq(fixtures.count(f.engine, "user_keyword"), 4)
end)

t.test("collections stay in step with back_populates at once", function()
  local f = fixtures.keywords { collection = "dict" }
  local user = f.session:add(f.User(f.session, { name = "log" }))
  local uk = f.UserKeyword(f.session, { special_key = "k", keyword = "w" })
  uk.user = user
  t.ok(rawequal(user.user_keywords.k, uk))
  t.eq(user.keywords.k, "w")
  user.user_keywords.k = nil
  t.eq(uk.user, nil)
end)

t.test("list:index(v, i, j): 1-based inclusive bounds, negative from the end; bad bounds raise", function()
  local _, user = list_user()
  local kws = user.keywords
  kws:extend { "a", "b", "a", "c" }
  t.eq(kws:index("a"), 1)
  t.eq(kws:index("a", 2), 3)
  t.eq(kws:index("a", 2, 2), nil)
  t.eq(kws:index("c", -1), 4)
  t.eq(kws:index("b", 1, -3), 2)
  t.eq(kws:index("c", 1, 3), nil)
  t.eq(kws:index("a", 5), nil)
  t.raises(assoc.E.INVAL, nil, function() kws:index("a", 1.5) end)
end)

t.test("# and :empty() count a proxy's members without reading them: no getter runs", function()
  local reads = 0
  local f = fixtures.keywords { proxy = {
    getter = function(keyword) reads = reads + 1; return keyword.keyword end,
    setter = function(keyword, _, value) keyword.keyword = value end,
  } }
  local user = f.session:add(f.User(f.session, { name = "jek" }))
  t.ok(user.keywords:empty())
  t.eq(#user.keywords, 0)
  t.ok(user.kw:empty(), "a relationship collection too")
  user.kw:append(f.Keyword(f.session, { keyword = "a" }))
  user.kw:append(f.Keyword(f.session, { keyword = "b" }))
  t.eq(#user.keywords, 2)
  t.ok(not user.keywords:empty())
  t.eq(reads, 0, "counting read no member")
  -- from the database: the collection loads, no getter runs
  f.session:commit()
  f.session:close()
  local s = f.engine:session(f.model)
  local again = s:get(f.User, user.id)
  t.ok(not again.keywords:empty())
  t.eq(#again.keywords, 2)
  t.eq(reads, 0)
  t.eq(again.keywords[2], "b")
  t.eq(reads, 1, "reading a member does run the getter")
  -- sets and dicts
  local sf = fixtures.keywords { collection = "set" }
  local su = sf.session:add(sf.User(sf.session))
  t.ok(su.keywords:empty())
  su.keywords:add("x")
  t.ok(not su.keywords:empty())
  local _, du = dict_user()
  t.ok(du.keywords:empty())
  du.keywords.k = "v"
  t.ok(not du.keywords:empty())
end)

t.test("dict keys named like methods stay reachable: d:get(key), d[key] = v, pairs", function()
  local _, user = dict_user()
  local d = user.keywords
  d.get = "g" -- writes always put the key
  d.empty = "e"
  d.keys = "k"
  d:put("delete", "d")
  t.eq(type(d.get), "function", "a read of a method name is the method")
  t.eq(d:get("get"), "g")
  t.eq(d:get("empty"), "e")
  t.eq(d:get("keys"), "k")
  t.eq(d:get("delete"), "d")
  t.ok(d:contains("get"))
  t.same(d:keys(), { "get", "empty", "keys", "delete" })
  local seen = {}
  for k, v in pairs(d) do seen[k] = v end
  t.same(seen, { get = "g", empty = "e", keys = "k", delete = "d" })
  t.eq(d:totable().get, "g")
  d:delete("get")
  d.keys = nil
  t.same(d:keys(), { "empty", "delete" })
  t.eq(user.user_keywords:get("empty").special_key, "empty", "the relationship dict the same way")
end)

t.test("object attributes named like methods: the attribute wins, assoc.getattr/setattr reach attributes only", function()
  local model = assoc.model()
  model:table("job", { { "id", "integer", primary_key = true }, { "delete", "text" }, { "get", "integer" } })
  local Job = model:mapper("Job", "job")
  function Job.methods:delete() return "the method" end
  function Job.methods:describe() return "job " .. tostring(self.delete) end
  local engine = assoc.engine()
  engine:create_all(model)
  local s = engine:session(model)
  local job = s:add(Job(s, { delete = "soon", get = 3 }))
  t.eq(job.delete, "soon", "the column, not the method")
  t.eq(job.get, 3)
  t.eq(job:describe(), "job soon", "other methods are reached as usual")
  t.eq(Job.methods.delete(job), "the method", "the shadowed method through the mapper")
  t.eq(assoc.getattr(job, "delete"), "soon")
  assoc.setattr(job, "delete", "now")
  t.eq(job.delete, "now")
  s:commit()
  t.eq(engine:scalar('SELECT "delete" FROM job'), "now")
  t.raises(assoc.ENOTFOUND, "Job has no attribute 'describe'", function() assoc.getattr(job, "describe") end)
  t.raises(assoc.ENOTFOUND, "Job has no attribute 'nope'", function() assoc.setattr(job, "nope", 1) end)
  t.raises(assoc.EINVAL, "expected an assoc object", function() assoc.getattr("job", "delete") end)
end)

t.run()
