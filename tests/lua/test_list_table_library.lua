-- Issue 9: the table library and nil assignments on list proxies. Lua 5.4's
-- table.insert / table.remove shift members by assignment (c[i + 1] = c[i]);
-- on a proxy that used to rename rows and leave NULL members. Each case must
-- insert, remove or shrink as a Lua programmer means, or raise before
-- changing anything. Checked in memory and in the database after commit (the
-- many-to-many has no order column, so the order is checked in memory).
local assoc = require "assoc"
local t = require "harness"
local fixtures = require "fixtures"

local function sorted(list)
  local out = {}
  for i, v in ipairs(list) do out[i] = v end
  table.sort(out)
  return out
end

-- Every keyword row as id=keyword, by id.
local ROWS = "SELECT coalesce(group_concat(id || '=' || coalesce(keyword, '<NULL>'), ','), '') FROM (SELECT * FROM keyword ORDER BY id)"

-- A committed user whose keywords are initial; returns f, user and each keyword row's name by id.
local function committed(initial)
  local f = fixtures.keywords()
  local user = f.session:add(f.User(f.session, { name = "jek", keywords = initial }))
  f.session:commit()
  return f, user, f.engine:scalar(ROWS)
end

-- After commit: the user's linked keywords are want (any order), no NULL keyword,
-- every row that existed before keeps its name, and there are rows more than before.
local function check_db(f, user, rows_before, want, rows_added)
  f.session:commit()
  local e = f.engine
  t.eq(e:scalar("SELECT count(*) FROM keyword WHERE keyword IS NULL"), 0, "no NULL keyword")
  local linked = e:scalar(("SELECT coalesce(group_concat(keyword, ','), '') FROM (SELECT k.keyword FROM keyword k "
    .. "JOIN user_keyword uk ON uk.keyword_id = k.id WHERE uk.user_id = %d ORDER BY k.keyword)"):format(user.id))
  t.eq(linked, table.concat(sorted(want), ","), "the linked rows")
  local now = e:scalar(ROWS)
  t.eq(now:sub(1, #rows_before), rows_before, "no row renamed")
  local _, before = rows_before:gsub("=", "")
  t.eq(fixtures.count(e, "keyword"), before + rows_added, "no stray row")
  t.same(sorted(user.keywords:totable()), sorted(want), "reloaded")
end

local function case(name, initial, op, want, rows_added)
  t.test(name, function()
    local f, user, rows = committed(initial)
    local result = op(user.keywords)
    t.same(user.keywords:totable(), want, "in memory")
    check_db(f, user, rows, want, rows_added)
    return result
  end)
end

case("table.insert(c, v) appends", { "a", "b" }, function(c) table.insert(c, "x") end, { "a", "b", "x" }, 1)
case("table.insert(c, #c + 1, v) appends", { "a", "b" }, function(c) table.insert(c, #c + 1, "x") end,
  { "a", "b", "x" }, 1)
case("table.insert(c, v) with v the last value appends a duplicate", { "a", "b" },
  function(c) table.insert(c, "b") end, { "a", "b", "b" }, 1)
case("table.insert(c, 1, v) inserts at the front", { "a", "b", "c" }, function(c) table.insert(c, 1, "x") end,
  { "x", "a", "b", "c" }, 1)
case("table.insert(c, 2, v) inserts in the middle", { "a", "b", "c" }, function(c) table.insert(c, 2, "x") end,
  { "a", "x", "b", "c" }, 1)
case("table.insert(c, #c, v) inserts before the last", { "a", "b", "c" },
  function(c) table.insert(c, #c, "x") end, { "a", "b", "x", "c" }, 1)
case("table.insert(c, 1, v) into a one-member list", { "a" }, function(c) table.insert(c, 1, "a") end,
  { "a", "a" }, 1)
case("table.insert twice in a row", { "a", "b" }, function(c)
  table.insert(c, 1, "x")
  table.insert(c, 3, "y")
end, { "x", "a", "y", "b" }, 2)
case("table.insert into an empty list", {}, function(c) table.insert(c, 1, "x") end, { "x" }, 1)

t.test("table.remove returns the member it removes", function()
  local f, user, rows = committed { "a", "b", "c", "d" }
  local c = user.keywords
  t.eq(table.remove(c), "d", "the last")
  t.same(c:totable(), { "a", "b", "c" })
  t.eq(table.remove(c, 1), "a", "the first")
  t.same(c:totable(), { "b", "c" })
  t.eq(table.remove(c, 1), "b")
  t.eq(table.remove(c, 1), "c")
  t.eq(#c, 0)
  t.eq(table.remove(c), nil, "from an empty list: nil, as for a table")
  t.eq(table.remove(c, 1), nil, "position #c + 1 of an empty list")
  check_db(f, user, rows, {}, 0)
end)
case("table.remove(c) removes the last", { "a", "b", "c" }, function(c) table.remove(c) end, { "a", "b" }, 0)
case("table.remove(c, #c) removes the last", { "a", "b", "c" }, function(c) table.remove(c, #c) end, { "a", "b" }, 0)
case("table.remove(c, 1) removes the first", { "a", "b", "c" }, function(c) table.remove(c, 1) end, { "b", "c" }, 0)
case("table.remove(c, 2) removes from the middle", { "a", "b", "c", "d" }, function(c)
  t.eq(table.remove(c, 2), "b")
end, { "a", "c", "d" }, 0)
case("table.remove(c, #c + 1) removes nothing", { "a", "b" }, function(c)
  t.eq(table.remove(c, #c + 1), nil)
end, { "a", "b" }, 0)
case("table.remove of a duplicate value removes that position", { "a", "b", "a", "b" }, function(c)
  t.eq(table.remove(c, 3), "a")
end, { "a", "b", "b" }, 0)

case("c[#c] = nil removes the last", { "a", "b", "c" }, function(c) c[#c] = nil end, { "a", "b" }, 0)
case("c[#c] = nil down to empty", { "a", "b" }, function(c)
  c[#c] = nil
  c[#c] = nil
end, {}, 0)
case("c[#c + 1] = v appends", { "a", "b" }, function(c) c[#c + 1] = "x" end, { "a", "b", "x" }, 1)
case("c[#c + 1] = nil does nothing", { "a", "b" }, function(c) c[#c + 1] = nil end, { "a", "b" }, 0)
t.test("c[i] = v sets member i's proxied value (SQLAlchemy's __setitem__), an explicit rename", function()
  local f, user = committed { "a", "b", "c" }
  user.keywords[2] = "x"
  t.same(user.keywords:totable(), { "a", "x", "c" })
  f.session:commit()
  t.eq(f.engine:scalar(ROWS), "1=a,2=x,3=c")
end)

-- Raising cases: an error naming the position, and nothing changed.
local function refused(name, initial, pattern, op)
  t.test(name, function()
    local f, user, rows = committed(initial)
    t.raises(nil, pattern, op, user.keywords)
    t.same(user.keywords:totable(), initial, "unchanged in memory")
    check_db(f, user, rows, initial, 0)
  end)
end

refused("c[i] = nil in the middle is an error", { "a", "b", "c" }, "position 2", function(c) c[2] = nil end)
refused("c[1] = nil of a longer list is an error", { "a", "b" }, "position 1", function(c) c[1] = nil end)
refused("c[0] = v is an error", { "a", "b" }, "position 0", function(c) c[0] = "x" end)
refused("c[0] = nil is an error", { "a", "b" }, "position 0", function(c) c[0] = nil end)
refused("c[#c + 2] = v is an error", { "a", "b" }, "position 4", function(c) c[#c + 2] = "x" end)
refused("c[-1] = v is an error", { "a", "b" }, "position -1", function(c) c[-1] = "x" end)
refused("table.insert(c, 0, v) is an error", { "a", "b" }, "out of bounds", function(c) table.insert(c, 0, "x") end)
refused("table.insert(c, #c + 2, v) is an error", { "a", "b" }, "out of bounds",
  function(c) table.insert(c, #c + 2, "x") end)
refused("table.remove(c, 0) of a non-empty list is an error", { "a", "b" }, "out of bounds",
  function(c) table.remove(c, 0) end)
refused("table.remove(c, #c + 2) is an error", { "a", "b" }, "out of bounds",
  function(c) table.remove(c, #c + 2) end)
refused("table.sort would rename rows: refused", { "c", "a", "b" }, "table.sort", function(c) table.sort(c) end)
refused("table.move within the list would rename rows: refused", { "a", "b", "c" }, "table.move",
  function(c) table.move(c, 1, 2, 2) end)

t.test("a NULL member (a proxy of a nullable column) shifts like any other", function()
  local f, user = committed { "a", "b" }
  local c = user.keywords
  c:insert(2, nil)
  t.eq(#c, 3)
  t.eq(table.remove(c, 1), "a", "the shift's first write is the NULL member")
  t.eq(#c, 2)
  t.eq(c[1], nil)
  t.eq(c[2], "b")
  table.insert(c, 1, "x")
  t.eq(#c, 3)
  t.eq(c[1], "x")
  t.eq(c[2], nil)
  t.eq(c[3], "b")
  f.session:commit()
  t.eq(f.engine:scalar(ROWS), "1=a,2=b,3=<NULL>,4=x", "no row renamed; the NULL one is the one inserted")
  t.eq(f.engine:scalar("SELECT count(*) FROM keyword WHERE keyword IS NULL"), 1)
  t.eq(fixtures.count(f.engine, "user_keyword"), 3)
end)

t.test("a creator that raises in table.insert leaves the list as it was", function()
  local refuse = false
  local f
  f = fixtures.keywords { creator = function(owner, _, value)
    if refuse then error("creator refuses " .. value) end
    return f.Keyword(owner, { keyword = value })
  end }
  local user = f.session:add(f.User(f.session, { name = "jek", keywords = { "a", "b" } }))
  f.session:commit()
  refuse = true
  t.raises(nil, "creator refuses x", function() table.insert(user.keywords, 1, "x") end)
  t.same(user.keywords:totable(), { "a", "b" })
  user.keywords[2] = "B" -- no assignment is left to ignore
  t.same(user.keywords:totable(), { "a", "B" })
  f.session:commit()
  t.eq(f.engine:scalar(ROWS), "1=a,2=B")
end)

t.test("table.move from a Lua array onto the end appends", function()
  local f, user, rows = committed { "a" }
  table.move({ "x", "y" }, 1, 2, #user.keywords + 1, user.keywords)
  t.same(user.keywords:totable(), { "a", "x", "y" })
  check_db(f, user, rows, { "a", "x", "y" }, 2)
end)

t.test("a relationship list (not a proxy): table.insert and table.remove move its objects", function()
  local f, user = committed { "a", "b", "c" }
  local kw = user.kw
  local a, b, c = kw[1], kw[2], kw[3]
  local x = f.Keyword(f.session, { keyword = "x" })
  table.insert(kw, 2, x)
  t.ok(rawequal(kw[1], a) and rawequal(kw[2], x) and rawequal(kw[3], b) and rawequal(kw[4], c))
  t.eq(table.remove(kw, 1), a)
  t.ok(rawequal(kw[1], x) and rawequal(kw[2], b) and rawequal(kw[3], c))
  t.eq(#kw, 3)
  kw[#kw] = nil
  t.same(user.keywords:totable(), { "x", "b" })
  t.raises(nil, "position 1", function() kw[1] = nil end)
  f.session:commit()
  t.same(sorted(user.keywords:totable()), { "b", "x" })
  t.eq(fixtures.count(f.engine, "user_keyword"), 2)
  t.eq(f.engine:scalar("SELECT group_concat(keyword, ',') FROM (SELECT keyword FROM keyword ORDER BY id)"), "a,b,c,x")
end)

t.run()
