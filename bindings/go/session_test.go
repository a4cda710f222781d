package assoc_test

import (
	"fmt"
	"strings"
	"testing"

	assoc "github.com/assoc-project/assoc/bindings/go"
)

func TestSessionUnitOfWork(t *testing.T) {
	m := newModel(t, modelOptions{url: fileURL(t)})
	u := m.user(t, "jek")
	if st := m.s.Stats(); st.New != 1 || st.Identity != 0 {
		t.Errorf("stats %+v", st)
	}
	if !m.s.Contains(u) || u.State() != assoc.Pending || !u.IsModified("name") {
		t.Errorf("pending user: contains %v state %v", m.s.Contains(u), u.State())
	}
	must(t, m.s.Commit())
	if st := m.s.Stats(); st.New != 0 || st.Identity != 1 {
		t.Errorf("stats after commit %+v", st)
	}

	// nested savepoints
	must(t, m.s.BeginNested())
	must(t, u.Set("name", "inner"))
	must(t, m.s.BeginNested())
	if m.s.Nesting() != 2 {
		t.Errorf("nesting %d", m.s.Nesting())
	}
	v := m.user(t, "doomed")
	must(t, m.s.RollbackNested())
	if v.State() != assoc.Transient {
		t.Errorf("object added in a rolled back savepoint is %v", v.State())
	}
	must(t, m.s.CommitNested())
	if m.s.Nesting() != 0 {
		t.Errorf("nesting %d", m.s.Nesting())
	}
	must(t, m.s.Commit())
	if n := get[any](t)(m.eng.Scalar(`SELECT name FROM "user"`)); n != "inner" {
		t.Errorf("name in the database %#v", n)
	}

	// rollback: changes forgotten, values reloaded
	must(t, u.Set("name", "changed"))
	if st := m.s.Stats(); st.Dirty != 1 {
		t.Errorf("dirty %d", st.Dirty)
	}
	must(t, m.s.Rollback())
	if n := get[string](t)(u.GetString("name")); n != "inner" {
		t.Errorf("after rollback %q", n)
	}

	// refresh discards unflushed changes; expire reloads on access
	must(t, u.Set("name", "unsaved"))
	must(t, m.s.Refresh(u))
	if n := get[string](t)(u.GetString("name")); n != "inner" {
		t.Errorf("after refresh %q", n)
	}
	must(t, m.s.Commit()) // the engine's own connection writes next
	must(t, m.eng.Exec(`UPDATE "user" SET name = 'behind your back'`))
	must(t, m.s.Expire(u))
	if n := get[string](t)(u.GetString("name")); n != "behind your back" {
		t.Errorf("after expire %q", n)
	}

	// unset is del: NULL
	must(t, u.Unset("name"))
	if n := get[any](t)(u.Get("name")); n != nil {
		t.Errorf("after unset %#v", n)
	}

	// expunge, then add back
	must(t, m.s.Expunge(u))
	if m.s.Contains(u) || u.State() != assoc.Detached {
		t.Errorf("expunged: contains %v state %v", m.s.Contains(u), u.State())
	}
	must(t, m.s.Add(u))
	if !m.s.Contains(u) {
		t.Error("added back")
	}

	// delete
	must(t, m.s.Delete(u))
	if st := m.s.Stats(); st.Deleted != 1 {
		t.Errorf("deleted %d", st.Deleted)
	}
	must(t, m.s.Commit())
	if n := count(t, m.eng, "user"); n != 0 {
		t.Errorf("%d users after delete", n)
	}
}

func TestExpireOnCommitOption(t *testing.T) {
	m := newModel(t, modelOptions{url: fileURL(t)})
	u := m.user(t, "jek")
	must(t, m.s.Commit())
	must(t, m.s.Close())

	s := get[*assoc.Session](t)(assoc.NewSessionWith(m.eng, m.reg, assoc.SessionOptions{NoExpireOnCommit: true}))
	defer s.Close()
	u = get[*assoc.Object](t)(s.Get(m.User, 1))
	_ = get[string](t)(u.GetString("name"))
	must(t, s.Commit())
	must(t, m.eng.Exec(`UPDATE "user" SET name = 'elsewhere'`))
	if n := get[string](t)(u.GetString("name")); n != "jek" {
		t.Errorf("without expire on commit the loaded value stays: %q", n)
	}
}

func TestCompositeKeysConstraintsAndNaming(t *testing.T) {
	reg := get[*assoc.Registry](t)(assoc.NewRegistry())
	defer reg.Close()
	must(t, reg.SetNamingConvention("fk", "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"))
	must(t, reg.SetNamingConvention("uq", "uq_%(table_name)s_%(column_0_name)s"))
	orders := get[*assoc.Table](t)(reg.NewTable("orders"))
	must(t, orders.AddColumn("shop", assoc.Text, &assoc.ColumnOptions{PrimaryKey: true}))
	must(t, orders.AddColumn("number", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(t, orders.AddColumn("customer", assoc.Text, &assoc.ColumnOptions{Index: true}))
	lines := get[*assoc.Table](t)(reg.NewTable("lines"))
	must(t, lines.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(t, lines.AddColumn("order_shop", assoc.Text, &assoc.ColumnOptions{NotNull: true}))
	must(t, lines.AddColumn("order_number", assoc.Integer, &assoc.ColumnOptions{NotNull: true}))
	must(t, lines.AddColumn("position", assoc.Integer, nil))
	must(t, lines.AddForeignKey([]string{"order_shop", "order_number"}, "orders", []string{"shop", "number"},
		&assoc.ForeignKeyOptions{OnDelete: assoc.Cascade}))
	must(t, lines.AddUnique([]string{"order_shop", "order_number", "position"}, ""))
	if cols := lines.Columns(); strings.Join(cols, ",") != "id,order_shop,order_number,position" {
		t.Errorf("columns %v", cols)
	}
	Order := get[*assoc.Mapper](t)(reg.NewMapper("Order", "orders"))
	_ = get[*assoc.Mapper](t)(reg.NewMapper("Line", "lines"))
	must(t, Order.AddRelationship("lines", assoc.RelationshipOptions{Target: "Line", OrderBy: "position DESC",
		Cascade: "all, delete-orphan", Backref: "order"}))
	eng := get[*assoc.Engine](t)(assoc.Open("sqlite://"))
	defer eng.Close()
	must(t, eng.CreateAll(reg))
	if name := get[string](t)(lines.ConstraintName("fk", "order_shop")); name != "fk_lines_order_shop_orders" {
		t.Errorf("fk name %q", name)
	}
	if name := get[string](t)(lines.ConstraintName("uq", "order_shop")); name != "uq_lines_order_shop" {
		t.Errorf("uq name %q", name)
	}
	_, err := orders.ConstraintName("fk", "customer")
	wantError(t, err, assoc.ErrNotFound, "orders.customer", "no foreign key")
	_, err = orders.ConstraintName("zz", "customer")
	wantError(t, err, assoc.ErrNotFound, "zz")

	s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	defer s.Close()
	o := get[*assoc.Object](t)(s.New(Order))
	must(t, o.Set("shop", "north"))
	must(t, o.Set("number", 7))
	ls := coll(t, o, "lines")
	for i := 1; i <= 3; i++ {
		l := get[*assoc.Object](t)(s.New(get[*assoc.Mapper](t)(reg.Mapper("Line"))))
		must(t, l.Set("position", i))
		must(t, ls.Append(l))
	}
	must(t, s.Add(o))
	must(t, s.Commit())
	// the composite foreign key flowed into each line
	if n := get[any](t)(eng.Scalar("SELECT count(*) FROM lines WHERE order_shop = 'north' AND order_number = 7")); n != int64(3) {
		t.Errorf("%v lines with the order's key", n)
	}
	// order_by applies when the collection loads
	must(t, s.Expire(o))
	got := get[*assoc.Object](t)(s.Get(Order, "north", 7))
	if got != o {
		t.Error("Get by a composite key gives another wrapper")
	}
	first := get[*assoc.Object](t)(coll(t, o, "lines").AtObject(0))
	if p := get[int64](t)(first.GetInt("position")); p != 3 {
		t.Errorf("order_by position DESC: first is %d", p)
	}
	if back := get[*assoc.Object](t)(first.GetObject("order")); back != o {
		t.Errorf("backref order: %v", back)
	}
	// the composite unique constraint
	dup := get[*assoc.Object](t)(s.New(first.Mapper()))
	must(t, dup.Set("position", 3))
	must(t, coll(t, o, "lines").Append(dup))
	wantError(t, s.Commit(), assoc.ErrConstraint)
	must(t, s.Rollback())
	// delete-orphan and the cascade
	must(t, s.Delete(o))
	must(t, s.Commit())
	if n := count(t, eng, "lines"); n != 0 {
		t.Errorf("%d lines after deleting their order", n)
	}
}

func TestIntrospection(t *testing.T) {
	m := newModel(t, modelOptions{})
	var kinds []string
	for _, a := range m.User.Attrs() {
		kinds = append(kinds, fmt.Sprintf("%s:%d:%v", a.Name(), a.Kind(), a.CollectionKind()))
	}
	if strings.Join(kinds, " ") != "id:0:scalar name:0:scalar kw:1:list keywords:2:list" {
		t.Errorf("attributes %v", kinds)
	}
	kw := m.User.MustAttr("kw")
	if kw.Target() != m.Keyword || kw.Mapper() != m.User || kw.String() != "User.kw" {
		t.Errorf("kw: target %v mapper %v", kw.Target(), kw.Mapper())
	}
	p := m.User.MustAttr("keywords")
	if p.ProxyTarget() != m.Keyword || p.IsScalarProxy() || p.LocalAttr() != kw ||
		p.RemoteAttr() != m.Keyword.MustAttr("keyword") {
		t.Errorf("proxy introspection: %v %v %v %v", p.ProxyTarget(), p.IsScalarProxy(), p.LocalAttr(), p.RemoteAttr())
	}
	if m.User.MustAttr("name").Target() != nil || kw.LocalAttr() != nil {
		t.Error("non-relationships have no target, non-proxies no hops")
	}
	if got := get[*assoc.Mapper](t)(m.reg.Mapper("User")); got != m.User {
		t.Error("one wrapper per mapper")
	}
	u := m.user(t, "jek")
	if u.Mapper() != m.User || u.Session() != m.s {
		t.Error("object's mapper and session")
	}
	if m.User.Table().Name() != "user" || m.User.String() != "User" || m.User.Registry() != m.reg {
		t.Error("mapper's table, name, registry")
	}
	// by-attribute access, resolved once
	name := m.User.MustAttr("name")
	must(t, u.SetAttr(name, "by attr"))
	if v := get[any](t)(u.GetAttr(name)); v != "by attr" {
		t.Errorf("GetAttr %#v", v)
	}
	c := get[*assoc.Collection](t)(u.CollectionAttr(m.User.MustAttr("keywords")))
	if c.Kind() != assoc.List {
		t.Errorf("kind %v", c.Kind())
	}
	defer func() {
		if recover() == nil {
			t.Error("MustAttr of an unknown name does not panic")
		}
	}()
	m.User.MustAttr("nope")
}

func TestStatementLog(t *testing.T) {
	m := newModel(t, modelOptions{})
	var log []assoc.Statement
	must(t, m.eng.SetLog(func(st assoc.Statement) { log = append(log, st) }))
	m.user(t, "jek")
	must(t, m.s.Commit())
	var insert *assoc.Statement
	for i := range log {
		if strings.HasPrefix(log[i].SQL, "INSERT INTO") && strings.Contains(log[i].SQL, "user") {
			insert = &log[i]
		}
	}
	if insert == nil {
		t.Fatalf("no INSERT logged: %v", log)
	}
	if len(insert.Params) != 2 || insert.Params[1] != "jek" || insert.Duration < 0 {
		t.Errorf("logged %+v", *insert)
	}
	must(t, m.eng.SetLog(nil))
	n := len(log)
	m.user(t, "log")
	must(t, m.s.Commit())
	if len(log) != n {
		t.Error("the log was not turned off")
	}
	// a panicking log function is reported, and the statement stands
	must(t, m.eng.SetLog(func(st assoc.Statement) {
		if strings.HasPrefix(st.SQL, "INSERT") {
			panic("log exploded")
		}
	}))
	m.user(t, "ann")
	must(t, m.s.Commit())
	must(t, m.eng.SetLog(nil))
	if c := count(t, m.eng, "user"); c != 3 {
		t.Errorf("%d users", c)
	}
}

func TestRelationshipOptions(t *testing.T) {
	reg := get[*assoc.Registry](t)(assoc.NewRegistry())
	defer reg.Close()
	parent := get[*assoc.Table](t)(reg.NewTable("parent"))
	must(t, parent.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	child := get[*assoc.Table](t)(reg.NewTable("child"))
	must(t, child.AddColumn("id", assoc.Integer, &assoc.ColumnOptions{PrimaryKey: true}))
	must(t, child.AddColumn("parent_id", assoc.Integer, &assoc.ColumnOptions{ForeignKey: "parent.id"}))
	must(t, child.AddColumn("label", assoc.Text, nil))
	Parent := get[*assoc.Mapper](t)(reg.NewMapper("Parent", "parent"))
	Child := get[*assoc.Mapper](t)(reg.NewMapper("Child", "child"))
	must(t, Parent.AddRelationship("children", assoc.RelationshipOptions{Target: "Child", Lazy: assoc.LazyRaise}))
	must(t, Parent.AddRelationship("favourite", assoc.RelationshipOptions{Target: "Child", UseList: assoc.Bool(false),
		ForeignKeys: "child.parent_id", Lazy: assoc.LazySelect}))
	must(t, Parent.AddProxy("favourite_label", assoc.ProxyOptions{TargetCollection: "favourite", Attr: "label",
		CreateOnNoneAssignment: true}))
	eng := get[*assoc.Engine](t)(assoc.Open("sqlite://"))
	defer eng.Close()
	must(t, eng.CreateAll(reg))
	s := get[*assoc.Session](t)(assoc.NewSession(eng, reg))
	defer s.Close()

	p := get[*assoc.Object](t)(s.New(Parent))
	must(t, s.Add(p))
	// a scalar proxy creates its intermediary on assignment
	must(t, p.Set("favourite_label", "fav"))
	fav := get[*assoc.Object](t)(p.GetObject("favourite"))
	if fav == nil || fav.Mapper() != Child {
		t.Fatalf("favourite %v", fav)
	}
	if v := get[any](t)(p.Get("favourite_label")); v != "fav" {
		t.Errorf("favourite_label %#v", v)
	}
	must(t, s.Commit())
	must(t, s.ExpireAll())
	_, err := coll(t, p, "children").Len()
	wantError(t, err, assoc.ErrState, "children")
	if st := get[*assoc.Object](t)(p.GetObject("favourite")); st != fav {
		t.Errorf("favourite reloaded as %v", st)
	}
}

func TestEngineAndLookups(t *testing.T) {
	url := fileURL(t)
	m := newModel(t, modelOptions{url: url})
	if m.eng.URL() != url || m.s.Engine() != m.eng || m.s.Registry() != m.reg {
		t.Errorf("url %q", m.eng.URL())
	}
	if tab := get[*assoc.Table](t)(m.reg.Table("user_keyword")); tab.Name() != "user_keyword" ||
		strings.Join(tab.Columns(), ",") != "user_id,keyword_id" {
		t.Errorf("table %s %v", tab.Name(), tab.Columns())
	}
	if tab := get[*assoc.Table](t)(m.reg.Table("keyword")); tab != m.Keyword.Table() {
		t.Error("one wrapper per table")
	}
	k := get[*assoc.Object](t)(m.Keyword.New(m.s))
	if k.Mapper() != m.Keyword || k.State() != assoc.Transient {
		t.Errorf("Mapper.New: %v %v", k.Mapper(), k.State())
	}
	_, err := m.s.Query(m.User).SelectInLoad(m.User, "name").All()
	wantError(t, err, assoc.ErrType, "name")
	must(t, m.s.Close())
	must(t, m.eng.DropAll(m.reg))
	_, err = m.eng.Scalar(`SELECT count(*) FROM "user"`)
	wantError(t, err, assoc.ErrDB, "user")
	must(t, m.eng.CreateAll(m.reg))
	if n := count(t, m.eng, "user"); n != 0 {
		t.Errorf("%d users after drop and create", n)
	}
}
