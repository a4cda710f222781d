// Package assoc is the Go binding of libassoc: SQLAlchemy's relationship()
// and association proxy patterns over SQLite, from Go.
//
// A model is built once in a Registry (tables, mappers, relationships and
// proxies), then used through Sessions on an Engine:
//
//	reg, _ := assoc.NewRegistry()
//	defer reg.Close()
//	user, _ := reg.NewTable("user")
//	user.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true})
//	user.AddColumn("name", assoc.Text, nil)
//	// ... keyword(id, keyword), user_keyword(user_id, keyword_id)
//	User, _ := reg.NewMapper("User", "user")
//	Keyword, _ := reg.NewMapper("Keyword", "keyword")
//	User.AddRelationship("kw", assoc.RelationshipOptions{Target: "Keyword", Secondary: "user_keyword"})
//	User.AddProxy("keywords", assoc.ProxyOptions{TargetCollection: "kw", Attr: "keyword",
//		Creator: func(owner *assoc.Object, key, value any) (*assoc.Object, error) {
//			k, err := owner.Session().New(Keyword)
//			if err != nil {
//				return nil, err
//			}
//			return k, k.Set("keyword", value)
//		}})
//
//	eng, _ := assoc.Open("sqlite://")
//	defer eng.Close()
//	eng.CreateAll(reg)
//	s, _ := assoc.NewSession(eng, reg)
//	defer s.Close()
//	u, _ := s.New(User)
//	u.Set("name", "jek")
//	s.Add(u)
//	keywords, _ := u.Collection("keywords")
//	keywords.Append("cheese-inspector") // the creator makes the Keyword
//	s.Commit()
//	fmt.Println(keywords) // ['cheese-inspector']
//
// Values cross as nil, int64 (any Go integer or bool goes in), float64,
// string, []byte and *Object. Every call that can fail returns an error; a
// library error is an *Error with the library's code and a message naming
// what was wrong, and errors.Is(err, assoc.ErrNotFound) (and the other
// sentinels) match it by code.
//
// Typed access: Object.Scan reads an object into a struct with `assoc:"col"`
// tags, Object.Assign writes one back, and Get[T] and All[T] return structs;
// ListOf, SetOf and DictOf give typed views of collections. Session.Transaction
// runs a function in a transaction, retried on ErrRetry; the ...Context forms
// of the session's and queries' operations interrupt the running statement
// when their context is done.
//
// Lifetimes: Close releases engines, registries and sessions at once, and
// finalizers do it for what is not closed. An Object pins its row's object
// while the wrapper is reachable; closing its session detaches it (columns
// stay readable, loads fail with ErrDetached). Within a session one row has
// one *Object, so == compares objects. A Session, like its objects, belongs
// to one goroutine at a time; engines and configured registries may be
// shared.
//
// A creator runs on the goroutine of the call that needed it. A creator
// that returns an error or panics makes that call fail with ErrCallback,
// wrapping the error (errors.Is) or a *PanicError (errors.As), and the
// collection is left as it was.
//
// The package is built with cgo over a SWIG-generated layer
// (internal/core, from swig/go.i); it finds libassoc with pkg-config.
//
// assoc is distributed under the MIT license (the LICENSE file at the root of
// the project).
package assoc
