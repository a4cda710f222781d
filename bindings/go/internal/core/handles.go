package core

// Short names for the types SWIG generates for the opaque handles (an
// interface, and the uintptr-based handle type implementing it) and enums.
type (
	Engine             = Struct_SS_assoc_engine
	SwigcptrEngine     = SwigcptrStruct_SS_assoc_engine
	Registry           = Struct_SS_assoc_registry
	SwigcptrRegistry   = SwigcptrStruct_SS_assoc_registry
	Table              = Struct_SS_assoc_table
	SwigcptrTable      = SwigcptrStruct_SS_assoc_table
	Mapper             = Struct_SS_assoc_mapper
	SwigcptrMapper     = SwigcptrStruct_SS_assoc_mapper
	Attr               = Struct_SS_assoc_attr
	SwigcptrAttr       = SwigcptrStruct_SS_assoc_attr
	Session            = Struct_SS_assoc_session
	SwigcptrSession    = SwigcptrStruct_SS_assoc_session
	Object             = Struct_SS_assoc_object
	SwigcptrObject     = SwigcptrStruct_SS_assoc_object
	Collection         = Struct_SS_assoc_collection
	SwigcptrCollection = SwigcptrStruct_SS_assoc_collection
	Query              = Struct_SS_assoc_query
	SwigcptrQuery      = SwigcptrStruct_SS_assoc_query
	Result             = Struct_SS_assoc_result
	SwigcptrResult     = SwigcptrStruct_SS_assoc_result
	Expr               = Struct_SS_assoc_expr
	SwigcptrExpr       = SwigcptrStruct_SS_assoc_expr
	Valuelist          = Struct_SS_assoc_valuelist
	SwigcptrValuelist  = SwigcptrStruct_SS_assoc_valuelist
	Callback           = Struct_SS_assoc_callback
	SwigcptrCallback   = SwigcptrStruct_SS_assoc_callback

	Type           = Enum_SS_assoc_type
	FKAction       = Enum_SS_assoc_fk_action
	CollectionKind = Enum_SS_assoc_collection_kind
	Lazy           = Enum_SS_assoc_lazy
	AttrKind       = Enum_SS_assoc_attr_kind
	ObjectState    = Enum_SS_assoc_object_state
	SetOp          = Enum_SS_assoc_set_op
	SetCmp         = Enum_SS_assoc_set_cmp
	CallbackKind   = Enum_SS_assoc_callback_kind
	Op             = Enum_SS_assoc_op
)
