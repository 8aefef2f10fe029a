package pod

//go:generate go run ./internal/openapihints zz_generated.openapihints.go

// openAPIEnum is one +enum type of the OpenAPI schema.
type openAPIEnum struct {
	Values []string // the schema's "enum", sorted
	Lines  []string // " - `\"Always\"` ..." lines, sorted
}
