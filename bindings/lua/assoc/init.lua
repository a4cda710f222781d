--[[
assoc - association tables, association objects and association proxies
(SQLAlchemy's relationship() and association_proxy) over SQLite, for Lua 5.4.

  local assoc = require "assoc"
  local model = assoc.model()
  model:table("user", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:table("keyword", { { "id", "integer", primary_key = true }, { "keyword", "text" } })
  model:table("user_keyword", {
    { "user_id", "integer", foreign_key = "user.id", primary_key = true },
    { "keyword_id", "integer", foreign_key = "keyword.id", primary_key = true },
  })
  local User, Keyword = model:mapper("User", "user"), model:mapper("Keyword", "keyword")
  User:relationship("kw", { target = "Keyword", secondary = "user_keyword" })
  User:proxy("keywords", { "kw", "keyword",
    creator = function(owner, key, value) return Keyword(owner, { keyword = value }) end })

  local engine = assoc.engine("sqlite://")
  engine:create_all(model)
  local session = engine:session(model)
  local user = session:add(User(session, { name = "jek" }))
  user.keywords:append("cheese-inspector")
  session:commit()
  print(user.keywords)                       --> ['cheese-inspector']

The parts, one module each: assoc.schema (models, tables), assoc.mapper
(mappers, relationships, proxies), assoc.object (objects), assoc.list,
assoc.set, assoc.dict (collections), assoc.session (engines, sessions),
assoc.expression (Mapper.c references, expressions), assoc.query (queries), assoc.errors (the errors raised),
assoc.printing (Python-style text). assoc.core is the SWIG module beneath.
]]
local core = require "assoc.core"
local errors = require "assoc.errors"
local printing = require "assoc.printing"
local collection = require "assoc.collection"
local object = require "assoc.object"
local schema = require "assoc.schema"
local session = require "assoc.session"
local expression = require "assoc.expression"
require "assoc.query"
require "assoc.list"
require "assoc.set"
require "assoc.dict"

local assoc = {
  VERSION = core.assoc_version(),
  core = core,

  -- errors (and the codes, assoc.ENOTFOUND, ..., below)
  E = errors.E,
  is_error = errors.is_error,
  error = errors.new,

  -- models
  model = schema.model,
  unique = schema.unique,
  foreign_key = schema.foreign_key,

  -- engines and sessions
  engine = session.engine,
  create_engine = session.engine,

  -- objects
  mapper_of = object.mapper_of,
  state = object.state,
  session_of = object.session_of,
  unset = object.unset,
  is_modified = object.is_modified,
  is_object = core.is_object,
  getattr = object.getattr,
  setattr = object.setattr,

  -- collections
  is_collection = core.is_collection,
  kind = collection.kind,
  totable = collection.totable,

  -- expressions
  and_ = expression.and_,
  or_ = expression.or_,
  not_ = expression.not_,

  -- values
  blob = core.blob,
  repr = printing.repr,
  str = printing.str,
}

-- the error codes as constants: assoc.ENOTFOUND, assoc.ETYPE, ... (err.code == assoc.ENOTFOUND)
for name, code in pairs(errors.codes) do assoc[name] = code end

return assoc
