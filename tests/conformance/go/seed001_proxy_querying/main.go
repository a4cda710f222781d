// seed001_proxy_querying: seed 001, querying with association proxies
// (examples/seed001_proxy_querying.c in Go). User.special_keys proxies a
// column and User.keywords an object: comparisons on them compile to
// correlated EXISTS, printed as SQLAlchemy prints them and then run; last,
// a join along both hops of User.keywords.
package main

import (
	"fmt"

	. "assocconformance/ex"
	assoc "github.com/assoc-project/assoc/bindings/go"
)

type model struct {
	reg                                   *assoc.Registry
	eng                                   *assoc.Engine
	s                                     *assoc.Session
	User, UserKeywordAssociation, Keyword *assoc.Mapper
}

// user(id, name), user_keyword(user_id, keyword_id, special_key),
// keyword(id, keyword); User.user_keyword_associations (all,
// delete-orphan), User.keywords and User.special_keys proxies over it,
// UserKeywordAssociation.keyword = relationship(Keyword).
func openModel() *model {
	m := &model{reg: Must(assoc.NewRegistry())}
	user := Table(m.reg, "user")
	PrimaryKey(user, "id", assoc.Integer)
	Column(user, "name", assoc.Text)
	uk := Table(m.reg, "user_keyword")
	ForeignKey(uk, "user_id", assoc.Integer, "user.id", true)
	ForeignKey(uk, "keyword_id", assoc.Integer, "keyword.id", true)
	Column(uk, "special_key", assoc.Text)
	keyword := Table(m.reg, "keyword")
	PrimaryKey(keyword, "id", assoc.Integer)
	Column(keyword, "keyword", assoc.Text)

	m.User = Mapper(m.reg, "User", "user")
	m.UserKeywordAssociation = Mapper(m.reg, "UserKeywordAssociation", "user_keyword")
	m.Keyword = Mapper(m.reg, "Keyword", "keyword")
	Check(m.User.AddRelationship("user_keyword_associations", assoc.RelationshipOptions{
		Target: "UserKeywordAssociation", Cascade: "all, delete-orphan"}))
	Proxy(m.User, "keywords", "user_keyword_associations", "keyword", nil)
	Proxy(m.User, "special_keys", "user_keyword_associations", "special_key", nil)
	Relationship(m.UserKeywordAssociation, "keyword", "Keyword", "")
	m.eng, m.s = Open(m.reg)
	return m
}

// jek: special_key "jek", Keyword "cheese-inspector"; log: "blammo-jek",
// Keyword "jek"; ann: "sk1", Keyword "snack-ninja".
func (m *model) addUsers() {
	rows := [][3]string{{"jek", "jek", "cheese-inspector"}, {"log", "blammo-jek", "jek"}, {"ann", "sk1", "snack-ninja"}}
	for _, row := range rows {
		u := New(m.s, m.User)
		Set(u, "name", row[0])
		k := New(m.s, m.Keyword)
		Set(k, "keyword", row[2])
		a := New(m.s, m.UserKeywordAssociation)
		Set(a, "special_key", row[1])
		Set(a, "keyword", k)
		Append(u, "user_keyword_associations", a)
		Check(m.s.Add(u))
	}
	Check(m.s.Commit())
}

func (m *model) close() { Close(m.reg, m.eng, m.s) }

func columnProxy() {
	Header("seed 001: querying a column-targeted association proxy")
	m := openModel()
	m.addUsers()
	specialKeys := m.User.Field("special_keys")

	Prompt(`print(session.scalars(select(User).where(User.special_keys == "jek")))`)
	ShowQuery(m.s.Query(m.User).Where(specialKeys.Eq("jek")), Name)

	Prompt(`print(session.scalars(select(User).where(User.special_keys.like("%jek"))))`)
	ShowQuery(m.s.Query(m.User).Where(specialKeys.Like("%jek")), Name)

	m.close()
}

func objectProxy() {
	Header("seed 001: querying an object-targeted association proxy")
	m := openModel()
	m.addUsers()

	Prompt(`print(session.scalars(select(User).where(User.keywords.any(Keyword.keyword == "jek"))))`)
	ShowQuery(m.s.Query(m.User).Where(m.User.Field("keywords").Any(m.Keyword.Field("keyword").Eq("jek"))), Name)

	m.close()
}

// select(User).join(*User.keywords.attr), and the same hop by hop.
func joins() {
	Header("seed 001: joining along an association proxy")
	m := openModel()
	m.addUsers()
	isJek := m.Keyword.Field("keyword").Eq("jek")

	Prompt(`print(select(User).join(*User.keywords.attr).where(Keyword.keyword == "jek"))`)
	ShowQuery(m.s.Query(m.User).Join(m.User, "keywords").Where(isJek), Name)

	keywords := Must(m.User.Attr("keywords"))
	local, remote := keywords.LocalAttr(), keywords.RemoteAttr()
	Expect(local != nil && remote != nil, "the proxy's two hops")
	Prompt("User.keywords.local_attr, User.keywords.remote_attr")
	fmt.Printf("(%s, %s)\n", local, remote)
	Prompt("print(select(User)\n" +
		"...     .join(User.keywords.local_attr)\n" +
		"...     .join(User.keywords.remote_attr)\n" +
		`...     .where(Keyword.keyword == "jek"))`)
	ShowQuery(m.s.Query(m.User).JoinAttr(local).JoinAttr(remote).Where(isJek), Name)

	m.close()
}

func main() {
	columnProxy()
	fmt.Println()
	objectProxy()
	fmt.Println()
	joins()
}
