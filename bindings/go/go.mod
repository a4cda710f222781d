module github.com/assoc-project/assoc/bindings/go

go 1.19
