--[[
assoc.schema - models (the core's registry) and their tables.

  local model = assoc.model{ naming_convention = { fk = "fk_%(table_name)s_%(column_0_name)s" } }
  model:table("user_keyword", {
    { "user_id", "integer", foreign_key = "user.id", primary_key = true },
    { "keyword_id", foreign_key = "keyword.id", primary_key = true },  -- type inferred
    { "special_key", "text", nullable = true, default = "none" },
    assoc.unique{ "user_id", "special_key", name = "uq_user_special" },
    assoc.foreign_key({ "a", "b" }, "parent", { "x", "y" }, { on_delete = "cascade" }),
  })
  local User = model:mapper("User", "user")   -- see assoc.mapper
  model:configure()                            -- or let engine:session(model) do it

A column is { name, type, options }: type is "integer", "real", "text" (or
"string"), "blob", "boolean", "numeric", "datetime", or nil to take a foreign
key's type; options are primary_key, nullable, autoincrement, unique, index,
foreign_key ("table.column"), on_delete / on_update ("cascade", "set null",
"set default", "restrict", "no action") and default (a value).
]]
local core = require "assoc.core"
local errors = require "assoc.errors"
local mapper = require "assoc.mapper"

local E = errors.E
local schema = {}

local TYPES = {
  integer = core.ASSOC_TYPE_INTEGER, real = core.ASSOC_TYPE_REAL, text = core.ASSOC_TYPE_TEXT,
  string = core.ASSOC_TYPE_TEXT, blob = core.ASSOC_TYPE_BLOB, boolean = core.ASSOC_TYPE_BOOLEAN,
  numeric = core.ASSOC_TYPE_NUMERIC, datetime = core.ASSOC_TYPE_DATETIME,
}

-- ---- table-level constraints, as SQLAlchemy's UniqueConstraint / ForeignKeyConstraint ---

local UNIQUE, FOREIGN_KEY = {}, {}

-- assoc.unique{ "a", "b", name = "uq_ab" }
function schema.unique(spec)
  return { [UNIQUE] = true, columns = { table.unpack(spec) }, name = spec.name }
end

-- assoc.foreign_key({ "a", "b" }, "parent", { "x", "y" }, { on_delete =, on_update =, name = })
function schema.foreign_key(columns, ref_table, ref_columns, opts)
  return { [FOREIGN_KEY] = true, columns = columns, ref_table = ref_table, ref_columns = ref_columns, opts = opts }
end

-- ---- tables --------------------------------------------------------------------------------

local Table = { __name = "assoc.Table" }
Table.__index = Table

function Table:__tostring()
  return "<Table " .. self.name .. ">"
end

-- table:column{ name, type, options... }
function Table:column(spec)
  local name, type_name = spec[1], spec[2]
  if type(name) ~= "string" then
    errors.raise(E.INVAL, "a column of table %s needs a name first, got %s", self.name, type(name))
  end
  local type_code = core.ASSOC_TYPE_INFER
  if type_name ~= nil then
    type_code = TYPES[type_name]
    if not type_code then
      errors.raise(E.INVAL, "column %s.%s: unknown type '%s' (integer, real, text, blob, boolean, numeric, datetime)",
        self.name, name, tostring(type_name))
    end
  end
  core.assoc_table_add_column(self.ptr, name, type_code, spec)
  return self
end

function Table:unique(columns, name)
  core.assoc_table_add_unique(self.ptr, columns, name)
  return self
end

function Table:foreign_key(columns, ref_table, ref_columns, opts)
  core.assoc_table_add_foreign_key(self.ptr, columns, ref_table, ref_columns, opts)
  return self
end

-- The name a constraint got (from the naming convention): kind "fk", "uq", "pk" or "ix".
function Table:constraint_name(kind, column)
  return core.assoc_table_constraint_name(self.ptr, kind, column)
end

function Table:columns()
  local out = {}
  for i = 1, core.assoc_table_column_count(self.ptr) do
    out[i] = core.assoc_table_column_name(self.ptr, i - 1)
  end
  return out
end

-- ---- models ----------------------------------------------------------------------------------

local Model = { __name = "assoc.Model" }
Model.__index = Model

function Model:__tostring()
  return "<Model " .. (self:is_configured() and "configured" or "being defined") .. ">"
end

-- assoc.model{ naming_convention = { fk = "...", uq = "...", ix = "...", pk = "..." } }
function schema.model(opts)
  local registry = core.assoc_registry_new()
  local m = setmetatable({ registry = registry, tables = {}, mappers = {}, callbacks = {} }, Model)
  -- whatever holds the registry (a session, an expression) keeps the model, and with
  -- it the Lua callbacks the registry's closures call
  core.set_anchor(registry, m)
  for kind, pattern in pairs(opts and opts.naming_convention or {}) do
    core.assoc_registry_set_naming_convention(registry, kind, pattern)
  end
  return m
end

function Model:set_naming_convention(kind, pattern)
  core.assoc_registry_set_naming_convention(self.registry, kind, pattern)
end

-- model:table(name, { column specs and constraints }) -> the table
function Model:table(name, specs)
  local t = setmetatable({ name = name, model = self, ptr = core.assoc_table_new(self.registry, name) }, Table)
  self.tables[name] = t
  for _, spec in ipairs(specs or {}) do
    if spec[UNIQUE] then
      t:unique(spec.columns, spec.name)
    elseif spec[FOREIGN_KEY] then
      t:foreign_key(spec.columns, spec.ref_table, spec.ref_columns, spec.opts)
    else
      t:column(spec)
    end
  end
  return t
end

-- model:mapper("User", "user") -> the mapper (the seeds' class)
function Model:mapper(name, table_name)
  local m = mapper.new(self, name, table_name)
  self.mappers[name] = m
  return m
end

-- Resolve relationships and proxies and freeze the model; then every
-- mapper knows its attributes. Errors name what is missing or ambiguous.
function Model:configure()
  if not self:is_configured() then
    core.assoc_registry_configure(self.registry)
  end
  for _, m in pairs(self.mappers) do m:load_attributes() end
  return self
end

function Model:is_configured()
  return core.assoc_registry_is_configured(self.registry)
end

-- Keep a callback (core.callback) as long as the model: the registry's closure calls it.
function Model:keep(callback)
  self.callbacks[#self.callbacks + 1] = callback
  return callback
end

schema.Model, schema.Table = Model, Table
return schema
