/*
 * seed002_teachers_students.c - seed 002: Teacher and Student, many-to-many.
 *
 * First through the association table teacher_students (relationship
 * secondary, back_populates both ways), whose foreign keys are named by the
 * registry's naming convention and whose column types are inferred from the
 * columns they reference. Then through the association object Exam, which
 * carries a name of its own and links to one teacher and one student.
 *
 * Both versions hold the same data: teacher 1 teaches students 1, 3 and 6,
 * teacher 2 students 1, 2 and 4, teacher 3 students 2, 3 and 5. The queries
 * then run in a fresh session, as in the seed's shell.
 */
#include "example_util.h"

static const char *const teacher_names[] = { "Ms. Frizzle", "Mr. Keating", "Miss Honey" };
static const char *const exam_names[] = { "Science exam", "Poetry exam", "Reading exam" };
static const char *const student_names[] = { "Arnold", "Carlos", "Dorothy Ann",
                                             "Keesha", "Phoebe", "Ralphie" };
#define NTEACHERS 3
#define NSTUDENTS 6
#define PER_TEACHER 3

/* teaches[t][k]: the k-th student (1-based id) of teacher t + 1. */
static const int teaches[NTEACHERS][PER_TEACHER] = { { 1, 3, 6 }, { 1, 2, 4 }, { 2, 3, 5 } };

/*
 * metadata = MetaData(naming_convention={
 *     "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
 * })
 */
static assoc_registry *new_registry(void)
{
	assoc_registry *reg;
	CHECK(assoc_registry_new(&reg));
	CHECK(assoc_registry_set_naming_convention(
		reg, "fk", "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"));
	return reg;
}

/* id = db.Column(db.Integer, primary_key=True); name = db.Column(db.String) */
static void add_id_and_name(assoc_table *t)
{
	ex_primary_key(t, "id", ASSOC_TYPE_INTEGER);
	ex_column(t, "name", ASSOC_TYPE_TEXT);
}

/* Teachers and students, in id order, so that they get ids 1, 2, 3, ... */
static void add_people(assoc_session *s, assoc_mapper *Teacher, assoc_mapper *Student,
                       assoc_object *teachers[NTEACHERS], assoc_object *students[NSTUDENTS])
{
	for (int i = 0; i < NTEACHERS; i++) {
		teachers[i] = ex_new(s, Teacher);
		ex_set_text(teachers[i], "name", teacher_names[i]);
		CHECK(assoc_session_add(s, teachers[i]));
	}
	for (int i = 0; i < NSTUDENTS; i++) {
		students[i] = ex_new(s, Student);
		ex_set_text(students[i], "name", student_names[i]);
		CHECK(assoc_session_add(s, students[i]));
	}
	CHECK(assoc_session_flush(s));
}

/* The column type the database was given, to show that INFER took the referenced one. */
static void print_column_type(assoc_engine *eng, const char *table, const char *column)
{
	assoc_value params[2] = { assoc_value_text(table), assoc_value_text(column) };
	assoc_value type;
	CHECK(assoc_engine_scalar(&type, eng, "SELECT type FROM pragma_table_info(?1) WHERE name = ?2",
	                          params, 2));
	printf("type of %s.%s: ", table, column);
	ex_print_str(type);
	putchar('\n');
}

static void print_constraint_name(assoc_registry *reg, const char *table, const char *column)
{
	assoc_table *t;
	const char *name;
	CHECK(assoc_registry_table(&t, reg, table));
	CHECK(assoc_table_constraint_name(&name, t, "fk", column));
	printf("fk on %s.%s: %s\n", table, column, name ? name : "(unnamed)");
}

/*
 * teacher_students = db.Table(
 *     'teacher_students',
 *     metadata,
 *     db.Column('teacher_id', db.ForeignKey('teachers.id'), primary_key=True),
 *     db.Column('student_id', db.ForeignKey('students.id'), primary_key=True)
 * )
 *
 * class Teacher(db.Model):
 *     __tablename__ = 'teachers'
 *     id = db.Column(db.Integer, primary_key=True)
 *     name = db.Column(db.String)
 *     students = db.relationship('Student', secondary=teacher_students,
 *         back_populates='teachers')
 *
 * class Student(db.Model):
 *     __tablename__ = 'students'
 *     id = db.Column(db.Integer, primary_key=True)
 *     name = db.Column(db.String)
 *     teachers = db.relationship('Teacher', secondary=teacher_students,
 *         back_populates='students')
 */
static void association_table(void)
{
	assoc_registry *reg = new_registry();
	assoc_engine *eng;
	assoc_session *s;
	assoc_relationship_options r;

	ex_header("seed 002: association table teacher_students");

	/* no column types: each is inferred from the column it references */
	assoc_table *teacher_students = ex_table(reg, "teacher_students");
	ex_foreign_key(teacher_students, "teacher_id", ASSOC_TYPE_INFER, "teachers.id", 1);
	ex_foreign_key(teacher_students, "student_id", ASSOC_TYPE_INFER, "students.id", 1);

	add_id_and_name(ex_table(reg, "teachers"));
	assoc_mapper *Teacher = ex_mapper(reg, "Teacher", "teachers");
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Student";
	r.secondary = "teacher_students";
	r.back_populates = "teachers";
	CHECK(assoc_mapper_add_relationship(Teacher, "students", &r));

	add_id_and_name(ex_table(reg, "students"));
	assoc_mapper *Student = ex_mapper(reg, "Student", "students");
	r = (assoc_relationship_options)ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "Teacher";
	r.secondary = "teacher_students";
	r.back_populates = "students";
	CHECK(assoc_mapper_add_relationship(Student, "teachers", &r));

	ex_open(reg, &eng, &s);
	print_constraint_name(reg, "teacher_students", "teacher_id");
	print_constraint_name(reg, "teacher_students", "student_id");
	print_column_type(eng, "teacher_students", "teacher_id");
	print_column_type(eng, "teacher_students", "student_id");

	/* the data: t.students.append(s) also puts t into s.teachers */
	assoc_object *teachers[NTEACHERS], *students[NSTUDENTS];
	add_people(s, Teacher, Student, teachers, students);
	for (int t = 0; t < NTEACHERS; t++)
		for (int k = 0; k < PER_TEACHER; k++)
			ex_append(teachers[t], "students", students[teaches[t][k] - 1]);
	CHECK(assoc_session_commit(s));
	assoc_session_free(s);

	/* a new session, like a new shell */
	CHECK(assoc_session_new(&s, eng, reg, NULL));

	ex_prompt("t1 = Teacher.query.first()");
	assoc_object *t1 = ex_first_by(s, Teacher, NULL, assoc_value_null());
	ex_prompt("t1");
	ex_print_object(t1);
	ex_prompt("t1.students");
	ex_print_collection(t1, "students");

	ex_prompt("s1 = Student.query.first()");
	assoc_object *s1 = ex_first_by(s, Student, NULL, assoc_value_null());
	ex_prompt("s1");
	ex_print_object(s1);
	ex_prompt("s1.teachers");
	ex_print_collection(s1, "teachers");

	ex_close(reg, eng, s);
}

/*
 * class Exam(db.Model):
 *     __tablename__ = 'exams_table'
 *     id = db.Column(db.Integer, primary_key=True)
 *     name = db.Column(db.String)
 *     teacher_id = db.Column(db.Integer, db.ForeignKey('teachers.id'))
 *     student_id = db.Column(db.Integer, db.ForeignKey('students.id'))
 *     teacher = db.relationship('Teacher', back_populates='exams')
 *     student = db.relationship('Student', back_populates='exams')
 *
 * class Teacher(db.Model):            # students = association_proxy('exams', 'student')
 *     __tablename__ = 'teachers'      # comes with the association proxy; here the
 *     ...                             # list comprehension shows the same thing
 *     exams = db.relationship('Exam', back_populates='teacher')
 *
 * class Student(db.Model):
 *     __tablename__ = 'students'
 *     ...
 *     exams = db.relationship('Exam', back_populates='student')
 */
static void association_object(void)
{
	assoc_registry *reg = new_registry();
	assoc_engine *eng;
	assoc_session *s;

	ex_header("seed 002: association object Exam");

	assoc_table *exams = ex_table(reg, "exams_table");
	add_id_and_name(exams);
	ex_foreign_key(exams, "teacher_id", ASSOC_TYPE_INTEGER, "teachers.id", 0);
	ex_foreign_key(exams, "student_id", ASSOC_TYPE_INTEGER, "students.id", 0);
	assoc_mapper *Exam = ex_mapper(reg, "Exam", "exams_table");
	ex_relationship(Exam, "teacher", "Teacher", "exams");
	ex_relationship(Exam, "student", "Student", "exams");

	add_id_and_name(ex_table(reg, "teachers"));
	assoc_mapper *Teacher = ex_mapper(reg, "Teacher", "teachers");
	ex_relationship(Teacher, "exams", "Exam", "teacher");

	add_id_and_name(ex_table(reg, "students"));
	assoc_mapper *Student = ex_mapper(reg, "Student", "students");
	ex_relationship(Student, "exams", "Exam", "student");

	ex_open(reg, &eng, &s);
	print_constraint_name(reg, "exams_table", "teacher_id");
	print_constraint_name(reg, "exams_table", "student_id");

	/* the data: one exam per teacher and student, named after the teacher's subject */
	assoc_object *teachers[NTEACHERS], *students[NSTUDENTS];
	add_people(s, Teacher, Student, teachers, students);
	for (int t = 0; t < NTEACHERS; t++)
		for (int k = 0; k < PER_TEACHER; k++) {
			assoc_object *exam = ex_new(s, Exam);
			ex_set_text(exam, "name", exam_names[t]);
			ex_set_object(exam, "teacher", teachers[t]);
			ex_set_object(exam, "student", students[teaches[t][k] - 1]);
			CHECK(assoc_session_add(s, exam));
		}
	CHECK(assoc_session_commit(s));
	assoc_session_free(s);

	CHECK(assoc_session_new(&s, eng, reg, NULL));

	ex_prompt("t1 = Teacher.query.first()");
	assoc_object *t1 = ex_first_by(s, Teacher, NULL, assoc_value_null());
	ex_prompt("t1");
	ex_print_object(t1);
	ex_prompt("t1.exams");
	ex_print_collection(t1, "exams");
	ex_prompt("[exam.student for exam in t1.exams]");
	ex_print_collection_attr(t1, "exams", "student");

	ex_prompt("s1 = Student.query.first()");
	assoc_object *s1 = ex_first_by(s, Student, NULL, assoc_value_null());
	ex_prompt("s1.exams");
	ex_print_collection(s1, "exams");
	ex_prompt("[exam.teacher for exam in s1.exams]");
	ex_print_collection_attr(s1, "exams", "teacher");
	ex_prompt("t1.exams[0].name");
	ex_print_repr(ex_get(ex_at(t1, "exams", 0), "name"));
	putchar('\n');

	ex_close(reg, eng, s);
}

int main(void)
{
	association_table();
	putchar('\n');
	association_object();
	return 0;
}
