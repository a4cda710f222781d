--[[
assoc.dict - dict collections (attribute_keyed_dict) and dict proxy views.

  d[key]                 the value, or nil        d[key] = v   put v under key
  d[key] = nil           remove key (nothing when absent)
  #d                     the number of keys       pairs(d)     key, value in insertion order
  d:get(key[, default])  d:contains(key)  d:keys()  d:values()  d:items() ({key, value} pairs)
  d:put(key, v)          d:delete(key) (ASSOC_ENOTFOUND when absent)
  d:pop(key[, default])  remove and return the value (ASSOC_ENOTFOUND when absent, no default)
  d:setdefault(key, v)   the value under key, putting v there first if absent
  d:update(mapping)      put every pair: a Lua table (keys sorted), an array of
                         {key, value} pairs, or another dict
  d:clear()  d:totable() (a plain Lua table)   d == other: the same pairs

A key that is also a method name ("get", "keys", ...) reads as the method: use d:get(key).
]]
local core = require "assoc.core"
local printing = require "assoc.printing"
local collection = require "assoc.collection"

local Dict = collection.Dict
local len, at, key_at, lookup = core.assoc_collection_len, core.at, core.assoc_collection_key_at, core.lookup

local methods = collection.new_methods()

function methods:get(key, default)
  local v = lookup(self, key)
  if v == nil then return default end
  return v
end

methods.keys = collection.keys
methods.values = collection.totable

function methods:items()
  local out = {}
  for i = 1, len(self) do out[i] = { key_at(self, i - 1), at(self, i) } end
  return out
end

function methods:put(key, v)
  core.assoc_collection_put(self, key, v)
end

function methods:delete(key)
  core.assoc_collection_delete_key(self, key)
end

function methods:pop(key, ...)
  if select("#", ...) > 0 and not core.assoc_collection_contains(self, key) then return (...) end
  return core.assoc_collection_pop_key(self, key)
end

function methods:setdefault(key, default)
  return core.assoc_collection_setdefault(self, key, default)
end

function methods:update(mapping)
  local keys, values = collection.pairs_of(mapping)
  core.assoc_collection_update(self, keys, values)
end

function methods:totable()
  local out = {}
  for i = 1, len(self) do out[key_at(self, i - 1)] = at(self, i) end
  return out
end

Dict.__index = core.collection_index(methods, "dict") -- methods first, then d:get(key)

Dict.__newindex = function(d, key, v)
  if v == nil then
    if core.assoc_collection_contains(d, key) then core.assoc_collection_delete_key(d, key) end
    return
  end
  core.assoc_collection_put(d, key, v)
end

Dict.__len = core.len

Dict.__pairs = function(d)
  local i = 0
  return function()
    i = i + 1
    if i > len(d) then return nil end
    return key_at(d, i - 1), at(d, i)
  end, d, nil
end

Dict.__tostring = function(d)
  local parts = {}
  for i = 1, len(d) do
    parts[i] = printing.repr(key_at(d, i - 1)) .. ": " .. printing.repr(at(d, i))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

Dict.__eq = function(a, b)
  if not collection.is_kind(b, collection.DICT) then return false end
  local n = len(a)
  if len(b) ~= n then return false end
  for i = 1, n do
    local k = key_at(a, i - 1)
    if not core.assoc_collection_contains(b, k) or lookup(b, k) ~= at(a, i) then return false end
  end
  return true
end

return methods
