--[[
assoc.list - list collections and list proxy views.

  #c, c[i], c[#c + 1] = v (append), c[i] = v (replace), ipairs(c), pairs(c)
  c:append(v)            c:insert(v) / c:insert(i, v)  (before position i)
  c:remove(v)            the first v; ASSOC_ENOTFOUND when absent
  c:pop([i])             remove and return the member at i (default: the last)
  c:index(v)             the position of the first v, or nil
  c:count(v)  c:contains(v)  c:extend(values)  c:clear()  c:totable()
  c:slice(i, j)          members i..j (inclusive; negative from the end, as
  c:set_slice(i, j, vs)    string.sub) as a Lua array; replace them with vs;
  c:delete_slice(i, j)     remove them
  c == other             the same members in the same order

Positions are 1-based; the core's are 0-based (c[i] is its i - 1). As for a
Lua array, ipairs stops at the first nil member (a proxy of NULL values):
pairs and numeric loops go on.
]]
local core = require "assoc.core"
local errors = require "assoc.errors"
local collection = require "assoc.collection"

local E = errors.E
local List = collection.List
local len, at = core.assoc_collection_len, core.at
local append, set = core.assoc_collection_append, core.assoc_collection_set

local methods = collection.new_methods()

methods.append = append

local function check_position(i, last)
  if math.type(i) ~= "integer" then
    errors.raise(E.INVAL, "expected an integer position, got %s", math.type(i) or type(i))
  end
  if i < 1 or i > last then errors.raise(E.RANGE, "position %d is out of range 1..%d", i, last) end
end

-- insert(v) appends, insert(i, v) inserts before position i (#c + 1 appends), as table.insert.
function methods:insert(...)
  local n = select("#", ...)
  if n == 1 then return append(self, (...)) end
  local i, v = ...
  check_position(i, len(self) + 1)
  core.assoc_collection_insert(self, i - 1, v)
end

function methods:remove(v)
  core.assoc_collection_remove(self, v)
end

function methods:pop(i)
  local n = len(self)
  if i == nil then i = n end
  if n == 0 then errors.raise(E.RANGE, "pop from an empty list") end
  check_position(i, n)
  return core.assoc_collection_pop(self, i - 1)
end

function methods:index(v)
  if not core.assoc_collection_contains(self, v) then return nil end
  return core.assoc_collection_index(self, v) + 1
end

function methods:count(v)
  return core.assoc_collection_count_of(self, v)
end

function methods:extend(values)
  core.assoc_collection_extend(self, collection.values_of(values))
end

methods.totable = collection.totable

function methods:slice(i, j)
  return core.assoc_collection_get_slice(self, collection.slice_bounds(i, j))
end

function methods:set_slice(i, j, values)
  local start, stop = collection.slice_bounds(i, j)
  core.assoc_collection_set_slice(self, start, stop, collection.values_of(values))
end

function methods:delete_slice(i, j)
  core.assoc_collection_delete_slice(self, collection.slice_bounds(i, j))
end

List.__index = core.collection_index(methods, "sequence") -- c[i], else a method

List.__newindex = function(c, i, v)
  if type(i) ~= "number" then
    errors.raise(E.INVAL, "cannot set field '%s' of a list (members are at positions 1..#list)", tostring(i))
  end
  local n = len(c)
  if i == n + 1 then return append(c, v) end
  check_position(i, n)
  set(c, i - 1, v)
end

List.__eq = function(a, b)
  if not collection.is_kind(b, collection.LIST) then return false end
  local n = len(a)
  if len(b) ~= n then return false end
  for i = 1, n do
    if at(a, i) ~= at(b, i) then return false end
  end
  return true
end

return methods
