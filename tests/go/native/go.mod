module assocnative

go 1.19

require github.com/assoc-project/assoc/bindings/go v0.0.0

replace github.com/assoc-project/assoc/bindings/go => ../../../bindings/go
