package podspec

import (
	"strconv"
	"strings"
)

// Field paths.
//
// Upstream writes a field path with k8s.io/apimachinery's field.Path:
// children joined by ".", list indices as "[0]" and map keys as "[key]", so
// validation says "spec.containers[0].resources.requests[cpu]". Strict
// decoding (sigs.k8s.io/json) says "spec.containers[0].imagee". In the URL
// and in the YAML links we write map keys as children when they are plain
// words ("spec.containers[0].resources.limits.memory", "metadata.labels.app")
// and in brackets otherwise ("metadata.labels[app.kubernetes.io/name]").
// canonPath turns any of these spellings into ours, so an error found at
// upstream's path lands on the line of our key.

// segment is one step of a path: a name (field or map key) or a list index.
type segment struct {
	name  string
	index int
	isIdx bool
}

// parsePath splits a path in either spelling. ok is false for a path that
// is not well formed ("a..b", "a[", "[0]").
func parsePath(p string) (segs []segment, ok bool) {
	if p == "" {
		return nil, false
	}
	i := 0
	expectName := true
	for i < len(p) {
		switch p[i] {
		case '.':
			if expectName {
				return nil, false
			}
			expectName = true
			i++
		case '[':
			if len(segs) == 0 || expectName {
				return nil, false
			}
			end := strings.IndexByte(p[i:], ']')
			if end < 0 {
				return nil, false
			}
			inner := p[i+1 : i+end]
			if inner == "" {
				return nil, false
			}
			// An index is written without leading zeros ("[0]", "[12]");
			// "[007]" can only be a map key made of digits.
			if n, err := strconv.Atoi(inner); err == nil && n >= 0 && isDigits(inner) && (inner == "0" || inner[0] != '0') {
				segs = append(segs, segment{index: n, isIdx: true})
			} else {
				segs = append(segs, segment{name: inner})
			}
			i += end + 1
		default:
			if !expectName {
				return nil, false
			}
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			segs = append(segs, segment{name: p[i:j]})
			expectName = false
			i = j
		}
	}
	if expectName {
		return nil, false
	}
	return segs, true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// plainWord reports whether a map key can be written as a child (".key").
func plainWord(s string) bool {
	if s == "" || isDigits(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// formatPath writes segments in our spelling.
func formatPath(segs []segment) string {
	var b strings.Builder
	for i, s := range segs {
		switch {
		case s.isIdx:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
		case i == 0:
			b.WriteString(s.name)
		case plainWord(s.name):
			b.WriteByte('.')
			b.WriteString(s.name)
		default:
			b.WriteByte('[')
			b.WriteString(s.name)
			b.WriteByte(']')
		}
	}
	return b.String()
}

// canonPath is p in our spelling, or "" when p is not a path.
func canonPath(p string) string {
	segs, ok := parsePath(p)
	if !ok {
		return ""
	}
	return formatPath(segs)
}

// childPath is the path of map key k under parent ("" for the root).
func childPath(parent, k string) string {
	if parent == "" {
		if plainWord(k) {
			return k
		}
		return "[" + k + "]" // a strange top-level key; never a real field
	}
	if plainWord(k) {
		return parent + "." + k
	}
	return parent + "[" + k + "]"
}

// indexPath is the path of list item i under parent.
func indexPath(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

// parentPath is p without its last segment ("" for a top-level field).
func parentPath(p string) string {
	segs, ok := parsePath(p)
	if !ok || len(segs) <= 1 {
		return ""
	}
	return formatPath(segs[:len(segs)-1])
}

// wildcard replaces every list index by "[*]":
// "spec.containers[0].image" → "spec.containers[*].image".
func wildcard(p string) string {
	segs, ok := parsePath(p)
	if !ok {
		return p
	}
	var b strings.Builder
	for i, s := range segs {
		if s.isIdx {
			b.WriteString("[*]")
			continue
		}
		if i == 0 {
			b.WriteString(s.name)
		} else {
			b.WriteString(formatPath([]segment{{name: "x"}, s})[1:])
		}
	}
	return b.String()
}

// withoutIndices drops list indices: "spec.containers[0].ports[1].containerPort"
// → "spec.containers.ports.containerPort", the way encoding/json names a field
// in an UnmarshalTypeError.
func withoutIndices(p string) string {
	segs, ok := parsePath(p)
	if !ok {
		return p
	}
	names := make([]string, 0, len(segs))
	for _, s := range segs {
		if !s.isIdx {
			names = append(names, s.name)
		}
	}
	return strings.Join(names, ".")
}

// isUnder reports whether p is a or lies under it.
func isUnder(p, a string) bool {
	if a == "" {
		return false
	}
	if p == a {
		return true
	}
	return strings.HasPrefix(p, a) && len(p) > len(a) && (p[len(a)] == '.' || p[len(a)] == '[')
}
