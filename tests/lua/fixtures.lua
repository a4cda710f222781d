--[[
fixtures.lua - models the binding tests share.

  keywords(opts): seed 001's User / Keyword many-to-many (user, keyword,
    user_keyword) with User.keywords proxying Keyword.keyword; opts.creator
    (default: Keyword(owner, { keyword = value })), opts.proxy (extra proxy
    options), opts.collection ("list", "set" or "dict"; dict keyed by
    Keyword.keyword is not meaningful, so "dict" builds the association-object
    model keyed by special_key), opts.url.
  Returns { model, engine, session, User, Keyword, [UserKeyword] }.
]]
local assoc = require "assoc"

local fixtures = {}

function fixtures.keywords(opts)
  opts = opts or {}
  local model = assoc.model()
  model:table("user", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:table("keyword", { { "id", "integer", primary_key = true }, { "keyword", "text" } })
  local f = { model = model, User = model:mapper("User", "user"), Keyword = model:mapper("Keyword", "keyword") }
  local Keyword = f.Keyword
  local creator = opts.creator
  if creator == nil then
    creator = function(owner, _, value) return Keyword(owner, { keyword = value }) end
  end
  if opts.collection == "dict" then
    model:table("user_keyword", {
      { "user_id", "integer", foreign_key = "user.id", primary_key = true },
      { "keyword_id", "integer", foreign_key = "keyword.id", primary_key = true },
      { "special_key", "text" },
    })
    f.UserKeyword = model:mapper("UserKeyword", "user_keyword")
    f.User:relationship("user_keywords", { target = f.UserKeyword, collection = "dict", dict_key = "special_key",
      cascade = "all, delete-orphan", back_populates = "user" })
    f.UserKeyword:relationship("user", { target = f.User, back_populates = "user_keywords" })
    f.UserKeyword:relationship("kw", { target = Keyword })
    f.UserKeyword:proxy("keyword", { "kw", "keyword" })
    local proxy = { "user_keywords", "keyword", creator = creator ~= false and opts.creator or nil }
    for k, v in pairs(opts.proxy or {}) do proxy[k] = v end
    f.User:proxy("keywords", proxy)
  else
    model:table("user_keyword", {
      { "user_id", "integer", foreign_key = "user.id", primary_key = true },
      { "keyword_id", "integer", foreign_key = "keyword.id", primary_key = true },
    })
    f.User:relationship("kw", { target = Keyword, secondary = "user_keyword", collection = opts.collection })
    local proxy = { "kw", "keyword", creator = creator or nil }
    for k, v in pairs(opts.proxy or {}) do proxy[k] = v end
    f.User:proxy("keywords", proxy)
  end
  f.engine = assoc.engine(opts.url or "sqlite://")
  f.engine:create_all(model)
  f.session = f.engine:session(model)
  return f
end

-- The rows of a table.
function fixtures.count(engine, table_name)
  return engine:scalar(('SELECT count(*) FROM "%s"'):format(table_name))
end

return fixtures
