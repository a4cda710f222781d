--[[
assoc.object - objects: userdata whose attributes read and write as fields.

  user.name = "jek"             a column (checked against its type)
  print(user.name)
  user.address = addr           a scalar relationship (back_populates kept in step)
  user.keywords:append("x")     a collection: list, set or dict (assoc.list, ...)
  user.keywords = { "a", "b" }  replace every member
  tostring(user)                "<User 1>", or the mapper's methods.__tostring
  pairs(user)                   attribute names and values, in the mapper's order

The same row is the same userdata while Lua holds it (rawequal identity).
An object keeps its session alive; session:close() detaches it instead: its
columns stay readable, loading anything fails with ASSOC_EDETACHED.
Unknown attribute names raise ASSOC_ENOTFOUND (for reads and writes).

Names: an object has no methods of its own (what it offers is in the module:
assoc.state(obj), assoc.session_of(obj), ...), so every attribute is a field,
whatever its name (a column "delete" is obj.delete). The mapper's methods
(User.methods) come after the attributes: a method named like an attribute is
User.methods.name(obj). assoc.getattr(obj, name) and assoc.setattr(obj, name,
v) reach attributes only, never a method.
]]
local core = require "assoc.core"
local errors = require "assoc.errors"
local collection = require "assoc.collection"

local E = errors.E
local object = {}

local collection_attr = core.assoc_object_collection_attr
local assign = collection.assign

local function unknown(mapper, name)
  return mapper:attr(name) -- raises, naming the mapper and the attribute
end

-- Complete the metatable of the mapper's objects: reads and writes of its attributes
-- run in C (core.object_accessors, over the mapper's attribute tables); the rest here.
function object.setup_metatable(mapper)
  local mt = core.object_metatable(mapper.ptr)
  local attrs, methods = mapper.attrs, mapper.methods
  mt.mapper = mapper
  mapper.metatable = mt -- the core module's cache of it is weak

  local function index_fallback(_, name)
    local m = methods[name]
    if m ~= nil then return m end
    unknown(mapper, name)
  end

  -- not a scalar: a collection takes a whole new set of members, or the name is unknown
  local function newindex_fallback(obj, name, value)
    local a = attrs[name] or unknown(mapper, name)
    assign(collection_attr(obj, a.ptr), value)
  end

  mt.__index, mt.__newindex = core.object_accessors(mapper.scalar_attrs, mapper.collection_attrs,
    index_fallback, newindex_fallback)

  mt.__tostring = function(obj)
    local custom = methods.__tostring
    if custom then return custom(obj) end
    return core.assoc_object_repr(obj)
  end

  mt.__pairs = function(obj)
    local names, i = mapper.attr_names, 0
    return function()
      i = i + 1
      local name = names[i]
      if name == nil then return nil end
      return name, obj[name]
    end, obj, nil
  end
end

-- Set fields on a new object: columns first, then relationships and proxies, each by name.
function object.set_fields(obj, mapper, fields)
  if type(fields) ~= "table" then
    errors.raise(E.INVAL, "%s fields must be a table of attribute = value, not %s", mapper.name, type(fields))
  end
  local k = next(fields)
  if k == nil then return end
  if next(fields, k) == nil then -- one field: nothing to order
    obj[k] = fields[k]
    return
  end
  local columns, others = {}, {}
  for name in pairs(fields) do
    local a = mapper.attrs[name] or unknown(mapper, name)
    local group = a.kind == "column" and columns or others
    group[#group + 1] = name
  end
  table.sort(columns)
  table.sort(others)
  for _, name in ipairs(columns) do obj[name] = fields[name] end
  for _, name in ipairs(others) do obj[name] = fields[name] end
end

-- ---- what objects cannot have as fields (those are their attributes) -------------------------

-- obj[name] of an attribute only: never one of the mapper's methods (for a name
-- that is data, e.g. a column read by name at run time).
function object.getattr(obj, name)
  object.mapper_of(obj):attr(name) -- raises ASSOC_ENOTFOUND for a name that is no attribute
  return obj[name]
end

-- obj[name] = value, of an attribute only.
function object.setattr(obj, name, value)
  object.mapper_of(obj):attr(name)
  obj[name] = value
end

-- The mapper of an object.
function object.mapper_of(obj)
  if not core.is_object(obj) then errors.raise(E.INVAL, "expected an assoc object, got %s", type(obj)) end
  return core.metatable_of(obj).mapper
end

-- "transient", "pending", "persistent", "deleted" or "detached".
function object.state(obj)
  return core.assoc_object_state_name(core.assoc_object_state_of(obj))
end

-- The object's session, or nil once detached.
function object.session_of(obj)
  return core.assoc_object_session(obj)
end

-- Python's del obj.name: a column or scalar becomes nil; a scalar proxy drops its
-- intermediary's value; a collection is emptied.
function object.unset(obj, name)
  core.assoc_object_unset(obj, name)
end

-- true when the attribute has changes not yet flushed.
function object.is_modified(obj, name)
  return core.assoc_object_is_modified(obj, name)
end

return object
