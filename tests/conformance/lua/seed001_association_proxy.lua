-- seed 001: the association proxy, a read/write view of an attribute two hops
-- away (examples/seed001_association_proxy.c).
--
-- User.keywords shows the Keyword.keyword strings of the many-to-many
-- relationship User.kw (with the proxy, without it, and with a creator);
-- then it bridges the association object UserKeywordAssociation to its
-- Keyword, as a list and as a dict keyed by special_key; last, as a composite
-- proxy, it is a dict of strings to strings, with and without unique Keyword
-- rows (the seed's UniqueObject caveat, built in).
local assoc = require "assoc"
local ex = require "example_helper"

local prompt = ex.prompt

--[=[
class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))

class Keyword(Base):
    __tablename__ = "keyword"
    id: Mapped[int] = mapped_column(primary_key=True)
    keyword: Mapped[str] = mapped_column(String(64))

and the table user_keyword(user_id, keyword_id), with special_key when it
maps the association object UserKeywordAssociation.
]=]
local function define_tables(model, special_key)
  model:table("user", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:table("keyword", { { "id", "integer", primary_key = true }, { "keyword", "text" } })
  local uk = model:table("user_keyword", {
    { "user_id", "integer", foreign_key = "user.id", primary_key = true },
    { "keyword_id", "integer", foreign_key = "keyword.id", primary_key = true },
  })
  if special_key then uk:column { "special_key", "text" } end
  return model:mapper("User", "user"), model:mapper("Keyword", "keyword")
end

-- Keyword.__repr__: Keyword('kw')
local function keyword_repr(keyword)
  return "Keyword(" .. assoc.repr(keyword.keyword) .. ")"
end

-- User(name), added to the session
local function user_new(session, User, name)
  return session:add(User(session, { name = name }))
end

-- ---- simplifying scalar collections -----------------------------------------------------

--[=[
    kw: Mapped[List[Keyword]] = relationship(secondary=lambda: user_keyword_table)
    keywords: AssociationProxy[List[str]] = association_proxy("kw", "keyword")
]=]
local function scalar_collections(with_creator)
  print(with_creator and "== seed 001: simplifying scalar collections, with a creator =="
    or "== seed 001: simplifying scalar collections ==")
  local model = assoc.model()
  local User, Keyword = define_tables(model, false)
  User:relationship("kw", { target = "Keyword", secondary = "user_keyword" })
  User:proxy("keywords", { "kw", "keyword",
    -- creator=lambda kw: Keyword(keyword=kw)
    creator = with_creator and function(owner, _, value) return Keyword(owner, { keyword = value }) end or nil })
  local engine, session = ex.open(model)

  prompt('user = User("jek")')
  local user = user_new(session, User, "jek")
  prompt('user.keywords.append("cheese-inspector")')
  user.keywords:append("cheese-inspector")
  prompt('user.keywords.append("snack-ninja")')
  user.keywords:append("snack-ninja")
  prompt("print(user.keywords)")
  print(user.keywords)

  -- the proxy made the Keyword objects, and they are in the relationship
  prompt("print([keyword.keyword for keyword in user.kw])")
  print(ex.list(user.kw, function(keyword) return assoc.repr(keyword.keyword) end))

  prompt("session.commit(); print(user.keywords)")
  session:commit()
  print(user.keywords)
  prompt("print(user.kw)")
  print(user.kw)
  prompt("session.scalar(select(func.count()).select_from(user_keyword_table))")
  print(ex.count_rows(engine, "user_keyword"))
end

-- The identical series of operations without using the association proxy.
local function scalar_collections_without_proxy()
  print("== seed 001: the same without the association proxy ==")
  local model = assoc.model()
  local User, Keyword = define_tables(model, false)
  User:relationship("kw", { target = "Keyword", secondary = "user_keyword" })
  local _, session = ex.open(model)

  prompt("# identical operations without using the association proxy")
  prompt('user = User("jek")')
  local user = user_new(session, User, "jek")
  prompt('user.kw.append(Keyword("cheese-inspector"))')
  user.kw:append(Keyword(session, { keyword = "cheese-inspector" }))
  prompt('user.kw.append(Keyword("snack-ninja"))')
  user.kw:append(Keyword(session, { keyword = "snack-ninja" }))
  prompt("print([keyword.keyword for keyword in user.kw])")
  print(ex.list(user.kw, function(keyword) return assoc.repr(keyword.keyword) end))
end

-- ---- simplifying association objects ------------------------------------------------------

--[=[
class User(Base):
    user_keyword_associations: Mapped[List[UserKeywordAssociation]] = relationship(
        back_populates="user", cascade="all, delete-orphan")
    keywords: AssociationProxy[List[Keyword]] = association_proxy(
        "user_keyword_associations", "keyword",
        creator=lambda keyword_obj: UserKeywordAssociation(keyword=keyword_obj))

class UserKeywordAssociation(Base):
    __tablename__ = "user_keyword"
    user_id, keyword_id: primary key, foreign keys to user.id and keyword.id
    special_key: Mapped[Optional[str]] = mapped_column(String(50))
    user: Mapped[User] = relationship(back_populates="user_keyword_associations")
    keyword: Mapped[Keyword] = relationship()
]=]
local function association_objects()
  print("== seed 001: simplifying association objects ==")
  local model = assoc.model()
  local User, Keyword = define_tables(model, true)
  local UserKeywordAssociation = model:mapper("UserKeywordAssociation", "user_keyword")
  User:relationship("user_keyword_associations",
    { target = UserKeywordAssociation, cascade = "all, delete-orphan", back_populates = "user" })
  User:proxy("keywords", { "user_keyword_associations", "keyword",
    creator = function(owner, _, keyword) return UserKeywordAssociation(owner, { keyword = keyword }) end })
  UserKeywordAssociation:relationship("user", { target = User, back_populates = "user_keyword_associations" })
  UserKeywordAssociation:relationship("keyword", { target = Keyword })
  Keyword.methods.__tostring = keyword_repr
  local _, session = ex.open(model)

  prompt('user = User("log")')
  local user = user_new(session, User, "log")
  prompt('for kw in (Keyword("new_from_blammo"), Keyword("its_big")):\n...     user.keywords.append(kw)')
  for _, word in ipairs { "new_from_blammo", "its_big" } do
    user.keywords:append(Keyword(session, { keyword = word }))
  end
  prompt("print(user.keywords)")
  print(user.keywords)

  -- each append made a UserKeywordAssociation whose .user is the user
  prompt("[a.user is user for a in user.user_keyword_associations]")
  print(ex.list(user.user_keyword_associations, function(a) return assoc.repr(rawequal(a.user, user)) end))

  prompt('user.user_keyword_associations.append(\n...     UserKeywordAssociation(keyword=Keyword("its_heavy"))\n... )')
  user.user_keyword_associations:append(
    UserKeywordAssociation(session, { keyword = Keyword(session, { keyword = "its_heavy" }) }))

  prompt('UserKeywordAssociation(\n...     keyword=Keyword("its_wood"), user=user, special_key="my special key"\n... )')
  local wood = UserKeywordAssociation(session, {
    keyword = Keyword(session, { keyword = "its_wood" }), user = user, special_key = "my special key" })
  -- SQLAlchemy 2.0: the backref does not cascade it into the session
  prompt("session.add(user.user_keyword_associations[-1])")
  session:add(wood)

  prompt("print(user.keywords)")
  print(user.keywords)

  prompt("session.commit()")
  session:commit()
  prompt("print(user.keywords)")
  print(user.keywords)
  prompt("[a.special_key for a in user.user_keyword_associations]")
  print(ex.list(user.user_keyword_associations, function(a) return assoc.repr(a.special_key) end))
end

-- ---- proxying to dictionary based collections -------------------------------------------------

--[=[
creator=lambda k, v: UserKeywordAssociation(special_key=k, keyword=v)
keyword is a relationship to Keyword here, and a proxy of kw.keyword in the
composite mapping: the same creator serves both.

user_keyword_associations as attribute_keyed_dict("special_key"), and User and
UserKeywordAssociation with the relationships both ways; composite:
UserKeywordAssociation.kw = relationship(Keyword) and
UserKeywordAssociation.keyword = association_proxy("kw", "keyword").
]=]
local function define_dict_model(model, composite, unique)
  local User, Keyword = define_tables(model, true)
  local UserKeywordAssociation = model:mapper("UserKeywordAssociation", "user_keyword")
  User:relationship("user_keyword_associations", { target = UserKeywordAssociation, collection = "dict",
    dict_key = "special_key", cascade = "all, delete-orphan", back_populates = "user" })
  User:proxy("keywords", { "user_keyword_associations", "keyword",
    creator = function(owner, key, value)
      return UserKeywordAssociation(owner, { special_key = key, keyword = value })
    end })
  UserKeywordAssociation:relationship("user", { target = User, back_populates = "user_keyword_associations" })
  if composite then
    UserKeywordAssociation:relationship("kw", { target = Keyword })
    UserKeywordAssociation:proxy("keyword", { "kw", "keyword", unique = unique })
  else
    UserKeywordAssociation:relationship("keyword", { target = Keyword })
  end
  return User, Keyword, UserKeywordAssociation
end

local function dict_collections()
  print("== seed 001: proxying to dictionary based collections ==")
  local model = assoc.model()
  local User, Keyword = define_dict_model(model, false, false)
  Keyword.methods.__tostring = keyword_repr
  local _, session = ex.open(model)

  prompt('user = User("log")')
  local user = user_new(session, User, "log")
  prompt('user.keywords["sk1"] = Keyword("kw1")')
  user.keywords["sk1"] = Keyword(session, { keyword = "kw1" })
  prompt('user.keywords["sk2"] = Keyword("kw2")')
  user.keywords["sk2"] = Keyword(session, { keyword = "kw2" })
  prompt("print(user.keywords)")
  print(user.keywords)

  prompt("session.commit(); print(user.keywords)")
  session:commit()
  print(user.keywords)
  prompt("[a.special_key for a in user.user_keyword_associations.values()]")
  print(ex.list(user.user_keyword_associations:values(), function(a) return assoc.repr(a.special_key) end))
end

-- ---- composite association proxies ------------------------------------------------------------

local function composite()
  print("== seed 001: composite association proxies ==")
  local model = assoc.model()
  local User = define_dict_model(model, true, false)
  local _, session = ex.open(model)

  prompt('user = User("log")')
  local user = user_new(session, User, "log")
  prompt('user.keywords = {"sk1": "kw1", "sk2": "kw2"}')
  user.keywords = { sk1 = "kw1", sk2 = "kw2" }
  prompt("print(user.keywords)")
  print(user.keywords)

  prompt('user.keywords["sk3"] = "kw3"')
  user.keywords["sk3"] = "kw3"
  prompt('del user.keywords["sk2"]')
  user.keywords["sk2"] = nil
  prompt("print(user.keywords)")
  print(user.keywords)

  prompt("session.commit()")
  session:commit()
  prompt('# illustrate un-proxied usage\n... print(user.user_keyword_associations["sk3"].kw)')
  local kw = user.user_keyword_associations["sk3"].kw
  print(kw)
  prompt('print(user.user_keyword_associations["sk3"].kw.keyword)')
  print(kw.keyword)
  prompt("print(user.keywords)")
  print(user.keywords)
end

--[=[
The caveat: each set makes a new Keyword, so two users tagging the same word
make two rows. With unique set on UserKeywordAssociation.keyword, the proxy
looks the Keyword up first (in the session, then the database), as the
UniqueObject recipe does.
]=]
local function composite_unique(unique)
  print(unique and "== seed 001: composite proxies, unique keywords (unique=True) =="
    or "== seed 001: composite proxies, a Keyword per set operation ==")
  local model = assoc.model()
  local User = define_dict_model(model, true, unique)
  local engine, session = ex.open(model)

  prompt('jek = User("jek")\n>>> jek.keywords = {"sk1": "cheese-inspector", "sk2": "snack-ninja"}')
  local jek = user_new(session, User, "jek")
  jek.keywords = { sk1 = "cheese-inspector", sk2 = "snack-ninja" }
  prompt('log = User("log")\n>>> log.keywords["sk1"] = "snack-ninja"')
  local log = user_new(session, User, "log")
  log.keywords["sk1"] = "snack-ninja"
  prompt('log.user_keyword_associations["sk1"].kw is jek.user_keyword_associations["sk2"].kw')
  print(assoc.repr(rawequal(log.user_keyword_associations["sk1"].kw, jek.user_keyword_associations["sk2"].kw)))
  prompt("session.commit()")
  session:commit()
  prompt("session.scalar(select(func.count()).select_from(Keyword))")
  print(ex.count_rows(engine, "keyword"))

  -- a later session: the existing row is found in the database
  prompt('session = Session(engine)\n>>> ann = User("ann"); session.add(ann)\n'
    .. '>>> ann.keywords["sk1"] = "cheese-inspector"\n>>> session.commit()')
  local session2 = engine:session(model)
  local ann = user_new(session2, User, "ann")
  ann.keywords["sk1"] = "cheese-inspector"
  session2:commit()
  prompt("print(ann.keywords)")
  print(ann.keywords)
  prompt("session.scalar(select(func.count()).select_from(Keyword))")
  print(ex.count_rows(engine, "keyword"))
end

scalar_collections(false)
print()
scalar_collections_without_proxy()
print()
scalar_collections(true)
print()
association_objects()
print()
dict_collections()
print()
composite()
print()
composite_unique(false)
print()
composite_unique(true)
