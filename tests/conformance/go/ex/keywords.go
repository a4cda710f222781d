package ex

import assoc "github.com/assoc-project/assoc/bindings/go"

// The User and Keyword of seeds 001 and 003, which both programs define
// (their define_tables, user_new, keyword_new and Keyword.__repr__), and
// the creators their proxies use.

// KeywordTables defines user(id, name), keyword(id, keyword) and the link
// table (user_id, keyword_id, and special_key if asked), and maps User and
// Keyword.
func KeywordTables(reg *assoc.Registry, link string, specialKey bool) (User, Keyword *assoc.Mapper) {
	user := Table(reg, "user")
	PrimaryKey(user, "id", assoc.Integer)
	Column(user, "name", assoc.Text)
	keyword := Table(reg, "keyword")
	PrimaryKey(keyword, "id", assoc.Integer)
	Column(keyword, "keyword", assoc.Text)
	uk := Table(reg, link)
	ForeignKey(uk, "user_id", assoc.Integer, "user.id", true)
	ForeignKey(uk, "keyword_id", assoc.Integer, "keyword.id", true)
	if specialKey {
		Column(uk, "special_key", assoc.Text)
	}
	return Mapper(reg, "User", "user"), Mapper(reg, "Keyword", "keyword")
}

// NewUser is User(name), added to s.
func NewUser(s *assoc.Session, User *assoc.Mapper, name string) *assoc.Object {
	u := New(s, User)
	Set(u, "name", name)
	Check(s.Add(u))
	return u
}

// NewKeyword is Keyword(keyword).
func NewKeyword(s *assoc.Session, Keyword *assoc.Mapper, keyword string) *assoc.Object {
	k := New(s, Keyword)
	Set(k, "keyword", keyword)
	return k
}

// KeywordRepr is Keyword.__repr__: Keyword('kw').
func KeywordRepr(v any) string {
	o, ok := v.(*assoc.Object)
	Expect(ok, "a Keyword")
	return "Keyword(" + assoc.Repr(Get(o, "keyword")) + ")"
}

// CreatorOf is creator=lambda value: M(attr=value), M being m.
func CreatorOf(m *assoc.Mapper, attr string) assoc.Creator { return creator(m, "", attr) }

// DictCreatorOf is creator=lambda key, value: M(keyAttr=key, attr=value).
func DictCreatorOf(m *assoc.Mapper, keyAttr, attr string) assoc.Creator {
	return creator(m, keyAttr, attr)
}

func creator(m *assoc.Mapper, keyAttr, attr string) assoc.Creator {
	return func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
		o, err := owner.Session().New(m)
		if err == nil && keyAttr != "" {
			err = o.Set(keyAttr, key)
		}
		if err == nil {
			err = o.Set(attr, value)
		}
		return o, err
	}
}
