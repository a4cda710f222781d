# frozen_string_literal: true

# seed 001: association proxies over scalar relationships. A#b reads and
# writes the B of A's one AB (a one-to-one, uselist: false): assigning a B
# makes an AB through the creator; assigning nil removes the AB as well when
# cascade_scalar_deletes is set, and leaves it in place when not. Then Recipe
# and Step: Recipe#step_descriptions is a list proxy over the one-to-many
# steps, made by assigning a list; Step#recipe_name is a scalar proxy over the
# many-to-one recipe.
require_relative "example_helper"
include Example

# ---- cascading scalar deletes ----------------------------------------------------------

# mode 0: A.b = association_proxy("ab", "b", creator=lambda b: AB(b=b), cascade_scalar_deletes=True);
# mode 1: without cascade_scalar_deletes; mode 2: as mode 0, with cascade
# "all, delete-orphan" on A.ab so that the commit deletes the removed AB's row.
def scalar_deletes(mode)
  header(["seed 001: cascading scalar deletes", "seed 001: without cascade_scalar_deletes",
          "seed 001: cascading scalar deletes, delete-orphan on A.ab, committed"][mode])
  registry = Assoc::Registry.new
  registry.table("test_a") { |t| t.column :id, :integer, primary_key: true }
  registry.table("test_b") { |t| t.column :id, :integer, primary_key: true }
  registry.table("test_ab") do |t|
    t.column :a_id, :integer, foreign_key: "test_a.id", primary_key: true
    t.column :b_id, :integer, foreign_key: "test_b.id", primary_key: true
  end
  ab_class = registry.mapper("AB", "test_ab") { relationship :b, "B" }
  b_class = registry.mapper("B", "test_b")
  a_class = registry.mapper("A", "test_a") do
    relationship :ab, "AB", uselist: false, cascade: mode == 2 ? "all, delete-orphan" : nil
    association_proxy :b, :ab, :b, cascade_scalar_deletes: mode != 1,
                                   creator: ->(owner, b) { ab_class.new(owner.session, b: b) }
  end
  engine, session = Example.open(registry)

  prompt "a = A(); session.add(a)"
  a = a_class.new(session)
  session.add(a)
  prompt "a.b = B()"
  a.b = b_class.new(session)
  prompt "session.commit()"
  session.commit
  prompt "a.ab, a.b"
  puts "(#{a.ab}, #{a.b})"

  prompt "a.b = None"
  a.b = nil
  prompt "a.ab is None"
  print_bool a.ab.nil?
  unless a.ab.nil?
    prompt "a.ab.b is None"
    print_bool a.ab.b.nil?
  end
  prompt "a.b is None"
  print_bool a.b.nil?
  if mode == 2
    prompt "session.commit()"
    session.commit
    prompt "session.scalar(select(func.count()).select_from(AB))"
    puts count_rows(engine, "test_ab")
    prompt "session.scalar(select(func.count()).select_from(B))"
    puts count_rows(engine, "test_b")
  end
  session.close # modes 0 and 1: closing rolls the change back
end

# ---- scalar relationships -------------------------------------------------------------

def print_steps(recipe)
  recipe.steps.each.with_index(1) do |step, i|
    puts "Step #{i} of #{repr(step.recipe_name)}: #{str(step.description)}"
  end
end

#   Recipe.steps = relationship(back_populates="recipe")
#   Recipe.step_descriptions = association_proxy("steps", "description")
#   Step.recipe = relationship(back_populates="steps")
#   Step.recipe_name = association_proxy("recipe", "name")
def scalar_relationships
  header "seed 001: scalar relationships"
  registry = Assoc::Registry.new
  registry.table("recipe") do |t|
    t.column :id, :integer, primary_key: true
    t.column :name, :text
  end
  registry.table("step") do |t|
    t.column :id, :integer, primary_key: true
    t.column :description, :text
    t.column :recipe_id, :integer, foreign_key: "recipe.id"
  end
  recipe_class = registry.mapper("Recipe", "recipe") do
    relationship :steps, "Step", back_populates: :recipe
    association_proxy :step_descriptions, :steps, :description
  end
  registry.mapper("Step", "step") do
    relationship :recipe, "Recipe", back_populates: :steps
    association_proxy :recipe_name, :recipe, :name
  end
  engine, session = Example.open(registry)

  prompt "my_snack = Recipe(\n...     name=\"afternoon snack\",\n...     step_descriptions=[\n" \
         "...         \"slice bread\",\n...         \"spread peanut butted\",\n...         \"eat sandwich\",\n" \
         "...     ],\n... )"
  my_snack = recipe_class.new(session, name: "afternoon snack",
                                       step_descriptions: ["slice bread", "spread peanut butted", "eat sandwich"])
  prompt "for i, step in enumerate(my_snack.steps, 1):\n" \
         "...     print(f\"Step {i} of {step.recipe_name!r}: {step.description}\")"
  print_steps my_snack

  prompt "session.add(my_snack); session.commit()"
  session.add(my_snack)
  session.commit
  prompt "my_snack.steps"
  puts list(my_snack.steps)

  # a scalar proxy writes through as well
  prompt 'my_snack.steps[0].recipe_name = "late snack"; session.commit()'
  my_snack.steps[0].recipe_name = "late snack"
  session.commit
  prompt "session.scalars(select(Recipe.name)).all()"
  puts list([engine.scalar("SELECT name FROM recipe")])
  prompt "my_snack.step_descriptions"
  print_view my_snack.step_descriptions
  prompt "for i, step in enumerate(my_snack.steps, 1): ..."
  print_steps my_snack
  session.close
end

scalar_deletes(0)
puts
scalar_deletes(1)
puts
scalar_deletes(2)
puts
scalar_relationships
