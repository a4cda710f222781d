// seed001_scalar_proxies: seed 001, association proxies over scalar
// relationships (examples/seed001_scalar_proxies.c in Go). A.b reads and
// writes the B of A's one AB; assigning None removes the AB too with
// cascade_scalar_deletes. Then Recipe.step_descriptions, a list proxy made
// by assignment, and Step.recipe_name, a scalar proxy.
package main

import (
	"fmt"

	. "assocconformance/ex"
	assoc "github.com/assoc-project/assoc/bindings/go"
)

// mode 0: A.b = association_proxy("ab", "b", creator=lambda b: AB(b=b),
// cascade_scalar_deletes=True); mode 1: without cascade_scalar_deletes;
// mode 2: as mode 0, with cascade="all, delete-orphan" on A.ab, committed.
func scalarDeletes(mode int) {
	switch mode {
	case 0:
		Header("seed 001: cascading scalar deletes")
	case 1:
		Header("seed 001: without cascade_scalar_deletes")
	default:
		Header("seed 001: cascading scalar deletes, delete-orphan on A.ab, committed")
	}
	reg := Must(assoc.NewRegistry())
	PrimaryKey(Table(reg, "test_a"), "id", assoc.Integer)
	PrimaryKey(Table(reg, "test_b"), "id", assoc.Integer)
	ab := Table(reg, "test_ab")
	ForeignKey(ab, "a_id", assoc.Integer, "test_a.id", true)
	ForeignKey(ab, "b_id", assoc.Integer, "test_b.id", true)
	A := Mapper(reg, "A", "test_a")
	B := Mapper(reg, "B", "test_b")
	AB := Mapper(reg, "AB", "test_ab")
	cascade := ""
	if mode == 2 {
		cascade = "all, delete-orphan"
	}
	Check(A.AddRelationship("ab", assoc.RelationshipOptions{Target: "AB", UseList: assoc.Bool(false), Cascade: cascade}))
	Relationship(AB, "b", "B", "")
	Check(A.AddProxy("b", assoc.ProxyOptions{TargetCollection: "ab", Attr: "b",
		Creator:              CreatorOf(AB, "b"), // creator=lambda b: AB(b=b)
		CascadeScalarDeletes: mode != 1}))
	eng, s := Open(reg)

	Prompt("a = A(); session.add(a)")
	a := New(s, A)
	Check(s.Add(a))
	Prompt("a.b = B()")
	Set(a, "b", New(s, B))
	Prompt("session.commit()")
	Check(s.Commit())
	Prompt("a.ab, a.b")
	fmt.Printf("(%s, %s)\n", GetObject(a, "ab"), GetObject(a, "b"))

	Prompt("a.b = None")
	Set(a, "b", nil)
	Prompt("a.ab is None")
	left := GetObject(a, "ab")
	PrintBool(left == nil)
	if left != nil {
		Prompt("a.ab.b is None")
		PrintBool(GetObject(left, "b") == nil)
	}
	Prompt("a.b is None")
	PrintBool(GetObject(a, "b") == nil)
	if mode == 2 {
		Prompt("session.commit()")
		Check(s.Commit())
		Prompt("session.scalar(select(func.count()).select_from(AB))")
		fmt.Println(CountRows(eng, "test_ab"))
		Prompt("session.scalar(select(func.count()).select_from(B))")
		fmt.Println(CountRows(eng, "test_b"))
	}

	Close(reg, eng, s) // modes 0 and 1: closing rolls the change back
}

func printSteps(recipe *assoc.Object) {
	for i, step := range Must(Coll(recipe, "steps").Objects()) {
		fmt.Printf("Step %d of %s: %s\n", i+1, assoc.Repr(Get(step, "recipe_name")), assoc.Str(Get(step, "description")))
	}
}

// Recipe.steps / Step.recipe (back_populates), Recipe.step_descriptions =
// association_proxy("steps", "description"), Step.recipe_name =
// association_proxy("recipe", "name").
func scalarRelationships() {
	Header("seed 001: scalar relationships")
	reg := Must(assoc.NewRegistry())
	recipe := Table(reg, "recipe")
	PrimaryKey(recipe, "id", assoc.Integer)
	Column(recipe, "name", assoc.Text)
	step := Table(reg, "step")
	PrimaryKey(step, "id", assoc.Integer)
	Column(step, "description", assoc.Text)
	ForeignKey(step, "recipe_id", assoc.Integer, "recipe.id", false)
	Recipe := Mapper(reg, "Recipe", "recipe")
	Step := Mapper(reg, "Step", "step")
	Relationship(Recipe, "steps", "Step", "recipe")
	Proxy(Recipe, "step_descriptions", "steps", "description", nil)
	Relationship(Step, "recipe", "Recipe", "steps")
	Proxy(Step, "recipe_name", "recipe", "name", nil)
	eng, s := Open(reg)

	Prompt("my_snack = Recipe(\n" +
		"...     name=\"afternoon snack\",\n" +
		"...     step_descriptions=[\n" +
		"...         \"slice bread\",\n" +
		"...         \"spread peanut butted\",\n" +
		"...         \"eat sandwich\",\n" +
		"...     ],\n" +
		"... )")
	mySnack := New(s, Recipe)
	Set(mySnack, "name", "afternoon snack")
	Check(Coll(mySnack, "step_descriptions").Assign("slice bread", "spread peanut butted", "eat sandwich"))
	Prompt("for i, step in enumerate(my_snack.steps, 1):\n" +
		"...     print(f\"Step {i} of {step.recipe_name!r}: {step.description}\")")
	printSteps(mySnack)

	Prompt("session.add(my_snack); session.commit()")
	Check(s.Add(mySnack))
	Check(s.Commit())
	Prompt("my_snack.steps")
	PrintCollection(mySnack, "steps")

	// a scalar proxy writes through as well
	Prompt(`my_snack.steps[0].recipe_name = "late snack"; session.commit()`)
	Set(At(mySnack, "steps", 0), "recipe_name", "late snack")
	Check(s.Commit())
	Prompt("session.scalars(select(Recipe.name)).all()")
	fmt.Printf("[%s]\n", assoc.Repr(Must(eng.Scalar("SELECT name FROM recipe"))))
	Prompt("my_snack.step_descriptions")
	PrintView(Coll(mySnack, "step_descriptions"), nil)
	Prompt("for i, step in enumerate(my_snack.steps, 1): ...")
	printSteps(mySnack)

	Close(reg, eng, s)
}

func main() {
	scalarDeletes(0)
	fmt.Println()
	scalarDeletes(1)
	fmt.Println()
	scalarDeletes(2)
	fmt.Println()
	scalarRelationships()
}
