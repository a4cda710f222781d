// seed004_passive_updates: seed 004, passive_updates
// (examples/seed004_passive_updates.c in Go): a natural primary key
// (users.username) changes; with passive_updates=True the database's ON
// UPDATE CASCADE moves the addresses along, with False the session issues
// the UPDATEs itself. The statement log shows which tables the session
// UPDATEd.
package main

import (
	"fmt"
	"strings"

	. "assocconformance/ex"
	assoc "github.com/assoc-project/assoc/bindings/go"
)

// updatedTables collects, in order, the tables of the UPDATE statements run.
type updatedTables []string

func (u *updatedTables) log(st assoc.Statement) {
	if !strings.HasPrefix(st.SQL, "UPDATE ") {
		return
	}
	name := strings.Trim(strings.Fields(st.SQL)[1], "\"`")
	for _, seen := range *u {
		if seen == name {
			return
		}
	}
	*u = append(*u, name)
}

func passiveUpdates(databaseCascades bool) {
	if databaseCascades {
		Header("seed 004: passive_updates=True, the database cascades (ON UPDATE CASCADE)")
	} else {
		Header("seed 004: passive_updates=False, the session issues the UPDATEs")
	}
	reg := Must(assoc.NewRegistry())
	PrimaryKey(Table(reg, "users"), "username", assoc.Text)
	User := Mapper(reg, "User", "users")

	addresses := Table(reg, "addresses")
	PrimaryKey(addresses, "id", assoc.Integer)
	Column(addresses, "email", assoc.Text)
	onUpdate := assoc.NoAction
	if databaseCascades {
		onUpdate = assoc.Cascade
	}
	Check(addresses.AddColumn("user_id", assoc.Text, &assoc.ColumnOptions{ForeignKey: "users.username", OnUpdate: onUpdate}))
	Address := Mapper(reg, "Address", "addresses")
	Check(Address.AddRelationship("user", assoc.RelationshipOptions{Target: "User", Backref: "addresses",
		BackrefOptions: &assoc.RelationshipOptions{NoPassiveUpdates: !databaseCascades}}))

	eng, s := Open(reg)

	Prompt("john = User(username='john')")
	john := New(s, User)
	Set(john, "username", "john")
	Prompt("home_of_john = Address(email='home@john.example', user=john)")
	homeOfJohn := New(s, Address)
	Set(homeOfJohn, "email", "home@john.example")
	Set(homeOfJohn, "user", john)
	Prompt("office_of_john = Address(email='office@john.example', user=john)")
	officeOfJohn := New(s, Address)
	Set(officeOfJohn, "email", "office@john.example")
	Set(officeOfJohn, "user", john)
	Prompt("s.add(john); s.commit()")
	Check(s.Add(john))
	Check(s.Commit())
	Prompt("[a.user_id for a in john.addresses]")
	PrintCollectionAttr(john, "addresses", "user_id")

	Prompt("john.username = 'jonathan'; s.commit()")
	var updated updatedTables
	Check(eng.SetLog(updated.log))
	Set(john, "username", "jonathan")
	Check(s.Commit())
	Check(eng.SetLog(nil))

	Prompt("john")
	PrintObject(john)
	Prompt("home_of_john.user_id")
	fmt.Println(assoc.Repr(Get(homeOfJohn, "user_id")))
	Prompt("office_of_john.user_id")
	fmt.Println(assoc.Repr(Get(officeOfJohn, "user_id")))
	Prompt("home_of_john.user is john")
	PrintBool(GetObject(homeOfJohn, "user") == john)
	Prompt("office_of_john.user is john")
	PrintBool(GetObject(officeOfJohn, "user") == john)
	Prompt("john.addresses")
	PrintCollection(john, "addresses")

	// what the database holds, and who updated it
	v := Must(eng.Scalar("SELECT group_concat(user_id, ', ') FROM (SELECT user_id FROM addresses ORDER BY id)"))
	fmt.Println("addresses.user_id in the database: " + assoc.Str(v))
	fmt.Print("tables the session UPDATEd:")
	for i, name := range updated {
		if i > 0 {
			fmt.Print(",")
		}
		fmt.Print(" " + name)
	}
	fmt.Println()

	Close(reg, eng, s)
}

func main() {
	passiveUpdates(true)
	fmt.Println()
	passiveUpdates(false)
}
