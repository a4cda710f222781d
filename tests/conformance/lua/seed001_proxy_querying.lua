-- seed 001: querying with association proxies (examples/seed001_proxy_querying.c).
--
-- User.special_keys proxies a column (UserKeywordAssociation.special_key) and
-- User.keywords an object (UserKeywordAssociation.keyword, a Keyword):
-- comparisons on them compile to correlated EXISTS subqueries, printed as
-- SQLAlchemy prints them and then run on three users. Last, a join along both
-- hops of User.keywords (its local_attr, then its remote_attr).
local assoc = require "assoc"
local ex = require "example_helper"

local prompt = ex.prompt

--[=[
class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    user_keyword_associations: Mapped[UserKeywordAssociation] = relationship(
        cascade="all, delete-orphan",
    )
    # object-targeted association proxy
    keywords: AssociationProxy[List[Keyword]] = association_proxy(
        "user_keyword_associations", "keyword",
    )
    # column-targeted association proxy
    special_keys: AssociationProxy[List[str]] = association_proxy(
        "user_keyword_associations", "special_key"
    )

class UserKeywordAssociation(Base):
    __tablename__ = "user_keyword"
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    keyword_id: Mapped[int] = mapped_column(ForeignKey("keyword.id"), primary_key=True)
    special_key: Mapped[str] = mapped_column(String(64))
    keyword: Mapped[Keyword] = relationship()

class Keyword(Base):
    __tablename__ = "keyword"
    id: Mapped[int] = mapped_column(primary_key=True)
    keyword: Mapped[str] = mapped_column(String(64))
]=]
local function open_model()
  local model = assoc.model()
  model:table("user", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:table("user_keyword", {
    { "user_id", "integer", foreign_key = "user.id", primary_key = true },
    { "keyword_id", "integer", foreign_key = "keyword.id", primary_key = true },
    { "special_key", "text" },
  })
  model:table("keyword", { { "id", "integer", primary_key = true }, { "keyword", "text" } })
  local m = {
    User = model:mapper("User", "user"),
    UserKeywordAssociation = model:mapper("UserKeywordAssociation", "user_keyword"),
    Keyword = model:mapper("Keyword", "keyword"),
  }
  m.User:relationship("user_keyword_associations",
    { target = m.UserKeywordAssociation, cascade = "all, delete-orphan" })
  m.User:proxy("keywords", { "user_keyword_associations", "keyword" })
  m.User:proxy("special_keys", { "user_keyword_associations", "special_key" })
  m.UserKeywordAssociation:relationship("keyword", { target = m.Keyword })
  local _, session = ex.open(model)
  m.session = session
  return m
end

-- jek: special_key "jek", Keyword "cheese-inspector"; log: "blammo-jek", "jek"; ann: "sk1", "snack-ninja".
local function add_users(m)
  local s = m.session
  for _, row in ipairs { { "jek", "jek", "cheese-inspector" }, { "log", "blammo-jek", "jek" },
                         { "ann", "sk1", "snack-ninja" } } do
    local u = m.User(s, { name = row[1] })
    local a = m.UserKeywordAssociation(s, { special_key = row[2], keyword = m.Keyword(s, { keyword = row[3] }) })
    u.user_keyword_associations:append(a)
    s:add(u)
  end
  s:commit()
end

-- Print the query's SQL, then run it and print the names of the users found.
local function show(q)
  print(q:sql())
  print("-> " .. ex.list(q:all(), function(u) return assoc.repr(u.name) end))
end

local function column_proxy()
  print("== seed 001: querying a column-targeted association proxy ==")
  local m = open_model()
  add_users(m)
  local User = m.User

  prompt('print(session.scalars(select(User).where(User.special_keys == "jek")))')
  show(m.session:query(User):where(User.c.special_keys:eq("jek")))

  prompt('print(session.scalars(select(User).where(User.special_keys.like("%jek"))))')
  show(m.session:query(User):where(User.c.special_keys:like("%jek")))
end

local function object_proxy()
  print("== seed 001: querying an object-targeted association proxy ==")
  local m = open_model()
  add_users(m)
  local User, Keyword = m.User, m.Keyword

  prompt('print(session.scalars(select(User).where(User.keywords.any(Keyword.keyword == "jek"))))')
  show(m.session:query(User):where(User.c.keywords:any(Keyword.c.keyword:eq("jek"))))
end

-- select(User).join(*User.keywords.attr), and the same hop by hop.
local function joins()
  print("== seed 001: joining along an association proxy ==")
  local m = open_model()
  add_users(m)
  local User, Keyword = m.User, m.Keyword

  prompt('print(select(User).join(*User.keywords.attr).where(Keyword.keyword == "jek"))')
  show(m.session:query(User):join(User.c.keywords):where(Keyword.c.keyword:eq("jek")))

  local keywords = User.c.keywords
  prompt("User.keywords.local_attr, User.keywords.remote_attr")
  print(("(%s, %s)"):format(tostring(keywords.local_attr), tostring(keywords.remote_attr)))
  prompt('print(select(User)\n...     .join(User.keywords.local_attr)\n...     .join(User.keywords.remote_attr)\n'
    .. '...     .where(Keyword.keyword == "jek"))')
  show(m.session:query(User)
    :join(keywords.local_attr)
    :join(keywords.remote_attr)
    :where(Keyword.c.keyword:eq("jek")))
end

column_proxy()
print()
object_proxy()
print()
joins()
