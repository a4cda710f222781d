-- seed 003: querying with association proxies (examples/seed003_proxy_querying.c).
--
-- Three mappings of that document: UserKeyword as an association object
-- (User.keywords.any(keyword='jek')), the composite one whose
-- UserKeyword.keyword is a scalar proxy (UserKeyword.keyword == 'jek'), and the
-- many-to-many one through userkeywords (User.keywords.contains('jek')). Each
-- query prints its SQL and then the rows it finds; then joins along
-- User.keywords (*User.keywords.attr, and local_attr / remote_attr).
--
-- The document prints the SQL of an old SQLAlchemy, abbreviated in places
-- ("SELECT user.*"); the library prints it as seed 001 does.
local assoc = require "assoc"
local ex = require "example_helper"

local prompt = ex.prompt

local ASSOCIATION_OBJECT, COMPOSITE, MANY_TO_MANY = 1, 2, 3

--[=[
user(id, name), keyword(id, keyword) and user_keyword(user_id, keyword_id,
special_key) or userkeywords(user_id, keyword_id); User.keywords =
association_proxy('user_keywords', 'keyword') or ('kw', 'keyword').
]=]
local function open_model(mapping)
  local link = mapping == MANY_TO_MANY and "userkeywords" or "user_keyword"
  local model = assoc.model()
  model:table("user", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:table("keyword", { { "id", "integer", primary_key = true }, { "keyword", "text" } })
  local uk = model:table(link, {
    { "user_id", "integer", foreign_key = "user.id", primary_key = true },
    { "keyword_id", "integer", foreign_key = "keyword.id", primary_key = true },
  })
  local m = { User = model:mapper("User", "user"), Keyword = model:mapper("Keyword", "keyword") }
  if mapping == MANY_TO_MANY then
    m.User:relationship("kw", { target = m.Keyword, secondary = "userkeywords" })
    m.User:proxy("keywords", { "kw", "keyword" })
  else
    uk:column { "special_key", "text" }
    m.UserKeyword = model:mapper("UserKeyword", "user_keyword")
    m.UserKeyword:relationship("user", { target = m.User, backref = "user_keywords",
      backref_options = { cascade = "all, delete-orphan" } })
    if mapping == COMPOSITE then
      m.UserKeyword:relationship("kw", { target = m.Keyword })
      m.UserKeyword:proxy("keyword", { "kw", "keyword" })
    else
      m.UserKeyword:relationship("keyword", { target = m.Keyword })
    end
    m.User:proxy("keywords", { "user_keywords", "keyword" })
  end
  local _, s = ex.open(model)
  m.session = s

  -- jek has 'cheese inspector'; log has 'jek' and 'snack ninja'; ann has none
  for _, row in ipairs { { "jek", { "cheese inspector" } }, { "log", { "jek", "snack ninja" } }, { "ann", {} } } do
    local u = s:add(m.User(s, { name = row[1] }))
    for _, tag in ipairs(row[2]) do
      if mapping == ASSOCIATION_OBJECT then
        u.keywords:append(m.Keyword(s, { keyword = tag }))
      else
        u.keywords:append(tag) -- a string: a Keyword (and a UserKeyword) made by the proxies
      end
    end
  end
  s:commit()
  return m
end

-- Print the query's SQL, then run it and print what it finds.
local function show(q, name_attr)
  print(q:sql())
  print("-> " .. ex.list(q:all(), function(o) return name_attr and assoc.repr(o[name_attr]) or tostring(o) end))
end

-- any() and has() produce a "nested" EXISTS clause.
local function any_on_association_object()
  print("== seed 003: any() through an association object ==")
  local m = open_model(ASSOCIATION_OBJECT)
  prompt("print(session.query(User).filter(User.keywords.any(keyword='jek')))")
  show(m.session:query(m.User):filter(m.User.c.keywords:any(m.Keyword.c.keyword:eq("jek"))), "name")
end

-- For a proxy to a scalar attribute, __eq__() is supported.
local function eq_on_scalar_proxy()
  print("== seed 003: == on a scalar proxy ==")
  local m = open_model(COMPOSITE)
  prompt("print(session.query(UserKeyword).filter(UserKeyword.keyword == 'jek'))")
  show(m.session:query(m.UserKeyword):filter(m.UserKeyword.c.keyword:eq("jek")))
end

-- and .contains() is available for a proxy to a scalar collection.
local function contains_on_scalar_collection()
  print("== seed 003: contains() on a proxy to a scalar collection ==")
  local m = open_model(MANY_TO_MANY)
  prompt("print(session.query(User).filter(User.keywords.contains('jek')))")
  show(m.session:query(m.User):filter(m.User.c.keywords:contains("jek")), "name")
end

--[=[
q = session.query(User).join(*User.keywords.attr)

uka = aliased(UserKeyword)
ka = aliased(Keyword)
q = session.query(User).\
        join(uka, User.keywords.local_attr).\
        join(ka, User.keywords.remote_attr)

The library has no aliased(): the second form joins the tables themselves.
]=]
local function joins()
  print("== seed 003: joining with the attr, local_attr and remote_attr of a proxy ==")
  local m = open_model(ASSOCIATION_OBJECT)
  local User, Keyword = m.User, m.Keyword

  prompt("q = session.query(User).join(*User.keywords.attr)")
  local q = m.session:query(User):join(User.c.keywords.attr)
  prompt("print(q.filter(Keyword.keyword == 'snack ninja'))")
  show(q:filter(Keyword.c.keyword:eq("snack ninja")), "name")

  local attr = User.c.keywords.attr
  prompt("User.keywords.attr")
  print(("(%s, %s)"):format(tostring(attr[1]), tostring(attr[2])))

  prompt("q = session.query(User).\\\n...         join(User.keywords.local_attr).\\\n"
    .. "...         join(User.keywords.remote_attr)")
  q = m.session:query(User):join(User.c.keywords.local_attr):join(User.c.keywords.remote_attr)
  prompt("print(q.filter(Keyword.keyword == 'cheese inspector'))")
  show(q:filter(Keyword.c.keyword:eq("cheese inspector")), "name")
end

any_on_association_object()
print()
eq_on_scalar_proxy()
print()
contains_on_scalar_collection()
print()
joins()
