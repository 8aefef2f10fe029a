package podspec

import (
	"bytes"
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/web/templates"
)

var pageLink = templates.Link{Path: "/demos/pod-spec"}

func render(t *testing.T, st *State, link templates.Link) *goquery.Document {
	t.Helper()
	var b bytes.Buffer
	if err := st.View(link).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// byTestID finds an element by data-testid (values contain "[" and ".", so
// they are matched exactly rather than put in a selector).
func byTestID(doc *goquery.Document, id string) *goquery.Selection {
	return doc.Find("[data-testid]").FilterFunction(func(_ int, s *goquery.Selection) bool {
		v, _ := s.Attr("data-testid")
		return v == id
	})
}

func hasClass(s *goquery.Selection, c string) bool { return s.Length() == 1 && s.HasClass(c) }

func TestViewKeyLinks(t *testing.T) {
	for _, name := range presetNames {
		st := mustOpen(t, url.Values{"preset": {name}})
		doc := render(t, st, pageLink)
		for _, k := range st.doc.Keys {
			a := byTestID(doc, "podspec-key-"+k.Path)
			if a.Length() != 1 {
				t.Errorf("%s: %d links for %s", name, a.Length(), k.Path)
				continue
			}
			if goquery.NodeName(a) != "a" || a.AttrOr("data-action", "") != "click" || a.AttrOr("data-value", "") != k.Path {
				t.Errorf("%s: key %s: %s action=%q value=%q", name, k.Path, goquery.NodeName(a), a.AttrOr("data-action", ""), a.AttrOr("data-value", ""))
			}
			href := a.AttrOr("href", "")
			u, err := url.Parse(href)
			if err != nil || u.Path != "/demos/pod-spec" || u.Query().Get("field") != k.Path {
				t.Errorf("%s: key %s: href %q", name, k.Path, href)
			}
			// The link is on the key's line.
			line := a.ParentsFiltered(".yl").AttrOr("data-testid", "")
			if want := "podspec-line-" + itoa(k.Line); line != want {
				t.Errorf("%s: key %s on %s, want %s", name, k.Path, line, want)
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestViewHighlights: selecting a field marks the parts of the picture it
// drives (class hl), and only those. Requests and limits also mark the QoS
// class, which follows from them (pkg/apis/core/v1/helper/qos/qos.go
// GetPodQOS, via pod.QOSClass).
func TestViewHighlights(t *testing.T) {
	for _, tt := range []struct {
		preset, field string
		lit, dark     []string
	}{
		{"web", "spec.containers[0].resources.limits.memory",
			[]string{"container-0-lim-memory", "qos"},
			[]string{"container-0-lim-cpu", "container-0-req-memory", "container-0", "label-0", "restart", "pod"}},
		{"web", "metadata.labels",
			[]string{"label-0", "label-1"},
			[]string{"pod-name", "qos", "container-0"}},
		{"web", "spec.restartPolicy",
			[]string{"restart"},
			[]string{"qos", "container-0", "net"}},
		{"web", "spec.containers[0].ports",
			[]string{"container-0-port-0", "net"},
			[]string{"container-0-image", "qos"}},
		{"web", "spec.containers[0].name", // no part of its own: its container
			[]string{"container-0"},
			[]string{"container-0-image"}},
		{"sidecar", "spec.volumes[0]",
			[]string{"volume-0", "wire-0-0", "wire-1-0"},
			[]string{"container-0", "container-0-mount-0"}},
		{"sidecar", "spec.containers[1].volumeMounts[0]",
			[]string{"container-1-mount-0", "wire-1-0", "volume-0"},
			[]string{"wire-0-0", "container-0-mount-0"}},
		{"init", "spec.initContainers",
			[]string{"init-0", "init-1", "init-note", "init-arrow"},
			[]string{"container-0"}},
	} {
		st := mustOpen(t, url.Values{"preset": {tt.preset}, "field": {tt.field}})
		doc := render(t, st, pageLink)
		for _, id := range tt.lit {
			if p := byTestID(doc, "podspec-part-"+id); !hasClass(p, "hl") {
				t.Errorf("%s %s: part %s (%d found) not highlighted", tt.preset, tt.field, id, p.Length())
			}
		}
		for _, id := range tt.dark {
			p := byTestID(doc, "podspec-part-"+id)
			if p.Length() != 1 {
				t.Errorf("%s %s: part %s: %d found", tt.preset, tt.field, id, p.Length())
			} else if p.HasClass("hl") {
				t.Errorf("%s %s: part %s highlighted", tt.preset, tt.field, id)
			}
		}
		// The key's line is marked.
		k, _ := st.doc.Key(tt.field)
		line := byTestID(doc, "podspec-line-"+itoa(k.Line))
		if line.AttrOr("aria-current", "") != "true" || doc.Find(`.yl[aria-current="true"]`).Length() != 1 {
			t.Errorf("%s %s: line %d not the one marked", tt.preset, tt.field, k.Line)
		}
	}
}

// TestViewPartsAreLinks: every part with a field is a link that selects it,
// with a title.
func TestViewPartsAreLinks(t *testing.T) {
	st := mustOpen(t, url.Values{"preset": {"sidecar"}})
	doc := render(t, st, pageLink)
	n := 0
	doc.Find("svg a").Each(func(_ int, a *goquery.Selection) {
		n++
		v := a.AttrOr("data-value", "")
		if a.AttrOr("data-action", "") != "click" || !st.doc.Has(v) {
			t.Errorf("part %s: action %q value %q", a.AttrOr("data-testid", ""), a.AttrOr("data-action", ""), v)
		}
		if strings.TrimSpace(a.ChildrenFiltered("title").Text()) == "" {
			t.Errorf("part %s has no title", a.AttrOr("data-testid", ""))
		}
		if u, err := url.Parse(a.AttrOr("href", "")); err != nil || u.Query().Get("field") != v {
			t.Errorf("part %s: href %q", a.AttrOr("data-testid", ""), a.AttrOr("href", ""))
		}
	})
	if n < 15 {
		t.Errorf("only %d linked parts", n)
	}
}

// TestViewInvalidEdit: an invalid quantity shows the error under its line,
// in the alert list, and the picture says it shows the last valid pod.
func TestViewInvalidEdit(t *testing.T) {
	st := mustOpen(t, url.Values{"mode": {"edit"}})
	bad := webWith(t, "cpu: 500m", "cpu: half")
	apply(t, st, "edit", "", bad)
	doc := render(t, st, pageLink)
	line := lineOfText(t, bad, "cpu: half")
	want := `spec.containers[0].resources.limits.cpu: Invalid value: "half": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`
	if got := strings.TrimSpace(byTestID(doc, "podspec-line-errors-"+itoa(line)).Text()); got != want {
		t.Errorf("error under line %d: %q", line, got)
	}
	if n := doc.Find(".yerr").Length(); n != 1 {
		t.Errorf("%d lines with errors", n)
	}
	alert := byTestID(doc, "podspec-errors")
	if alert.AttrOr("role", "") != "alert" || !strings.Contains(alert.Text(), want) {
		t.Errorf("alert list: %q", alert.Text())
	}
	if got := strings.TrimSpace(byTestID(doc, "podspec-stale").Text()); got != StaleNote {
		t.Errorf("stale note %q", got)
	}
	// The picture is the preset's pod, whose cpu limit is 500m.
	if got := byTestID(doc, "podspec-part-container-0-lim-cpu").Text(); !strings.Contains(got, "cpu 500m") {
		t.Errorf("picture's cpu limit: %q", got)
	}
	// The form: the text box sends "edit"; without JS, a GET form keeps the state.
	ta := byTestID(doc, "podspec-textarea")
	if ta.AttrOr("data-action", "") != "edit" || ta.AttrOr("name", "") != "yaml" || ta.Text() != bad {
		t.Errorf("textarea: action %q name %q", ta.AttrOr("data-action", ""), ta.AttrOr("name", ""))
	}
	id := ta.AttrOr("id", "")
	if doc.Find(`label[for="`+id+`"]`).Length() != 1 {
		t.Errorf("textarea %q has no label", id)
	}
	form := byTestID(doc, "podspec-form")
	if form.AttrOr("method", "") != "get" || form.Find(`input[type="hidden"][name="mode"][value="edit"]`).Length() != 1 || form.Find(`button[type="submit"]`).Text() != "Apply" {
		t.Errorf("form: %s", form.Text())
	}
	// Fixing it clears the errors and the note.
	apply(t, st, "edit", "", presets["web"].Text)
	doc = render(t, st, pageLink)
	if doc.Find(".yerr").Length() != 0 || byTestID(doc, "podspec-stale").Length() != 0 || byTestID(doc, "podspec-errors").Length() != 0 {
		t.Errorf("errors remain after the fix")
	}
}

// TestViewCoursePage: on the course page the parameters carry the demo's
// prefix, the others are kept, and ids are unique per demo.
func TestViewCoursePage(t *testing.T) {
	link := templates.Link{Path: "/", Prefix: "pod-spec.", Keep: url.Values{"scheduler.step": {"2"}}, Anchor: "pods"}
	st := mustOpen(t, url.Values{"mode": {"edit"}})
	doc := render(t, st, link)
	a := byTestID(doc, "podspec-key-spec.restartPolicy")
	if got := a.AttrOr("href", ""); got != "/?pod-spec.field=spec.restartPolicy&pod-spec.mode=edit&scheduler.step=2#pods" {
		t.Errorf("href %q", got)
	}
	form := byTestID(doc, "podspec-form")
	if form.AttrOr("action", "") != "/#pods" ||
		form.Find(`input[name="scheduler.step"][value="2"]`).Length() != 1 ||
		form.Find(`input[name="pod-spec.mode"][value="edit"]`).Length() != 1 ||
		form.Find(`textarea[name="pod-spec.yaml"]`).Length() != 1 {
		t.Errorf("form for the course page wrong")
	}
	if id := doc.Find(".podspec").AttrOr("id", ""); id != "pod-spec-podspec" {
		t.Errorf("id %q", id)
	}
}

func TestViewExplain(t *testing.T) {
	st := mustOpen(t, url.Values{"field": {"spec.containers[0].resources.limits.memory"}})
	doc := render(t, st, pageLink)
	if got := byTestID(doc, "podspec-explain-field").Text(); got != "spec.containers[0].resources.limits.memory" {
		t.Errorf("field %q", got)
	}
	// kubectl explain knows resources.limits, not the key "memory" in it
	// (staging/src/k8s.io/kubectl/pkg/explain: a map's keys are not fields).
	cmd := byTestID(doc, "podspec-explain-cmd").Text()
	if !strings.HasPrefix(cmd, "$ kubectl explain pods.spec.containers.resources.limits") {
		t.Errorf("command %q", cmd)
	}
	if got := byTestID(doc, "podspec-explain-value").Text(); got != "256Mi" {
		t.Errorf("value %q", got)
	}
	// Nothing selected: a hint.
	st = mustOpen(t, nil)
	doc = render(t, st, pageLink)
	if byTestID(doc, "podspec-hint").Length() != 1 || doc.Find(".hl").Length() != 0 {
		t.Errorf("nothing selected: hint or highlights wrong")
	}
}

// selectHref cuts one Link.Href where the field goes and puts each path
// there; it must be what Link.Href gives, for every key, on the demo page
// and on the course page.
func TestSelectHrefIsLinkHref(t *testing.T) {
	links := []templates.Link{
		{Path: "/demos/pod-spec"},
		{Path: "/", Prefix: "pod-spec.", Keep: url.Values{"theme": {"dark"}, "scheduler.cpu": {"2"}}, Anchor: "pods"},
	}
	edited := presets["web"].Text + "  nodeSelector:\n    kubernetes.io/os: linux\n    \"odd key,:[x]\": \"1\"\n"
	for _, q := range []url.Values{{}, {"preset": {"sidecar"}}, {"preset": {"init"}, "mode": {"edit"}}, {"yaml": {edited}}} {
		st, _ := open(q)
		for _, link := range links {
			st.fieldLinks = link.Vary(st.Query(), "field")
			for _, k := range st.fieldDoc().Keys {
				want := link.Href(st.with(func(v url.Values) { v.Set("field", k.Path) }))
				if got := st.selectHref(link, "x", k.Path); got != want {
					t.Errorf("field %q: %q, want %q", k.Path, got, want)
				}
			}
			st.fieldLinks = nil
		}
	}
}
