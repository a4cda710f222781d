// seed000_association_object: seed 000, the association object pattern
// (examples/seed000_association_object.c in Go).
package main

import (
	"fmt"

	. "assocconformance/ex"
	assoc "github.com/assoc-project/assoc/bindings/go"
)

// class Association: association_table(left_id, right_id, extra_data), child = relationship("Child")
// class Parent: left_table(id), children = relationship("Association")
// class Child: right_table(id)
func oneWay() {
	Header("seed 000: association object, one way")
	reg := Must(assoc.NewRegistry())

	association := Table(reg, "association_table")
	ForeignKey(association, "left_id", assoc.Infer, "left_table.id", true)
	ForeignKey(association, "right_id", assoc.Infer, "right_table.id", true)
	Column(association, "extra_data", assoc.Text)
	Association := Mapper(reg, "Association", "association_table")
	Relationship(Association, "child", "Child", "")

	PrimaryKey(Table(reg, "left_table"), "id", assoc.Integer)
	Parent := Mapper(reg, "Parent", "left_table")
	Relationship(Parent, "children", "Association", "")

	PrimaryKey(Table(reg, "right_table"), "id", assoc.Integer)
	Child := Mapper(reg, "Child", "right_table")

	eng, s := Open(reg)

	// create parent, append a child via association
	p := New(s, Parent)
	a := New(s, Association)
	Set(a, "extra_data", "some data")
	Set(a, "child", New(s, Child))
	Append(p, "children", a)

	// the child and the association reach the session by cascade from p
	Check(s.Add(p))
	Check(s.Commit())

	// iterate through child objects via association, including association attributes
	for _, as := range Must(Coll(p, "children").Objects()) {
		fmt.Println(assoc.Str(Get(as, "extra_data")))
		PrintObject(GetObject(as, "child"))
	}
	Close(reg, eng, s)
}

// The same with back_populates on both pairs: AssociationModel.child /
// ChildModel.parents and AssociationModel.parent / ParentModel.children.
func bothWays() {
	Header("seed 000: association object, both ways")
	reg := Must(assoc.NewRegistry())

	association := Table(reg, "association")
	ForeignKey(association, "left_id", assoc.Infer, "left.id", true)
	ForeignKey(association, "right_id", assoc.Infer, "right.id", true)
	Column(association, "extra_data", assoc.Text)
	AssociationModel := Mapper(reg, "AssociationModel", "association")
	Relationship(AssociationModel, "child", "ChildModel", "parents")
	Relationship(AssociationModel, "parent", "ParentModel", "children")

	PrimaryKey(Table(reg, "left"), "id", assoc.Integer)
	ParentModel := Mapper(reg, "ParentModel", "left")
	Relationship(ParentModel, "children", "AssociationModel", "parent")

	PrimaryKey(Table(reg, "right"), "id", assoc.Integer)
	ChildModel := Mapper(reg, "ChildModel", "right")
	Relationship(ChildModel, "parents", "AssociationModel", "child")

	eng, s := Open(reg)

	p := New(s, ParentModel)
	a := New(s, AssociationModel)
	Set(a, "extra_data", "some data")
	c := New(s, ChildModel)
	Set(a, "child", c)
	Append(p, "children", a)

	// back_populates keeps the other side in step at once, before any flush
	Prompt("a.parent is p")
	PrintBool(GetObject(a, "parent") == p)
	Prompt("a.child.parents == [a]")
	PrintBool(Len(c, "parents") == 1 && At(c, "parents", 0) == a)

	Check(s.Add(p))
	Check(s.Commit())

	for _, as := range Must(Coll(p, "children").Objects()) {
		fmt.Println(assoc.Str(Get(as, "extra_data")))
		PrintObject(GetObject(as, "child"))
	}

	// and back again, from the child through its associations to the parent
	Prompt("[assoc.parent for assoc in c.parents]")
	PrintCollectionAttr(c, "parents", "parent")

	Close(reg, eng, s)
}

func main() {
	oneWay()
	fmt.Println()
	bothWays()
}
