--[[
assoc.collection - what list, set and dict collections share.

A collection is the userdata of a relationship collection or a proxy view
(user.kw, user.keywords): there is one per owner and attribute, and it keeps
its owner alive. Positions are 1-based as in Lua: c[i] is the core's
position i - 1. Lists and sets are sequences (#, c[i], ipairs, pairs give
position and member; sets keep insertion order); dicts map keys to values
(pairs gives key and value in insertion order). tostring gives the Python
form the seeds print: ['a', 'b'], {'a', 'b'}, {'k': 'v'}.

#c and c:empty() count the members without reading them: no proxy getter
runs.

Methods come before members in c[k]: to read a dict's key that is also a
method name ("get", "keys", "empty", ...) use d:get(key) (d[key] = v and
d:put(key, v) always write the key).
]]
local core = require "assoc.core"
local errors = require "assoc.errors"
local printing = require "assoc.printing"

local collection = {}

local E = errors.E
local is_collection, is_object = core.is_collection, core.is_object
local len, at, key_at = core.assoc_collection_len, core.at, core.assoc_collection_key_at
local kind_of = core.assoc_collection_kind_of

local LIST, SET, DICT = core.ASSOC_COLLECTION_LIST, core.ASSOC_COLLECTION_SET, core.ASSOC_COLLECTION_DICT
collection.LIST, collection.SET, collection.DICT = LIST, SET, DICT

collection.List = core.metatable("assoc.List")
collection.Set = core.metatable("assoc.Set")
collection.Dict = core.metatable("assoc.Dict")

local KIND_NAMES = { [LIST] = "list", [SET] = "set", [DICT] = "dict" }

-- "list", "set" or "dict".
function collection.kind(c)
  return KIND_NAMES[kind_of(c)]
end

-- true when x is a collection of kind (LIST, SET or DICT).
function collection.is_kind(x, kind)
  return is_collection(x) and kind_of(x) == kind
end

-- The members (list, set) or values (dict) as a new Lua array.
function collection.totable(c)
  local out = {}
  for i = 1, len(c) do out[i] = at(c, i) end
  return out
end

-- The dict's keys as a new Lua array, in insertion order.
function collection.keys(c)
  local out = {}
  for i = 1, len(c) do out[i] = key_at(c, i - 1) end
  return out
end

-- A sequence argument: a Lua array as it is, a collection's members, nil as none.
function collection.values_of(x)
  if x == nil then return {} end
  if is_collection(x) then return collection.totable(x) end
  if type(x) ~= "table" then
    errors.raise(E.INVAL, "expected a Lua array or a collection, got %s", is_object(x) and "an object" or type(x))
  end
  return x
end

-- Keys sort numbers first, then strings, then the rest by their text.
local TYPE_ORDER = { number = 1, string = 2 }
local function key_less(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return (TYPE_ORDER[ta] or 3) < (TYPE_ORDER[tb] or 3) end
  if ta == "number" or ta == "string" then return a < b end
  return tostring(a) < tostring(b)
end
collection.key_less = key_less

--[[
A mapping argument as two arrays, keys and values: a dict collection (its
order), an array of { key, value } pairs (their order), or a Lua table
{ key = value } (keys sorted, as a Lua table has no order).
]]
function collection.pairs_of(x)
  local keys, values = {}, {}
  if x == nil then return keys, values end
  if is_collection(x) then
    if kind_of(x) ~= DICT then errors.raise(E.INVAL, "expected a mapping, got a %s", collection.kind(x)) end
    return collection.keys(x), collection.totable(x)
  end
  if type(x) ~= "table" then errors.raise(E.INVAL, "expected a table of keys and values, got %s", type(x)) end
  local first = x[1]
  if type(first) == "table" and not is_collection(first) and #x > 0 then
    for i, kv in ipairs(x) do keys[i], values[i] = kv[1], kv[2] end
    return keys, values
  end
  for k in pairs(x) do keys[#keys + 1] = k end
  table.sort(keys, key_less)
  for i, k in ipairs(keys) do values[i] = x[k] end
  return keys, values
end

-- ---- the methods every kind has -----------------------------------------------------------

local common = {}

function common:contains(v) -- a dict: whether v is a key
  return core.assoc_collection_contains(self, v)
end

-- true when there are no members: the count, without reading any member
-- (no getter runs; a collection not loaded yet is loaded, as # does).
function common:empty()
  return len(self) == 0
end

function common:clear()
  core.assoc_collection_clear(self)
end

function common:is_proxy()
  return core.assoc_collection_is_proxy(self)
end

function common:owner()
  return core.assoc_collection_owner(self)
end

common.kind = collection.kind

-- A new method table for one kind: the common methods, for it to add its own to.
function collection.new_methods()
  local methods = {}
  for name, fn in pairs(common) do methods[name] = fn end
  return methods
end

-- Replace every member (whole-collection assignment: user.keywords = {...}).
function collection.assign(c, value)
  if kind_of(c) == DICT then
    local keys, values = collection.pairs_of(value)
    core.assoc_collection_assign(c, keys, values)
  else
    core.assoc_collection_assign(c, nil, collection.values_of(value))
  end
end

-- ---- the metamethods lists and sets share ----------------------------------------------

local function sequence_pairs(c)
  local i = 0
  return function()
    i = i + 1
    local v = at(c, i)
    if v == nil and i > len(c) then return nil end
    return i, v
  end, c, nil
end

-- Python's text: ['a', 'b'] for a list, {'a', 'b'} for a set; members by repr.
local function sequence_tostring(c)
  local parts = {}
  for i = 1, len(c) do parts[i] = printing.repr(at(c, i)) end
  local open, close = "[", "]"
  if kind_of(c) == SET then open, close = "{", "}" end
  return open .. table.concat(parts, ", ") .. close
end

for _, mt in ipairs { collection.List, collection.Set } do
  mt.__len = core.len
  mt.__pairs = sequence_pairs
  mt.__tostring = sequence_tostring
end

-- Python-style Lua ranges to the core's slices: i..j inclusive, 1-based,
-- negative counting from the end (as string.sub); nil means that end.
local PMAX = math.maxinteger
function collection.slice_bounds(i, j)
  local start, stop
  if i == nil or i == 0 then start = 0 elseif i > 0 then start = i - 1 else start = i end
  if j == nil or j == -1 then stop = PMAX elseif j >= 0 then stop = j else stop = j + 1 end
  return start, stop
end

return collection
