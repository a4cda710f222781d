module associnstallcheck

go 1.19

require github.com/assoc-project/assoc/bindings/go v0.0.0

// The module is used from this checkout; libassoc comes from wherever
// PKG_CONFIG_PATH says (an installed copy, in check_go_install.cmake).
replace github.com/assoc-project/assoc/bindings/go => ../../../bindings/go
