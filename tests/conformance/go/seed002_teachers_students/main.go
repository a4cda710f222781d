// seed002_teachers_students: seed 002, Teacher and Student many-to-many
// (examples/seed002_teachers_students.c in Go).
package main

import (
	"fmt"

	. "assocconformance/ex"
	assoc "github.com/assoc-project/assoc/bindings/go"
)

var (
	teacherNames = []string{"Ms. Frizzle", "Mr. Keating", "Miss Honey"}
	examNames    = []string{"Science exam", "Poetry exam", "Reading exam"}
	studentNames = []string{"Arnold", "Carlos", "Dorothy Ann", "Keesha", "Phoebe", "Ralphie"}
	teaches      = [][]int{{1, 3, 6}, {1, 2, 4}, {2, 3, 5}}
)

func newRegistry() *assoc.Registry {
	reg := Must(assoc.NewRegistry())
	Check(reg.SetNamingConvention("fk", "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"))
	return reg
}

func addIDAndName(t *assoc.Table) {
	PrimaryKey(t, "id", assoc.Integer)
	Column(t, "name", assoc.Text)
}

func addPeople(s *assoc.Session, Teacher, Student *assoc.Mapper) (teachers, students []*assoc.Object) {
	for _, n := range teacherNames {
		t := New(s, Teacher)
		Set(t, "name", n)
		Check(s.Add(t))
		teachers = append(teachers, t)
	}
	for _, n := range studentNames {
		st := New(s, Student)
		Set(st, "name", n)
		Check(s.Add(st))
		students = append(students, st)
	}
	Check(s.Flush())
	return
}

func printColumnType(eng *assoc.Engine, table, column string) {
	v := Must(eng.Scalar("SELECT type FROM pragma_table_info(?1) WHERE name = ?2", table, column))
	fmt.Printf("type of %s.%s: %s\n", table, column, assoc.Str(v))
}

func printConstraintName(reg *assoc.Registry, table, column string) {
	t := Must(reg.Table(table))
	name := Must(t.ConstraintName("fk", column))
	if name == "" {
		name = "(unnamed)"
	}
	fmt.Printf("fk on %s.%s: %s\n", table, column, name)
}

func associationTable() {
	reg := newRegistry()
	Header("seed 002: association table teacher_students")

	ts := Table(reg, "teacher_students")
	ForeignKey(ts, "teacher_id", assoc.Infer, "teachers.id", true)
	ForeignKey(ts, "student_id", assoc.Infer, "students.id", true)

	addIDAndName(Table(reg, "teachers"))
	Teacher := Mapper(reg, "Teacher", "teachers")
	Check(Teacher.AddRelationship("students", assoc.RelationshipOptions{
		Target: "Student", Secondary: "teacher_students", BackPopulates: "teachers"}))

	addIDAndName(Table(reg, "students"))
	Student := Mapper(reg, "Student", "students")
	Check(Student.AddRelationship("teachers", assoc.RelationshipOptions{
		Target: "Teacher", Secondary: "teacher_students", BackPopulates: "students"}))

	eng, s := Open(reg)
	printConstraintName(reg, "teacher_students", "teacher_id")
	printConstraintName(reg, "teacher_students", "student_id")
	printColumnType(eng, "teacher_students", "teacher_id")
	printColumnType(eng, "teacher_students", "student_id")

	teachers, students := addPeople(s, Teacher, Student)
	for t, ks := range teaches {
		for _, k := range ks {
			Append(teachers[t], "students", students[k-1])
		}
	}
	Check(s.Commit())
	Check(s.Close())

	s = Must(assoc.NewSession(eng, reg))

	Prompt("t1 = Teacher.query.first()")
	t1 := FirstBy(s, Teacher, "", nil)
	Prompt("t1")
	PrintObject(t1)
	Prompt("t1.students")
	PrintCollection(t1, "students")

	Prompt("s1 = Student.query.first()")
	s1 := FirstBy(s, Student, "", nil)
	Prompt("s1")
	PrintObject(s1)
	Prompt("s1.teachers")
	PrintCollection(s1, "teachers")

	Close(reg, eng, s)
}

func associationObject() {
	reg := newRegistry()
	Header("seed 002: association object Exam")

	exams := Table(reg, "exams_table")
	addIDAndName(exams)
	ForeignKey(exams, "teacher_id", assoc.Integer, "teachers.id", false)
	ForeignKey(exams, "student_id", assoc.Integer, "students.id", false)
	Exam := Mapper(reg, "Exam", "exams_table")
	Relationship(Exam, "teacher", "Teacher", "exams")
	Relationship(Exam, "student", "Student", "exams")

	addIDAndName(Table(reg, "teachers"))
	Teacher := Mapper(reg, "Teacher", "teachers")
	Relationship(Teacher, "exams", "Exam", "teacher")

	addIDAndName(Table(reg, "students"))
	Student := Mapper(reg, "Student", "students")
	Relationship(Student, "exams", "Exam", "student")

	eng, s := Open(reg)
	printConstraintName(reg, "exams_table", "teacher_id")
	printConstraintName(reg, "exams_table", "student_id")

	teachers, students := addPeople(s, Teacher, Student)
	for t, ks := range teaches {
		for _, k := range ks {
			exam := New(s, Exam)
			Set(exam, "name", examNames[t])
			Set(exam, "teacher", teachers[t])
			Set(exam, "student", students[k-1])
			Check(s.Add(exam))
		}
	}
	Check(s.Commit())
	Check(s.Close())

	s = Must(assoc.NewSession(eng, reg))

	Prompt("t1 = Teacher.query.first()")
	t1 := FirstBy(s, Teacher, "", nil)
	Prompt("t1")
	PrintObject(t1)
	Prompt("t1.exams")
	PrintCollection(t1, "exams")
	Prompt("[exam.student for exam in t1.exams]")
	PrintCollectionAttr(t1, "exams", "student")

	Prompt("s1 = Student.query.first()")
	s1 := FirstBy(s, Student, "", nil)
	Prompt("s1.exams")
	PrintCollection(s1, "exams")
	Prompt("[exam.teacher for exam in s1.exams]")
	PrintCollectionAttr(s1, "exams", "teacher")
	Prompt("t1.exams[0].name")
	fmt.Println(assoc.Repr(Get(At(t1, "exams", 0), "name")))

	Close(reg, eng, s)
}

func main() {
	associationTable()
	fmt.Println()
	associationObject()
}
