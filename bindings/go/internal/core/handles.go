package core

// The library's opaque handles: their C pointers, as the wrappers take and
// return them (swig/go.i); 0 is NULL.
type (
	Engine     uintptr
	Registry   uintptr
	Table      uintptr
	Mapper     uintptr
	Attr       uintptr
	Session    uintptr
	Object     uintptr
	Collection uintptr
	Query      uintptr
	Result     uintptr
	Expr       uintptr
	Valuelist  uintptr
	Callback   uintptr
)

// Short names for the enums SWIG generates.
type (
	Type           = Enum_SS_assoc_type
	FKAction       = Enum_SS_assoc_fk_action
	CollectionKind = Enum_SS_assoc_collection_kind
	Lazy           = Enum_SS_assoc_lazy
	SetOp          = Enum_SS_assoc_set_op
	SetCmp         = Enum_SS_assoc_set_cmp
	Op             = Enum_SS_assoc_op
)
