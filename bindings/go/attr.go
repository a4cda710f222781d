package assoc

import (
	"strconv"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// AttrKind says what an attribute is.
type AttrKind int

// Attribute kinds.
const (
	ColumnAttr       AttrKind = 0
	RelationshipAttr AttrKind = 1
	ProxyAttr        AttrKind = 2
)

// Attr is one attribute of a mapper (a column, relationship or proxy),
// resolved once; the by-attribute calls skip the lookup by name. Attrs are
// unique per mapper, so they compare with ==.
type Attr struct {
	c      core.Attr
	mapper *Mapper
	name   string
	kind   AttrKind
	shape  CollectionKind
}

// Name is the attribute's name.
func (a *Attr) Name() string { return a.name }

// Mapper is the mapper the attribute belongs to.
func (a *Attr) Mapper() *Mapper { return a.mapper }

// Kind is ColumnAttr, RelationshipAttr or ProxyAttr.
func (a *Attr) Kind() AttrKind { return a.kind }

// CollectionKind is Scalar for columns and scalar relationships or proxies,
// else the collection's kind.
func (a *Attr) CollectionKind() CollectionKind { return a.shape }

// String is "Mapper.attr".
func (a *Attr) String() string { return a.mapper.Name() + "." + a.name }

// Target is a relationship's target mapper, or nil.
func (a *Attr) Target() *Mapper { return a.mapperOf(core.Attr_target(a.c)) }

// ProxyTarget is a proxy's intermediary mapper (SQLAlchemy's
// target_class), or nil.
func (a *Attr) ProxyTarget() *Mapper { return a.mapperOf(core.Proxy_target_class(a.c)) }

// LocalAttr is a proxy's first hop (its target collection), or nil.
func (a *Attr) LocalAttr() *Attr { return a.attrOf(core.Proxy_local_attr(a.c)) }

// RemoteAttr is a proxy's second hop (its attr, on the intermediary), or nil.
func (a *Attr) RemoteAttr() *Attr { return a.attrOf(core.Proxy_remote_attr(a.c)) }

// IsScalarProxy reports whether a is a proxy over a scalar relationship.
func (a *Attr) IsScalarProxy() bool { return core.Proxy_is_scalar(a.c) != 0 }

func (a *Attr) mapperOf(m core.Mapper) *Mapper { return a.mapper.reg.mapper(m) }

func (a *Attr) attrOf(c core.Attr) *Attr {
	if c == 0 {
		return nil
	}
	return a.mapperOf(core.Attr_mapper(c)).attr(c)
}

func itoa(i int) string { return strconv.Itoa(i) }
