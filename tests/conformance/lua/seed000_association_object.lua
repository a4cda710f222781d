-- seed 000: the association object pattern (examples/seed000_association_object.c).
--
-- An association table with a column beyond its two foreign keys
-- (extra_data) is mapped to a class of its own. The parent reaches it
-- one-to-many, and it reaches the child many-to-one; first one way only,
-- then both ways with back_populates on both pairs.
local assoc = require "assoc"
local ex = require "example_helper"

--[[
class Association(Base):
    __tablename__ = "association_table"
    left_id = Column(ForeignKey("left_table.id"), primary_key=True)
    right_id = Column(ForeignKey("right_table.id"), primary_key=True)
    extra_data = Column(String(50))
    child = relationship("Child")

class Parent(Base):
    __tablename__ = "left_table"
    id = Column(Integer, primary_key=True)
    children = relationship("Association")

class Child(Base):
    __tablename__ = "right_table"
    id = Column(Integer, primary_key=True)
]]
local function one_way()
  print("== seed 000: association object, one way ==")
  local model = assoc.model()
  model:table("association_table", {
    { "left_id", foreign_key = "left_table.id", primary_key = true },
    { "right_id", foreign_key = "right_table.id", primary_key = true },
    { "extra_data", "text" },
  })
  local Association = model:mapper("Association", "association_table")
  Association:relationship("child", { target = "Child" })
  model:table("left_table", { { "id", "integer", primary_key = true } })
  local Parent = model:mapper("Parent", "left_table")
  Parent:relationship("children", { target = "Association" })
  model:table("right_table", { { "id", "integer", primary_key = true } })
  local Child = model:mapper("Child", "right_table")

  local _, session = ex.open(model)

  -- create parent, append a child via association
  local p = Parent(session)
  local a = Association(session, { extra_data = "some data" })
  a.child = Child(session)
  p.children:append(a)

  -- the child and the association reach the session by cascade from p
  session:add(p)
  session:commit()

  -- iterate through child objects via association, including association attributes
  for _, association in ipairs(p.children) do
    print(assoc.str(association.extra_data))
    print(association.child)
  end
end

--[[
class AssociationModel(Base):
    __tablename__ = "association"
    left_id = Column(ForeignKey("left.id"), primary_key=True)
    right_id = Column(ForeignKey("right.id"), primary_key=True)
    extra_data = Column(String(50))
    child = relationship("ChildModel", back_populates="parents")
    parent = relationship("ParentModel", back_populates="children")

class ParentModel(Base):
    __tablename__ = "left"
    id = Column(Integer, primary_key=True)
    children = relationship("AssociationModel", back_populates="parent")

class ChildModel(Base):
    __tablename__ = "right"
    id = Column(Integer, primary_key=True)
    parents = relationship("AssociationModel", back_populates="child")
]]
local function both_ways()
  print("== seed 000: association object, both ways ==")
  local model = assoc.model()
  model:table("association", {
    { "left_id", foreign_key = "left.id", primary_key = true },
    { "right_id", foreign_key = "right.id", primary_key = true },
    { "extra_data", "text" },
  })
  local AssociationModel = model:mapper("AssociationModel", "association")
  AssociationModel:relationship("child", { target = "ChildModel", back_populates = "parents" })
  AssociationModel:relationship("parent", { target = "ParentModel", back_populates = "children" })
  model:table("left", { { "id", "integer", primary_key = true } })
  local ParentModel = model:mapper("ParentModel", "left")
  ParentModel:relationship("children", { target = "AssociationModel", back_populates = "parent" })
  model:table("right", { { "id", "integer", primary_key = true } })
  local ChildModel = model:mapper("ChildModel", "right")
  ChildModel:relationship("parents", { target = "AssociationModel", back_populates = "child" })

  local _, session = ex.open(model)

  -- create parent, append a child via association
  local p = ParentModel(session)
  local a = AssociationModel(session, { extra_data = "some data" })
  local c = ChildModel(session)
  a.child = c
  p.children:append(a)

  -- back_populates keeps the other side in step at once, before any flush
  print(">>> a.parent is p")
  print(assoc.repr(rawequal(a.parent, p)))
  print(">>> a.child.parents == [a]")
  print(assoc.repr(#c.parents == 1 and rawequal(c.parents[1], a)))

  session:add(p)
  session:commit()

  for _, association in ipairs(p.children) do
    print(assoc.str(association.extra_data))
    print(association.child)
  end

  -- and back again, from the child through its associations to the parent
  print(">>> [assoc.parent for assoc in c.parents]")
  print(ex.list(c.parents, function(association) return assoc.repr(association.parent) end))
end

one_way()
print()
both_ways()
