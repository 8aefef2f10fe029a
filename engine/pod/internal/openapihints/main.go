// Command openapihints writes engine/pod/zz_generated.openapihints.go: the
// parts of the OpenAPI v3 schema that the API server serves for pods and
// that Go reflection cannot see, read from the Go source of the modules in
// go.mod the way k8s.io/kube-openapi/pkg/generators reads it:
//
//   - which fields are required ("-required-" in kubectl explain):
//     generators/openapi.go isOptional — +optional wins, then +required,
//     else a field is optional exactly when its json tag has omitempty;
//   - enum types (+enum) with their values and the description lines
//     "Possible enum values:" (generators/enum.go);
//   - the descriptions of the few types that have no SwaggerDoc()
//     (resource.Quantity, intstr.IntOrString, metav1.Time, metav1.MicroTime),
//     formatted by generators/openapi.go generateDescription.
//
// Run it with `go generate ./engine/pod/`. It reads files, so it lives apart
// from package pod, which stays pure.
package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// source is one Go package whose types a pod reaches.
type source struct {
	module string // module path in go.mod
	dir    string // package directory inside the module
	pkg    string // import path, the key prefix at run time
}

var sources = []source{
	{"k8s.io/api", "core/v1", "k8s.io/api/core/v1"},
	{"k8s.io/apimachinery", "pkg/apis/meta/v1", "k8s.io/apimachinery/pkg/apis/meta/v1"},
	{"k8s.io/apimachinery", "pkg/api/resource", "k8s.io/apimachinery/pkg/api/resource"},
	{"k8s.io/apimachinery", "pkg/util/intstr", "k8s.io/apimachinery/pkg/util/intstr"},
}

// typesWithoutSwaggerDoc get their description from their doc comment, as
// openapi-gen does for every type.
var typesWithoutSwaggerDoc = map[string]bool{
	"k8s.io/apimachinery/pkg/api/resource.Quantity":   true,
	"k8s.io/apimachinery/pkg/util/intstr.IntOrString": true,
	"k8s.io/apimachinery/pkg/apis/meta/v1.Time":       true,
	"k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime":  true,
}

type enumValue struct{ name, value, comment string }

func main() {
	out := "zz_generated.openapihints.go"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	required := map[string][]string{}
	enums := map[string][]enumValue{}
	typeDocs := map[string]string{}
	versions := []string{}

	for _, s := range sources {
		dir, version := moduleDir(s.module)
		versions = append(versions, s.module+" "+version)
		fset := token.NewFileSet()
		pkgs, err := parser.ParseDir(fset, filepath.Join(dir, s.dir), func(fi os.FileInfo) bool {
			return !strings.HasSuffix(fi.Name(), "_test.go")
		}, parser.ParseComments)
		if err != nil {
			fail(err)
		}
		var files []*ast.File
		for name, p := range pkgs {
			if strings.HasSuffix(name, "_test") {
				continue
			}
			for _, f := range p.Files {
				files = append(files, f)
			}
		}
		// Enum types first, then their constants.
		enumTypes := map[string]bool{}
		for _, f := range files {
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.TYPE {
					continue
				}
				for _, spec := range gd.Specs {
					ts := spec.(*ast.TypeSpec)
					doc := ts.Doc
					if doc == nil && len(gd.Specs) == 1 {
						doc = gd.Doc
					}
					lines := commentLines(doc)
					key := s.pkg + "." + ts.Name.Name
					if id, ok := ts.Type.(*ast.Ident); ok && id.Name == "string" && hasTag(lines, "enum") {
						enumTypes[ts.Name.Name] = true
					}
					if typesWithoutSwaggerDoc[key] {
						typeDocs[key] = generateDescription(lines)
					}
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					var req []string
					for _, fld := range st.Fields.List {
						name := jsonName(fld)
						if name == "" {
							continue
						}
						if !isOptional(commentLines(fld.Doc), fld) {
							req = append(req, name)
						}
					}
					if len(req) > 0 {
						required[key] = req
					}
				}
			}
		}
		for _, f := range files {
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					id, ok := vs.Type.(*ast.Ident)
					if !ok || !enumTypes[id.Name] {
						continue
					}
					doc := vs.Doc
					if doc == nil && len(gd.Specs) == 1 {
						doc = gd.Doc
					}
					for i, n := range vs.Names {
						if i >= len(vs.Values) {
							continue
						}
						lit, ok := vs.Values[i].(*ast.BasicLit)
						if !ok || lit.Kind != token.STRING {
							continue
						}
						v, err := strconv.Unquote(lit.Value)
						if err != nil {
							fail(err)
						}
						key := s.pkg + "." + id.Name
						enums[key] = addIfNotPresent(enums[key], enumValue{n.Name, v, strings.Join(commentLines(doc), " ")})
					}
				}
			}
		}
		for name := range enumTypes {
			key := s.pkg + "." + name
			if _, ok := enums[key]; !ok {
				enums[key] = nil
			}
		}
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by engine/pod/internal/openapihints. DO NOT EDIT.\n")
	fmt.Fprintf(&b, "// Source: %s.\n\n", strings.Join(versions, ", "))
	fmt.Fprintf(&b, "package pod\n\n")
	fmt.Fprintf(&b, "// openAPIRequired lists, per Go type, the json names of the fields that the\n")
	fmt.Fprintf(&b, "// OpenAPI schema marks required (kube-openapi generators/openapi.go isOptional).\n")
	fmt.Fprintf(&b, "var openAPIRequired = map[string][]string{\n")
	for _, k := range sortedKeys(required) {
		fmt.Fprintf(&b, "\t%q: {", k)
		for i, n := range required[k] {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q", n)
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n\n")
	fmt.Fprintf(&b, "// openAPIEnums lists, per +enum Go type, its values (sorted, as the schema's\n")
	fmt.Fprintf(&b, "// \"enum\") and the lines kube-openapi generators/enum.go DescriptionLines adds\n")
	fmt.Fprintf(&b, "// to the description of every field of that type.\n")
	fmt.Fprintf(&b, "var openAPIEnums = map[string]openAPIEnum{\n")
	for _, k := range sortedKeys(enums) {
		vals := enums[k]
		var values, lines []string
		for _, v := range vals {
			values = append(values, v.value)
			lines = append(lines, description(v))
		}
		sort.Strings(values)
		sort.Strings(lines)
		fmt.Fprintf(&b, "\t%q: {\n\t\tValues: %#v,\n\t\tLines: %#v,\n\t},\n", k, values, lines)
	}
	b.WriteString("}\n\n")
	fmt.Fprintf(&b, "// openAPITypeDocs are the descriptions of types that have no SwaggerDoc(),\n")
	fmt.Fprintf(&b, "// from their doc comments (kube-openapi generators/openapi.go generateDescription).\n")
	fmt.Fprintf(&b, "var openAPITypeDocs = map[string]string{\n")
	for _, k := range sortedKeys(typeDocs) {
		fmt.Fprintf(&b, "\t%q: %q,\n", k, typeDocs[k])
	}
	b.WriteString("}\n")

	src, err := format.Source(b.Bytes())
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(out, src, 0o644); err != nil {
		fail(err)
	}
}

func moduleDir(module string) (dir, version string) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}} {{.Version}}", module)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		fail(fmt.Errorf("go list -m %s: %v", module, err))
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		fail(fmt.Errorf("go list -m %s: %q", module, b))
	}
	return f[0], f[1]
}

// commentLines is gengo's CommentLines: the doc comment's text, line by line.
func commentLines(cg *ast.CommentGroup) []string {
	if cg == nil {
		return nil
	}
	return strings.Split(strings.TrimSuffix(cg.Text(), "\n"), "\n")
}

// hasTag is gengo.ExtractCommentTags("+", lines)[tag] != nil.
func hasTag(lines []string, tag string) bool {
	for _, l := range lines {
		l = strings.Trim(l, " ")
		if !strings.HasPrefix(l, "+") {
			continue
		}
		kv := strings.SplitN(l[1:], "=", 2)
		if kv[0] == tag {
			return true
		}
	}
	return false
}

func jsonName(f *ast.Field) string {
	if f.Tag == nil || len(f.Names) == 0 {
		return "" // embedded (inline) members are flattened at run time
	}
	tag, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return ""
	}
	j := reflect.StructTag(tag).Get("json")
	name := strings.Split(j, ",")[0]
	if name == "-" {
		return ""
	}
	if name == "" {
		return f.Names[0].Name
	}
	return name
}

func isOptional(lines []string, f *ast.Field) bool {
	switch {
	case hasTag(lines, "optional"):
		return true
	case hasTag(lines, "required"):
		return false
	}
	tag, _ := strconv.Unquote(f.Tag.Value)
	opts := strings.Split(reflect.StructTag(tag).Get("json"), ",")
	for _, o := range opts[1:] {
		if o == "omitempty" {
			return true
		}
	}
	return false
}

// addIfNotPresent is generators/enum.go enumType.addIfNotPresent.
func addIfNotPresent(vals []enumValue, v enumValue) []enumValue {
	for i, e := range vals {
		if e.value == v.value {
			if len(e.comment) < len(v.comment) || (len(e.comment) == len(v.comment) && e.comment > v.comment) {
				vals[i] = v
			}
			return vals
		}
	}
	return append(vals, v)
}

var whitespaceRegex = regexp.MustCompile(`\s+`)

// description is generators/enum.go enumValue.Description.
func description(v enumValue) string {
	c := strings.TrimSpace(v.comment)
	c = strings.TrimPrefix(c, v.name)
	c = strings.TrimSpace(c)
	c = whitespaceRegex.ReplaceAllString(c, " ")
	return fmt.Sprintf(" - `%q` %s", v.value, c)
}

// generateDescription is generators/openapi.go generateDescription.
func generateDescription(lines []string) string {
	var buffer bytes.Buffer
	delPrevChar := func() {
		if buffer.Len() > 0 {
			buffer.Truncate(buffer.Len() - 1)
		}
	}
	for _, line := range lines {
		if line == "---" {
			break
		}
		line = strings.TrimRight(line, " ")
		leading := strings.TrimLeft(line, " ")
		switch {
		case len(line) == 0:
			delPrevChar()
			buffer.WriteString("\n\n")
		case strings.HasPrefix(leading, "TODO"):
		case strings.HasPrefix(leading, "+"):
		default:
			if strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
				delPrevChar()
				line = "\n" + line + "\n"
			} else {
				line += " "
			}
			buffer.WriteString(line)
		}
	}
	return strings.TrimSpace(buffer.String())
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "openapihints:", err)
	os.Exit(1)
}
