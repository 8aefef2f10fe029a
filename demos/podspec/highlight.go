package podspec

import (
	"regexp"
	"sort"
	"strings"
)

// Syntax highlighting, line by line. The keys come from the yaml.v3 tree
// (their line and column), so every key is found where the parser found it
// and links to its field; the rest of a line is classified by a small lexer
// that only colours (a value it misreads is coloured wrongly, never linked
// wrongly).

// token is one run of a line.
type token struct {
	Class string // "" plain, "yk" key, "yd" item dash, "yp" punctuation, "ys" string, "yn" number, "yb" bool/null, "yc" comment, "ya" anchor/alias/tag
	Text  string
	Path  string // the field of a key or item dash
}

// keysByLine groups keys by line, each line's keys by column.
func keysByLine(keys []Key) map[int][]Key {
	m := map[int][]Key{}
	for _, k := range keys {
		m[k.Line] = append(m[k.Line], k)
	}
	for _, ks := range m {
		sort.SliceStable(ks, func(i, j int) bool {
			if ks[i].Col != ks[j].Col {
				return ks[i].Col < ks[j].Col
			}
			return ks[i].Item // the item's dash comes before its first key
		})
	}
	return m
}

// tokenizeLine splits one line into tokens, linking the keys on it.
func tokenizeLine(line string, keys []Key) []token {
	rs := []rune(line)
	type span struct {
		from, to int
		path     string
		class    string
	}
	var spans []span
	used := 0
	for _, k := range keys {
		start := k.Col - 1
		if start < used || start > len(rs) {
			continue
		}
		if k.Item {
			// The item's "-" is to the left of its first key: "  - name: x".
			d := start - 1
			for d >= used && (rs[d] == ' ' || rs[d] == '\t') {
				d--
			}
			if d >= used && d < len(rs) && rs[d] == '-' {
				spans = append(spans, span{d, d + 1, k.Path, "yd"})
				used = d + 1
			}
			continue
		}
		end := keyEnd(rs, start, k.Raw)
		if end < 0 {
			continue
		}
		spans = append(spans, span{start, end, k.Path, "yk"})
		used = end
	}
	var out []token
	pos := 0
	flow := 0
	for _, s := range spans {
		out = append(out, lexRest(rs[pos:s.from], &flow)...)
		out = append(out, token{Class: s.class, Text: string(rs[s.from:s.to]), Path: s.path})
		pos = s.to
	}
	out = append(out, lexRest(rs[pos:], &flow)...)
	return out
}

// keyEnd is where the key written at start ends, or -1 if the text there is
// not the key.
func keyEnd(rs []rune, start int, raw string) int {
	if start >= len(rs) {
		return -1
	}
	if q := rs[start]; q == '"' || q == '\'' {
		return closeQuote(rs, start)
	}
	want := []rune(raw)
	if start+len(want) > len(rs) || string(rs[start:start+len(want)]) != raw {
		return -1
	}
	return start + len(want)
}

// closeQuote is the index after the quoted string that starts at i.
func closeQuote(rs []rune, i int) int {
	q := rs[i]
	j := i + 1
	for j < len(rs) {
		switch {
		case q == '"' && rs[j] == '\\':
			j += 2
			continue
		case q == '\'' && rs[j] == '\'' && j+1 < len(rs) && rs[j+1] == '\'':
			j += 2
			continue
		case rs[j] == q:
			return j + 1
		}
		j++
	}
	return len(rs)
}

var (
	numberRE = regexp.MustCompile(`^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^0x[0-9a-fA-F]+$|^0o?[0-7]+$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$`)
	// boolNullRE: YAML 1.1 booleans and null, as sigs.k8s.io/yaml (and so
	// kubectl) reads them: "on", "yes" and "y" are true.
	boolNullRE = regexp.MustCompile(`^(?:true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|null|Null|NULL|~)$`)
)

// lexRest classifies the text between keys.
func lexRest(rs []rune, flow *int) []token {
	var out []token
	i := 0
	for i < len(rs) {
		c := rs[i]
		atSpace := i == 0 || rs[i-1] == ' ' || rs[i-1] == '\t'
		switch {
		case c == ' ' || c == '\t':
			j := i
			for j < len(rs) && (rs[j] == ' ' || rs[j] == '\t') {
				j++
			}
			out = append(out, token{Text: string(rs[i:j])})
			i = j
		case c == '#' && atSpace:
			out = append(out, token{Class: "yc", Text: string(rs[i:])})
			i = len(rs)
		case c == '"' || c == '\'':
			j := closeQuote(rs, i)
			out = append(out, token{Class: "ys", Text: string(rs[i:j])})
			i = j
		case c == '[' || c == '{':
			*flow++
			out = append(out, token{Class: "yp", Text: string(c)})
			i++
		case (c == ']' || c == '}') && *flow > 0:
			*flow--
			out = append(out, token{Class: "yp", Text: string(c)})
			i++
		case c == ',' && *flow > 0:
			out = append(out, token{Class: "yp", Text: ","})
			i++
		case (c == ':' || c == '-' || c == '?') && (i+1 == len(rs) || rs[i+1] == ' ' || rs[i+1] == '\t'):
			out = append(out, token{Class: "yp", Text: string(c)})
			i++
		case (c == '|' || c == '>') && blockIndicator(rs[i+1:]):
			out = append(out, token{Class: "yp", Text: string(rs[i:])})
			i = len(rs)
		case c == '&' || c == '*' || c == '!':
			j := i + 1
			for j < len(rs) && rs[j] != ' ' && rs[j] != '\t' && !(*flow > 0 && (rs[j] == ',' || rs[j] == ']' || rs[j] == '}')) {
				j++
			}
			out = append(out, token{Class: "ya", Text: string(rs[i:j])})
			i = j
		default:
			j := i
			for j < len(rs) {
				if (rs[j] == ' ' || rs[j] == '\t') && j+1 < len(rs) && rs[j+1] == '#' {
					break
				}
				if *flow > 0 && (rs[j] == ',' || rs[j] == ']' || rs[j] == '}') {
					break
				}
				j++
			}
			run := string(rs[i:j])
			val := strings.TrimRight(run, " \t")
			out = append(out, token{Class: scalarClass(val), Text: val})
			if len(val) < len(run) {
				out = append(out, token{Text: run[len(val):]})
			}
			i = j
		}
	}
	return out
}

// blockIndicator reports whether what follows "|" or ">" makes it a block
// scalar header ("|", "|-", ">+2", "| # comment").
func blockIndicator(rest []rune) bool {
	for k, r := range rest {
		switch {
		case r == '-' || r == '+' || r >= '1' && r <= '9':
		case r == ' ' || r == '\t':
			t := strings.TrimSpace(string(rest[k:]))
			return t == "" || strings.HasPrefix(t, "#")
		default:
			return false
		}
	}
	return true
}

func scalarClass(v string) string {
	switch {
	case numberRE.MatchString(v):
		return "yn"
	case boolNullRE.MatchString(v):
		return "yb"
	}
	return "ys"
}
