--[[
assoc.errors - the errors the binding raises.

Every failure is a Lua error whose value is an assoc.Error table:
  { code = -4, name = "ASSOC_ENOTFOUND", message = "User has no attribute 'nme'",
    where = "app.lua:12", traceback = "stack traceback: ..." }
code is one of the codes the module exports: assoc.ENOTFOUND == -4,
assoc.ETYPE, ... (and assoc.E.NOTFOUND, the same without the prefix); name
is the code's name. message names what was wrong, and the binding's own
method ("session:refresh: ..."), never a C function. where is "file:line"
of the call in your code that failed (the first caller outside the
binding's own files; "" when there is none, e.g. a call from C).
tostring(e) gives "where: message", as Lua's own errors read, so

  local ok, err = pcall(function() return user.nme end)
  if not ok and err.code == assoc.ENOTFOUND then ... end   -- "app.lua:12: User has no attribute 'nme'"

An error no pcall or xpcall catches keeps its traceback, and tostring
appends it: `lua5.4 app.lua` prints "lua5.4: app.lua:12: message" and the
stack traceback, as for a string error (assoc.error(code, message) made
outside any pcall counts too: it is made to be raised). An error an xpcall catches has the
traceback field (debug.traceback returns a table error unchanged: read
err.traceback); one a pcall (or coroutine.resume) catches has none: it
costs nothing to make.

A Lua creator's (getter's, setter's) own error reaches the caller unchanged
instead: whatever value it raised.
]]
local core = require "assoc.core"

local errors = {}

local Error = core.metatable("assoc.Error")
-- this file's directory holds the binding's Lua files: where skips their frames
Error.mark_layer()

-- assoc.E.TYPE == assoc.ETYPE == core.ASSOC_ETYPE, ...
errors.E, errors.codes = {}, {}
for _, name in ipairs { "ERROR", "NOMEM", "INVAL", "NOTFOUND", "TYPE", "CONSTRAINT", "CONFIG", "CLOSED",
  "DETACHED", "STATE", "DB", "NORESULT", "MULTIPLE", "CALLBACK", "RANGE", "EXISTS", "RETRY",
  "INTERRUPT" } do
  local c_name = name == "ERROR" and "ASSOC_ERROR" or "ASSOC_E" .. name
  errors.E[name] = core[c_name]
  errors.codes[c_name:sub(7)] = core[c_name] -- ERROR, ENOMEM, EINVAL, ...
end

-- true when e is an error the binding raised.
function errors.is_error(e)
  return getmetatable(e) == Error
end

-- An assoc.Error whose where is the caller's position.
errors.new = Error.new

-- Raise an assoc.Error from the Lua layer: raise(assoc.E.INVAL, "format", ...).
function errors.raise(code, fmt, ...)
  error(Error.new(code, fmt:format(...)), 0)
end

return errors
