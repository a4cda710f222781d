--[[
assoc.expression - attribute references (Mapper.c.<name>) and the expressions
they make, for queries (assoc.query).

  User.c.name:eq("jek")  :ne(v) :lt(v) :le(v) :gt(v) :ge(v) :like(p) :not_like(p)
  :is_null() :is_not_null() :in_{ v1, v2 }
  :any([criterion]) :has([criterion]) :contains(v)   -- relationships and proxies (EXISTS)
  .local_attr .remote_attr .attr                     -- a proxy's hops (for joins)
  a & b, a | b, ~a   (or assoc.and_(a, b, ...), assoc.or_(a, b, ...), assoc.not_(a))

An expression is a handle the core takes over when it goes into another
expression or a query: using it a second time raises ASSOC_EINVAL. It keeps
its model alive (the mapper pointers in it are the model's).
]]
local core = require "assoc.core"
local errors = require "assoc.errors"

local E = errors.E
local expression = {}

local expr_mt = core.metatable("assoc.Expr")

-- An expression keeps its model (the mapper pointers in it are the registry's).
local function expr(e, ref)
  core.set_anchor(e, ref.mapper.model)
  return e
end

-- ---- attribute references: User.c.name -------------------------------------------------------------

local AttrRef = {}

-- A proxy's hops, as references on the mappers they belong to.
local function ref_of(ref, attr_ptr)
  if attr_ptr == nil then
    errors.raise(E.TYPE, "%s.%s is not an association proxy", ref.mapper.name, ref.name)
  end
  local owner = ref.mapper.model.mappers[core.assoc_mapper_name(core.assoc_attr_mapper(attr_ptr))]
  return owner.c[core.assoc_attr_name(attr_ptr)]
end

local HOPS = {
  local_attr = function(ref) return ref_of(ref, core.assoc_proxy_local_attr(ref.mapper:attr(ref.name).ptr)) end,
  remote_attr = function(ref) return ref_of(ref, core.assoc_proxy_remote_attr(ref.mapper:attr(ref.name).ptr)) end,
  -- (local_attr, remote_attr), as SQLAlchemy's proxy.attr: q:join(User.c.keywords.attr)
  attr = function(ref) return { ref.local_attr, ref.remote_attr } end,
}

AttrRef.__index = function(ref, k)
  local m = AttrRef[k]
  if m ~= nil then return m end
  local hop = HOPS[k]
  if hop then return hop(ref) end
  return nil
end

function AttrRef.__tostring(ref)
  return ref.mapper.name .. "." .. ref.name
end

function expression.attribute_ref(m, name)
  if type(name) ~= "string" then errors.raise(E.INVAL, "attribute names are strings, not %s", type(name)) end
  return setmetatable({ mapper = m, name = name }, AttrRef)
end

local OPS = {
  eq = core.ASSOC_OP_EQ, ne = core.ASSOC_OP_NE, lt = core.ASSOC_OP_LT, le = core.ASSOC_OP_LE,
  gt = core.ASSOC_OP_GT, ge = core.ASSOC_OP_GE, like = core.ASSOC_OP_LIKE, not_like = core.ASSOC_OP_NOT_LIKE,
}
for name, op in pairs(OPS) do
  AttrRef[name] = function(ref, value)
    return expr(core.assoc_expr_compare(ref.mapper.ptr, ref.name, op, value), ref)
  end
end

function AttrRef:is_null()
  return expr(core.assoc_expr_compare(self.mapper.ptr, self.name, core.ASSOC_OP_IS_NULL, nil), self)
end

function AttrRef:is_not_null()
  return expr(core.assoc_expr_compare(self.mapper.ptr, self.name, core.ASSOC_OP_IS_NOT_NULL, nil), self)
end

function AttrRef:in_(values)
  return expr(core.assoc_expr_in(self.mapper.ptr, self.name, values), self)
end

function AttrRef:any(criterion)
  return expr(core.assoc_expr_any(self.mapper.ptr, self.name, criterion), self)
end

function AttrRef:has(criterion)
  return expr(core.assoc_expr_has(self.mapper.ptr, self.name, criterion), self)
end

function AttrRef:contains(value)
  return expr(core.assoc_expr_contains(self.mapper.ptr, self.name, value), self)
end

expression.AttrRef = AttrRef

-- ---- combining expressions ----------------------------------------------------------------------

-- fn(a, b) makes a new expression of a and b (using them up); it keeps a's model.
-- More operands fold in from the left: fn(fn(a, b), c), ...
local function combine(fn, a, b, ...)
  local model = core.anchor(a)
  local r = fn(a, b)
  core.set_anchor(r, model)
  if select("#", ...) > 0 then return combine(fn, r, ...) end
  return r
end

function expression.and_(...)
  return combine(core.expr_and, ...)
end

function expression.or_(...)
  return combine(core.expr_or, ...)
end

function expression.not_(a)
  return combine(core.expr_not, a)
end

expr_mt.__band = function(a, b) return expression.and_(a, b) end
expr_mt.__bor = function(a, b) return expression.or_(a, b) end
expr_mt.__bnot = function(a) return expression.not_(a) end
expr_mt.__tostring = function(e)
  return core.is_freed(e) and "<Expression (used)>" or "<Expression>"
end

return expression
