package assoc

import "github.com/assoc-project/assoc/bindings/go/internal/core"

// Version is the version of the libassoc in use, e.g. "0.1.0".
func Version() string { return core.Version() }
