# frozen_string_literal: true

# seed 002: Teacher and Student, many-to-many. First through the association
# table teacher_students (relationship secondary, back_populates both ways),
# whose foreign keys are named by the registry's naming convention and whose
# column types are inferred from the columns they reference. Then through the
# association object Exam, which carries a name of its own and links one
# teacher and one student. Teacher 1 teaches students 1, 3 and 6, teacher 2
# students 1, 2 and 4, teacher 3 students 2, 3 and 5; the queries run in a
# fresh session, as in the seed's shell.
require_relative "example_helper"
include Example

TEACHER_NAMES = ["Ms. Frizzle", "Mr. Keating", "Miss Honey"].freeze
EXAM_NAMES = ["Science exam", "Poetry exam", "Reading exam"].freeze
STUDENT_NAMES = ["Arnold", "Carlos", "Dorothy Ann", "Keesha", "Phoebe", "Ralphie"].freeze
TEACHES = [[1, 3, 6], [1, 2, 4], [2, 3, 5]].freeze # student ids of each teacher

# metadata = MetaData(naming_convention={"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"})
def new_registry
  Assoc::Registry.new.naming_convention(:fk, "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s")
end

# id = db.Column(db.Integer, primary_key=True); name = db.Column(db.String)
def id_and_name(table)
  table.column :id, :integer, primary_key: true
  table.column :name, :text
end

# Teachers and students, in id order, so that they get ids 1, 2, 3, ...
def add_people(session, teacher_class, student_class)
  teachers = TEACHER_NAMES.map { |name| teacher_class.new(session, name: name) }
  students = STUDENT_NAMES.map { |name| student_class.new(session, name: name) }
  session.add(teachers, students)
  session.flush
  [teachers, students]
end

def print_constraint_name(registry, table, column)
  puts "fk on #{table}.#{column}: #{registry.find_table(table).constraint_name(:fk, column) || '(unnamed)'}"
end

# The column type the database was given, to show that the foreign keys took the referenced one.
def print_column_type(engine, table, column)
  type = engine.scalar("SELECT type FROM pragma_table_info(?1) WHERE name = ?2", table, column)
  puts "type of #{table}.#{column}: #{str(type)}"
end

#   teacher_students = db.Table('teacher_students', metadata,
#       db.Column('teacher_id', db.ForeignKey('teachers.id'), primary_key=True),
#       db.Column('student_id', db.ForeignKey('students.id'), primary_key=True))
#   Teacher.students = db.relationship('Student', secondary=teacher_students, back_populates='teachers')
#   Student.teachers = db.relationship('Teacher', secondary=teacher_students, back_populates='students')
def association_table
  header "seed 002: association table teacher_students"
  registry = new_registry
  # no column types: each is inferred from the column it references
  registry.table("teacher_students") do |t|
    t.column :teacher_id, foreign_key: "teachers.id", primary_key: true
    t.column :student_id, foreign_key: "students.id", primary_key: true
  end
  registry.table("teachers") { |t| id_and_name(t) }
  teacher_class = registry.mapper("Teacher", "teachers") do
    relationship :students, "Student", secondary: "teacher_students", back_populates: :teachers
  end
  registry.table("students") { |t| id_and_name(t) }
  student_class = registry.mapper("Student", "students") do
    relationship :teachers, "Teacher", secondary: "teacher_students", back_populates: :students
  end
  engine, session = Example.open(registry)
  print_constraint_name(registry, "teacher_students", "teacher_id")
  print_constraint_name(registry, "teacher_students", "student_id")
  print_column_type(engine, "teacher_students", "teacher_id")
  print_column_type(engine, "teacher_students", "student_id")

  # the data: t.students << s also puts t into s.teachers
  teachers, students = add_people(session, teacher_class, student_class)
  teachers.zip(TEACHES).each { |teacher, ids| ids.each { |id| teacher.students << students[id - 1] } }
  session.commit
  session.close

  # a new session, like a new shell
  Assoc::Session.open(engine, registry) do |shell|
    prompt "t1 = Teacher.query.first()"
    t1 = shell.query(teacher_class).first
    prompt "t1"
    print_str t1
    prompt "t1.students"
    puts list(t1.students)

    prompt "s1 = Student.query.first()"
    s1 = shell.query(student_class).first
    prompt "s1"
    print_str s1
    prompt "s1.teachers"
    puts list(s1.teachers)
  end
end

#   Exam(id, name, teacher_id, student_id); Exam.teacher / Exam.student = relationship(back_populates='exams')
#   Teacher.exams / Student.exams = relationship('Exam', back_populates='teacher' / 'student')
def association_object
  header "seed 002: association object Exam"
  registry = new_registry
  registry.table("exams_table") do |t|
    id_and_name(t)
    t.column :teacher_id, :integer, foreign_key: "teachers.id"
    t.column :student_id, :integer, foreign_key: "students.id"
  end
  exam_class = registry.mapper("Exam", "exams_table") do
    relationship :teacher, "Teacher", back_populates: :exams
    relationship :student, "Student", back_populates: :exams
  end
  registry.table("teachers") { |t| id_and_name(t) }
  teacher_class = registry.mapper("Teacher", "teachers") { relationship :exams, "Exam", back_populates: :teacher }
  registry.table("students") { |t| id_and_name(t) }
  student_class = registry.mapper("Student", "students") { relationship :exams, "Exam", back_populates: :student }
  engine, session = Example.open(registry)
  print_constraint_name(registry, "exams_table", "teacher_id")
  print_constraint_name(registry, "exams_table", "student_id")

  # the data: one exam per teacher and student, named after the teacher's subject
  teachers, students = add_people(session, teacher_class, student_class)
  teachers.zip(TEACHES, EXAM_NAMES).each do |teacher, ids, exam_name|
    ids.each { |id| session.add(exam_class.new(session, name: exam_name, teacher: teacher, student: students[id - 1])) }
  end
  session.commit
  session.close

  Assoc::Session.open(engine, registry) do |shell|
    prompt "t1 = Teacher.query.first()"
    t1 = shell.query(teacher_class).first
    prompt "t1"
    print_str t1
    prompt "t1.exams"
    puts list(t1.exams)
    prompt "[exam.student for exam in t1.exams]"
    puts list(t1.exams.map(&:student))

    prompt "s1 = Student.query.first()"
    s1 = shell.query(student_class).first
    prompt "s1.exams"
    puts list(s1.exams)
    prompt "[exam.teacher for exam in s1.exams]"
    puts list(s1.exams.map(&:teacher))
    prompt "t1.exams[0].name"
    print_repr t1.exams[0].name
  end
end

association_table
puts
association_object
