package assoc

import (
	"testing"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// The Go constants are the C enums' values (part of the ABI); the library
// says what they are.
func TestConstantsMatchTheLibrary(t *testing.T) {
	pairs := []struct {
		name   string
		goVal  int
		libVal int
	}{
		{"Infer", int(Infer), int(core.TYPE_INFER)},
		{"Integer", int(Integer), int(core.TYPE_INTEGER)},
		{"Real", int(Real), int(core.TYPE_REAL)},
		{"Text", int(Text), int(core.TYPE_TEXT)},
		{"Blob", int(Blob), int(core.TYPE_BLOB)},
		{"Boolean", int(Boolean), int(core.TYPE_BOOLEAN)},
		{"Numeric", int(Numeric), int(core.TYPE_NUMERIC)},
		{"DateTime", int(DateTime), int(core.TYPE_DATETIME)},
		{"NoAction", int(NoAction), int(core.FK_NO_ACTION)},
		{"Cascade", int(Cascade), int(core.FK_CASCADE)},
		{"SetNull", int(SetNull), int(core.FK_SET_NULL)},
		{"SetDefault", int(SetDefault), int(core.FK_SET_DEFAULT)},
		{"Restrict", int(Restrict), int(core.FK_RESTRICT)},
		{"List", int(List), int(core.COLLECTION_LIST)},
		{"Set", int(Set), int(core.COLLECTION_SET)},
		{"Dict", int(Dict), int(core.COLLECTION_DICT)},
		{"Scalar", int(Scalar), int(core.COLLECTION_SCALAR)},
		{"LazyDefault", int(LazyDefault), int(core.LAZY_DEFAULT)},
		{"LazySelect", int(LazySelect), int(core.LAZY_SELECT)},
		{"LazySelectIn", int(LazySelectIn), int(core.LAZY_SELECTIN)},
		{"LazyJoined", int(LazyJoined), int(core.LAZY_JOINED)},
		{"LazyNoLoad", int(LazyNoLoad), int(core.LAZY_NOLOAD)},
		{"LazyRaise", int(LazyRaise), int(core.LAZY_RAISE)},
		{"ColumnAttr", int(ColumnAttr), int(core.ATTR_COLUMN)},
		{"RelationshipAttr", int(RelationshipAttr), int(core.ATTR_RELATIONSHIP)},
		{"ProxyAttr", int(ProxyAttr), int(core.ATTR_PROXY)},
		{"Transient", int(Transient), int(core.STATE_TRANSIENT)},
		{"Pending", int(Pending), int(core.STATE_PENDING)},
		{"Persistent", int(Persistent), int(core.STATE_PERSISTENT)},
		{"Deleted", int(Deleted), int(core.STATE_DELETED)},
		{"Detached", int(Detached), int(core.STATE_DETACHED)},
		{"OpEq", int(OpEq), int(core.OP_EQ)},
		{"OpNe", int(OpNe), int(core.OP_NE)},
		{"OpLt", int(OpLt), int(core.OP_LT)},
		{"OpLe", int(OpLe), int(core.OP_LE)},
		{"OpGt", int(OpGt), int(core.OP_GT)},
		{"OpGe", int(OpGe), int(core.OP_GE)},
		{"OpLike", int(OpLike), int(core.OP_LIKE)},
		{"OpNotLike", int(OpNotLike), int(core.OP_NOT_LIKE)},
		{"OpIsNull", int(OpIsNull), int(core.OP_IS_NULL)},
		{"OpIsNotNull", int(OpIsNotNull), int(core.OP_IS_NOT_NULL)},
		{"KindText", int(core.KindText), int(core.TEXT)},
		{"KindBlob", int(core.KindBlob), int(core.BLOB)},
		{"KindObject", int(core.KindObject), int(core.OBJECT)},
		{"KindReal", int(core.KindReal), int(core.REAL)},
		{"KindInteger", int(core.KindInteger), int(core.INTEGER)},
		{"ErrCallback", ErrCallback.Code, int(core.ECALLBACK)},
		{"ErrExists", ErrExists.Code, int(core.EEXISTS)},
		{"ErrRetry", ErrRetry.Code, int(core.ERETRY)},
		{"ErrInterrupt", ErrInterrupt.Code, int(core.EINTERRUPT)},
		{"ErrNotFound", ErrNotFound.Code, int(core.ENOTFOUND)},
	}
	for _, p := range pairs {
		if p.goVal != p.libVal {
			t.Errorf("%s is %d in Go, %d in the library", p.name, p.goVal, p.libVal)
		}
	}
	if Version() != core.Version() || Version() == "" {
		t.Errorf("version %q", Version())
	}
}
