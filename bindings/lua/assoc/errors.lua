--[[
assoc.errors - the errors the binding raises.

Every failure is a Lua error whose value is an assoc.Error table:
  { code = -5, name = "ASSOC_ETYPE", message = "User.name is TEXT: ..." }
tostring(e) gives "ASSOC_ETYPE: User.name is TEXT: ...". code is one of
assoc.E (assoc.E.TYPE == -5, ...). A Lua creator's (getter's, setter's) own
error reaches the caller unchanged instead: whatever value it raised.
]]
local core = require "assoc.core"

local errors = {}

-- assoc.E.TYPE == core.ASSOC_ETYPE, ...: the codes without their ASSOC_E prefix.
errors.E = {}
for _, name in ipairs { "ERROR", "NOMEM", "INVAL", "NOTFOUND", "TYPE", "CONSTRAINT", "CONFIG", "CLOSED",
  "DETACHED", "STATE", "DB", "NORESULT", "MULTIPLE", "CALLBACK", "RANGE", "EXISTS", "RETRY",
  "INTERRUPT" } do
  errors.E[name] = core[name == "ERROR" and "ASSOC_ERROR" or "ASSOC_E" .. name]
end

local Error = core.metatable("assoc.Error")

-- true when e is an error the binding raised.
function errors.is_error(e)
  return getmetatable(e) == Error
end

function errors.new(code, message)
  return setmetatable({ code = code, name = core.assoc_error_name(code), message = message }, Error)
end

-- Raise an assoc.Error from the Lua layer: raise(assoc.E.INVAL, "format", ...).
function errors.raise(code, fmt, ...)
  error(errors.new(code, fmt:format(...)), 0)
end

return errors
