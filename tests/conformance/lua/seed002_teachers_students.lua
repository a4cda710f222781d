-- seed 002: Teacher and Student, many-to-many (examples/seed002_teachers_students.c).
--
-- First through the association table teacher_students (relationship
-- secondary, back_populates both ways), whose foreign keys are named by the
-- model's naming convention and whose column types are inferred from the
-- columns they reference. Then through the association object Exam, which
-- carries a name of its own and links to one teacher and one student.
--
-- Both versions hold the same data: teacher 1 teaches students 1, 3 and 6,
-- teacher 2 students 1, 2 and 4, teacher 3 students 2, 3 and 5. The queries
-- then run in a fresh session, as in the seed's shell.
local assoc = require "assoc"
local ex = require "example_helper"

local prompt = ex.prompt

local TEACHER_NAMES = { "Ms. Frizzle", "Mr. Keating", "Miss Honey" }
local EXAM_NAMES = { "Science exam", "Poetry exam", "Reading exam" }
local STUDENT_NAMES = { "Arnold", "Carlos", "Dorothy Ann", "Keesha", "Phoebe", "Ralphie" }
local TEACHES = { { 1, 3, 6 }, { 1, 2, 4 }, { 2, 3, 5 } } -- the students (ids) of each teacher

--[=[
metadata = MetaData(naming_convention={
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
})
]=]
local function new_model()
  return assoc.model { naming_convention = { fk = "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s" } }
end

-- id = db.Column(db.Integer, primary_key=True); name = db.Column(db.String)
local ID_AND_NAME = { { "id", "integer", primary_key = true }, { "name", "text" } }

-- Teachers and students, in id order, so that they get ids 1, 2, 3, ...
local function add_people(session, Teacher, Student)
  local teachers, students = {}, {}
  for i, name in ipairs(TEACHER_NAMES) do teachers[i] = session:add(Teacher(session, { name = name })) end
  for i, name in ipairs(STUDENT_NAMES) do students[i] = session:add(Student(session, { name = name })) end
  session:flush()
  return teachers, students
end

-- The column type the database was given, to show that an omitted type took the referenced one.
local function print_column_type(engine, table_name, column)
  local t = engine:scalar("SELECT type FROM pragma_table_info(?1) WHERE name = ?2", { table_name, column })
  print(("type of %s.%s: %s"):format(table_name, column, assoc.str(t)))
end

local function print_constraint_name(model, table_name, column)
  local name = model.tables[table_name]:constraint_name("fk", column)
  print(("fk on %s.%s: %s"):format(table_name, column, name or "(unnamed)"))
end

--[=[
teacher_students = db.Table(
    'teacher_students',
    metadata,
    db.Column('teacher_id', db.ForeignKey('teachers.id'), primary_key=True),
    db.Column('student_id', db.ForeignKey('students.id'), primary_key=True)
)

class Teacher(db.Model):
    __tablename__ = 'teachers'
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String)
    students = db.relationship('Student', secondary=teacher_students,
        back_populates='teachers')

class Student(db.Model):
    __tablename__ = 'students'
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String)
    teachers = db.relationship('Teacher', secondary=teacher_students,
        back_populates='students')
]=]
local function association_table()
  print("== seed 002: association table teacher_students ==")
  local model = new_model()
  -- no column types: each is inferred from the column it references
  model:table("teacher_students", {
    { "teacher_id", foreign_key = "teachers.id", primary_key = true },
    { "student_id", foreign_key = "students.id", primary_key = true },
  })
  model:table("teachers", ID_AND_NAME)
  local Teacher = model:mapper("Teacher", "teachers")
  Teacher:relationship("students", { target = "Student", secondary = "teacher_students", back_populates = "teachers" })
  model:table("students", ID_AND_NAME)
  local Student = model:mapper("Student", "students")
  Student:relationship("teachers", { target = "Teacher", secondary = "teacher_students", back_populates = "students" })

  local engine, session = ex.open(model)
  print_constraint_name(model, "teacher_students", "teacher_id")
  print_constraint_name(model, "teacher_students", "student_id")
  print_column_type(engine, "teacher_students", "teacher_id")
  print_column_type(engine, "teacher_students", "student_id")

  -- the data: t.students.append(s) also puts t into s.teachers
  local teachers, students = add_people(session, Teacher, Student)
  for t, ids in ipairs(TEACHES) do
    for _, id in ipairs(ids) do teachers[t].students:append(students[id]) end
  end
  session:commit()
  session:close()

  -- a new session, like a new shell
  session = engine:session(model)
  prompt("t1 = Teacher.query.first()")
  local t1 = session:query(Teacher):first()
  prompt("t1")
  print(t1)
  prompt("t1.students")
  print(t1.students)

  prompt("s1 = Student.query.first()")
  local s1 = session:query(Student):first()
  prompt("s1")
  print(s1)
  prompt("s1.teachers")
  print(s1.teachers)
end

--[=[
class Exam(db.Model):
    __tablename__ = 'exams_table'
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String)
    teacher_id = db.Column(db.Integer, db.ForeignKey('teachers.id'))
    student_id = db.Column(db.Integer, db.ForeignKey('students.id'))
    teacher = db.relationship('Teacher', back_populates='exams')
    student = db.relationship('Student', back_populates='exams')

class Teacher(db.Model):
    __tablename__ = 'teachers'
    ...
    exams = db.relationship('Exam', back_populates='teacher')

class Student(db.Model):
    __tablename__ = 'students'
    ...
    exams = db.relationship('Exam', back_populates='student')
]=]
local function association_object()
  print("== seed 002: association object Exam ==")
  local model = new_model()
  model:table("exams_table", {
    { "id", "integer", primary_key = true },
    { "name", "text" },
    { "teacher_id", "integer", foreign_key = "teachers.id" },
    { "student_id", "integer", foreign_key = "students.id" },
  })
  local Exam = model:mapper("Exam", "exams_table")
  Exam:relationship("teacher", { target = "Teacher", back_populates = "exams" })
  Exam:relationship("student", { target = "Student", back_populates = "exams" })
  model:table("teachers", ID_AND_NAME)
  local Teacher = model:mapper("Teacher", "teachers")
  Teacher:relationship("exams", { target = Exam, back_populates = "teacher" })
  model:table("students", ID_AND_NAME)
  local Student = model:mapper("Student", "students")
  Student:relationship("exams", { target = Exam, back_populates = "student" })

  local engine, session = ex.open(model)
  print_constraint_name(model, "exams_table", "teacher_id")
  print_constraint_name(model, "exams_table", "student_id")

  -- the data: one exam per teacher and student, named after the teacher's subject
  local teachers, students = add_people(session, Teacher, Student)
  for t, ids in ipairs(TEACHES) do
    for _, id in ipairs(ids) do
      session:add(Exam(session, { name = EXAM_NAMES[t], teacher = teachers[t], student = students[id] }))
    end
  end
  session:commit()
  session:close()

  session = engine:session(model)
  prompt("t1 = Teacher.query.first()")
  local t1 = session:query(Teacher):first()
  prompt("t1")
  print(t1)
  prompt("t1.exams")
  print(t1.exams)
  prompt("[exam.student for exam in t1.exams]")
  print(ex.list(t1.exams, function(exam) return assoc.repr(exam.student) end))

  prompt("s1 = Student.query.first()")
  local s1 = session:query(Student):first()
  prompt("s1.exams")
  print(s1.exams)
  prompt("[exam.teacher for exam in s1.exams]")
  print(ex.list(s1.exams, function(exam) return assoc.repr(exam.teacher) end))
  prompt("t1.exams[0].name")
  print(assoc.repr(t1.exams[1].name))
end

association_table()
print()
association_object()
