--[[
assoc.mapper - mappers (the seeds' classes): relationships, proxies, and
making objects.

  local User = model:mapper("User", "user")
  User:relationship("kw", { target = "Keyword", secondary = "user_keyword" })
  User:proxy("keywords", { "kw", "keyword",
    creator = function(owner, key, value) return Keyword(owner, { keyword = value }) end })
  local user = User(session, { name = "jek" })   -- or User:new(session, {...}), session:new(User, {...})
  function User.methods:greet() return "hi " .. self.name end   -- instance methods
  function User.methods:__tostring() return "User(" .. self.name .. ")" end

  User:column("bio", { deferred = true, group = "profile" })   -- loaded when first read

Column options (mapper:column(name, opts), before the model is configured; those
of assoc_mapper_column_options, SQLAlchemy's deferred()): deferred (a boolean:
the column is left out of queries and loads at its first read), group (a name:
reading one deferred column of a group loads all of them). A query's undefer /
undefer_group load them with its rows (assoc.query).

Relationship options are those of assoc_relationship_options: target (a
name or a mapper), secondary, foreign_keys, uselist, collection ("list",
"set", "dict"), dict_key, order_by, cascade, back_populates, backref,
backref_options (a table of the same), passive_updates, passive_deletes,
lazy ("select", "selectin", "joined", "noload", "raise").

Proxy options: target_collection and attr (or [1] and [2]), creator,
getter and setter (or getset_factory), proxy_bulk_set, unique,
cascade_scalar_deletes, create_on_none_assignment. Callbacks are Lua functions:
  creator(owner, key, value) -> a new object (key is nil except for dicts;
                                make it in owner's session: Mapper(owner, ...))
  getter(target) -> value      setter(target, key, value)
  getset_factory(kind) -> getter, setter     (kind "list", "set", "dict", "scalar")
  proxy_bulk_set(view, values, keys)         (whole-collection assignment)
An error a callback raises leaves the proxy unchanged and reaches the caller
as it was raised. The model keeps the functions as long as it lives.

Fields given to a constructor are set columns first (so that keys are in place
before the object joins a keyed collection), then the rest, each group by name.
]]
local core = require "assoc.core"
local errors = require "assoc.errors"
local object = require "assoc.object"
local expression = require "assoc.expression"

local E = errors.E
local mapper = {}

local Mapper = { __name = "assoc.Mapper" } -- __name: messages say "mapper:relationship"
Mapper.__index = Mapper

local COLUMN, RELATIONSHIP, PROXY = core.ASSOC_ATTR_COLUMN, core.ASSOC_ATTR_RELATIONSHIP, core.ASSOC_ATTR_PROXY
local KIND_NAMES = { [COLUMN] = "column", [RELATIONSHIP] = "relationship", [PROXY] = "proxy" }
local SCALAR = core.ASSOC_COLLECTION_SCALAR


function mapper.new(model, name, table_name)
  local m = setmetatable({
    name = name,
    model = model,
    ptr = core.assoc_mapper_new(model.registry, name, table_name),
    attrs = {},        -- name -> { ptr, name, kind, scalar }, filled at configure
    attr_names = {},   -- in the mapper's order
    scalar_attrs = {},     -- name -> assoc_attr (light userdata), for the C accessors
    collection_attrs = {}, -- the same, for collection relationships and proxies
    methods = {},      -- instance methods, looked up after attributes
  }, Mapper)
  -- attribute references for queries: User.c.name (assoc.expression)
  m.c = setmetatable({}, { __index = function(c, attr)
    local ref = expression.attribute_ref(m, attr)
    rawset(c, attr, ref)
    return ref
  end })
  object.setup_metatable(m)
  return m
end

function Mapper:__tostring()
  return "<Mapper " .. self.name .. ">"
end

local function target_name(target, what)
  if getmetatable(target) == Mapper then return target.name end
  if target ~= nil and type(target) ~= "string" then
    errors.raise(E.INVAL, "%s: the target must be a mapper or its name, not %s", what, type(target))
  end
  return target
end

-- The string-keyed options, target as a name (opts[1] may give the target).
local function relationship_options(opts, what)
  local o = {}
  for k, v in pairs(opts) do
    if type(k) == "string" then o[k] = v end
  end
  o.target = target_name(opts.target or opts[1], what)
  if opts.backref_options then o.backref_options = relationship_options(opts.backref_options, what) end
  return o
end

-- column(name, { deferred = true[, group = "g"] }): how the mapper maps a column of
-- its table (SQLAlchemy's deferred()): a deferred column is loaded at its first read
-- (with the rest of its group), unless a query undefers it. Before configure.
function Mapper:column(name, opts)
  core.assoc_mapper_set_column_options(self.ptr, name, opts or {})
  return self
end

function Mapper:relationship(name, opts)
  core.assoc_mapper_add_relationship(self.ptr, name, relationship_options(opts or {}, self.name .. "." .. name))
  return self
end

local function check_function(f, what)
  if f ~= nil and type(f) ~= "function" then
    errors.raise(E.INVAL, "%s must be a function, not %s", what, type(f))
  end
  return f
end

local PROXY_OPTIONS = {
  target_collection = true, attr = true, unique = true, cascade_scalar_deletes = true,
  create_on_none_assignment = true, creator = true, getter = true, setter = true,
  getset_factory = true, proxy_bulk_set = true,
}

function Mapper:proxy(name, opts)
  local what = self.name .. "." .. name
  local model = self.model
  local o = {
    target_collection = opts.target_collection or opts[1],
    attr = opts.attr or opts[2],
    unique = opts.unique,
    cascade_scalar_deletes = opts.cascade_scalar_deletes,
    create_on_none_assignment = opts.create_on_none_assignment,
  }
  for k in pairs(opts) do
    if type(k) == "string" and not PROXY_OPTIONS[k] then
      errors.raise(E.INVAL, "proxy %s: unknown option '%s'", what, k)
    end
  end
  local function callback(kind, f)
    return model:keep(core.callback(model.registry, kind, check_function(f, "proxy " .. what .. ": " .. kind)))
  end
  if opts.creator then o.creator = callback("creator", opts.creator) end
  local factory = opts.getset_factory
  if opts.getter or opts.setter then
    if factory or not (opts.getter and opts.setter) then
      errors.raise(E.INVAL, "proxy %s: give a getter and a setter together, or a getset_factory", what)
    end
    local getter = check_function(opts.getter, "proxy " .. what .. ": the getter")
    local setter = check_function(opts.setter, "proxy " .. what .. ": the setter")
    factory = function() return getter, setter end
  end
  if factory then o.getset_factory = callback("getset_factory", factory) end
  if opts.proxy_bulk_set then o.proxy_bulk_set = callback("proxy_bulk_set", opts.proxy_bulk_set) end
  core.assoc_mapper_add_proxy(self.ptr, name, o)
  return self
end

-- Called once the model is configured: resolve every attribute once, for the by-attr calls.
function Mapper:load_attributes()
  local attrs, names = self.attrs, self.attr_names
  for i = 1, core.assoc_mapper_attr_count(self.ptr) do
    local ptr = core.assoc_mapper_attr_at(self.ptr, i - 1)
    local name = core.assoc_attr_name(ptr)
    if not attrs[name] then
      local kind = core.assoc_attr_kind_of(ptr)
      local scalar = kind == COLUMN or core.assoc_attr_collection_kind(ptr) == SCALAR
        or (kind == PROXY and core.assoc_proxy_is_scalar(ptr))
      attrs[name] = { ptr = ptr, name = name, kind = KIND_NAMES[kind], scalar = scalar }
      names[#names + 1] = name
      local by_name = scalar and self.scalar_attrs or self.collection_attrs
      by_name[name] = core.pointer(ptr)
    end
  end
end

-- The attribute's record; ASSOC_ENOTFOUND naming the mapper when there is none.
function Mapper:attr(name)
  local a = self.attrs[name]
  if a then return a end
  if not self.model:is_configured() then
    errors.raise(E.STATE, "%s.%s: the model is not configured yet (model:configure())", self.name, tostring(name))
  end
  errors.raise(E.NOTFOUND, "%s has no attribute '%s'", self.name, tostring(name))
end

-- Mapper(ctx, fields), Mapper:new(ctx, fields): a new transient object in the session
-- ctx, or in the session of the object ctx (a creator's owner).
function Mapper:new(ctx, fields)
  local obj = core.object_new(ctx, self.ptr)
  if fields ~= nil then object.set_fields(obj, self, fields) end
  return obj
end
Mapper.__call = Mapper.new

mapper.Mapper = Mapper
return mapper
