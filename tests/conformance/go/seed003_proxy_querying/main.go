// seed003_proxy_querying: seed 003, querying with association proxies
// (examples/seed003_proxy_querying.c in Go): any() through an association
// object, == on a scalar proxy, contains() on a proxy to a scalar
// collection, and joins along User.keywords.
package main

import (
	"fmt"

	. "assocconformance/ex"
	assoc "github.com/assoc-project/assoc/bindings/go"
)

type mapping int

const (
	associationObject mapping = iota // UserKeyword.keyword = relationship("Keyword")
	compositeMapping                 // UserKeyword.kw = relationship("Keyword"); keyword = association_proxy('kw', 'keyword')
	manyToMany                       // User.kw = relationship("Keyword", secondary=userkeywords)
)

type model struct {
	reg                        *assoc.Registry
	eng                        *assoc.Engine
	s                          *assoc.Session
	User, UserKeyword, Keyword *assoc.Mapper
}

// jek has 'cheese inspector'; log has 'jek' and 'snack ninja'; ann has none.
func openModel(mp mapping) *model {
	link := "user_keyword"
	if mp == manyToMany {
		link = "userkeywords"
	}
	m := &model{reg: Must(assoc.NewRegistry())}
	m.User, m.Keyword = KeywordTables(m.reg, link, mp != manyToMany)
	if mp == manyToMany {
		Check(m.User.AddRelationship("kw", assoc.RelationshipOptions{Target: "Keyword", Secondary: "userkeywords"}))
		Proxy(m.User, "keywords", "kw", "keyword", nil)
	} else {
		m.UserKeyword = Mapper(m.reg, "UserKeyword", "user_keyword")
		Check(m.UserKeyword.AddRelationship("user", assoc.RelationshipOptions{Target: "User",
			Backref: "user_keywords", BackrefOptions: &assoc.RelationshipOptions{Cascade: "all, delete-orphan"}}))
		if mp == compositeMapping {
			Relationship(m.UserKeyword, "kw", "Keyword", "")
			Proxy(m.UserKeyword, "keyword", "kw", "keyword", nil)
		} else {
			Relationship(m.UserKeyword, "keyword", "Keyword", "")
		}
		Proxy(m.User, "keywords", "user_keywords", "keyword", nil)
	}
	m.eng, m.s = Open(m.reg)

	users := []string{"jek", "log", "ann"}
	tags := [][]string{{"cheese inspector"}, {"jek", "snack ninja"}, {}}
	for i, name := range users {
		u := NewUser(m.s, m.User, name)
		for _, tag := range tags[i] {
			if mp == associationObject {
				Append(u, "keywords", NewKeyword(m.s, m.Keyword, tag))
			} else {
				Append(u, "keywords", tag) // a Keyword (and a UserKeyword) made by the proxies
			}
		}
	}
	Check(m.s.Commit())
	return m
}

func (m *model) close() { Close(m.reg, m.eng, m.s) }

// repr prints an object as the seed's REPL does.
func repr(o *assoc.Object) string { return o.String() }

// any() and has() produce a "nested" EXISTS clause.
func anyOnAssociationObject() {
	Header("seed 003: any() through an association object")
	m := openModel(associationObject)
	Prompt("print(session.query(User).filter(User.keywords.any(keyword='jek')))")
	ShowQuery(m.s.Query(m.User).Where(m.User.Field("keywords").Any(m.Keyword.Field("keyword").Eq("jek"))), Name)
	m.close()
}

// For a proxy to a scalar attribute, __eq__() is supported.
func eqOnScalarProxy() {
	Header("seed 003: == on a scalar proxy")
	m := openModel(compositeMapping)
	Prompt("print(session.query(UserKeyword).filter(UserKeyword.keyword == 'jek'))")
	ShowQuery(m.s.Query(m.UserKeyword).Where(m.UserKeyword.Field("keyword").Eq("jek")), repr)
	m.close()
}

// and .contains() is available for a proxy to a scalar collection.
func containsOnScalarCollection() {
	Header("seed 003: contains() on a proxy to a scalar collection")
	m := openModel(manyToMany)
	Prompt("print(session.query(User).filter(User.keywords.contains('jek')))")
	ShowQuery(m.s.Query(m.User).Where(m.User.Field("keywords").Contains("jek")), Name)
	m.close()
}

// query(User).join(*User.keywords.attr), and hop by hop (the library has
// no aliased(): the second form joins the tables themselves).
func joins() {
	Header("seed 003: joining with the attr, local_attr and remote_attr of a proxy")
	m := openModel(associationObject)

	Prompt("q = session.query(User).join(*User.keywords.attr)")
	q := m.s.Query(m.User).Join(m.User, "keywords")
	Prompt("print(q.filter(Keyword.keyword == 'snack ninja'))")
	ShowQuery(q.Where(m.Keyword.Field("keyword").Eq("snack ninja")), Name)

	keywords := Must(m.User.Attr("keywords"))
	local, remote := keywords.LocalAttr(), keywords.RemoteAttr()
	Expect(local != nil && remote != nil, "the proxy's two hops")
	Prompt("User.keywords.attr")
	fmt.Printf("(%s, %s)\n", local, remote)

	Prompt("q = session.query(User).\\\n" +
		"...         join(User.keywords.local_attr).\\\n" +
		"...         join(User.keywords.remote_attr)")
	q = m.s.Query(m.User).JoinAttr(local).JoinAttr(remote)
	Prompt("print(q.filter(Keyword.keyword == 'cheese inspector'))")
	ShowQuery(q.Where(m.Keyword.Field("keyword").Eq("cheese inspector")), Name)

	m.close()
}

func main() {
	anyOnAssociationObject()
	fmt.Println()
	eqOnScalarProxy()
	fmt.Println()
	containsOnScalarCollection()
	fmt.Println()
	joins()
}
