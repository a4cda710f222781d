--[[
example_helper.lua - the seed programs' shared helpers, as examples/example_util.h
is for the C ones: a REPL prompt line, a model's tables in a new in-memory
database, Python's text of a list, and counting rows.
]]
local assoc = require "assoc"

local example = {}

-- A REPL prompt line, as the seeds show them: ">>> t1.students".
function example.prompt(code)
  print(">>> " .. code)
end

-- The model's tables in a new in-memory database, and a session on it: engine, session.
function example.open(model)
  local engine = assoc.engine("sqlite://")
  engine:create_all(model)
  return engine, engine:session(model)
end

-- Python's text of a list: "[<Student 1>, <Student 3>]", each item by show (assoc.repr by default).
function example.list(items, show)
  show = show or assoc.repr
  local parts = {}
  for i, item in ipairs(items) do parts[i] = show(item) end
  return "[" .. table.concat(parts, ", ") .. "]"
end

-- SELECT count(*) FROM table_name, on the engine's connection.
function example.count_rows(engine, table_name)
  return engine:scalar(('SELECT count(*) FROM "%s"'):format(table_name))
end

return example
