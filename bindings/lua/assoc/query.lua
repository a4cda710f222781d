--[[
assoc.query - queries.

  local q = session:query(User)
    :filter_by{ name = "jek" }                      -- AND name = 'jek' (keys by name)
    :where(User.c.special_keys:like("%jek"))       -- expressions (assoc.expression)
    :join(User.c.keywords)                         -- along a relationship, or both hops of a proxy
    :order_by("name", "desc")                      -- direction "asc" (the default) or "desc"
    :limit(10):offset(20)
    :defer("bio"):undefer("notes"):undefer_group("profile")   -- deferred columns (mapper:column)
  q:all()  q:first()  q:one()  q:count()  q:exists()  q:sql()  (tostring(q) is the SQL too)

defer(name, ...) leaves columns out of the rows (each loads at its first read);
undefer(name, ...) loads deferred columns (mapper:column) with the rows, and
undefer_group(group, ...) every column of a group.

A query keeps its session; results come through the session's identity map.
]]
local core = require "assoc.core"
local errors = require "assoc.errors"
local mapper = require "assoc.mapper"
local session = require "assoc.session"
local expression = require "assoc.expression"

local E = errors.E
local query = {}

local Query = {}
local query_mt = core.metatable("assoc.Query")
query_mt.__index = Query
local AttrRef = expression.AttrRef

-- ---- queries ------------------------------------------------------------------------------------------

-- session:query(Mapper): a query keeps its session (the core's query points at it).
function session.Session:query(m)
  if getmetatable(m) ~= mapper.Mapper then
    errors.raise(E.INVAL, "session:query expects a mapper, got %s", type(m))
  end
  local q = core.assoc_query_new(self, m.ptr)
  core.set_anchor(q, { session = self, mapper = m })
  return q
end

query_mt.__tostring = function(q)
  return core.assoc_query_sql(q)
end

-- filter_by{ name = value, ... } (by name) or filter_by(name, value)
function Query:filter_by(a, b)
  if type(a) == "string" then
    core.assoc_query_filter_by(self, a, b)
    return self
  end
  if type(a) ~= "table" then errors.raise(E.INVAL, "filter_by expects a table of name = value, not %s", type(a)) end
  local names = {}
  for k in pairs(a) do names[#names + 1] = k end
  table.sort(names)
  for _, k in ipairs(names) do core.assoc_query_filter_by(self, k, a[k]) end
  return self
end

-- where(expr, ...): AND each (used up by the query).
function Query:where(...)
  for i = 1, select("#", ...) do core.assoc_query_where(self, (select(i, ...))) end
  return self
end
Query.filter = Query.where

-- An attribute reference, an array of them (a proxy's .attr), or a name on the query's mapper.
local function each_ref(q, target, fn)
  if type(target) == "string" then
    target = core.anchor(q).mapper.c[target]
  end
  if getmetatable(target) == AttrRef then
    fn(q, target.mapper.ptr, target.name)
  elseif type(target) == "table" then
    for _, ref in ipairs(target) do each_ref(q, ref, fn) end
  else
    errors.raise(E.INVAL, "expected an attribute (Mapper.c.name) or its name, got %s", type(target))
  end
end

function Query:join(target)
  each_ref(self, target, core.assoc_query_join)
  return self
end

function Query:selectinload(target)
  each_ref(self, target, core.assoc_query_selectinload)
  return self
end

-- defer(name, ...): leave columns out of the rows (loaded when first read);
-- undefer(name, ...): load deferred columns with the rows; undefer_group(group, ...): every column of a group.
function Query:defer(...)
  for i = 1, select("#", ...) do core.assoc_query_defer(self, (select(i, ...))) end
  return self
end

function Query:undefer(...)
  for i = 1, select("#", ...) do core.assoc_query_undefer(self, (select(i, ...))) end
  return self
end

function Query:undefer_group(...)
  for i = 1, select("#", ...) do core.assoc_query_undefer_group(self, (select(i, ...))) end
  return self
end

local DIRECTIONS = { asc = 0, desc = 1 }

function Query:order_by(name, direction)
  local desc = DIRECTIONS[direction == nil and "asc" or direction]
  if not desc then
    errors.raise(E.INVAL, "order_by direction must be \"asc\" or \"desc\", not %s", tostring(direction))
  end
  core.assoc_query_order_by(self, name, desc)
  return self
end

function Query:limit(n) core.assoc_query_limit(self, n); return self end
function Query:offset(n) core.assoc_query_offset(self, n); return self end

-- Every object, as a Lua array.
function Query:all() return core.assoc_query_all(self) end
-- The first object, or nil.
function Query:first() return core.assoc_query_first(self) end
-- Exactly one: ASSOC_ENORESULT for none, ASSOC_EMULTIPLE for several.
function Query:one() return core.assoc_query_one(self) end
function Query:count() return core.assoc_query_count(self) end
function Query:exists() return core.assoc_query_exists(self) end
function Query:sql() return core.assoc_query_sql(self) end

return query
