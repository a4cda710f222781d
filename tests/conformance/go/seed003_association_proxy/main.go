// seed003_association_proxy: seed 003, the association proxy in the older
// declarative style of that document (examples/seed003_association_proxy.c
// in Go): User and Keyword many-to-many, with and without the proxy; then
// the association object UserKeyword, whose "user" relationship creates
// User.user_keywords by backref: as a list, as a dict keyed by special_key,
// and as a composite proxy of strings to strings.
package main

import (
	"fmt"
	"strings"

	. "assocconformance/ex"
	assoc "github.com/assoc-project/assoc/bindings/go"
)

// kw = relationship("Keyword", secondary=userkeywords); mode 1: keywords =
// association_proxy('kw', 'keyword'); mode 2: the same with creator=lambda
// kw: Keyword(keyword=kw); mode 0: no proxy, the Keyword objects by hand.
func scalarCollections(mode int) {
	switch mode {
	case 0:
		Header("seed 003: a many-to-many collection, without a proxy")
	case 1:
		Header("seed 003: simplifying scalar collections")
	default:
		Header("seed 003: simplifying scalar collections, with a creator")
	}
	reg := Must(assoc.NewRegistry())
	User, Keyword := KeywordTables(reg, "userkeywords", false)
	Check(User.AddRelationship("kw", assoc.RelationshipOptions{Target: "Keyword", Secondary: "userkeywords"}))
	if mode == 1 {
		Proxy(User, "keywords", "kw", "keyword", nil)
	} else if mode == 2 {
		Proxy(User, "keywords", "kw", "keyword", CreatorOf(Keyword, "keyword"))
	}
	eng, s := Open(reg)

	Prompt("user = User('jek')")
	user := NewUser(s, User, "jek")
	if mode == 0 {
		Prompt("user.kw.append(Keyword('cheese inspector'))")
		Append(user, "kw", NewKeyword(s, Keyword, "cheese inspector"))
		Prompt("session.commit()")
		Check(s.Commit())
		Prompt("print(user.kw)")
		PrintCollection(user, "kw")
		Prompt("print(user.kw[0].keyword)")
		fmt.Println(assoc.Str(Get(At(user, "kw", 0), "keyword")))
		Prompt("print([keyword.keyword for keyword in user.kw])")
		PrintCollectionAttr(user, "kw", "keyword")
	} else {
		keywords := Coll(user, "keywords")
		Prompt("user.keywords.append('cheese inspector')")
		Check(keywords.Append("cheese inspector"))
		Prompt("user.keywords")
		PrintView(keywords, nil)
		Prompt("user.keywords.append('snack ninja')")
		Check(keywords.Append("snack ninja"))
		Prompt("session.commit()")
		Check(s.Commit())
		Prompt("user.kw")
		PrintCollection(user, "kw")
		Prompt("user.keywords")
		PrintView(keywords, nil)
	}
	Close(reg, eng, s)
}

// UserKeyword.user = relationship(User, backref=backref("user_keywords",
// cascade="all, delete-orphan")) (a dict keyed by special_key for kind
// Dict, with the creator lambda k, v: UserKeyword(special_key=k,
// keyword=v)); UserKeyword.keyword = relationship("Keyword"), or for the
// composite form UserKeyword.kw = relationship("Keyword") and
// UserKeyword.keyword = association_proxy('kw', 'keyword').
func defineUserKeyword(reg *assoc.Registry, kind assoc.CollectionKind, composite bool) (User, Keyword, UserKeyword *assoc.Mapper) {
	User, Keyword = KeywordTables(reg, "user_keyword", true)
	UserKeyword = Mapper(reg, "UserKeyword", "user_keyword")
	back := &assoc.RelationshipOptions{Cascade: "all, delete-orphan", Collection: kind}
	if kind == assoc.Dict {
		back.DictKey = "special_key"
	}
	Check(UserKeyword.AddRelationship("user", assoc.RelationshipOptions{
		Target: "User", Backref: "user_keywords", BackrefOptions: back}))
	if composite {
		Relationship(UserKeyword, "kw", "Keyword", "")
		Proxy(UserKeyword, "keyword", "kw", "keyword", nil)
	} else {
		Relationship(UserKeyword, "keyword", "Keyword", "")
	}
	var creator assoc.Creator
	if kind == assoc.Dict {
		creator = DictCreatorOf(UserKeyword, "special_key", "keyword")
	}
	Proxy(User, "keywords", "user_keywords", "keyword", creator)
	return
}

// UserKeyword(keyword=None, user=None, special_key=None), as its __init__ does.
func userKeywordNew(s *assoc.Session, UserKeyword *assoc.Mapper, keyword, user *assoc.Object, specialKey any) *assoc.Object {
	uk := New(s, UserKeyword)
	Set(uk, "user", user)
	Set(uk, "keyword", keyword)
	Set(uk, "special_key", specialKey)
	return uk
}

func associationObjects() {
	Header("seed 003: simplifying association objects")
	reg := Must(assoc.NewRegistry())
	User, Keyword, UserKeyword := defineUserKeyword(reg, assoc.List, false)
	eng, s := Open(reg)

	Prompt("user = User('log')")
	user := NewUser(s, User, "log")
	keywords := Coll(user, "keywords")
	Prompt("for kw in (Keyword('new_from_blammo'), Keyword('its_big')):\n" +
		"...     user.keywords.append(kw)\n" +
		"...")
	for _, kw := range []string{"new_from_blammo", "its_big"} {
		Check(keywords.Append(NewKeyword(s, Keyword, kw)))
	}
	Prompt("print(user.keywords)")
	PrintView(keywords, KeywordRepr)

	Prompt("user.user_keywords.append(UserKeyword(Keyword('its_heavy')))")
	Append(user, "user_keywords", userKeywordNew(s, UserKeyword, NewKeyword(s, Keyword, "its_heavy"), nil, nil))
	Prompt("UserKeyword(Keyword('its_wood'), user, special_key='my special key')")
	wood := userKeywordNew(s, UserKeyword, NewKeyword(s, Keyword, "its_wood"), user, "my special key")
	// SQLAlchemy 2.0: the backref does not cascade it into the session
	Prompt("session.add(user.user_keywords[-1])")
	Check(s.Add(wood))
	Prompt("user.keywords")
	PrintView(keywords, KeywordRepr)

	Prompt("session.commit()")
	Check(s.Commit())
	Prompt("[(uk.keyword.keyword, uk.special_key) for uk in user.user_keywords]")
	var parts []string
	for _, uk := range Must(Coll(user, "user_keywords").Objects()) {
		parts = append(parts, "("+assoc.Repr(Get(GetObject(uk, "keyword"), "keyword"))+", "+
			assoc.Repr(Get(uk, "special_key"))+")")
	}
	fmt.Println("[" + strings.Join(parts, ", ") + "]")

	Close(reg, eng, s)
}

func dictCollections() {
	Header("seed 003: proxying to dictionary based collections")
	reg := Must(assoc.NewRegistry())
	User, Keyword, _ := defineUserKeyword(reg, assoc.Dict, false)
	eng, s := Open(reg)

	Prompt("user = User('log')")
	user := NewUser(s, User, "log")
	keywords := Coll(user, "keywords")
	Prompt("user.keywords['sk1'] = Keyword('kw1')")
	Check(keywords.Put("sk1", NewKeyword(s, Keyword, "kw1")))
	Prompt("user.keywords['sk2'] = Keyword('kw2')")
	Check(keywords.Put("sk2", NewKeyword(s, Keyword, "kw2")))
	Prompt("print(user.keywords)")
	PrintView(keywords, KeywordRepr)

	Prompt("session.commit(); print(user.keywords)")
	Check(s.Commit())
	PrintView(keywords, KeywordRepr)

	Close(reg, eng, s)
}

func composite() {
	Header("seed 003: composite association proxies")
	reg := Must(assoc.NewRegistry())
	User, _, _ := defineUserKeyword(reg, assoc.Dict, true)
	eng, s := Open(reg)

	Prompt("user = User('log')")
	user := NewUser(s, User, "log")
	keywords := Coll(user, "keywords")
	Prompt("user.keywords = {\n" +
		"...     'sk1':'kw1',\n" +
		"...     'sk2':'kw2'\n" +
		"... }")
	Check(keywords.AssignItems(assoc.Item{Key: "sk1", Value: "kw1"}, assoc.Item{Key: "sk2", Value: "kw2"}))
	Prompt("print(user.keywords)")
	PrintView(keywords, nil)

	Prompt("user.keywords['sk3'] = 'kw3'")
	Check(keywords.Put("sk3", "kw3"))
	Prompt("del user.keywords['sk2']")
	Check(keywords.Delete("sk2"))
	Prompt("print(user.keywords)")
	PrintView(keywords, nil)

	Prompt("session.commit()")
	Check(s.Commit())
	Prompt("# illustrate un-proxied usage\n" +
		"... print(user.user_keywords['sk3'].kw)")
	uk, ok := Must(Coll(user, "user_keywords").Get("sk3")).(*assoc.Object)
	Expect(ok, "a UserKeyword")
	PrintObject(GetObject(uk, "kw"))
	Prompt("print(user.keywords)")
	PrintView(keywords, nil)

	Close(reg, eng, s)
}

func main() {
	scalarCollections(0)
	fmt.Println()
	scalarCollections(1)
	fmt.Println()
	scalarCollections(2)
	fmt.Println()
	associationObjects()
	fmt.Println()
	dictCollections()
	fmt.Println()
	composite()
}
