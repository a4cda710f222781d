// seed001_association_proxy: seed 001, the association proxy
// (examples/seed001_association_proxy.c in Go, with Go creators).
package main

import (
	"fmt"

	. "assocconformance/ex"
	assoc "github.com/assoc-project/assoc/bindings/go"
)

func scalarCollections(withCreator bool) {
	if withCreator {
		Header("seed 001: simplifying scalar collections, with a creator")
	} else {
		Header("seed 001: simplifying scalar collections")
	}
	reg := Must(assoc.NewRegistry())
	User, Keyword := KeywordTables(reg, "user_keyword", false)
	Check(User.AddRelationship("kw", assoc.RelationshipOptions{Target: "Keyword", Secondary: "user_keyword"}))
	p := assoc.ProxyOptions{TargetCollection: "kw", Attr: "keyword"}
	if withCreator {
		p.Creator = CreatorOf(Keyword, "keyword") // creator=lambda kw: Keyword(keyword=kw)
	}
	Check(User.AddProxy("keywords", p))
	eng, s := Open(reg)

	Prompt("user = User(\"jek\")")
	user := NewUser(s, User, "jek")
	keywords := Coll(user, "keywords")
	Prompt("user.keywords.append(\"cheese-inspector\")")
	Check(keywords.Append("cheese-inspector"))
	Prompt("user.keywords.append(\"snack-ninja\")")
	Check(keywords.Append("snack-ninja"))
	Prompt("print(user.keywords)")
	PrintView(keywords, nil)

	Prompt("print([keyword.keyword for keyword in user.kw])")
	PrintCollectionAttr(user, "kw", "keyword")

	Prompt("session.commit(); print(user.keywords)")
	Check(s.Commit())
	PrintView(keywords, nil)
	Prompt("print(user.kw)")
	PrintCollection(user, "kw")
	Prompt("session.scalar(select(func.count()).select_from(user_keyword_table))")
	fmt.Println(CountRows(eng, "user_keyword"))

	Close(reg, eng, s)
}

func scalarCollectionsWithoutProxy() {
	Header("seed 001: the same without the association proxy")
	reg := Must(assoc.NewRegistry())
	User, Keyword := KeywordTables(reg, "user_keyword", false)
	Check(User.AddRelationship("kw", assoc.RelationshipOptions{Target: "Keyword", Secondary: "user_keyword"}))
	eng, s := Open(reg)

	Prompt("# identical operations without using the association proxy")
	Prompt("user = User(\"jek\")")
	user := NewUser(s, User, "jek")
	Prompt("user.kw.append(Keyword(\"cheese-inspector\"))")
	Append(user, "kw", NewKeyword(s, Keyword, "cheese-inspector"))
	Prompt("user.kw.append(Keyword(\"snack-ninja\"))")
	Append(user, "kw", NewKeyword(s, Keyword, "snack-ninja"))
	Prompt("print([keyword.keyword for keyword in user.kw])")
	PrintCollectionAttr(user, "kw", "keyword")

	Close(reg, eng, s)
}

func associationObjects() {
	Header("seed 001: simplifying association objects")
	reg := Must(assoc.NewRegistry())
	User, Keyword := KeywordTables(reg, "user_keyword", true)
	UKA := Mapper(reg, "UserKeywordAssociation", "user_keyword")
	Check(User.AddRelationship("user_keyword_associations", assoc.RelationshipOptions{
		Target: "UserKeywordAssociation", Cascade: "all, delete-orphan", BackPopulates: "user"}))
	// creator=lambda keyword_obj: UserKeywordAssociation(keyword=keyword_obj)
	Proxy(User, "keywords", "user_keyword_associations", "keyword", CreatorOf(UKA, "keyword"))
	Relationship(UKA, "user", "User", "user_keyword_associations")
	Relationship(UKA, "keyword", "Keyword", "")
	eng, s := Open(reg)

	Prompt("user = User(\"log\")")
	user := NewUser(s, User, "log")
	keywords := Coll(user, "keywords")
	Prompt("for kw in (Keyword(\"new_from_blammo\"), Keyword(\"its_big\")):\n...     user.keywords.append(kw)")
	for _, k := range []string{"new_from_blammo", "its_big"} {
		Check(keywords.Append(NewKeyword(s, Keyword, k)))
	}
	Prompt("print(user.keywords)")
	PrintView(keywords, KeywordRepr)

	Prompt("[a.user is user for a in user.user_keyword_associations]")
	ukas := Coll(user, "user_keyword_associations")
	fmt.Printf("[%s, %s]\n",
		assoc.Str(GetObject(At(user, "user_keyword_associations", 0), "user") == user),
		assoc.Str(GetObject(At(user, "user_keyword_associations", 1), "user") == user))

	Prompt("user.user_keyword_associations.append(\n...     UserKeywordAssociation(keyword=Keyword(\"its_heavy\"))\n... )")
	heavy := New(s, UKA)
	Check(heavy.Set("keyword", NewKeyword(s, Keyword, "its_heavy")))
	Check(ukas.Append(heavy))

	Prompt("UserKeywordAssociation(\n...     keyword=Keyword(\"its_wood\"), user=user, special_key=\"my special key\"\n... )")
	wood := New(s, UKA)
	Check(wood.Set("keyword", NewKeyword(s, Keyword, "its_wood")))
	Check(wood.Set("user", user))
	Check(wood.Set("special_key", "my special key"))
	// SQLAlchemy 2.0: the backref does not cascade it into the session
	Prompt("session.add(user.user_keyword_associations[-1])")
	Check(s.Add(wood))

	Prompt("print(user.keywords)")
	PrintView(keywords, KeywordRepr)

	Prompt("session.commit()")
	Check(s.Commit())
	Prompt("print(user.keywords)")
	PrintView(keywords, KeywordRepr)
	Prompt("[a.special_key for a in user.user_keyword_associations]")
	PrintCollectionAttr(user, "user_keyword_associations", "special_key")

	Close(reg, eng, s)
}

func defineDictModel(reg *assoc.Registry, composite, unique bool) (User, Keyword, UKA *assoc.Mapper) {
	User, Keyword = KeywordTables(reg, "user_keyword", true)
	UKA = Mapper(reg, "UserKeywordAssociation", "user_keyword")
	Check(User.AddRelationship("user_keyword_associations", assoc.RelationshipOptions{
		Target: "UserKeywordAssociation", Collection: assoc.Dict, DictKey: "special_key",
		Cascade: "all, delete-orphan", BackPopulates: "user"}))
	// creator=lambda k, v: UserKeywordAssociation(special_key=k, keyword=v)
	Proxy(User, "keywords", "user_keyword_associations", "keyword", DictCreatorOf(UKA, "special_key", "keyword"))
	Relationship(UKA, "user", "User", "user_keyword_associations")
	if composite {
		Relationship(UKA, "kw", "Keyword", "")
		Check(UKA.AddProxy("keyword", assoc.ProxyOptions{TargetCollection: "kw", Attr: "keyword", Unique: unique}))
	} else {
		Relationship(UKA, "keyword", "Keyword", "")
	}
	return
}

func dictCollections() {
	Header("seed 001: proxying to dictionary based collections")
	reg := Must(assoc.NewRegistry())
	User, Keyword, _ := defineDictModel(reg, false, false)
	eng, s := Open(reg)

	Prompt("user = User(\"log\")")
	user := NewUser(s, User, "log")
	keywords := Coll(user, "keywords")
	Prompt("user.keywords[\"sk1\"] = Keyword(\"kw1\")")
	Check(keywords.Put("sk1", NewKeyword(s, Keyword, "kw1")))
	Prompt("user.keywords[\"sk2\"] = Keyword(\"kw2\")")
	Check(keywords.Put("sk2", NewKeyword(s, Keyword, "kw2")))
	Prompt("print(user.keywords)")
	PrintView(keywords, KeywordRepr)

	Prompt("session.commit(); print(user.keywords)")
	Check(s.Commit())
	PrintView(keywords, KeywordRepr)
	Prompt("[a.special_key for a in user.user_keyword_associations.values()]")
	PrintCollectionAttr(user, "user_keyword_associations", "special_key")

	Close(reg, eng, s)
}

func composite() {
	Header("seed 001: composite association proxies")
	reg := Must(assoc.NewRegistry())
	User, _, _ := defineDictModel(reg, true, false)
	eng, s := Open(reg)

	Prompt("user = User(\"log\")")
	user := NewUser(s, User, "log")
	keywords := Coll(user, "keywords")
	Prompt("user.keywords = {\"sk1\": \"kw1\", \"sk2\": \"kw2\"}")
	Check(keywords.AssignItems(assoc.Item{Key: "sk1", Value: "kw1"}, assoc.Item{Key: "sk2", Value: "kw2"}))
	Prompt("print(user.keywords)")
	PrintView(keywords, nil)

	Prompt("user.keywords[\"sk3\"] = \"kw3\"")
	Check(keywords.Put("sk3", "kw3"))
	Prompt("del user.keywords[\"sk2\"]")
	Check(keywords.Delete("sk2"))
	Prompt("print(user.keywords)")
	PrintView(keywords, nil)

	Prompt("session.commit()")
	Check(s.Commit())
	Prompt("# illustrate un-proxied usage\n... print(user.user_keyword_associations[\"sk3\"].kw)")
	uka, ok := Must(Coll(user, "user_keyword_associations").Get("sk3")).(*assoc.Object)
	Expect(ok, "an association object")
	kw := GetObject(uka, "kw")
	PrintObject(kw)
	Prompt("print(user.user_keyword_associations[\"sk3\"].kw.keyword)")
	fmt.Println(assoc.Str(Get(kw, "keyword")))
	Prompt("print(user.keywords)")
	PrintView(keywords, nil)

	Close(reg, eng, s)
}

func compositeUnique(unique bool) {
	if unique {
		Header("seed 001: composite proxies, unique keywords (unique=True)")
	} else {
		Header("seed 001: composite proxies, a Keyword per set operation")
	}
	reg := Must(assoc.NewRegistry())
	User, _, _ := defineDictModel(reg, true, unique)
	eng, s := Open(reg)

	Prompt("jek = User(\"jek\")\n>>> jek.keywords = {\"sk1\": \"cheese-inspector\", \"sk2\": \"snack-ninja\"}")
	jek := NewUser(s, User, "jek")
	Check(Coll(jek, "keywords").AssignItems(
		assoc.Item{Key: "sk1", Value: "cheese-inspector"}, assoc.Item{Key: "sk2", Value: "snack-ninja"}))
	Prompt("log = User(\"log\")\n>>> log.keywords[\"sk1\"] = \"snack-ninja\"")
	log := NewUser(s, User, "log")
	Check(Coll(log, "keywords").Put("sk1", "snack-ninja"))
	Prompt("log.user_keyword_associations[\"sk1\"].kw is jek.user_keyword_associations[\"sk2\"].kw")
	a := Must(Coll(log, "user_keyword_associations").Get("sk1")).(*assoc.Object)
	b := Must(Coll(jek, "user_keyword_associations").Get("sk2")).(*assoc.Object)
	PrintBool(GetObject(a, "kw") == GetObject(b, "kw"))
	Prompt("session.commit()")
	Check(s.Commit())
	Prompt("session.scalar(select(func.count()).select_from(Keyword))")
	fmt.Println(CountRows(eng, "keyword"))

	Prompt("session = Session(engine)\n" +
		">>> ann = User(\"ann\"); session.add(ann)\n" +
		">>> ann.keywords[\"sk1\"] = \"cheese-inspector\"\n" +
		">>> session.commit()")
	s2 := Must(assoc.NewSession(eng, reg))
	ann := NewUser(s2, User, "ann")
	Check(Coll(ann, "keywords").Put("sk1", "cheese-inspector"))
	Check(s2.Commit())
	Prompt("print(ann.keywords)")
	PrintView(Coll(ann, "keywords"), nil)
	Prompt("session.scalar(select(func.count()).select_from(Keyword))")
	fmt.Println(CountRows(eng, "keyword"))

	Check(s2.Close())
	Close(reg, eng, s)
}

func main() {
	scalarCollections(false)
	fmt.Println()
	scalarCollectionsWithoutProxy()
	fmt.Println()
	scalarCollections(true)
	fmt.Println()
	associationObjects()
	fmt.Println()
	dictCollections()
	fmt.Println()
	composite()
	fmt.Println()
	compositeUnique(false)
	fmt.Println()
	compositeUnique(true)
}
