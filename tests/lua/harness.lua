--[[
harness.lua - the Lua binding's small test harness (no rocks needed).

  local t = require "harness"
  t.test("appends through the proxy", function()
    t.eq(#user.keywords, 2)
    local e = t.raises(assoc.E.NOTFOUND, "no attribute 'nme'", function() return user.nme end)
  end)
  t.run()   -- prints each failure with its traceback; exits non-zero if any failed

Checks raise on failure; a test passes when its function returns.
]]
local harness = {}
local tests = {}

function harness.test(name, fn)
  tests[#tests + 1] = { name = name, fn = fn }
end

local function fail(msg, level)
  error("check failed: " .. msg, (level or 1) + 2)
end

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

function harness.ok(cond, msg)
  if not cond then fail(msg or "expected a true value", 1) end
  return cond
end

function harness.eq(got, want, msg)
  if got ~= want then
    fail(("%sgot %s, want %s"):format(msg and msg .. ": " or "", show(got), show(want)), 1)
  end
end

-- Same members in order: a Lua array, a collection, or anything ipairs walks (nil members allowed up to n).
function harness.same(got, want, msg)
  local n = #want
  local ok = #got == n
  for i = 1, n do
    if got[i] ~= want[i] then ok = false end
  end
  if not ok then
    local g, w = {}, {}
    for i = 1, #got do g[i] = show(got[i]) end
    for i = 1, n do w[i] = show(want[i]) end
    fail(("%sgot {%s}, want {%s}"):format(msg and msg .. ": " or "", table.concat(g, ", "), table.concat(w, ", ")), 1)
  end
end

--[[
Call fn, which must raise. code: an assoc error code the error must carry (an
assoc.Error), or nil for any error value. pattern: a plain substring its
message (or the value itself, for strings) must hold. Returns the error value.
]]
function harness.raises(code, pattern, fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then fail("expected an error" .. (pattern and (" containing " .. show(pattern)) or ""), 1) end
  if code ~= nil then
    if type(err) ~= "table" or err.code ~= code then
      fail(("expected an assoc error with code %d, got %s"):format(code, show(err)), 1)
    end
    if type(err.message) ~= "string" or type(err.name) ~= "string" then
      fail("the error has no message or name: " .. show(err), 1)
    end
    -- a binding's messages name its own methods, never the C functions beneath
    if err.message:find("assoc_%l+_%l") then fail("the message names a C function: " .. show(err.message), 1) end
  end
  if pattern then
    local text = type(err) == "table" and err.message or tostring(err)
    if not tostring(text):find(pattern, 1, true) then
      fail(("the error %s does not contain %s"):format(show(text), show(pattern)), 1)
    end
  end
  return err
end

-- Force full collections (twice: finalizers run in the first, their memory goes in the second).
function harness.collect()
  collectgarbage("collect")
  collectgarbage("collect")
end

--[[
Run source in a new lua5.4 (this one's paths first), with stderr in the output.
Returns true when it exited with status 0, the status, and the output.
]]
function harness.run_script(source)
  local path = os.tmpname()
  local fh = assert(io.open(path, "w"))
  fh:write(("package.path = %q\npackage.cpath = %q\n"):format(package.path, package.cpath), source)
  fh:close()
  local pipe = assert(io.popen(('"%s" "%s" 2>&1'):format(arg[-1], path)))
  local out = pipe:read("a")
  local ok, _, code = pipe:close()
  os.remove(path)
  return ok == true, code, out
end

function harness.run()
  local failed = 0
  for _, t in ipairs(tests) do
    local ok, err = xpcall(t.fn, function(e)
      return debug.traceback(type(e) == "table" and (tostring(e.name) .. " at " .. tostring(e)) or tostring(e), 2)
    end)
    harness.collect()
    if ok then
      print("ok      " .. t.name)
    else
      failed = failed + 1
      print("FAILED  " .. t.name .. "\n" .. tostring(err))
    end
  end
  print(("%d tests, %d failed"):format(#tests, failed))
  -- close the state (every live wrapper finalized, as at lua_close) before exiting
  os.exit(failed == 0, true)
end

return harness
