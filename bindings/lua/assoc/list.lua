--[[
assoc.list - list collections and list proxy views.

  #c, c[i], c[#c + 1] = v (append), c[i] = v (replace), ipairs(c), pairs(c)
  c[#c] = nil            remove the last member (nil elsewhere is an error: no holes)
  table.insert(c, [i,] v), table.remove(c [, i])   as c:insert and c:pop
  c:append(v)            c:insert(v) / c:insert(i, v)  (before position i)
  c:remove(v)            the first v; ASSOC_ENOTFOUND when absent
  c:pop([i])             remove and return the member at i (default: the last)
  c:index(v, i, j)       the first v among members i..j (both optional), or nil
                         (Python's list.index(v, start, stop) in Lua's terms:
                         1-based, j inclusive, negative from the end as in
                         string.sub; the bounds are clamped to the list)
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

function methods:index(v, i, j)
  if i == nil and j == nil then
    if not core.assoc_collection_contains(self, v) then return nil end
    return core.assoc_collection_index(self, v) + 1
  end
  for _, b in ipairs({ i or false, j or false }) do
    if b and math.type(b) ~= "integer" then
      errors.raise(E.INVAL, "list:index(v, i, j): expected integer bounds, got %s", math.type(b) or type(b))
    end
  end
  local n = len(self)
  local start, stop = i or 1, j or n
  if start < 0 then start = n + start + 1 end
  if stop < 0 then stop = n + stop + 1 end
  if start < 1 then start = 1 end
  if stop > n then stop = n end
  for k = start, stop do
    if at(self, k) == v then return k end
  end
  return nil
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

--[[
The table library on a list. Lua 5.4's table.insert(c, pos, v) and
table.remove(c, pos) shift members one assignment at a time (c[i + 1] = c[i]
... c[pos] = v); on a proxy each of those would rewrite a member's proxied
attribute, renaming rows, and the final c[#c] = nil would store NULL. So
__newindex asks who is assigning: at the first assignment of such a shift it
does the whole insert or remove at once, then ignores the rest of that call's
assignments (swallow[c] counts them). table.insert's pos and v are its own
arguments, read from its stack (debug.getlocal); when they don't look as
expected it raises before changing anything. table.sort and table.move
reorder by replacing members, which would rename rows too: refused.
]]
local getinfo, getlocal = debug and debug.getinfo, debug and debug.getlocal
local TINSERT, TREMOVE, TSORT, TMOVE = table.insert, table.remove, table.sort, table.move
local swallow = setmetatable({}, { __mode = "k" })

-- The C stack values of the function at level (its arguments, then temporaries), up to 4.
local function c_stack(level)
  local out, n = {}, 0
  for k = 1, 4 do
    local name, value = getlocal(level + 1, k)
    if name == nil then break end
    n = k
    out[k] = value
  end
  return out, n
end

local function out_of_range(i, n)
  errors.raise(E.RANGE, "position %d is out of range 1..%d (position %d appends)", i, n, n + 1)
end

-- c[i] = v from table.insert: true when handled. Only its shift's first write (i = #c + 1,
-- with pos and v on its stack) needs work; its appends take the ordinary path.
local function from_insert(c, i, n)
  local args, top = c_stack(3)
  if top == 4 and i == n + 1 and rawequal(args[1], c) then
    local pos = args[2]
    if math.type(pos) ~= "integer" or pos < 1 or pos > n then
      errors.raise(E.INVAL, "table.insert on a list: cannot read its position (use list:insert(pos, v))")
    end
    methods.insert(c, pos, args[3])
    swallow[c] = n + 1 - pos
    return true
  end
  if top <= 3 and i == n + 1 then return false end -- table.insert(c, v) or (c, #c + 1, v)
  errors.raise(E.INVAL, "table.insert on a list: unexpected assignment to position %d (use list:insert(pos, v))", i)
end

List.__newindex = function(c, i, v)
  if type(i) ~= "number" then
    errors.raise(E.INVAL, "cannot set field '%s' of a list (members are at positions 1..#list)", tostring(i))
  end
  if math.type(i) ~= "integer" then errors.raise(E.INVAL, "expected an integer position, got float") end
  local caller = getinfo and getinfo(2, "f").func
  local left = swallow[c]
  if left then
    swallow[c] = nil
    if caller == TINSERT or caller == TREMOVE then
      if left > 1 then swallow[c] = left - 1 end
      return
    end
  end
  local n = len(c)
  if caller == TINSERT then
    if from_insert(c, i, n) then return end
  elseif caller == TREMOVE and i >= 1 and i < n and rawequal(c_stack(2)[1], c) then
    -- the first of table.remove(c, i)'s shifts (c[i] = c[i + 1], nil for a NULL member): remove member i
    core.assoc_collection_pop(c, i - 1)
    swallow[c] = n - i
    return
  elseif (caller == TSORT or caller == TMOVE) and i <= n then
    errors.raise(E.INVAL, "%s cannot reorder a list in place (it would rewrite its members): "
      .. "reorder a copy (list:totable()) and assign it", caller == TSORT and "table.sort" or "table.move")
  end
  if v == nil then
    -- c[#c] = nil shrinks; nothing is at #c + 1 (nor at 0 of an empty list: table.remove({}))
    if i == n and n > 0 then return core.assoc_collection_pop(c, i - 1) end
    if i == n + 1 or (i == 0 and n == 0 and caller == TREMOVE) then return end
    if i >= 1 and i < n then
      errors.raise(E.INVAL, "cannot assign nil to position %d of a list of %d members (a list has no holes): "
        .. "use list:pop(%d) or table.remove(list, %d)", i, n, i, i)
    end
    out_of_range(i, n)
  end
  if i == n + 1 then return append(c, v) end
  if i < 1 or i > n then out_of_range(i, n) end
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
