/*
 * seed000_association_object.c - seed 000: the association object pattern.
 *
 * An association table with a column beyond its two foreign keys
 * (extra_data) is mapped to a class of its own. The parent reaches it
 * one-to-many, and it reaches the child many-to-one; first one way only,
 * then both ways with back_populates on both pairs.
 */
#include "example_util.h"

/*
 * class Association(Base):
 *     __tablename__ = "association_table"
 *     left_id = Column(ForeignKey("left_table.id"), primary_key=True)
 *     right_id = Column(ForeignKey("right_table.id"), primary_key=True)
 *     extra_data = Column(String(50))
 *     child = relationship("Child")
 *
 * class Parent(Base):
 *     __tablename__ = "left_table"
 *     id = Column(Integer, primary_key=True)
 *     children = relationship("Association")
 *
 * class Child(Base):
 *     __tablename__ = "right_table"
 *     id = Column(Integer, primary_key=True)
 */
static void one_way(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;

	ex_header("seed 000: association object, one way");
	CHECK(assoc_registry_new(&reg));

	assoc_table *association = ex_table(reg, "association_table");
	ex_foreign_key(association, "left_id", ASSOC_TYPE_INFER, "left_table.id", 1);
	ex_foreign_key(association, "right_id", ASSOC_TYPE_INFER, "right_table.id", 1);
	ex_column(association, "extra_data", ASSOC_TYPE_TEXT);
	assoc_mapper *Association = ex_mapper(reg, "Association", "association_table");
	ex_relationship(Association, "child", "Child", NULL);

	ex_primary_key(ex_table(reg, "left_table"), "id", ASSOC_TYPE_INTEGER);
	assoc_mapper *Parent = ex_mapper(reg, "Parent", "left_table");
	ex_relationship(Parent, "children", "Association", NULL);

	ex_primary_key(ex_table(reg, "right_table"), "id", ASSOC_TYPE_INTEGER);
	assoc_mapper *Child = ex_mapper(reg, "Child", "right_table");

	ex_open(reg, &eng, &s);

	/* create parent, append a child via association */
	assoc_object *p = ex_new(s, Parent);
	assoc_object *a = ex_new(s, Association);
	ex_set_text(a, "extra_data", "some data");
	ex_set_object(a, "child", ex_new(s, Child));
	ex_append(p, "children", a);

	/* the child and the association reach the session by cascade from p */
	CHECK(assoc_session_add(s, p));
	CHECK(assoc_session_commit(s));

	/* iterate through child objects via association, including association attributes */
	for (size_t i = 0; i < ex_len(p, "children"); i++) {
		assoc_object *assoc = ex_at(p, "children", i);
		ex_print_str(ex_get(assoc, "extra_data"));
		putchar('\n');
		ex_print_object(ex_get_object(assoc, "child"));
	}

	ex_close(reg, eng, s);
}

/*
 * class AssociationModel(Base):
 *     __tablename__ = "association"
 *     left_id = Column(ForeignKey("left.id"), primary_key=True)
 *     right_id = Column(ForeignKey("right.id"), primary_key=True)
 *     extra_data = Column(String(50))
 *     child = relationship("ChildModel", back_populates="parents")
 *     parent = relationship("ParentModel", back_populates="children")
 *
 * class ParentModel(Base):
 *     __tablename__ = "left"
 *     id = Column(Integer, primary_key=True)
 *     children = relationship("AssociationModel", back_populates="parent")
 *
 * class ChildModel(Base):
 *     __tablename__ = "right"
 *     id = Column(Integer, primary_key=True)
 *     parents = relationship("AssociationModel", back_populates="child")
 */
static void both_ways(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;

	ex_header("seed 000: association object, both ways");
	CHECK(assoc_registry_new(&reg));

	assoc_table *association = ex_table(reg, "association");
	ex_foreign_key(association, "left_id", ASSOC_TYPE_INFER, "left.id", 1);
	ex_foreign_key(association, "right_id", ASSOC_TYPE_INFER, "right.id", 1);
	ex_column(association, "extra_data", ASSOC_TYPE_TEXT);
	assoc_mapper *AssociationModel = ex_mapper(reg, "AssociationModel", "association");
	ex_relationship(AssociationModel, "child", "ChildModel", "parents");
	ex_relationship(AssociationModel, "parent", "ParentModel", "children");

	ex_primary_key(ex_table(reg, "left"), "id", ASSOC_TYPE_INTEGER);
	assoc_mapper *ParentModel = ex_mapper(reg, "ParentModel", "left");
	ex_relationship(ParentModel, "children", "AssociationModel", "parent");

	ex_primary_key(ex_table(reg, "right"), "id", ASSOC_TYPE_INTEGER);
	assoc_mapper *ChildModel = ex_mapper(reg, "ChildModel", "right");
	ex_relationship(ChildModel, "parents", "AssociationModel", "child");

	ex_open(reg, &eng, &s);

	/* create parent, append a child via association */
	assoc_object *p = ex_new(s, ParentModel);
	assoc_object *a = ex_new(s, AssociationModel);
	ex_set_text(a, "extra_data", "some data");
	assoc_object *c = ex_new(s, ChildModel);
	ex_set_object(a, "child", c);
	ex_append(p, "children", a);

	/* back_populates keeps the other side in step at once, before any flush */
	ex_prompt("a.parent is p");
	ex_print_bool(ex_get_object(a, "parent") == p);
	ex_prompt("a.child.parents == [a]");
	ex_print_bool(ex_len(c, "parents") == 1 && ex_at(c, "parents", 0) == a);

	CHECK(assoc_session_add(s, p));
	CHECK(assoc_session_commit(s));

	/* iterate through child objects via association, including association attributes */
	for (size_t i = 0; i < ex_len(p, "children"); i++) {
		assoc_object *assoc = ex_at(p, "children", i);
		ex_print_str(ex_get(assoc, "extra_data"));
		putchar('\n');
		ex_print_object(ex_get_object(assoc, "child"));
	}

	/* and back again, from the child through its associations to the parent */
	ex_prompt("[assoc.parent for assoc in c.parents]");
	ex_print_collection_attr(c, "parents", "parent");

	ex_close(reg, eng, s);
}

int main(void)
{
	one_way();
	putchar('\n');
	both_ways();
	return 0;
}
