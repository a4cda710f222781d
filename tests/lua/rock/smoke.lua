-- Run against the installed rock (not the build tree): a creator-made proxy
-- member, committed and read back; an error's position is this file's, past
-- the installed binding's frames. Prints "rock ok <where assoc.core is>".
-- With the argument "uncaught" it ends in an error no pcall catches instead
-- (which lua5.4 prints with its traceback).
local assoc = require "assoc"

local model = assoc.model()
model:table("user", { { "id", "integer", primary_key = true }, { "name", "text" } })
model:table("keyword", { { "id", "integer", primary_key = true }, { "keyword", "text" } })
model:table("user_keyword", {
  { "user_id", "integer", foreign_key = "user.id", primary_key = true },
  { "keyword_id", "integer", foreign_key = "keyword.id", primary_key = true },
})
local User, Keyword = model:mapper("User", "user"), model:mapper("Keyword", "keyword")
User:relationship("kw", { target = Keyword, secondary = "user_keyword" })
User:proxy("keywords", { "kw", "keyword",
  creator = function(owner, _, value) return Keyword(owner, { keyword = value:upper() }) end })

local engine = assoc.engine()
engine:create_all(model)
local session = engine:session(model)
local user = session:add(User(session, { name = "jek" }))
user.keywords:append("cheese-inspector")
session:commit()
assert(tostring(user.keywords) == "['CHEESE-INSPECTOR']", tostring(user.keywords))
assert(engine:scalar("SELECT count(*) FROM user_keyword") == 1)
assert(not user.keywords:empty() and #user.keywords == 1)

local ok, err = pcall(function() return user.nme end)
local line = debug.getinfo(1, "l").currentline - 1
assert(not ok and err.code == assoc.ENOTFOUND, tostring(err))
local here = debug.getinfo(1, "S").short_src .. ":" .. line
assert(err.where == here, err.where .. " is not " .. here)
assert(tostring(err) == here .. ": User has no attribute 'nme'", tostring(err))
if arg[1] == "uncaught" then
  session:refresh(User(session))
end
print("rock ok " .. assoc.VERSION .. " " .. package.searchpath("assoc.core", package.cpath))
