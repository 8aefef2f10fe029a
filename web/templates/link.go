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

// Vary gives Href of q with key set to each value asked for: one encoding
// cut around a placeholder, instead of one encoding per value, for the many
// links of a frame that differ in one parameter (a matrix's cells, a
// request's steps, a document's fields). It returns exactly what Href
// returns (TestVaryIsHref).
func (l Link) Vary(q url.Values, key string) func(value string) templ.SafeURL {
	const placeholder = "KUBEVIZVALUE"
	with := func(v string) url.Values {
		w := make(url.Values, len(q)+1)
		for k, vs := range q {
			w[k] = vs
		}
		w.Set(key, v)
		return w
	}
	href := l.String(with(placeholder))
	if strings.Count(href, placeholder) != 1 {
		return func(v string) templ.SafeURL { return l.Href(with(v)) }
	}
	head, tail, _ := strings.Cut(href, placeholder)
	return func(v string) templ.SafeURL {
		return templ.SafeURL(head + readable.Replace(url.QueryEscape(v)) + tail)
	}
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
