--[[
assoc.session - engines and sessions.

  local engine = assoc.engine("sqlite://")          -- or "sqlite:///file.db", "sqlite:////abs.db"
  local file = assoc.engine("sqlite:///app.db", { journal_mode = "DELETE", busy_timeout_ms = 100,
                                                  pool_size = 2, connect_timeout_s = 5 })
  engine:create_all(model)
  local session = engine:session(model[, { autoflush = false, expire_on_commit = false }])
  local user = session:new(User, { name = "jek" })  -- or User(session, {...})
  session:add(user); session:commit()

Engine options (all optional; an unknown key is an error naming it): journal_mode
  (file databases: "WAL", the default, "DELETE", "TRUNCATE", "PERSIST", "MEMORY",
  "OFF"), busy_timeout_ms (5000), pool_size (idle connections kept, 5; 0: none),
  connect_timeout_s (PostgreSQL, 10; 0: no limit).
Engine: url(), pool_status() ({ idle, in_use, opened }), create_all(model), drop_all(model), exec(sql),
  scalar(sql[, params]) (one value), set_log(fn | nil) (fn(sql, params, seconds)
  after each statement; an error in it becomes a Lua warning), session(model, opts),
  close() (release it now; its sessions keep the database open). Both engines
  and sessions are to-be-closed values: local s <close> = engine:session(model).
Session: new, add, add_all, delete, flush, commit, rollback, begin_nested,
  commit_nested, rollback_nested, nesting, transaction(fn(s, attempt)[, { max_attempts,
  backoff_ms, max_backoff_ms }]) (commits; runs fn again on assoc.E.RETRY), get(Mapper, pk), query(Mapper),
  expire(obj), expire_all, refresh(obj), expunge(obj), contains(obj), counts(),
  close (its objects stay, detached), is_closed, engine(), model().

Handles go when the garbage collector frees them, in any order; a session
keeps its engine and model, and every object keeps its session.
]]
local core = require "assoc.core"
local errors = require "assoc.errors"
local mapper_module = require "assoc.mapper"

local E = errors.E
local session = {}

local Engine = {}
local Session = {}
local engine_mt = core.metatable("assoc.Engine")
local session_mt = core.metatable("assoc.Session")
engine_mt.__index = Engine
session_mt.__index = Session

local function model_of(model)
  if type(model) ~= "table" or not model.registry then
    errors.raise(E.INVAL, "expected a model (assoc.model()), got %s", type(model))
  end
  return model
end

-- ---- engines ------------------------------------------------------------------------------------

-- assoc.engine(url[, { journal_mode =, busy_timeout_ms =, pool_size =, connect_timeout_s = }])
function session.engine(url, opts)
  return core.assoc_engine_open_ext(url or "sqlite://", opts)
end

engine_mt.__tostring = function(e)
  if core.is_freed(e) then return "<Engine (closed)>" end
  return "<Engine " .. core.assoc_engine_url(e) .. ">"
end

function Engine:url()
  return core.assoc_engine_url(self)
end

function Engine:create_all(model)
  model = model_of(model)
  if not model:is_configured() then model:configure() end
  core.assoc_engine_create_all(self, model.registry)
end

function Engine:drop_all(model)
  core.assoc_engine_drop_all(self, model_of(model).registry)
end

function Engine:exec(sql)
  core.assoc_engine_exec(self, sql)
end

function Engine:scalar(sql, params)
  return core.assoc_engine_scalar(self, sql, params)
end

function Engine:set_log(fn)
  if fn ~= nil and type(fn) ~= "function" then
    errors.raise(E.INVAL, "the statement log must be a function or nil, not %s", type(fn))
  end
  core.set_anchor(self, core.engine_set_log(self, fn)) -- the engine keeps its log function
end

-- { idle = , in_use = , opened = }: connections waiting in the pool, held by open
-- sessions, and opened so far (reuses from the pool not counted).
function Engine:pool_status()
  local idle, in_use, opened = core.assoc_engine_pool_status(self)
  return { idle = idle, in_use = in_use, opened = opened }
end

function Engine:session(model, opts)
  model = model_of(model)
  if not model:is_configured() then model:configure() end
  local s = core.assoc_session_new(self, model.registry, opts)
  core.set_anchor(s, { engine = self, model = model })
  return s
end

-- Release the engine now; sessions made from it keep it open until they go.
function Engine:close()
  core.free(self)
end

-- local engine <close> = assoc.engine(...): closed at the end of the scope
engine_mt.__close = Engine.close

-- ---- sessions --------------------------------------------------------------------------------------

session_mt.__tostring = function(s)
  return core.assoc_session_is_closed(s) and "<Session (closed)>" or "<Session>"
end

function Session:engine()
  return core.anchor(self).engine
end

function Session:model()
  return core.anchor(self).model
end

function Session:new(mapper, fields)
  return mapper:new(self, fields)
end

function Session:add(obj)
  core.assoc_session_add(self, obj)
  return obj
end

function Session:add_all(objects)
  for _, obj in ipairs(objects) do core.assoc_session_add(self, obj) end
end

function Session:delete(obj)
  core.assoc_session_delete(self, obj)
end

function Session:flush() core.assoc_session_flush(self) end
function Session:commit() core.assoc_session_commit(self) end
function Session:rollback() core.assoc_session_rollback(self) end
-- Run fn(session, attempt) in a transaction and commit it; on a conflict with
-- another transaction (an assoc.Error of code assoc.E.RETRY, raised by the
-- commit or by fn) roll back and run fn again, attempt 2, 3, ... up to
-- opts.max_attempts (10), waiting opts.backoff_ms (5) doubled up to
-- opts.max_backoff_ms (1000) between runs. Any other error rolls back and is
-- raised unchanged.
function Session:transaction(fn, opts)
  if type(fn) ~= "function" then
    errors.raise(E.INVAL, "the transaction must be a function, not %s", type(fn))
  end
  core.session_run(self, fn, opts)
end
function Session:begin_nested() core.assoc_session_begin_nested(self) end
function Session:commit_nested() core.assoc_session_commit_nested(self) end
function Session:rollback_nested() core.assoc_session_rollback_nested(self) end
function Session:nesting() return core.assoc_session_nesting(self) end
function Session:expire(obj) core.assoc_session_expire(self, obj) end
function Session:expire_all() core.assoc_session_expire_all(self) end
function Session:refresh(obj) core.assoc_session_refresh(self, obj) end
function Session:expunge(obj) core.assoc_session_expunge(self, obj) end
function Session:close() core.assoc_session_close(self) end
-- local session <close> = engine:session(model): closed (its objects detached) at the end of the scope
session_mt.__close = Session.close
function Session:is_closed() return core.assoc_session_is_closed(self) end

function Session:contains(obj)
  return core.assoc_session_contains(self, obj)
end

-- The object of mapper with this primary key (a value, or an array for a composite key), or nil.
function Session:get(mapper, pk)
  if getmetatable(mapper) ~= mapper_module.Mapper then
    errors.raise(E.INVAL, "session:get expects a mapper, got %s", type(mapper))
  end
  if type(pk) ~= "table" then pk = { pk } end
  return core.assoc_session_get(self, mapper.ptr, pk)
end

-- { identity = , new = , dirty = , deleted = }: objects in the identity map, pending, changed, deleted.
function Session:counts()
  return {
    identity = core.assoc_session_identity_count(self),
    new = core.assoc_session_new_count(self),
    dirty = core.assoc_session_dirty_count(self),
    deleted = core.assoc_session_deleted_count(self),
  }
end

session.Engine, session.Session = Engine, Session
return session
