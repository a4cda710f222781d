--[[
assoc.set - set collections and set proxy views.

  #s, s[i] (members in insertion order), ipairs(s), pairs(s)
  s:add(v)  s:discard(v)  s:remove(v) (ASSOC_ENOTFOUND when absent)
  s:contains(v)  s:clear()  s:totable()
  s:pop()                remove and return an arbitrary member (the first in
                         insertion order); ASSOC_ERANGE on an empty set
  s:union(vs)  s:intersection(vs)  s:difference(vs)  s:symmetric_difference(vs)
                         new Lua arrays; also s | vs, s & vs, s - vs, s ~ vs
  s:update(vs)  s:intersection_update(vs)  s:difference_update(vs)
  s:symmetric_difference_update(vs)          change s in place
  s:equals(vs)  s:issubset(vs)  s:issuperset(vs)  s:isdisjoint(vs)
  s:is_proper_subset(vs)  s:is_proper_superset(vs)
                         also s <= vs, s < vs, s >= vs, s > vs, s == other set

vs is a Lua array or another collection.
]]
local core = require "assoc.core"
local errors = require "assoc.errors"
local collection = require "assoc.collection"

local E = errors.E
local Set = collection.Set
local values_of = collection.values_of

local methods = collection.new_methods()

methods.add = core.assoc_collection_append

function methods:discard(v)
  core.assoc_collection_discard(self, v)
end

function methods:remove(v)
  core.assoc_collection_remove(self, v)
end

function methods:pop()
  if core.assoc_collection_len(self) == 0 then errors.raise(E.RANGE, "pop from an empty set") end
  local v = core.at(self, 1)
  core.assoc_collection_remove(self, v)
  return v
end

methods.totable = collection.totable

local OPS = {
  union = core.ASSOC_SET_UNION,
  intersection = core.ASSOC_SET_INTERSECTION,
  difference = core.ASSOC_SET_DIFFERENCE,
  symmetric_difference = core.ASSOC_SET_SYMMETRIC_DIFFERENCE,
}
for name, op in pairs(OPS) do
  methods[name] = function(self, values)
    return core.assoc_collection_set_op(self, op, values_of(values))
  end
  local update = name == "union" and "update" or name .. "_update"
  methods[update] = function(self, values)
    core.assoc_collection_set_update(self, op, values_of(values))
  end
end

local COMPARISONS = {
  equals = core.ASSOC_SET_EQUAL,
  issubset = core.ASSOC_SET_SUBSET,
  issuperset = core.ASSOC_SET_SUPERSET,
  is_proper_subset = core.ASSOC_SET_PROPER_SUBSET,
  is_proper_superset = core.ASSOC_SET_PROPER_SUPERSET,
  isdisjoint = core.ASSOC_SET_DISJOINT,
}
for name, cmp in pairs(COMPARISONS) do
  methods[name] = function(self, values)
    return core.assoc_collection_set_compare(self, cmp, values_of(values))
  end
end

Set.__index = core.collection_index(methods, "sequence") -- s[i], else a method

Set.__newindex = function(_, k)
  errors.raise(E.INVAL, "cannot set s[%s] of a set: use s:add(v) and s:discard(v)", tostring(k))
end

-- Operators: the set may be either operand (vs <= s is s >= vs).
local function operands(a, b)
  if collection.is_kind(a, collection.SET) then return a, b, false end
  return b, a, true
end

Set.__bor = function(a, b) local s, vs = operands(a, b); return s:union(vs) end
Set.__band = function(a, b) local s, vs = operands(a, b); return s:intersection(vs) end
Set.__bxor = function(a, b) local s, vs = operands(a, b); return s:symmetric_difference(vs) end
Set.__sub = function(a, b)
  local s, vs, swapped = operands(a, b)
  if swapped then errors.raise(E.INVAL, "array - set: make the array a set first") end
  return s:difference(vs)
end
Set.__le = function(a, b)
  local s, vs, swapped = operands(a, b)
  if swapped then return s:issuperset(vs) end
  return s:issubset(vs)
end
Set.__lt = function(a, b)
  local s, vs, swapped = operands(a, b)
  if swapped then return s:is_proper_superset(vs) end
  return s:is_proper_subset(vs)
end
Set.__eq = function(a, b)
  if not collection.is_kind(b, collection.SET) then return false end
  return a:equals(b)
end

return methods
