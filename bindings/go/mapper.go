package assoc

import (
	"runtime"
	"sync"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// CollectionKind is the shape of a relationship or proxy: List, Set, Dict
// (keyed by an attribute of the member), or Scalar (uselist=False).
type CollectionKind int

// Collection kinds.
const (
	List   CollectionKind = 0
	Set    CollectionKind = 1
	Dict   CollectionKind = 2
	Scalar CollectionKind = 3
)

// String returns the kind's name: "list", "set", "dict" or "scalar".
func (k CollectionKind) String() string {
	switch k {
	case List:
		return "list"
	case Set:
		return "set"
	case Dict:
		return "dict"
	case Scalar:
		return "scalar"
	}
	return "CollectionKind(" + itoa(int(k)) + ")"
}

// Lazy is a relationship's loading strategy.
type Lazy int

// Loading strategies: on first access, for every object loaded together with
// it at once (the default); on first access for that object alone; for all
// objects of a query at once; never; or never allowed (loading is ErrState).
const (
	LazyDefault  Lazy = 0
	LazySelectIn Lazy = 1
	LazyJoined   Lazy = 2 // treated as LazySelectIn
	LazyNoLoad   Lazy = 3
	LazyRaise    Lazy = 4
	LazySelect   Lazy = 5
)

// Mapper maps an entity type (the seeds' "class") to a table. Its wrapper
// is unique per registry, so mappers compare with ==.
type Mapper struct {
	c   core.Mapper
	reg *Registry

	attrsOnce sync.Once
	attrs     map[string]*Attr // once the registry is configured
	attrList  []*Attr

	fieldMaps sync.Map // reflect.Type -> *fieldMap: how structs map onto it (typed.go)
}

// Name is the mapper's name.
func (m *Mapper) Name() string {
	n := core.Mapper_name(m.c)
	runtime.KeepAlive(m)
	return n
}

// String returns the mapper's name, as Name does.
func (m *Mapper) String() string { return m.Name() }

// Registry is the registry the mapper belongs to.
func (m *Mapper) Registry() *Registry { return m.reg }

// Table is the mapped table.
func (m *Mapper) Table() *Table {
	t := core.Mapper_table(m.c)
	runtime.KeepAlive(m)
	return m.reg.table(t)
}

// RelationshipOptions mirror relationship(). The zero value with Target
// set is a lazily loaded list with the "save-update, merge" cascade and
// passive updates.
type RelationshipOptions struct {
	Target         string               // the target mapper (required)
	Secondary      string               // the association table of a many-to-many
	ForeignKeys    string               // "table.col[, table.col...]" where ambiguous
	UseList        *bool                // nil: inferred (false for many-to-one); see Bool
	Collection     CollectionKind       // List, Set or Dict when a list
	DictKey        string               // Dict: the member attribute that is the key
	OrderBy        string               // "col [DESC][, col...]" on the target
	Cascade        string               // "": "save-update, merge"; e.g. "all, delete-orphan"
	BackPopulates  string               // the reverse relationship on the target
	Backref        string               // create the reverse relationship under this name
	BackrefOptions *RelationshipOptions // its options (Target is implied)
	// NoPassiveUpdates makes the session issue the UPDATEs a primary key
	// change needs (passive_updates=False) instead of leaving them to ON
	// UPDATE CASCADE.
	NoPassiveUpdates bool
	PassiveDeletes   bool // leave dependent rows to ON DELETE
	Lazy             Lazy
}

// Bool returns a pointer to b, for optional flags: UseList: assoc.Bool(false).
func Bool(b bool) *bool { return &b }

func (o *RelationshipOptions) c() core.Relationship_options {
	r := core.NewRelationship_options()
	setString(r.SetTarget, o.Target)
	setString(r.SetSecondary, o.Secondary)
	setString(r.SetForeign_keys, o.ForeignKeys)
	if o.UseList != nil {
		r.SetUselist(flag(*o.UseList))
	}
	r.SetCollection(core.CollectionKind(o.Collection))
	setString(r.SetDict_key, o.DictKey)
	setString(r.SetOrder_by, o.OrderBy)
	setString(r.SetCascade, o.Cascade)
	setString(r.SetBack_populates, o.BackPopulates)
	setString(r.SetBackref, o.Backref)
	r.SetPassive_updates(flag(!o.NoPassiveUpdates))
	r.SetPassive_deletes(flag(o.PassiveDeletes))
	r.SetLazy(core.Lazy(o.Lazy))
	return r
}

// setString sets a string option unless s is "" (the option stays NULL).
func setString(set func(string), s string) {
	if s != "" {
		set(s)
	}
}

// AddRelationship adds a relationship attribute; the registry checks it
// when it is configured.
func (m *Mapper) AddRelationship(name string, opts RelationshipOptions) error {
	if err := m.reg.check(); err != nil {
		return err
	}
	r := opts.c()
	defer core.DeleteRelationship_options(r)
	if opts.BackrefOptions != nil {
		back := opts.BackrefOptions.c()
		defer core.DeleteRelationship_options(back)
		r.SetBackref_options(back)
	}
	err := core.Mapper_add_relationship(m.c, name, r)
	runtime.KeepAlive(m)
	return err
}

// Attr is the attribute of that name (column, relationship or proxy),
// resolved once: pass it to Object.GetAttr and friends to skip the lookup
// by name. The registry must be configured.
func (m *Mapper) Attr(name string) (*Attr, error) {
	if a := m.lookup(name); a != nil {
		return a, nil
	}
	var c core.Attr
	if err := core.Mapper_attr(&c, m.c, name); err != nil {
		return nil, err
	}
	runtime.KeepAlive(m)
	return m.attr(c), nil
}

// MustAttr is Attr for names known to exist; it panics otherwise.
func (m *Mapper) MustAttr(name string) *Attr {
	a, err := m.Attr(name)
	if err != nil {
		panic(err)
	}
	return a
}

// Attrs are the mapper's attributes, once the registry is configured.
func (m *Mapper) Attrs() []*Attr {
	m.resolve()
	return append([]*Attr(nil), m.attrList...)
}

// lookup is the cached attribute of that name, or nil (unknown, or the
// registry is not configured yet).
func (m *Mapper) lookup(name string) *Attr {
	m.resolve()
	return m.attrs[name]
}

// resolve caches every attribute once the registry is configured.
func (m *Mapper) resolve() {
	if !m.reg.Configured() {
		return
	}
	m.attrsOnce.Do(func() {
		n := int(core.Mapper_attr_count(m.c))
		m.attrs = make(map[string]*Attr, n)
		for i := 0; i < n; i++ {
			a := &Attr{c: core.Mapper_attr_at(m.c, int64(i)), mapper: m}
			a.name = core.Attr_name(a.c)
			a.kind = AttrKind(core.Attr_kind_of(a.c))
			a.shape = CollectionKind(core.Attr_collection_kind(a.c))
			m.attrs[a.name] = a
			m.attrList = append(m.attrList, a)
		}
		runtime.KeepAlive(m)
	})
}

// attr is the cached wrapper of an attribute handle.
func (m *Mapper) attr(c core.Attr) *Attr {
	if c == 0 {
		return nil
	}
	m.resolve()
	for _, a := range m.attrList {
		if a.c == c {
			return a
		}
	}
	return nil
}

// New makes a transient object of this mapper in session s (s.New(m)).
func (m *Mapper) New(s *Session) (*Object, error) { return s.New(m) }
