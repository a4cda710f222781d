# frozen_string_literal: true

# seed 004: DepartmentEmployeeLink and extra data. Department and Employee are
# many-to-many through department_employee_link (relationship secondary). The
# link table is also mapped, as the association model DepartmentEmployeeLink,
# with a column extra_data and relationships department and employee (each
# with a backref to the links). John works part-time in IT; we find him
# through the IT department and through the link model, then add Bill to IT
# through the secondary relationship.
require_relative "example_helper"
include Example

#   Department.employees = relationship('Employee', secondary='department_employee_link')
#   Employee.departments = relationship(Department, secondary='department_employee_link')
#   DepartmentEmployeeLink.department = relationship(Department, backref=backref("employee_assoc"))
#   DepartmentEmployeeLink.employee = relationship(Employee, backref=backref("department_assoc"))
def define_model(registry)
  registry.table("department") do |t|
    t.column :id, :integer, primary_key: true
    t.column :name, :text
  end
  registry.mapper("Department", "department") do
    relationship :employees, "Employee", secondary: "department_employee_link"
  end
  registry.table("employee") do |t|
    t.column :id, :integer, primary_key: true
    t.column :name, :text
  end
  registry.mapper("Employee", "employee") do
    relationship :departments, "Department", secondary: "department_employee_link"
  end
  registry.table("department_employee_link") do |t|
    t.column :department_id, :integer, foreign_key: "department.id", primary_key: true
    t.column :employee_id, :integer, foreign_key: "employee.id", primary_key: true
    t.column :extra_data, :text
  end
  registry.mapper("DepartmentEmployeeLink", "department_employee_link") do
    relationship :department, "Department", backref: :employee_assoc
    relationship :employee, "Employee", backref: :department_assoc
  end
end

header "seed 004: DepartmentEmployeeLink with extra data"
registry = Assoc::Registry.new
define_model(registry)
_engine, s = Example.open(registry)
department = registry[:Department]
employee = registry[:Employee]
link_class = registry[:DepartmentEmployeeLink]

# John works part-time in IT
prompt "IT = Department(name='IT')"
it_department = department.new(s, name: "IT")
prompt "John = Employee(name='John')"
john = employee.new(s, name: "John")
prompt "John_working_part_time_at_IT = DepartmentEmployeeLink(department=IT, employee=John, extra_data='part-time')"
john_at_it = link_class.new(s, department: it_department, employee: john, extra_data: "part-time")
prompt "s.add(John_working_part_time_at_IT); s.commit()"
s.add(john_at_it)
s.commit

# find John by querying the IT department ...
prompt "it = s.query(Department).filter_by(name='IT').one()"
it = s.query(department).filter_by(name: "IT").one
prompt "it is IT"
print_bool it.equal?(it_department)
prompt "[link.employee.name for link in it.employee_assoc]"
puts list(it.employee_assoc.map { |link| link.employee.name })
prompt "[e.name for e in it.employees]"
puts list(it.employees.map(&:name))

# ... or by querying the link model on its extra data
prompt "link = s.query(DepartmentEmployeeLink).filter_by(extra_data='part-time').one()"
link = s.query(link_class).filter_by(extra_data: "part-time").one
prompt "link.employee.name"
print_repr link.employee.name
prompt "link.department.name"
print_repr link.department.name
prompt "[d.name for d in John.departments]"
puts list(john.departments.map(&:name))

# adding an IT employee through Department#employees still works
prompt "Bill = Employee(name='Bill'); IT.employees.append(Bill); s.add(Bill); s.commit()"
bill = employee.new(s, name: "Bill")
it_department.employees << bill
s.add(bill)
s.commit
prompt "[e.name for e in IT.employees]"
puts list(it_department.employees.map(&:name))
prompt "[(link.employee.name, link.extra_data) for link in IT.employee_assoc]"
puts list(it_department.employee_assoc) { |l| "(#{repr(l.employee.name)}, #{repr(l.extra_data)})" }
prompt "[d.name for d in Bill.departments]"
puts list(bill.departments.map(&:name))
s.close
