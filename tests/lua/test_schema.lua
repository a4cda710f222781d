-- Schema and mapping: column options, table constraints, naming conventions,
-- relationship options, instance methods.
local assoc = require "assoc"
local t = require "harness"

local E = assoc.E

local function open(model)
  local engine = assoc.engine()
  engine:create_all(model)
  return engine:session(model), engine
end

local function sql_of(engine, name)
  return engine:scalar("SELECT sql FROM sqlite_master WHERE name = ?1", { name })
end

t.test("column options reach the DDL: primary key, nullable, unique, index, default, foreign key actions", function()
  local model = assoc.model { naming_convention = { ix = "ix_%(table_name)s_%(column_0_name)s" } }
  local parent = model:table("parent", { { "id", "integer", primary_key = true } })
  local child = model:table("child", {
    { "id", "integer", primary_key = true, autoincrement = false },
    { "code", "text", nullable = false, unique = true },
    { "rank", "integer", index = true, default = 5 },
    { "parent_id", foreign_key = "parent.id", on_delete = "cascade", on_update = "set null" },
  })
  t.same(child:columns(), { "id", "code", "rank", "parent_id" })
  t.eq(tostring(parent), "<Table parent>")
  model:mapper("Parent", "parent")
  model:mapper("Child", "child")
  local _, engine = open(model)
  local ddl = sql_of(engine, "child")
  t.ok(ddl:find("code TEXT NOT NULL", 1, true), ddl)
  t.ok(ddl:find("UNIQUE", 1, true), ddl)
  t.ok(ddl:find("ON DELETE CASCADE", 1, true), ddl)
  t.ok(ddl:find("ON UPDATE SET NULL", 1, true), ddl)
  t.ok(ddl:find("parent_id INTEGER", 1, true), "the type came from parent.id: " .. ddl)
  t.ok(sql_of(engine, "ix_child_rank"), "the index, named by the convention")
end)

t.test("composite foreign keys and unique constraints, with names", function()
  local model = assoc.model { naming_convention = { uq = "uq_%(table_name)s_%(column_0_name)s" } }
  model:table("version", {
    { "name", "text", primary_key = true }, { "number", "integer", primary_key = true },
  })
  model:table("release", {
    { "id", "integer", primary_key = true }, { "vname", "text" }, { "vnumber", "integer" }, { "tag", "text" },
    assoc.foreign_key({ "vname", "vnumber" }, "version", { "name", "number" }, { on_delete = "cascade", name = "fk_rv" }),
    assoc.unique { "vname", "tag" },
  })
  local Version, Release = model:mapper("Version", "version"), model:mapper("Release", "release")
  Release:relationship("version", { target = Version, backref = "releases" })
  t.eq(model.tables.release:constraint_name("uq", "vname"), "uq_release_vname")
  t.eq(model.tables.release:constraint_name("fk", "vname"), "fk_rv")
  local s, engine = open(model)
  local v = s:add(Version(s, { name = "lua", number = 54 }))
  v.releases:append(Release(s, { tag = "a" }))
  s:commit()
  local r = v.releases[1]
  t.eq(r.vname, "lua")
  t.eq(r.vnumber, 54)
  s:add(Release(s, { version = v, tag = "a" }))
  t.raises(E.CONSTRAINT, nil, function() s:commit() end)
  s:rollback()
  engine:exec("DELETE FROM version")
  t.eq(engine:scalar("SELECT count(*) FROM release"), 0, "ON DELETE CASCADE on the composite key")
end)

t.test("relationship options: order_by, set collections, uselist, explicit foreign_keys", function()
  local model = assoc.model()
  model:table("person", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:table("message", {
    { "id", "integer", primary_key = true }, { "body", "text" },
    { "sender_id", "integer", foreign_key = "person.id" }, { "recipient_id", "integer", foreign_key = "person.id" },
  })
  local Person, Message = model:mapper("Person", "person"), model:mapper("Message", "message")
  Person:relationship("sent", { target = Message, foreign_keys = "message.sender_id", order_by = "body DESC",
    back_populates = "sender" })
  Person:relationship("received", { target = Message, foreign_keys = "message.recipient_id", collection = "set" })
  Message:relationship("sender", { target = Person, foreign_keys = "message.sender_id", back_populates = "sent" })
  local s = open(model)
  local a, b = s:add(Person(s, { name = "a" })), s:add(Person(s, { name = "b" }))
  for _, body in ipairs { "m1", "m3", "m2" } do
    local m = Message(s, { body = body, sender = a })
    b.received:add(m)
  end
  s:commit()
  s:expire(a)
  local bodies = {}
  for i, m in ipairs(a.sent) do bodies[i] = m.body end
  t.same(bodies, { "m3", "m2", "m1" }, "ordered by body DESC when loaded")
  t.eq(assoc.kind(b.received), "set")
  t.eq(#b.received, 3)
  t.ok(rawequal(a.sent[1].sender, a))
  -- ambiguous without foreign_keys
  local bad = assoc.model()
  bad:table("person", { { "id", "integer", primary_key = true } })
  bad:table("message", { { "id", "integer", primary_key = true },
    { "sender_id", "integer", foreign_key = "person.id" }, { "recipient_id", "integer", foreign_key = "person.id" } })
  bad:mapper("Message", "message")
  bad:mapper("Person", "person"):relationship("sent", { target = "Message" })
  t.raises(E.CONFIG, nil, function() bad:configure() end)
end)

t.test("cascades: delete, delete-orphan, passive_deletes", function()
  local model = assoc.model()
  model:table("parent", { { "id", "integer", primary_key = true } })
  model:table("child", { { "id", "integer", primary_key = true },
    { "parent_id", "integer", foreign_key = "parent.id", on_delete = "cascade" } })
  local Parent, Child = model:mapper("Parent", "parent"), model:mapper("Child", "child")
  Parent:relationship("children", { target = Child, cascade = "all, delete-orphan" })
  local s, engine = open(model)
  local p = s:add(Parent(s))
  p.children:extend { Child(s), Child(s), Child(s) }
  s:commit()
  p.children:pop(1)
  s:commit()
  t.eq(engine:scalar("SELECT count(*) FROM child"), 2, "the orphan was deleted")
  s:delete(p)
  s:commit()
  t.eq(engine:scalar("SELECT count(*) FROM child"), 0, "delete cascaded")

  local passive = assoc.model()
  passive:table("parent", { { "id", "integer", primary_key = true } })
  passive:table("child", { { "id", "integer", primary_key = true },
    { "parent_id", "integer", foreign_key = "parent.id", on_delete = "cascade" } })
  local P2, C2 = passive:mapper("Parent", "parent"), passive:mapper("Child", "child")
  P2:relationship("children", { target = C2, cascade = "all, delete-orphan", passive_deletes = true, lazy = "noload" })
  local s2, engine2 = open(passive)
  local p2 = s2:add(P2(s2))
  p2.children:append(C2(s2))
  s2:commit()
  s2:close()
  s2 = engine2:session(passive)
  local logged = {}
  engine2:set_log(function(sql) logged[#logged + 1] = sql end)
  s2:delete(s2:query(P2):one())
  s2:commit()
  engine2:set_log(nil)
  for _, sql in ipairs(logged) do t.ok(not sql:find("FROM child", 1, true), "no load of the children: " .. sql) end
  t.eq(engine2:scalar("SELECT count(*) FROM child"), 0, "the database cascaded")
end)

t.test("instance methods and a custom tostring", function()
  local model = assoc.model()
  model:table("user", { { "id", "integer", primary_key = true }, { "name", "text" } })
  local User = model:mapper("User", "user")
  function User.methods:greet(greeting) return (greeting or "hi") .. " " .. self.name end
  local s = open(model)
  local u = User(s, { name = "jek" })
  t.eq(tostring(u), "<User None>")
  t.eq(u:greet(), "hi jek")
  t.eq(u:greet("hello"), "hello jek")
  function User.methods:__tostring() return "User(" .. assoc.repr(self.name) .. ")" end
  t.eq(tostring(u), "User('jek')")
  t.raises(E.NOTFOUND, "no attribute 'greet2'", function() return u.greet2 end)
end)

t.test("a model's tables, mappers and configuration", function()
  local model = assoc.model()
  model:table("t", { { "id", "integer", primary_key = true } })
  local T = model:mapper("T", "t")
  t.ok(rawequal(model.mappers.T, T))
  t.ok(not model:is_configured())
  t.eq(tostring(model), "<Model being defined>")
  model:configure()
  model:configure() -- again: nothing to do
  t.ok(model:is_configured())
  t.eq(T:attr("id").kind, "column")
  t.raises(E.NOTFOUND, "T has no attribute 'x'", function() T:attr("x") end)
  t.raises(nil, nil, function() model:table("late", {}) end)
end)

-- relationship options version 2: secondary_owner_keys / secondary_target_keys
-- (a self-referential many-to-many) and post_update (a cycle of new rows)
t.test("a self-referential many-to-many names its secondary's columns", function()
  local model = assoc.model()
  model:table("users", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:table("follows", {
    { "follower_id", primary_key = true, foreign_key = "users.id" },
    { "followed_id", primary_key = true, foreign_key = "users.id" },
  })
  local User = model:mapper("User", "users")
  User:relationship("following", { target = "User", secondary = "follows", order_by = "name",
    secondary_owner_keys = "follower_id", secondary_target_keys = "followed_id",
    backref = "followers", backref_options = { order_by = "name" } })
  local session, engine = open(model)
  local ann, bob, cy = User(session, { name = "ann" }), User(session, { name = "bob" }), User(session, { name = "cy" })
  session:add(ann)
  ann.following:append(bob)
  ann.following:append(cy)
  bob.following:append(cy)
  t.eq(#cy.followers, 2, "the backref is kept in step")
  session:commit()
  t.eq(engine:scalar("SELECT count(*) FROM follows WHERE followed_id = ?1", { cy.id }), 2)
  t.eq(engine:scalar("SELECT count(*) FROM follows WHERE follower_id = ?1", { ann.id }), 2)
  session:expire_all()
  local names = {}
  for _, u in ipairs(cy.followers) do names[#names + 1] = u.name end
  t.same(names, { "ann", "bob" })

  local bad = assoc.model()
  bad:table("users", { { "id", "integer", primary_key = true } })
  bad:table("follows", {
    { "follower_id", primary_key = true, foreign_key = "users.id" },
    { "followed_id", primary_key = true, foreign_key = "users.id" },
  })
  bad:mapper("User", "users"):relationship("following", { target = "User", secondary = "follows" })
  t.raises(nil, "secondary_owner_keys and secondary_target_keys", function() open(bad) end)
  t.raises(E.INVAL, "must be a string", function()
    local m = assoc.model()
    m:table("x", { { "id", "integer", primary_key = true } })
    m:mapper("X", "x"):relationship("r", { target = "X", secondary_owner_keys = 1 })
  end)
end)

t.test("post_update: a cycle of new rows flushes, the key written by an UPDATE", function()
  local function ring_model(post)
    local model = assoc.model()
    model:table("nodes", { { "id", "integer", primary_key = true }, { "name", "text" },
      { "next_id", "integer", foreign_key = "nodes.id" } })
    model:mapper("Node", "nodes"):relationship("next", { target = "Node", uselist = false, post_update = post })
    return model
  end
  local function ring(session, Node)
    local x, y, z = Node(session, { name = "x" }), Node(session, { name = "y" }), Node(session, { name = "z" })
    session:add(x)
    x.next, y.next, z.next = y, z, x
    return x, y, z
  end
  local model = ring_model(true)
  local session, engine = open(model)
  local statements = {}
  engine:set_log(function(sql) statements[#statements + 1] = sql end)
  local x, _, z = ring(session, model.mappers.Node)
  session:commit()
  engine:set_log(nil)
  local updates = 0
  for _, sql in ipairs(statements) do if sql:find("^UPDATE") then updates = updates + 1 end end
  t.ok(updates >= 1, "the cycle is closed by an UPDATE")
  t.eq(engine:scalar("SELECT count(*) FROM nodes WHERE next_id IS NOT NULL"), 3)
  t.eq(engine:scalar("SELECT next_id FROM nodes WHERE name = 'z'"), x.id)
  t.ok(rawequal(z.next, x))
  local refused = ring_model(false)
  local s2 = open(refused)
  ring(s2, refused.mappers.Node)
  t.raises(E.CONSTRAINT, "post_update", function() s2:flush() end)
  t.raises(E.INVAL, "must be a boolean", function()
    local m = assoc.model()
    m:table("x", { { "id", "integer", primary_key = true } })
    m:mapper("X", "x"):relationship("r", { target = "X", post_update = 1 })
  end)
end)

t.run()
