/*
 * seed001_scalar_proxies.c - seed 001: association proxies over scalar
 * relationships.
 *
 * A.b reads and writes the B of A's one AB (a one-to-one, uselist=False):
 * assigning a B makes an AB through the creator; assigning None removes the
 * AB as well when cascade_scalar_deletes is set, and leaves it in place when
 * not. Then Recipe and Step: Recipe.step_descriptions is a list proxy over
 * the one-to-many steps, made by assigning a list; Step.recipe_name is a
 * scalar proxy over the many-to-one recipe.
 */
#include "example_util.h"

/* ---- cascading scalar deletes ---------------------------------------------- */

/* creator=lambda b: AB(b=b); userdata is the AB mapper. */
static int ab_creator(void *userdata, assoc_object *owner, const assoc_value *key,
                      const assoc_value *value, assoc_object **out)
{
	(void)key;
	int rc = assoc_object_new(out, assoc_object_session(owner), userdata);
	return rc ? rc : assoc_object_set(*out, "b", *value);
}

/*
 * class A(Base):
 *     __tablename__ = "test_a"
 *     id: Mapped[int] = mapped_column(primary_key=True)
 *     ab: Mapped[AB] = relationship(uselist=False)
 *     b: AssociationProxy[B] = association_proxy(
 *         "ab", "b", creator=lambda b: AB(b=b), cascade_scalar_deletes=True
 *     )
 *
 * class B(Base):
 *     __tablename__ = "test_b"
 *     id: Mapped[int] = mapped_column(primary_key=True)
 *
 * class AB(Base):
 *     __tablename__ = "test_ab"
 *     a_id: Mapped[int] = mapped_column(ForeignKey(A.id), primary_key=True)
 *     b_id: Mapped[int] = mapped_column(ForeignKey(B.id), primary_key=True)
 *     b: Mapped[B] = relationship()
 *
 * mode 0: as above; mode 1: without cascade_scalar_deletes; mode 2: as
 * above, with cascade="all, delete-orphan" on A.ab so that the commit
 * deletes the removed AB's row.
 */
static void scalar_deletes(int mode)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;

	ex_header(mode == 0   ? "seed 001: cascading scalar deletes"
	          : mode == 1 ? "seed 001: without cascade_scalar_deletes"
	                      : "seed 001: cascading scalar deletes, delete-orphan on A.ab, committed");
	CHECK(assoc_registry_new(&reg));
	ex_primary_key(ex_table(reg, "test_a"), "id", ASSOC_TYPE_INTEGER);
	ex_primary_key(ex_table(reg, "test_b"), "id", ASSOC_TYPE_INTEGER);
	assoc_table *ab = ex_table(reg, "test_ab");
	ex_foreign_key(ab, "a_id", ASSOC_TYPE_INTEGER, "test_a.id", 1);
	ex_foreign_key(ab, "b_id", ASSOC_TYPE_INTEGER, "test_b.id", 1);
	assoc_mapper *A = ex_mapper(reg, "A", "test_a");
	assoc_mapper *B = ex_mapper(reg, "B", "test_b");
	assoc_mapper *AB = ex_mapper(reg, "AB", "test_ab");
	ex_relationship_full(A, "ab", "AB", NULL, 0, ASSOC_COLLECTION_LIST, NULL,
	                     mode == 2 ? "all, delete-orphan" : NULL, NULL);
	ex_relationship(AB, "b", "B", NULL);
	assoc_proxy_options p = ASSOC_PROXY_OPTIONS_INIT;
	p.target_collection = "ab";
	p.attr = "b";
	p.creator = ab_creator;
	p.creator_data = AB;
	p.cascade_scalar_deletes = mode != 1;
	CHECK(assoc_mapper_add_proxy(A, "b", &p));
	ex_open(reg, &eng, &s);

	ex_prompt("a = A(); session.add(a)");
	assoc_object *a = ex_new(s, A);
	CHECK(assoc_session_add(s, a));
	ex_prompt("a.b = B()");
	ex_set_object(a, "b", ex_new(s, B));
	ex_prompt("session.commit()");
	CHECK(assoc_session_commit(s));
	ex_prompt("a.ab, a.b");
	printf("(%s, ", assoc_object_repr(ex_get_object(a, "ab")));
	printf("%s)\n", assoc_object_repr(ex_get_object(a, "b")));

	ex_prompt("a.b = None");
	CHECK(assoc_object_set(a, "b", assoc_value_null()));
	ex_prompt("a.ab is None");
	assoc_object *left = ex_get_object(a, "ab");
	ex_print_bool(left == NULL);
	if (left) {
		ex_prompt("a.ab.b is None");
		ex_print_bool(ex_get_object(left, "b") == NULL);
	}
	ex_prompt("a.b is None");
	ex_print_bool(ex_get_object(a, "b") == NULL);
	if (mode == 2) {
		ex_prompt("session.commit()");
		CHECK(assoc_session_commit(s));
		ex_prompt("session.scalar(select(func.count()).select_from(AB))");
		printf("%" PRId64 "\n", ex_count_rows(eng, "test_ab"));
		ex_prompt("session.scalar(select(func.count()).select_from(B))");
		printf("%" PRId64 "\n", ex_count_rows(eng, "test_b"));
	}

	ex_close(reg, eng, s); /* modes 0 and 1: closing rolls the change back */
}

/* ---- scalar relationships ---------------------------------------------------- */

/*
 * class Recipe(Base):
 *     __tablename__ = "recipe"
 *     id: Mapped[int] = mapped_column(primary_key=True)
 *     name: Mapped[str] = mapped_column(String(64))
 *     steps: Mapped[List[Step]] = relationship(back_populates="recipe")
 *     step_descriptions: AssociationProxy[List[str]] = association_proxy(
 *         "steps", "description"
 *     )
 *
 * class Step(Base):
 *     __tablename__ = "step"
 *     id: Mapped[int] = mapped_column(primary_key=True)
 *     description: Mapped[str]
 *     recipe_id: Mapped[int] = mapped_column(ForeignKey("recipe.id"))
 *     recipe: Mapped[Recipe] = relationship(back_populates="steps")
 *     recipe_name: AssociationProxy[str] = association_proxy("recipe", "name")
 */
static void print_steps(assoc_object *recipe)
{
	size_t n = ex_len(recipe, "steps");
	for (size_t i = 0; i < n; i++) {
		assoc_object *step = ex_at(recipe, "steps", i);
		printf("Step %zu of ", i + 1);
		ex_print_repr(ex_get(step, "recipe_name"));
		fputs(": ", stdout);
		ex_print_str(ex_get(step, "description"));
		putchar('\n');
	}
}

static void scalar_relationships(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;

	ex_header("seed 001: scalar relationships");
	CHECK(assoc_registry_new(&reg));
	assoc_table *recipe = ex_table(reg, "recipe");
	ex_primary_key(recipe, "id", ASSOC_TYPE_INTEGER);
	ex_column(recipe, "name", ASSOC_TYPE_TEXT);
	assoc_table *step = ex_table(reg, "step");
	ex_primary_key(step, "id", ASSOC_TYPE_INTEGER);
	ex_column(step, "description", ASSOC_TYPE_TEXT);
	ex_foreign_key(step, "recipe_id", ASSOC_TYPE_INTEGER, "recipe.id", 0);
	assoc_mapper *Recipe = ex_mapper(reg, "Recipe", "recipe");
	assoc_mapper *Step = ex_mapper(reg, "Step", "step");
	ex_relationship(Recipe, "steps", "Step", "recipe");
	ex_proxy(Recipe, "step_descriptions", "steps", "description", NULL, NULL);
	ex_relationship(Step, "recipe", "Recipe", "steps");
	ex_proxy(Step, "recipe_name", "recipe", "name", NULL, NULL);
	ex_open(reg, &eng, &s);

	ex_prompt("my_snack = Recipe(\n"
	          "...     name=\"afternoon snack\",\n"
	          "...     step_descriptions=[\n"
	          "...         \"slice bread\",\n"
	          "...         \"spread peanut butted\",\n"
	          "...         \"eat sandwich\",\n"
	          "...     ],\n"
	          "... )");
	assoc_object *my_snack = ex_new(s, Recipe);
	ex_set_text(my_snack, "name", "afternoon snack");
	const assoc_value descriptions[] = { assoc_value_text("slice bread"),
	                                     assoc_value_text("spread peanut butted"),
	                                     assoc_value_text("eat sandwich") };
	CHECK(assoc_collection_assign(ex_collection(my_snack, "step_descriptions"), NULL,
	                              descriptions, 3));
	ex_prompt("for i, step in enumerate(my_snack.steps, 1):\n"
	          "...     print(f\"Step {i} of {step.recipe_name!r}: {step.description}\")");
	print_steps(my_snack);

	ex_prompt("session.add(my_snack); session.commit()");
	CHECK(assoc_session_add(s, my_snack));
	CHECK(assoc_session_commit(s));
	ex_prompt("my_snack.steps");
	ex_print_collection(my_snack, "steps");

	/* a scalar proxy writes through as well */
	ex_prompt("my_snack.steps[0].recipe_name = \"late snack\"; session.commit()");
	ex_set_text(ex_at(my_snack, "steps", 0), "recipe_name", "late snack");
	CHECK(assoc_session_commit(s));
	ex_prompt("session.scalars(select(Recipe.name)).all()");
	assoc_value name;
	CHECK(assoc_engine_scalar(&name, eng, "SELECT name FROM recipe", NULL, 0));
	putchar('[');
	ex_print_repr(name);
	puts("]");
	ex_prompt("my_snack.step_descriptions");
	ex_print_named_view(my_snack, "step_descriptions", NULL);
	ex_prompt("for i, step in enumerate(my_snack.steps, 1): ...");
	print_steps(my_snack);

	(void)Step;
	ex_close(reg, eng, s);
}

int main(void)
{
	scalar_deletes(0);
	putchar('\n');
	scalar_deletes(1);
	putchar('\n');
	scalar_deletes(2);
	putchar('\n');
	scalar_relationships();
	return 0;
}
