-- Values: Lua values to column types and back, type errors naming the
-- attribute, defaults, objects as values, and what is not a value.
local assoc = require "assoc"
local t = require "harness"

local E = assoc.E

local function open()
  local model = assoc.model()
  model:table("item", {
    { "id", "integer", primary_key = true },
    { "i", "integer" }, { "r", "real" }, { "s", "text" }, { "b", "blob" },
    { "flag", "boolean" }, { "n", "numeric" }, { "d", "datetime" },
    { "note", "text", default = "none" }, { "count", "integer", default = 7 },
    { "owner_id", "integer", foreign_key = "owner.id" },
  })
  model:table("owner", { { "id", "integer", primary_key = true } })
  local Item, Owner = model:mapper("Item", "item"), model:mapper("Owner", "owner")
  Item:relationship("owner", { target = Owner, backref = "items" })
  local engine = assoc.engine()
  engine:create_all(model)
  return engine:session(model), Item, Owner, engine
end

-- Store v in attribute name, commit, and read it back from a fresh load.
local function roundtrip(session, Item, name, v)
  local item = session:add(Item(session, { [name] = v }))
  session:commit()
  session:expire(item)
  return item[name], item
end

t.test("integers, floats and text round-trip with their Lua types", function()
  local s, Item = open()
  for _, v in ipairs { 0, 1, -1, 42, math.maxinteger, math.mininteger } do
    local got = roundtrip(s, Item, "i", v)
    t.eq(got, v)
    t.eq(math.type(got), "integer")
  end
  local got = roundtrip(s, Item, "r", 2.5)
  t.eq(got, 2.5)
  got = roundtrip(s, Item, "r", 3) -- an integer into REAL becomes a float
  t.eq(math.type(got), "float")
  t.eq(got, 3.0)
  for _, v in ipairs { "", "plain", "ünïcødé ✓", "with\0nul", ("x"):rep(100000) } do
    t.eq(roundtrip(s, Item, "s", v), v)
  end
end)

t.test("blobs go in as assoc.blob and come back as strings, bytes intact", function()
  local s, Item = open()
  local bytes = "\0\1\2\255binary\0"
  t.eq(roundtrip(s, Item, "b", assoc.blob(bytes)), bytes)
  t.raises(E.TYPE, "Item.b", function() Item(s, { b = "text is not a blob" }) end)
  t.raises(E.TYPE, "Item.s", function() Item(s, { s = assoc.blob("a blob is not text") }) end)
end)

t.test("booleans are 0 and 1; other integers are refused", function()
  local s, Item = open()
  t.eq(roundtrip(s, Item, "flag", true), 1)
  t.eq(roundtrip(s, Item, "flag", false), 0)
  t.eq(roundtrip(s, Item, "flag", 1), 1)
  local item = Item(s)
  local err = t.raises(E.TYPE, "Item.flag is BOOLEAN: 2 is neither 0 nor 1", function() item.flag = 2 end)
  t.eq(err.name, "ASSOC_ETYPE")
  t.eq(item.flag, nil, "the failed write changed nothing")
end)

t.test("numeric and datetime columns", function()
  local s, Item = open()
  t.eq(roundtrip(s, Item, "n", 12), 12)
  t.eq(roundtrip(s, Item, "n", 1.25), 1.25)
  t.eq(roundtrip(s, Item, "n", "12.50"), 12.5) -- SQLite's NUMERIC affinity makes it a number
  t.raises(E.TYPE, "Item.n", function() Item(s, { n = "twelve" }) end)
  t.eq(roundtrip(s, Item, "d", "2024-01-02 03:04:05"), "2024-01-02 03:04:05")
  t.eq(roundtrip(s, Item, "d", "2024-01-02"), "2024-01-02")
  t.raises(E.TYPE, "Item.d", function() Item(s, { d = "yesterday" }) end)
end)

t.test("a value of the wrong type fails naming the attribute, and changes nothing", function()
  local s, Item = open()
  local item = s:add(Item(s, { i = 1, s = "one" }))
  t.raises(E.TYPE, "Item.i", function() item.i = "one" end)
  t.raises(E.TYPE, "Item.s", function() item.s = 1 end)
  t.raises(E.TYPE, "Item.i", function() item.i = 1.5 end)
  t.eq(item.i, 1)
  t.eq(item.s, "one")
  s:commit()
  t.eq(item.i, 1)
end)

t.test("Lua values that are not values are refused with ASSOC_ETYPE", function()
  local s, Item, Owner = open()
  local item = Item(s)
  t.raises(E.TYPE, "cannot pass a table as a value", function() item.s = {} end)
  t.raises(E.TYPE, "cannot pass a function as a value", function() item.s = print end)
  t.raises(E.TYPE, "cannot pass a thread as a value", function() item.s = coroutine.create(print) end)
  t.raises(E.TYPE, "cannot pass an assoc handle or collection", function() item.s = s end)
  t.raises(E.TYPE, "cannot pass an assoc handle or collection", function() item.s = Owner(s).items end)
  t.raises(E.TYPE, "cannot pass a userdata", function() item.s = io.stdout end)
  t.raises(E.TYPE, "an object", function() item.s = Owner(s) end)
end)

t.test("nil stores NULL; defaults fill what was never set", function()
  local s, Item = open()
  local item = s:add(Item(s, { s = "x" }))
  item.s = nil
  s:commit()
  s:expire(item)
  t.eq(item.s, nil)
  t.eq(item.note, "none")
  t.eq(item.count, 7)
  local explicit = s:add(Item(s, { note = "mine", count = nil }))
  s:commit()
  t.eq(explicit.note, "mine")
end)

t.test("objects are the values of scalar relationships", function()
  local s, Item, Owner = open()
  local owner = Owner(s)
  local item = s:add(Item(s, { owner = owner }))
  t.ok(rawequal(item.owner, owner))
  t.ok(rawequal(owner.items[1], item), "the backref is in step at once")
  s:commit()
  t.eq(item.owner_id, owner.id)
  t.raises(E.TYPE, nil, function() item.owner = Item(s) end)
  t.raises(E.TYPE, nil, function() item.owner = "not an object" end)
  t.ok(rawequal(item.owner, owner))
  item.owner = nil
  t.eq(#owner.items, 0)
end)

t.test("engine:scalar binds parameters of every kind", function()
  local _, _, _, engine = open()
  t.eq(engine:scalar("SELECT ?1 + ?2", { 40, 2 }), 42)
  t.eq(engine:scalar("SELECT ?1", { 1.5 }), 1.5)
  t.eq(engine:scalar("SELECT ?1 || ?2", { "a", "b" }), "ab")
  t.eq(engine:scalar("SELECT typeof(?1)", { assoc.blob("x") }), "blob")
  t.eq(engine:scalar("SELECT ?1 IS NULL", { nil }), 1)
  t.eq(engine:scalar("SELECT ?1", { true }), 1)
  t.raises(E.DB, nil, function() engine:scalar("SELEKT 1") end)
end)

t.test("pairs(obj) walks the attributes in the mapper's order", function()
  local s, Item = open()
  local item = Item(s, { i = 3, s = "x" })
  local names, values = {}, {}
  for k, v in pairs(item) do
    names[#names + 1] = k
    values[k] = v
  end
  t.eq(names[1], "id")
  t.eq(values.i, 3)
  t.eq(values.s, "x")
  t.ok(assoc.is_collection(values.items) == false and values.owner == nil)
end)

t.run()
