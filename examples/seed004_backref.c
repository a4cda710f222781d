/*
 * seed004_backref.c - seed 004: linking relationships with backref.
 *
 * A backref on Post.owner puts a second relationship, "posts", onto User:
 * the same as declaring both sides with back_populates. With uselist false
 * on the backref, User and Address are one-to-one.
 */
#include "example_util.h"

/*
 * class User(Base):
 *     __tablename__ = 'user'
 *     id = Column(Integer, primary_key=True)
 *     name = Column(String(256))
 */
static assoc_mapper *define_user(assoc_registry *reg)
{
	assoc_table *user = ex_table(reg, "user");
	ex_primary_key(user, "id", ASSOC_TYPE_INTEGER);
	ex_column(user, "name", ASSOC_TYPE_TEXT);
	return ex_mapper(reg, "User", "user");
}

/*
 * class Post(Base):
 *     __tablename__ = 'post'
 *     id = Column(Integer, primary_key=True)
 *     owner_id = Column(Integer, ForeignKey('user.id'))
 *     owner = relationship(User, backref=backref('posts', uselist=True))
 *
 * or, equivalently (explicit), both sides with back_populates:
 *
 *     owner = relationship(User, back_populates='posts')      # on Post
 *     posts = relationship(Post, back_populates='owner')      # on User
 */
static void one_to_many(int explicit)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;

	ex_header(explicit ? "seed 004: the same with back_populates on both sides"
	                   : "seed 004: backref, one-to-many");
	CHECK(assoc_registry_new(&reg));
	assoc_mapper *User = define_user(reg);
	assoc_table *post = ex_table(reg, "post");
	ex_primary_key(post, "id", ASSOC_TYPE_INTEGER);
	ex_foreign_key(post, "owner_id", ASSOC_TYPE_INTEGER, "user.id", 0);
	assoc_mapper *Post = ex_mapper(reg, "Post", "post");
	if (explicit) {
		ex_relationship(Post, "owner", "User", "posts");
		ex_relationship(User, "posts", "Post", "owner");
	} else {
		assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
		r.target = "User";
		r.backref = "posts";
		CHECK(assoc_mapper_add_relationship(Post, "owner", &r));
	}
	ex_open(reg, &eng, &s);

	ex_prompt("u = User(name='Bob')");
	assoc_object *u = ex_new(s, User);
	ex_set_text(u, "name", "Bob");
	ex_prompt("p1 = Post(owner=u); p2 = Post(owner=u)");
	assoc_object *p1 = ex_new(s, Post);
	ex_set_object(p1, "owner", u);
	assoc_object *p2 = ex_new(s, Post);
	ex_set_object(p2, "owner", u);
	ex_prompt("u.posts == [p1, p2]");
	ex_print_bool(ex_len(u, "posts") == 2 && ex_at(u, "posts", 0) == p1 &&
	              ex_at(u, "posts", 1) == p2);

	ex_prompt("s.add(u); s.commit()");
	CHECK(assoc_session_add(s, u));
	CHECK(assoc_session_commit(s));
	ex_prompt("u.posts");
	ex_print_collection(u, "posts");
	ex_prompt("p1.owner");
	ex_print_object(ex_get_object(p1, "owner"));
	ex_prompt("[p.owner_id for p in u.posts]");
	ex_print_collection_attr(u, "posts", "owner_id");

	ex_close(reg, eng, s);
}

/*
 * class Address(Base):
 *     __tablename__ = 'address'
 *     id = Column(Integer, primary_key=True)
 *     address = Column(String(256))
 *     user_id = Column(Integer, ForeignKey('user.id'))
 *     user = relationship(User, backref=backref('address', uselist=False))
 */
static void one_to_one(void)
{
	assoc_registry *reg;
	assoc_engine *eng;
	assoc_session *s;

	ex_header("seed 004: backref with uselist=False, one-to-one");
	CHECK(assoc_registry_new(&reg));
	assoc_mapper *User = define_user(reg);
	assoc_table *address = ex_table(reg, "address");
	ex_primary_key(address, "id", ASSOC_TYPE_INTEGER);
	ex_column(address, "address", ASSOC_TYPE_TEXT);
	ex_foreign_key(address, "user_id", ASSOC_TYPE_INTEGER, "user.id", 0);
	assoc_mapper *Address = ex_mapper(reg, "Address", "address");
	assoc_relationship_options back = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	back.uselist = 0;
	assoc_relationship_options r = ASSOC_RELATIONSHIP_OPTIONS_INIT;
	r.target = "User";
	r.backref = "address";
	r.backref_options = &back;
	CHECK(assoc_mapper_add_relationship(Address, "user", &r));
	ex_open(reg, &eng, &s);

	ex_prompt("u = User(name='Bob')");
	assoc_object *u = ex_new(s, User);
	ex_set_text(u, "name", "Bob");
	ex_prompt("a = Address(address='1 Main Street', user=u)");
	assoc_object *a = ex_new(s, Address);
	ex_set_text(a, "address", "1 Main Street");
	ex_set_object(a, "user", u);
	ex_prompt("u.address is a");
	ex_print_bool(ex_get_object(u, "address") == a);

	ex_prompt("s.add(u); s.commit()");
	CHECK(assoc_session_add(s, u));
	CHECK(assoc_session_commit(s));
	ex_prompt("u.address");
	ex_print_object(ex_get_object(u, "address"));
	ex_prompt("u.address.address");
	ex_print_repr(ex_get(ex_get_object(u, "address"), "address"));
	putchar('\n');
	ex_prompt("a.user");
	ex_print_object(ex_get_object(a, "user"));

	/* one address per user: a new one takes the old one's place on both sides */
	ex_prompt("b = Address(address='2 Side Street'); u.address = b; s.commit()");
	assoc_object *b = ex_new(s, Address);
	ex_set_text(b, "address", "2 Side Street");
	ex_set_object(u, "address", b);
	CHECK(assoc_session_commit(s));
	ex_prompt("u.address");
	ex_print_object(ex_get_object(u, "address"));
	ex_prompt("b.user");
	ex_print_object(ex_get_object(b, "user"));
	ex_prompt("a.user is None");
	ex_print_bool(ex_get_object(a, "user") == NULL);

	ex_close(reg, eng, s);
}

int main(void)
{
	one_to_many(0);
	putchar('\n');
	one_to_many(1);
	putchar('\n');
	one_to_one();
	return 0;
}
