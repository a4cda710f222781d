-- seed 004: DepartmentEmployeeLink and extra data (examples/seed004_departments.c).
--
-- Department and Employee are many-to-many through department_employee_link
-- (relationship secondary). The link table is also mapped, as the association
-- model DepartmentEmployeeLink, with a column extra_data and relationships
-- department and employee (each with a backref to the links). John works
-- part-time in IT; we find him through the IT department and through the link
-- model, then add Bill to IT through the secondary relationship.
local assoc = require "assoc"
local ex = require "example_helper"

local prompt = ex.prompt

--[=[
class Department(Base):
    __tablename__ = 'department'
    id = Column(Integer, primary_key=True)
    name = Column(String)
    employees = relationship('Employee', secondary='department_employee_link')

class Employee(Base):
    __tablename__ = 'employee'
    id = Column(Integer, primary_key=True)
    name = Column(String)
    departments = relationship(Department, secondary='department_employee_link')

class DepartmentEmployeeLink(Base):
    __tablename__ = 'department_employee_link'
    department_id = Column(Integer, ForeignKey('department.id'), primary_key=True)
    employee_id = Column(Integer, ForeignKey('employee.id'), primary_key=True)
    extra_data = Column(String(256))
    department = relationship(Department, backref=backref("employee_assoc"))
    employee = relationship(Employee, backref=backref("department_assoc"))
]=]
local function define_model()
  local model = assoc.model()
  model:table("department", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:mapper("Department", "department")
    :relationship("employees", { target = "Employee", secondary = "department_employee_link" })
  model:table("employee", { { "id", "integer", primary_key = true }, { "name", "text" } })
  model:mapper("Employee", "employee")
    :relationship("departments", { target = "Department", secondary = "department_employee_link" })
  model:table("department_employee_link", {
    { "department_id", "integer", foreign_key = "department.id", primary_key = true },
    { "employee_id", "integer", foreign_key = "employee.id", primary_key = true },
    { "extra_data", "text" },
  })
  model:mapper("DepartmentEmployeeLink", "department_employee_link")
    :relationship("department", { target = "Department", backref = "employee_assoc" })
    :relationship("employee", { target = "Employee", backref = "department_assoc" })
  return model
end

local function name_of(o) return assoc.repr(o.name) end

print("== seed 004: DepartmentEmployeeLink with extra data ==")
local model = define_model()
local _, s = ex.open(model)
local Department, Employee = model.mappers.Department, model.mappers.Employee
local Link = model.mappers.DepartmentEmployeeLink

-- John works part-time in IT
prompt("IT = Department(name='IT')")
local IT = Department(s, { name = "IT" })
prompt("John = Employee(name='John')")
local John = Employee(s, { name = "John" })
prompt("John_working_part_time_at_IT = DepartmentEmployeeLink(department=IT, employee=John, extra_data='part-time')")
local john_at_it = Link(s, { department = IT, employee = John, extra_data = "part-time" })
prompt("s.add(John_working_part_time_at_IT); s.commit()")
s:add(john_at_it)
s:commit()

-- find John by querying the IT department ...
prompt("it = s.query(Department).filter_by(name='IT').one()")
local it = s:query(Department):filter_by { name = "IT" }:one()
prompt("it is IT")
print(assoc.repr(rawequal(it, IT)))
prompt("[link.employee.name for link in it.employee_assoc]")
print(ex.list(it.employee_assoc, function(link) return assoc.repr(link.employee.name) end))
prompt("[e.name for e in it.employees]")
print(ex.list(it.employees, name_of))

-- ... or by querying the link model on its extra data
prompt("link = s.query(DepartmentEmployeeLink).filter_by(extra_data='part-time').one()")
local link = s:query(Link):filter_by { extra_data = "part-time" }:one()
prompt("link.employee.name")
print(assoc.repr(link.employee.name))
prompt("link.department.name")
print(assoc.repr(link.department.name))
prompt("[d.name for d in John.departments]")
print(ex.list(John.departments, name_of))

-- adding an IT employee through Department.employees still works
prompt("Bill = Employee(name='Bill'); IT.employees.append(Bill); s.add(Bill); s.commit()")
local Bill = Employee(s, { name = "Bill" })
IT.employees:append(Bill)
s:add(Bill)
s:commit()
prompt("[e.name for e in IT.employees]")
print(ex.list(IT.employees, name_of))
prompt("[(link.employee.name, link.extra_data) for link in IT.employee_assoc]")
print(ex.list(IT.employee_assoc, function(l)
  return "(" .. assoc.repr(l.employee.name) .. ", " .. assoc.repr(l.extra_data) .. ")"
end))
prompt("[d.name for d in Bill.departments]")
print(ex.list(Bill.departments, name_of))
