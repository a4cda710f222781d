-- seed 004: linking relationships with backref (examples/seed004_backref.c).
--
-- A backref on Post.owner puts a second relationship, "posts", onto User: the
-- same as declaring both sides with back_populates. With uselist false on the
-- backref, User and Address are one-to-one.
local assoc = require "assoc"
local ex = require "example_helper"

local prompt = ex.prompt

--[=[
class User(Base):
    __tablename__ = 'user'
    id = Column(Integer, primary_key=True)
    name = Column(String(256))
]=]
local function define_user(model)
  model:table("user", { { "id", "integer", primary_key = true }, { "name", "text" } })
  return model:mapper("User", "user")
end

--[=[
class Post(Base):
    __tablename__ = 'post'
    id = Column(Integer, primary_key=True)
    owner_id = Column(Integer, ForeignKey('user.id'))
    owner = relationship(User, backref=backref('posts', uselist=True))

or, equivalently (explicit), both sides with back_populates:

    owner = relationship(User, back_populates='posts')      # on Post
    posts = relationship(Post, back_populates='owner')      # on User
]=]
local function one_to_many(explicit)
  print(explicit and "== seed 004: the same with back_populates on both sides ==" or "== seed 004: backref, one-to-many ==")
  local model = assoc.model()
  local User = define_user(model)
  model:table("post", { { "id", "integer", primary_key = true }, { "owner_id", "integer", foreign_key = "user.id" } })
  local Post = model:mapper("Post", "post")
  if explicit then
    Post:relationship("owner", { target = User, back_populates = "posts" })
    User:relationship("posts", { target = Post, back_populates = "owner" })
  else
    Post:relationship("owner", { target = User, backref = "posts" })
  end
  local _, s = ex.open(model)

  prompt("u = User(name='Bob')")
  local u = User(s, { name = "Bob" })
  prompt("p1 = Post(owner=u); p2 = Post(owner=u)")
  local p1, p2 = Post(s, { owner = u }), Post(s, { owner = u })
  prompt("u.posts == [p1, p2]")
  print(assoc.repr(#u.posts == 2 and rawequal(u.posts[1], p1) and rawequal(u.posts[2], p2)))

  prompt("s.add(u); s.commit()")
  s:add(u)
  s:commit()
  prompt("u.posts")
  print(u.posts)
  prompt("p1.owner")
  print(p1.owner)
  prompt("[p.owner_id for p in u.posts]")
  print(ex.list(u.posts, function(p) return assoc.repr(p.owner_id) end))
end

--[=[
class Address(Base):
    __tablename__ = 'address'
    id = Column(Integer, primary_key=True)
    address = Column(String(256))
    user_id = Column(Integer, ForeignKey('user.id'))
    user = relationship(User, backref=backref('address', uselist=False))
]=]
local function one_to_one()
  print("== seed 004: backref with uselist=False, one-to-one ==")
  local model = assoc.model()
  local User = define_user(model)
  model:table("address", {
    { "id", "integer", primary_key = true },
    { "address", "text" },
    { "user_id", "integer", foreign_key = "user.id" },
  })
  local Address = model:mapper("Address", "address")
  Address:relationship("user", { target = User, backref = "address", backref_options = { uselist = false } })
  local _, s = ex.open(model)

  prompt("u = User(name='Bob')")
  local u = User(s, { name = "Bob" })
  prompt("a = Address(address='1 Main Street', user=u)")
  local a = Address(s, { address = "1 Main Street", user = u })
  prompt("u.address is a")
  print(assoc.repr(rawequal(u.address, a)))

  prompt("s.add(u); s.commit()")
  s:add(u)
  s:commit()
  prompt("u.address")
  print(u.address)
  prompt("u.address.address")
  print(assoc.repr(u.address.address))
  prompt("a.user")
  print(a.user)

  -- one address per user: a new one takes the old one's place on both sides
  prompt("b = Address(address='2 Side Street'); u.address = b; s.commit()")
  local b = Address(s, { address = "2 Side Street" })
  u.address = b
  s:commit()
  prompt("u.address")
  print(u.address)
  prompt("b.user")
  print(b.user)
  prompt("a.user is None")
  print(assoc.repr(a.user == nil))
end

one_to_many(false)
print()
one_to_many(true)
print()
one_to_one()
