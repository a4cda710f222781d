-- seed 003: the association proxy, in the older declarative style of that
-- document (examples/seed003_association_proxy.c).
--
-- User and Keyword many-to-many through userkeywords, first without the proxy,
-- then with User.keywords over User.kw (and with a creator). Then the
-- association object UserKeyword, whose "user" relationship creates
-- User.user_keywords by backref (cascade "all, delete-orphan"): as a list, as a
-- dict keyed by special_key (attribute_mapped_collection), and as a composite
-- proxy of strings to strings.
local assoc = require "assoc"
local ex = require "example_helper"

local prompt = ex.prompt

-- Keyword.__repr__: 'Keyword(%s)' % repr(self.keyword)
local function keyword_repr(keyword)
  return "Keyword(" .. assoc.repr(keyword.keyword) .. ")"
end

--[=[
class User(Base):
    __tablename__ = 'user'
    id = Column(Integer, primary_key=True)
    name = Column(String(64))

class Keyword(Base):
    __tablename__ = 'keyword'
    id = Column(Integer, primary_key=True)
    keyword = Column('keyword', String(64))

and the link table: userkeywords(user_id, keyword_id) for the many-to-many
mapping, user_keyword(user_id, keyword_id, special_key) for UserKeyword.
]=]
local function define_tables(model, link_table)
  model:table("user", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:table("keyword", { { "id", "integer", primary_key = true }, { "keyword", "text" } })
  local link = model:table(link_table, {
    { "user_id", "integer", foreign_key = "user.id", primary_key = true },
    { "keyword_id", "integer", foreign_key = "keyword.id", primary_key = true },
  })
  if link_table == "user_keyword" then link:column { "special_key", "text" } end
  return model:mapper("User", "user"), model:mapper("Keyword", "keyword")
end

local function user_new(session, User, name)
  return session:add(User(session, { name = name }))
end

-- ---- simplifying scalar collections ------------------------------------------------------------

--[=[
    kw = relationship("Keyword", secondary=lambda: userkeywords_table)
    # proxy the 'keyword' attribute from the 'kw' relationship
    keywords = association_proxy('kw', 'keyword')     (mode 1)
    keywords = association_proxy('kw', 'keyword',
                    creator=lambda kw: Keyword(keyword=kw))   (mode 2)

mode 0: no proxy, the Keyword objects by hand.
]=]
local function scalar_collections(mode)
  print(mode == 0 and "== seed 003: a many-to-many collection, without a proxy =="
    or mode == 1 and "== seed 003: simplifying scalar collections =="
    or "== seed 003: simplifying scalar collections, with a creator ==")
  local model = assoc.model()
  local User, Keyword = define_tables(model, "userkeywords")
  User:relationship("kw", { target = Keyword, secondary = "userkeywords" })
  if mode > 0 then
    User:proxy("keywords", { "kw", "keyword",
      creator = mode == 2 and function(owner, _, kw) return Keyword(owner, { keyword = kw }) end or nil })
  end
  local _, session = ex.open(model)

  prompt("user = User('jek')")
  local user = user_new(session, User, "jek")
  if mode == 0 then
    prompt("user.kw.append(Keyword('cheese inspector'))")
    user.kw:append(Keyword(session, { keyword = "cheese inspector" }))
    prompt("session.commit()")
    session:commit()
    prompt("print(user.kw)")
    print(user.kw)
    prompt("print(user.kw[0].keyword)")
    print(user.kw[1].keyword)
    prompt("print([keyword.keyword for keyword in user.kw])")
    print(ex.list(user.kw, function(keyword) return assoc.repr(keyword.keyword) end))
  else
    prompt("user.keywords.append('cheese inspector')")
    user.keywords:append("cheese inspector")
    prompt("user.keywords")
    print(user.keywords)
    prompt("user.keywords.append('snack ninja')")
    user.keywords:append("snack ninja")
    prompt("session.commit()")
    session:commit()
    prompt("user.kw")
    print(user.kw)
    prompt("user.keywords")
    print(user.keywords)
  end
end

-- ---- simplifying association objects ------------------------------------------------------------

--[=[
class UserKeyword(Base):
    __tablename__ = 'user_keyword'
    user_id = Column(Integer, ForeignKey('user.id'), primary_key=True)
    keyword_id = Column(Integer, ForeignKey('keyword.id'), primary_key=True)
    special_key = Column(String(50))
    # bidirectional attribute/collection of "user"/"user_keywords"
    user = relationship(User, backref=backref("user_keywords",
                                              cascade="all, delete-orphan"))
    # reference to the "Keyword" object
    keyword = relationship("Keyword")

kind "dict": the backref gets collection_class=attribute_mapped_collection("special_key")
and User.keywords the creator lambda k, v: UserKeyword(special_key=k, keyword=v).
composite: UserKeyword.kw = relationship("Keyword") and
UserKeyword.keyword = association_proxy('kw', 'keyword').
]=]
local function define_user_keyword(model, kind, composite)
  local User, Keyword = define_tables(model, "user_keyword")
  local UserKeyword = model:mapper("UserKeyword", "user_keyword")
  UserKeyword:relationship("user", { target = User, backref = "user_keywords", backref_options = {
    cascade = "all, delete-orphan",
    collection = kind,
    dict_key = kind == "dict" and "special_key" or nil,
  } })
  if composite then
    UserKeyword:relationship("kw", { target = Keyword })
    UserKeyword:proxy("keyword", { "kw", "keyword" })
  else
    UserKeyword:relationship("keyword", { target = Keyword })
  end
  -- keywords = association_proxy('user_keywords', 'keyword'[, creator=...])
  User:proxy("keywords", { "user_keywords", "keyword",
    creator = kind == "dict" and function(owner, k, v)
      return UserKeyword(owner, { special_key = k, keyword = v })
    end or nil })
  return User, Keyword, UserKeyword
end

-- UserKeyword(keyword=None, user=None, special_key=None), as its __init__ does: user, keyword, special_key.
local function user_keyword_new(session, UserKeyword, keyword, user, special_key)
  local uk = UserKeyword(session)
  uk.user = user
  uk.keyword = keyword
  uk.special_key = special_key
  return uk
end

local function association_objects()
  print("== seed 003: simplifying association objects ==")
  local model = assoc.model()
  local User, Keyword, UserKeyword = define_user_keyword(model, "list", false)
  Keyword.methods.__tostring = keyword_repr
  local _, session = ex.open(model)

  prompt("user = User('log')")
  local user = user_new(session, User, "log")
  prompt("for kw in (Keyword('new_from_blammo'), Keyword('its_big')):\n...     user.keywords.append(kw)\n...")
  for _, word in ipairs { "new_from_blammo", "its_big" } do
    user.keywords:append(Keyword(session, { keyword = word }))
  end
  prompt("print(user.keywords)")
  print(user.keywords)

  prompt("user.user_keywords.append(UserKeyword(Keyword('its_heavy')))")
  user.user_keywords:append(user_keyword_new(session, UserKeyword, Keyword(session, { keyword = "its_heavy" })))
  prompt("UserKeyword(Keyword('its_wood'), user, special_key='my special key')")
  local wood = user_keyword_new(session, UserKeyword, Keyword(session, { keyword = "its_wood" }), user,
    "my special key")
  -- SQLAlchemy 2.0: the backref does not cascade it into the session
  prompt("session.add(user.user_keywords[-1])")
  session:add(wood)
  prompt("user.keywords")
  print(user.keywords)

  prompt("session.commit()")
  session:commit()
  prompt("[(uk.keyword.keyword, uk.special_key) for uk in user.user_keywords]")
  print(ex.list(user.user_keywords, function(uk)
    return "(" .. assoc.repr(uk.keyword.keyword) .. ", " .. assoc.repr(uk.special_key) .. ")"
  end))
end

-- ---- proxying to dictionary based collections ---------------------------------------------------

local function dict_collections()
  print("== seed 003: proxying to dictionary based collections ==")
  local model = assoc.model()
  local User, Keyword = define_user_keyword(model, "dict", false)
  Keyword.methods.__tostring = keyword_repr
  local _, session = ex.open(model)

  prompt("user = User('log')")
  local user = user_new(session, User, "log")
  prompt("user.keywords['sk1'] = Keyword('kw1')")
  user.keywords["sk1"] = Keyword(session, { keyword = "kw1" })
  prompt("user.keywords['sk2'] = Keyword('kw2')")
  user.keywords["sk2"] = Keyword(session, { keyword = "kw2" })
  prompt("print(user.keywords)")
  print(user.keywords)

  prompt("session.commit(); print(user.keywords)")
  session:commit()
  print(user.keywords)
end

-- ---- composite association proxies ---------------------------------------------------------------

local function composite()
  print("== seed 003: composite association proxies ==")
  local model = assoc.model()
  local User = define_user_keyword(model, "dict", true)
  local _, session = ex.open(model)

  prompt("user = User('log')")
  local user = user_new(session, User, "log")
  prompt("user.keywords = {\n...     'sk1':'kw1',\n...     'sk2':'kw2'\n... }")
  user.keywords = { sk1 = "kw1", sk2 = "kw2" }
  prompt("print(user.keywords)")
  print(user.keywords)

  prompt("user.keywords['sk3'] = 'kw3'")
  user.keywords["sk3"] = "kw3"
  prompt("del user.keywords['sk2']")
  user.keywords["sk2"] = nil
  prompt("print(user.keywords)")
  print(user.keywords)

  prompt("session.commit()")
  session:commit()
  prompt("# illustrate un-proxied usage\n... print(user.user_keywords['sk3'].kw)")
  print(user.user_keywords["sk3"].kw)
  prompt("print(user.keywords)")
  print(user.keywords)
end

scalar_collections(0)
print()
scalar_collections(1)
print()
scalar_collections(2)
print()
association_objects()
print()
dict_collections()
print()
composite()
