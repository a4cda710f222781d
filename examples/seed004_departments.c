/*
 * seed004_departments.c - seed 004: DepartmentEmployeeLink and extra data.
 *
 * Department and Employee are many-to-many through department_employee_link
 * (relationship secondary). The link table is also mapped, as the association
 * model DepartmentEmployeeLink, with a column extra_data and relationships
 * department and employee (each with a backref to the links). John works
 * part-time in IT; we find him through the IT department and through the link
 * model, then add Bill to IT through the secondary relationship.
 */
#include "example_util.h"

/*
 * class Department(Base):
 *     __tablename__ = 'department'
 *     id = Column(Integer, primary_key=True)
 *     name = Column(String)
 *     employees = relationship('Employee', secondary='department_employee_link')
 *
 * class Employee(Base):
 *     __tablename__ = 'employee'
 *     id = Column(Integer, primary_key=True)
 *     name = Column(String)
 *     departments = relationship(Department, secondary='department_employee_link')
 *
 * class DepartmentEmployeeLink(Base):
 *     __tablename__ = 'department_employee_link'
 *     department_id = Column(Integer, ForeignKey('department.id'), primary_key=True)
 *     employee_id = Column(Integer, ForeignKey('employee.id'), primary_key=True)
 *     extra_data = Column(String(256))
 *     department = relationship(Department, backref=backref("employee_assoc"))
 *     employee = relationship(Employee, backref=backref("department_assoc"))
 */
static void define_model(assoc_registry *reg)
{
	assoc_relationship_options r;

	assoc_table *department = ex_table(reg, "department");
	ex_primary_key(department, "id", ASSOC_TYPE_INTEGER);
	ex_column(department, "name", ASSOC_TYPE_TEXT);
	assoc_mapper *Department = ex_mapper(reg, "Department", "department");
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Employee";
	r.secondary = "department_employee_link";
	CHECK(assoc_mapper_add_relationship(Department, "employees", &r));

	assoc_table *employee = ex_table(reg, "employee");
	ex_primary_key(employee, "id", ASSOC_TYPE_INTEGER);
	ex_column(employee, "name", ASSOC_TYPE_TEXT);
	assoc_mapper *Employee = ex_mapper(reg, "Employee", "employee");
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Department";
	r.secondary = "department_employee_link";
	CHECK(assoc_mapper_add_relationship(Employee, "departments", &r));

	assoc_table *link = ex_table(reg, "department_employee_link");
	ex_foreign_key(link, "department_id", ASSOC_TYPE_INTEGER, "department.id", 1);
	ex_foreign_key(link, "employee_id", ASSOC_TYPE_INTEGER, "employee.id", 1);
	ex_column(link, "extra_data", ASSOC_TYPE_TEXT);
	assoc_mapper *Link = ex_mapper(reg, "DepartmentEmployeeLink", "department_employee_link");
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Department";
	r.backref = "employee_assoc";
	CHECK(assoc_mapper_add_relationship(Link, "department", &r));
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Employee";
	r.backref = "department_assoc";
	CHECK(assoc_mapper_add_relationship(Link, "employee", &r));
}

/* [(link.employee.name, link.extra_data) for link in department.employee_assoc] */
static void print_links(assoc_object *department)
{
	size_t n = ex_len(department, "employee_assoc");
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		assoc_object *link = ex_at(department, "employee_assoc", i);
		fputs(i ? ", (" : "(", stdout);
		ex_print_repr(ex_get(ex_get_object(link, "employee"), "name"));
		fputs(", ", stdout);
		ex_print_repr(ex_get(link, "extra_data"));
		putchar(')');
	}
	puts("]");
}

int main(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;
	assoc_mapper *Department, *Employee, *Link;
	assoc_query *q;

	ex_header("seed 004: DepartmentEmployeeLink with extra data");
	CHECK(assoc_registry_new(&reg));
	define_model(reg);
	ex_open(reg, &eng, &s);
	CHECK(assoc_registry_mapper(&Department, reg, "Department"));
	CHECK(assoc_registry_mapper(&Employee, reg, "Employee"));
	CHECK(assoc_registry_mapper(&Link, reg, "DepartmentEmployeeLink"));

	/* John works part-time in IT */
	ex_prompt("IT = Department(name='IT')");
	assoc_object *IT = ex_new(s, Department);
	ex_set_text(IT, "name", "IT");
	ex_prompt("John = Employee(name='John')");
	assoc_object *John = ex_new(s, Employee);
	ex_set_text(John, "name", "John");
	ex_prompt("John_working_part_time_at_IT = DepartmentEmployeeLink("
	          "department=IT, employee=John, extra_data='part-time')");
	assoc_object *john_at_it = ex_new(s, Link);
	ex_set_object(john_at_it, "department", IT);
	ex_set_object(john_at_it, "employee", John);
	ex_set_text(john_at_it, "extra_data", "part-time");
	ex_prompt("s.add(John_working_part_time_at_IT); s.commit()");
	CHECK(assoc_session_add(s, john_at_it));
	CHECK(assoc_session_commit(s));

	/* find John by querying the IT department ... */
	ex_prompt("it = s.query(Department).filter_by(name='IT').one()");
	CHECK(assoc_query_new(&q, s, Department));
	CHECK(assoc_query_filter_by(q, "name", assoc_value_text("IT")));
	assoc_object *it;
	CHECK(assoc_query_one(&it, q));
	assoc_query_free(q);
	ex_prompt("it is IT");
	ex_print_bool(it == IT);
	ex_prompt("[link.employee.name for link in it.employee_assoc]");
	size_t nlinks = ex_len(it, "employee_assoc");
	putchar('[');
	for (size_t i = 0; i < nlinks; i++) {
		if (i)
			fputs(", ", stdout);
		ex_print_repr(ex_get(ex_get_object(ex_at(it, "employee_assoc", i), "employee"), "name"));
	}
	puts("]");
	ex_prompt("[e.name for e in it.employees]");
	ex_print_collection_attr(it, "employees", "name");

	/* ... or by querying the link model on its extra data */
	ex_prompt("link = s.query(DepartmentEmployeeLink).filter_by(extra_data='part-time').one()");
	CHECK(assoc_query_new(&q, s, Link));
	CHECK(assoc_query_filter_by(q, "extra_data", assoc_value_text("part-time")));
	assoc_object *link;
	CHECK(assoc_query_one(&link, q));
	assoc_query_free(q);
	ex_prompt("link.employee.name");
	ex_print_repr(ex_get(ex_get_object(link, "employee"), "name"));
	putchar('\n');
	ex_prompt("link.department.name");
	ex_print_repr(ex_get(ex_get_object(link, "department"), "name"));
	putchar('\n');
	ex_prompt("[d.name for d in John.departments]");
	ex_print_collection_attr(John, "departments", "name");

	/* adding an IT employee through Department.employees still works */
	ex_prompt("Bill = Employee(name='Bill'); IT.employees.append(Bill); s.add(Bill); s.commit()");
	assoc_object *Bill = ex_new(s, Employee);
	ex_set_text(Bill, "name", "Bill");
	ex_append(IT, "employees", Bill);
	CHECK(assoc_session_add(s, Bill));
	CHECK(assoc_session_commit(s));
	ex_prompt("[e.name for e in IT.employees]");
	ex_print_collection_attr(IT, "employees", "name");
	ex_prompt("[(link.employee.name, link.extra_data) for link in IT.employee_assoc]");
	print_links(IT);
	ex_prompt("[d.name for d in Bill.departments]");
	ex_print_collection_attr(Bill, "departments", "name");

	ex_close(reg, eng, s);
	return 0;
}
