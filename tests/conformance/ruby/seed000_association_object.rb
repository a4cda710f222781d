# frozen_string_literal: true

# seed 000: the association object pattern. An association table with a
# column beyond its two foreign keys (extra_data) is mapped to a class of its
# own: the parent reaches it one-to-many, and it reaches the child
# many-to-one; first one way only, then both ways with back_populates.
require_relative "example_helper"
include Example

def one_way
  header "seed 000: association object, one way"
  registry = Assoc::Registry.new
  registry.table("association_table") do |t|
    t.column :left_id, foreign_key: "left_table.id", primary_key: true
    t.column :right_id, foreign_key: "right_table.id", primary_key: true
    t.column :extra_data, :text
  end
  association = registry.mapper("Association", "association_table") do
    relationship :child, "Child"
  end
  registry.table("left_table") { |t| t.column :id, :integer, primary_key: true }
  parent_class = registry.mapper("Parent", "left_table") do
    relationship :children, "Association"
  end
  registry.table("right_table") { |t| t.column :id, :integer, primary_key: true }
  child_class = registry.mapper("Child", "right_table")
  _engine, session = Example.open(registry)

  # create parent, append a child via association
  p = parent_class.new(session)
  a = association.new(session, extra_data: "some data")
  a.child = child_class.new(session)
  p.children << a

  # the child and the association reach the session by cascade from p
  session.add(p)
  session.commit

  # iterate through child objects via association, including association attributes
  p.children.each do |assoc|
    print_str assoc.extra_data
    print_str assoc.child
  end
  session.close
end

def both_ways
  header "seed 000: association object, both ways"
  registry = Assoc::Registry.new
  registry.table("association") do |t|
    t.column :left_id, foreign_key: "left.id", primary_key: true
    t.column :right_id, foreign_key: "right.id", primary_key: true
    t.column :extra_data, :text
  end
  association_model = registry.mapper("AssociationModel", "association") do
    relationship :child, "ChildModel", back_populates: :parents
    relationship :parent, "ParentModel", back_populates: :children
  end
  registry.table("left") { |t| t.column :id, :integer, primary_key: true }
  parent_model = registry.mapper("ParentModel", "left") do
    relationship :children, "AssociationModel", back_populates: :parent
  end
  registry.table("right") { |t| t.column :id, :integer, primary_key: true }
  child_model = registry.mapper("ChildModel", "right") do
    relationship :parents, "AssociationModel", back_populates: :child
  end
  _engine, session = Example.open(registry)

  # create parent, append a child via association
  p = parent_model.new(session)
  a = association_model.new(session, extra_data: "some data")
  c = child_model.new(session)
  a.child = c
  p.children << a

  # back_populates keeps the other side in step at once, before any flush
  prompt "a.parent is p"
  print_bool a.parent.equal?(p)
  prompt "a.child.parents == [a]"
  print_bool a.child.parents == [a]

  session.add(p)
  session.commit

  # iterate through child objects via association, including association attributes
  p.children.each do |assoc|
    print_str assoc.extra_data
    print_str assoc.child
  end

  # and back again, from the child through its associations to the parent
  prompt "[assoc.parent for assoc in c.parents]"
  puts list(c.parents.map(&:parent))
  session.close
end

one_way
puts
both_ways
