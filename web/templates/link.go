package templates

import (
	"net/url"
	"sort"
	"strings"

	"github.com/a-h/templ"
)

// Link builds the href of a demo state for plain (no-JavaScript) links and
// forms. On /demos/{demo} it is just "?query". On the course page, where
// several demos share one URL, each demo's parameters carry a prefix
// ("pod-spec.field=…") and the other demos' parameters are kept.
type Link struct {
	Path   string     // "/demos/pod-spec", "/embed/pod-spec" or "/"
	Prefix string     // "" or "pod-spec."
	Keep   url.Values // other parameters of the page to keep
	Anchor string     // fragment without '#', e.g. the course section id
}

// Href is the URL of the demo state q.
func (l Link) Href(q url.Values) templ.SafeURL {
	return templ.SafeURL(l.String(q))
}

// String is Href as a plain string.
func (l Link) String(q url.Values) string {
	all := url.Values{}
	for k, vs := range l.Keep {
		all[k] = append([]string(nil), vs...)
	}
	for k, vs := range q {
		all[l.Prefix+k] = append([]string(nil), vs...)
	}
	s := l.Path
	if enc := encodeReadable(all); enc != "" {
		s += "?" + enc
	}
	if l.Anchor != "" {
		s += "#" + l.Anchor
	}
	return s
}

// FieldName is the form field name of parameter p (with the prefix).
func (l Link) FieldName(p string) string { return l.Prefix + p }

// readable turns back the escapes encodeReadable does not need. Built once:
// a Replacer builds its lookup table on first use, which was a tenth of a
// frame's cost when every link built its own.
var readable = strings.NewReplacer("%5B", "[", "%5D", "]", "%2F", "/", "%3A", ":", "%2C", ",")

// encodeReadable is url.Values.Encode, but keeps the characters that are safe
// in a query and make links readable: '.', '[', ']', '/', ':' and ','.
func encodeReadable(v url.Values) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	r := readable
	for _, k := range keys {
		for _, val := range v[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(r.Replace(url.QueryEscape(k)))
			b.WriteByte('=')
			b.WriteString(r.Replace(url.QueryEscape(val)))
		}
	}
	return b.String()
}
