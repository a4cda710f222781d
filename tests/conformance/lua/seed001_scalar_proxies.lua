-- seed 001: association proxies over scalar relationships
-- (examples/seed001_scalar_proxies.c).
--
-- A.b reads and writes the B of A's one AB (a one-to-one, uselist=False):
-- assigning a B makes an AB through the creator; assigning None removes the AB
-- as well when cascade_scalar_deletes is set, and leaves it in place when not.
-- Then Recipe and Step: Recipe.step_descriptions is a list proxy over the
-- one-to-many steps, made by assigning a list; Step.recipe_name is a scalar
-- proxy over the many-to-one recipe.
local assoc = require "assoc"
local ex = require "example_helper"

local prompt = ex.prompt

-- ---- cascading scalar deletes -------------------------------------------------------------

--[=[
class A(Base):
    __tablename__ = "test_a"
    id: Mapped[int] = mapped_column(primary_key=True)
    ab: Mapped[AB] = relationship(uselist=False)
    b: AssociationProxy[B] = association_proxy(
        "ab", "b", creator=lambda b: AB(b=b), cascade_scalar_deletes=True
    )

class B(Base):
    __tablename__ = "test_b"
    id: Mapped[int] = mapped_column(primary_key=True)

class AB(Base):
    __tablename__ = "test_ab"
    a_id: Mapped[int] = mapped_column(ForeignKey(A.id), primary_key=True)
    b_id: Mapped[int] = mapped_column(ForeignKey(B.id), primary_key=True)
    b: Mapped[B] = relationship()

mode 0: as above; mode 1: without cascade_scalar_deletes; mode 2: as above,
with cascade="all, delete-orphan" on A.ab so that the commit deletes the
removed AB's row.
]=]
local function scalar_deletes(mode)
  print(mode == 0 and "== seed 001: cascading scalar deletes =="
    or mode == 1 and "== seed 001: without cascade_scalar_deletes =="
    or "== seed 001: cascading scalar deletes, delete-orphan on A.ab, committed ==")
  local model = assoc.model()
  model:table("test_a", { { "id", "integer", primary_key = true } })
  model:table("test_b", { { "id", "integer", primary_key = true } })
  model:table("test_ab", {
    { "a_id", "integer", foreign_key = "test_a.id", primary_key = true },
    { "b_id", "integer", foreign_key = "test_b.id", primary_key = true },
  })
  local A, B, AB = model:mapper("A", "test_a"), model:mapper("B", "test_b"), model:mapper("AB", "test_ab")
  A:relationship("ab", { target = AB, uselist = false, cascade = mode == 2 and "all, delete-orphan" or nil })
  AB:relationship("b", { target = B })
  A:proxy("b", { "ab", "b",
    creator = function(owner, _, b) return AB(owner, { b = b }) end,
    cascade_scalar_deletes = mode ~= 1 })
  local engine, session = ex.open(model)

  prompt("a = A(); session.add(a)")
  local a = session:add(A(session))
  prompt("a.b = B()")
  a.b = B(session)
  prompt("session.commit()")
  session:commit()
  prompt("a.ab, a.b")
  print(("(%s, %s)"):format(tostring(a.ab), tostring(a.b)))

  prompt("a.b = None")
  a.b = nil
  prompt("a.ab is None")
  local left = a.ab
  print(assoc.repr(left == nil))
  if left then
    prompt("a.ab.b is None")
    print(assoc.repr(left.b == nil))
  end
  prompt("a.b is None")
  print(assoc.repr(a.b == nil))
  if mode == 2 then
    prompt("session.commit()")
    session:commit()
    prompt("session.scalar(select(func.count()).select_from(AB))")
    print(ex.count_rows(engine, "test_ab"))
    prompt("session.scalar(select(func.count()).select_from(B))")
    print(ex.count_rows(engine, "test_b"))
  end
  session:close() -- modes 0 and 1: closing rolls the change back
end

-- ---- scalar relationships -----------------------------------------------------------------

--[=[
class Recipe(Base):
    __tablename__ = "recipe"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    steps: Mapped[List[Step]] = relationship(back_populates="recipe")
    step_descriptions: AssociationProxy[List[str]] = association_proxy(
        "steps", "description"
    )

class Step(Base):
    __tablename__ = "step"
    id: Mapped[int] = mapped_column(primary_key=True)
    description: Mapped[str]
    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipe.id"))
    recipe: Mapped[Recipe] = relationship(back_populates="steps")
    recipe_name: AssociationProxy[str] = association_proxy("recipe", "name")
]=]
local function print_steps(recipe)
  for i, step in ipairs(recipe.steps) do
    print(("Step %d of %s: %s"):format(i, assoc.repr(step.recipe_name), assoc.str(step.description)))
  end
end

local function scalar_relationships()
  print("== seed 001: scalar relationships ==")
  local model = assoc.model()
  model:table("recipe", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:table("step", {
    { "id", "integer", primary_key = true },
    { "description", "text" },
    { "recipe_id", "integer", foreign_key = "recipe.id" },
  })
  local Recipe, Step = model:mapper("Recipe", "recipe"), model:mapper("Step", "step")
  Recipe:relationship("steps", { target = Step, back_populates = "recipe" })
  Recipe:proxy("step_descriptions", { "steps", "description" })
  Step:relationship("recipe", { target = Recipe, back_populates = "steps" })
  Step:proxy("recipe_name", { "recipe", "name" })
  local engine, session = ex.open(model)

  prompt('my_snack = Recipe(\n...     name="afternoon snack",\n...     step_descriptions=[\n'
    .. '...         "slice bread",\n...         "spread peanut butted",\n...         "eat sandwich",\n'
    .. "...     ],\n... )")
  local my_snack = Recipe(session, {
    name = "afternoon snack",
    step_descriptions = { "slice bread", "spread peanut butted", "eat sandwich" },
  })
  prompt("for i, step in enumerate(my_snack.steps, 1):\n"
    .. '...     print(f"Step {i} of {step.recipe_name!r}: {step.description}")')
  print_steps(my_snack)

  prompt("session.add(my_snack); session.commit()")
  session:add(my_snack)
  session:commit()
  prompt("my_snack.steps")
  print(my_snack.steps)

  -- a scalar proxy writes through as well
  prompt('my_snack.steps[0].recipe_name = "late snack"; session.commit()')
  my_snack.steps[1].recipe_name = "late snack"
  session:commit()
  prompt("session.scalars(select(Recipe.name)).all()")
  print("[" .. assoc.repr(engine:scalar("SELECT name FROM recipe")) .. "]")
  prompt("my_snack.step_descriptions")
  print(my_snack.step_descriptions)
  prompt("for i, step in enumerate(my_snack.steps, 1): ...")
  print_steps(my_snack)
end

scalar_deletes(0)
print()
scalar_deletes(1)
print()
scalar_deletes(2)
print()
scalar_relationships()
