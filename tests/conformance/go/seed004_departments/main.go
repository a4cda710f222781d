// seed004_departments: seed 004, DepartmentEmployeeLink with extra data
// (examples/seed004_departments.c in Go): Department.employees and
// Employee.departments over department_employee_link, which is also mapped
// as DepartmentEmployeeLink with backrefs employee_assoc and
// department_assoc.
package main

import (
	"fmt"
	"strings"

	. "assocconformance/ex"
	assoc "github.com/assoc-project/assoc/bindings/go"
)

func defineModel(reg *assoc.Registry) {
	department := Table(reg, "department")
	PrimaryKey(department, "id", assoc.Integer)
	Column(department, "name", assoc.Text)
	Department := Mapper(reg, "Department", "department")
	Check(Department.AddRelationship("employees", assoc.RelationshipOptions{
		Target: "Employee", Secondary: "department_employee_link"}))

	employee := Table(reg, "employee")
	PrimaryKey(employee, "id", assoc.Integer)
	Column(employee, "name", assoc.Text)
	Employee := Mapper(reg, "Employee", "employee")
	Check(Employee.AddRelationship("departments", assoc.RelationshipOptions{
		Target: "Department", Secondary: "department_employee_link"}))

	link := Table(reg, "department_employee_link")
	ForeignKey(link, "department_id", assoc.Integer, "department.id", true)
	ForeignKey(link, "employee_id", assoc.Integer, "employee.id", true)
	Column(link, "extra_data", assoc.Text)
	Link := Mapper(reg, "DepartmentEmployeeLink", "department_employee_link")
	Check(Link.AddRelationship("department", assoc.RelationshipOptions{Target: "Department", Backref: "employee_assoc"}))
	Check(Link.AddRelationship("employee", assoc.RelationshipOptions{Target: "Employee", Backref: "department_assoc"}))
}

// printLinks prints [(link.employee.name, link.extra_data) for link in d.employee_assoc].
func printLinks(department *assoc.Object) {
	var parts []string
	for _, link := range Must(Coll(department, "employee_assoc").Objects()) {
		parts = append(parts, "("+assoc.Repr(Get(GetObject(link, "employee"), "name"))+", "+
			assoc.Repr(Get(link, "extra_data"))+")")
	}
	fmt.Println("[" + strings.Join(parts, ", ") + "]")
}

func main() {
	Header("seed 004: DepartmentEmployeeLink with extra data")
	reg := Must(assoc.NewRegistry())
	defineModel(reg)
	eng, s := Open(reg)
	Department := Must(reg.Mapper("Department"))
	Employee := Must(reg.Mapper("Employee"))
	Link := Must(reg.Mapper("DepartmentEmployeeLink"))

	// John works part-time in IT
	Prompt("IT = Department(name='IT')")
	IT := New(s, Department)
	Set(IT, "name", "IT")
	Prompt("John = Employee(name='John')")
	John := New(s, Employee)
	Set(John, "name", "John")
	Prompt("John_working_part_time_at_IT = DepartmentEmployeeLink(" +
		"department=IT, employee=John, extra_data='part-time')")
	johnAtIT := New(s, Link)
	Set(johnAtIT, "department", IT)
	Set(johnAtIT, "employee", John)
	Set(johnAtIT, "extra_data", "part-time")
	Prompt("s.add(John_working_part_time_at_IT); s.commit()")
	Check(s.Add(johnAtIT))
	Check(s.Commit())

	// find John by querying the IT department ...
	Prompt("it = s.query(Department).filter_by(name='IT').one()")
	it := Must(s.Query(Department).FilterBy("name", "IT").One())
	Prompt("it is IT")
	PrintBool(it == IT)
	Prompt("[link.employee.name for link in it.employee_assoc]")
	var names []string
	for _, link := range Must(Coll(it, "employee_assoc").Objects()) {
		names = append(names, assoc.Repr(Get(GetObject(link, "employee"), "name")))
	}
	fmt.Println("[" + strings.Join(names, ", ") + "]")
	Prompt("[e.name for e in it.employees]")
	PrintCollectionAttr(it, "employees", "name")

	// ... or by querying the link model on its extra data
	Prompt("link = s.query(DepartmentEmployeeLink).filter_by(extra_data='part-time').one()")
	link := Must(s.Query(Link).FilterBy("extra_data", "part-time").One())
	Prompt("link.employee.name")
	fmt.Println(assoc.Repr(Get(GetObject(link, "employee"), "name")))
	Prompt("link.department.name")
	fmt.Println(assoc.Repr(Get(GetObject(link, "department"), "name")))
	Prompt("[d.name for d in John.departments]")
	PrintCollectionAttr(John, "departments", "name")

	// adding an IT employee through Department.employees still works
	Prompt("Bill = Employee(name='Bill'); IT.employees.append(Bill); s.add(Bill); s.commit()")
	Bill := New(s, Employee)
	Set(Bill, "name", "Bill")
	Append(IT, "employees", Bill)
	Check(s.Add(Bill))
	Check(s.Commit())
	Prompt("[e.name for e in IT.employees]")
	PrintCollectionAttr(IT, "employees", "name")
	Prompt("[(link.employee.name, link.extra_data) for link in IT.employee_assoc]")
	printLinks(IT)
	Prompt("[d.name for d in Bill.departments]")
	PrintCollectionAttr(Bill, "departments", "name")

	Close(reg, eng, s)
}
