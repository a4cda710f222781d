-- seed 004: relationship update cascades (examples/seed004_passive_updates.c).
--
-- A User's primary key is its username, and each Address refers to it. When
-- john's username changes, his addresses must follow, either way:
--   - passive_updates true (the default) with the foreign key declared
--     ON UPDATE CASCADE: the database updates the addresses itself;
--   - passive_updates false, with no ON UPDATE action: the session issues the
--     UPDATEs of addresses.user_id itself.
-- Both ways the addresses hold the new username, in the objects and in the
-- database, and address.user is still john.
local assoc = require "assoc"
local ex = require "example_helper"

local prompt = ex.prompt

--[=[
class User(Base):
    __tablename__ = 'users'
    username = Column(String(50), primary_key=True)

class Address(Base):
    __tablename__ = 'addresses'
    id = Column(Integer, primary_key=True)
    email = Column(String(100))
    user_id = Column(String(50), ForeignKey('users.username', onupdate='CASCADE'))
    user = relationship(User, backref=backref('addresses', passive_updates=True))

or, for (b): ForeignKey('users.username') and backref('addresses', passive_updates=False).
]=]
local function passive_updates(database_cascades)
  print(database_cascades and "== seed 004: passive_updates=True, the database cascades (ON UPDATE CASCADE) =="
    or "== seed 004: passive_updates=False, the session issues the UPDATEs ==")
  local model = assoc.model()
  model:table("users", { { "username", "text", primary_key = true } })
  local User = model:mapper("User", "users")
  model:table("addresses", {
    { "id", "integer", primary_key = true },
    { "email", "text" },
    { "user_id", "text", foreign_key = "users.username", on_update = database_cascades and "cascade" or "no action" },
  })
  local Address = model:mapper("Address", "addresses")
  Address:relationship("user", { target = User, backref = "addresses",
    backref_options = { passive_updates = database_cascades } })
  local engine, s = ex.open(model)

  prompt("john = User(username='john')")
  local john = User(s, { username = "john" })
  prompt("home_of_john = Address(email='home@john.example', user=john)")
  local home_of_john = Address(s, { email = "home@john.example", user = john })
  prompt("office_of_john = Address(email='office@john.example', user=john)")
  local office_of_john = Address(s, { email = "office@john.example", user = john })
  prompt("s.add(john); s.commit()")
  s:add(john)
  s:commit()
  prompt("[a.user_id for a in john.addresses]")
  print(ex.list(john.addresses, function(a) return assoc.repr(a.user_id) end))

  -- the tables the library UPDATEs, in the order it first does
  local updated, seen = {}, {}
  prompt("john.username = 'jonathan'; s.commit()")
  engine:set_log(function(sql)
    local name = sql:match('^UPDATE "?([%w_]+)')
    if name and not seen[name] then
      seen[name] = true
      updated[#updated + 1] = name
    end
  end)
  john.username = "jonathan"
  s:commit()
  engine:set_log(nil)

  prompt("john")
  print(john)
  prompt("home_of_john.user_id")
  print(assoc.repr(home_of_john.user_id))
  prompt("office_of_john.user_id")
  print(assoc.repr(office_of_john.user_id))
  prompt("home_of_john.user is john")
  print(assoc.repr(rawequal(home_of_john.user, john)))
  prompt("office_of_john.user is john")
  print(assoc.repr(rawequal(office_of_john.user, john)))
  prompt("john.addresses")
  print(john.addresses)

  -- what the database holds, and who updated it
  print("addresses.user_id in the database: "
    .. engine:scalar("SELECT group_concat(user_id, ', ') FROM (SELECT user_id FROM addresses ORDER BY id)"))
  print("tables the session UPDATEd: " .. table.concat(updated, ", "))
end

passive_updates(true)
print()
passive_updates(false)
