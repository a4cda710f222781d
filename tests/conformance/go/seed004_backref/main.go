// seed004_backref: seed 004, backref (examples/seed004_backref.c in Go):
// Post.owner with backref "posts", the same with back_populates on both
// sides, and Address.user with a uselist=False backref (one-to-one).
package main

import (
	"fmt"

	. "assocconformance/ex"
	assoc "github.com/assoc-project/assoc/bindings/go"
)

func defineUser(reg *assoc.Registry) *assoc.Mapper {
	user := Table(reg, "user")
	PrimaryKey(user, "id", assoc.Integer)
	Column(user, "name", assoc.Text)
	return Mapper(reg, "User", "user")
}

func oneToMany(explicit bool) {
	if explicit {
		Header("seed 004: the same with back_populates on both sides")
	} else {
		Header("seed 004: backref, one-to-many")
	}
	reg := Must(assoc.NewRegistry())
	User := defineUser(reg)
	post := Table(reg, "post")
	PrimaryKey(post, "id", assoc.Integer)
	ForeignKey(post, "owner_id", assoc.Integer, "user.id", false)
	Post := Mapper(reg, "Post", "post")
	if explicit {
		Relationship(Post, "owner", "User", "posts")
		Relationship(User, "posts", "Post", "owner")
	} else {
		Check(Post.AddRelationship("owner", assoc.RelationshipOptions{Target: "User", Backref: "posts"}))
	}
	eng, s := Open(reg)

	Prompt("u = User(name='Bob')")
	u := New(s, User)
	Set(u, "name", "Bob")
	Prompt("p1 = Post(owner=u); p2 = Post(owner=u)")
	p1 := New(s, Post)
	Set(p1, "owner", u)
	p2 := New(s, Post)
	Set(p2, "owner", u)
	Prompt("u.posts == [p1, p2]")
	PrintBool(Len(u, "posts") == 2 && At(u, "posts", 0) == p1 && At(u, "posts", 1) == p2)

	Prompt("s.add(u); s.commit()")
	Check(s.Add(u))
	Check(s.Commit())
	Prompt("u.posts")
	PrintCollection(u, "posts")
	Prompt("p1.owner")
	PrintObject(GetObject(p1, "owner"))
	Prompt("[p.owner_id for p in u.posts]")
	PrintCollectionAttr(u, "posts", "owner_id")

	Close(reg, eng, s)
}

func oneToOne() {
	Header("seed 004: backref with uselist=False, one-to-one")
	reg := Must(assoc.NewRegistry())
	User := defineUser(reg)
	address := Table(reg, "address")
	PrimaryKey(address, "id", assoc.Integer)
	Column(address, "address", assoc.Text)
	ForeignKey(address, "user_id", assoc.Integer, "user.id", false)
	Address := Mapper(reg, "Address", "address")
	Check(Address.AddRelationship("user", assoc.RelationshipOptions{Target: "User", Backref: "address",
		BackrefOptions: &assoc.RelationshipOptions{UseList: assoc.Bool(false)}}))
	eng, s := Open(reg)

	Prompt("u = User(name='Bob')")
	u := New(s, User)
	Set(u, "name", "Bob")
	Prompt("a = Address(address='1 Main Street', user=u)")
	a := New(s, Address)
	Set(a, "address", "1 Main Street")
	Set(a, "user", u)
	Prompt("u.address is a")
	PrintBool(GetObject(u, "address") == a)

	Prompt("s.add(u); s.commit()")
	Check(s.Add(u))
	Check(s.Commit())
	Prompt("u.address")
	PrintObject(GetObject(u, "address"))
	Prompt("u.address.address")
	fmt.Println(assoc.Repr(Get(GetObject(u, "address"), "address")))
	Prompt("a.user")
	PrintObject(GetObject(a, "user"))

	// one address per user: a new one takes the old one's place on both sides
	Prompt("b = Address(address='2 Side Street'); u.address = b; s.commit()")
	b := New(s, Address)
	Set(b, "address", "2 Side Street")
	Set(u, "address", b)
	Check(s.Commit())
	Prompt("u.address")
	PrintObject(GetObject(u, "address"))
	Prompt("b.user")
	PrintObject(GetObject(b, "user"))
	Prompt("a.user is None")
	PrintBool(GetObject(a, "user") == nil)

	Close(reg, eng, s)
}

func main() {
	oneToMany(false)
	fmt.Println()
	oneToMany(true)
	fmt.Println()
	oneToOne()
}
