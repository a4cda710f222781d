-- Run against the installed rock (not the build tree): a creator-made proxy
-- member, committed and read back. Prints "rock ok <where assoc.core is>".
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
print("rock ok " .. assoc.VERSION .. " " .. package.searchpath("assoc.core", package.cpath))
