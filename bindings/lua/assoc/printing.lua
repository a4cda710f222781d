--[[
assoc.printing - values as Python prints them, for the seed programs (whose
expected output is the Python documentation's): repr quotes strings and spells
nil as None, str leaves strings bare.
]]
local printing = {}

local function quote(s)
  -- Python's repr: single quotes unless the text holds one and no double quote
  local q = "'"
  if s:find("'", 1, true) and not s:find('"', 1, true) then q = '"' end
  s = s:gsub("\\", "\\\\"):gsub("\n", "\\n"):gsub("\r", "\\r"):gsub("\t", "\\t")
  if q == "'" then s = s:gsub("'", "\\'") end
  return q .. s .. q
end

-- How the Python REPL shows v: 'text', None, True, 3, <User 1>, ['a', 'b'].
function printing.repr(v)
  local t = type(v)
  if v == nil then return "None"
  elseif t == "boolean" then return v and "True" or "False"
  elseif t == "string" then return quote(v)
  else return tostring(v) end
end

-- How print() shows v: strings as they are, the rest as repr.
function printing.str(v)
  if type(v) == "string" then return v end
  return printing.repr(v)
end

return printing
