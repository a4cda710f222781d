# frozen_string_literal: true

# seed 004: linking relationships with backref. A backref on Post#owner puts a
# second relationship, "posts", onto User: the same as declaring both sides
# with back_populates. With uselist: false on the backref, User and Address
# are one-to-one.
require_relative "example_helper"
include Example

# class User(Base): __tablename__ = 'user'; id, name
def define_user(registry)
  registry.table("user") do |t|
    t.column :id, :integer, primary_key: true
    t.column :name, :text
  end
  registry.mapper("User", "user")
end

#   Post.owner = relationship(User, backref=backref('posts', uselist=True))
# or, equivalently (explicit), both sides with back_populates.
def one_to_many(explicit)
  header(explicit ? "seed 004: the same with back_populates on both sides" : "seed 004: backref, one-to-many")
  registry = Assoc::Registry.new
  user_class = define_user(registry)
  registry.table("post") do |t|
    t.column :id, :integer, primary_key: true
    t.column :owner_id, :integer, foreign_key: "user.id"
  end
  post_class = registry.mapper("Post", "post")
  if explicit
    post_class.relationship :owner, user_class, back_populates: :posts
    user_class.relationship :posts, post_class, back_populates: :owner
  else
    post_class.relationship :owner, user_class, backref: :posts
  end
  _engine, s = Example.open(registry)

  prompt "u = User(name='Bob')"
  u = user_class.new(s, name: "Bob")
  prompt "p1 = Post(owner=u); p2 = Post(owner=u)"
  p1 = post_class.new(s, owner: u)
  p2 = post_class.new(s, owner: u)
  prompt "u.posts == [p1, p2]"
  print_bool u.posts == [p1, p2]

  prompt "s.add(u); s.commit()"
  s.add(u)
  s.commit
  prompt "u.posts"
  puts list(u.posts)
  prompt "p1.owner"
  print_str p1.owner
  prompt "[p.owner_id for p in u.posts]"
  puts list(u.posts.map(&:owner_id))
  s.close
end

#   Address.user = relationship(User, backref=backref('address', uselist=False))
def one_to_one
  header "seed 004: backref with uselist=False, one-to-one"
  registry = Assoc::Registry.new
  user_class = define_user(registry)
  registry.table("address") do |t|
    t.column :id, :integer, primary_key: true
    t.column :address, :text
    t.column :user_id, :integer, foreign_key: "user.id"
  end
  address_class = registry.mapper("Address", "address") do
    relationship :user, "User", backref: Assoc.backref(:address, uselist: false)
  end
  _engine, s = Example.open(registry)

  prompt "u = User(name='Bob')"
  u = user_class.new(s, name: "Bob")
  prompt "a = Address(address='1 Main Street', user=u)"
  a = address_class.new(s, address: "1 Main Street", user: u)
  prompt "u.address is a"
  print_bool u.address.equal?(a)

  prompt "s.add(u); s.commit()"
  s.add(u)
  s.commit
  prompt "u.address"
  print_str u.address
  prompt "u.address.address"
  print_repr u.address.address
  prompt "a.user"
  print_str a.user

  # one address per user: a new one takes the old one's place on both sides
  prompt "b = Address(address='2 Side Street'); u.address = b; s.commit()"
  b = address_class.new(s, address: "2 Side Street")
  u.address = b
  s.commit
  prompt "u.address"
  print_str u.address
  prompt "b.user"
  print_str b.user
  prompt "a.user is None"
  print_bool a.user.nil?
  s.close
end

one_to_many(false)
puts
one_to_many(true)
puts
one_to_one
