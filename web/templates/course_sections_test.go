package templates

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// wantSectionIDs is the outline's order; the IDs are link anchors.
var wantSectionIDs = []string{
	"what-is-kubernetes",
	"cluster",
	"pods",
	"lifecycle",
	"init-containers",
	"scheduling",
	"daemonsets-statefulsets",
	"services",
	"dns",
	"ingress",
	"network-policies",
	"deployments",
	"configmaps-secrets",
	"control-plane",
	"custom-schedulers",
	"priority-preemption",
	"autoscaling",
}

func TestCourseSectionsOrderAndIDs(t *testing.T) {
	secs := CourseSections()
	if len(secs) != len(wantSectionIDs) {
		t.Fatalf("CourseSections() has %d sections, want %d", len(secs), len(wantSectionIDs))
	}
	seen := map[string]bool{}
	for i, s := range secs {
		if s.ID != wantSectionIDs[i] {
			t.Errorf("section %d: ID %q, want %q", i, s.ID, wantSectionIDs[i])
		}
		if seen[s.ID] {
			t.Errorf("section ID %q is not unique", s.ID)
		}
		seen[s.ID] = true
		if strings.TrimSpace(s.Title) == "" {
			t.Errorf("section %q has no title", s.ID)
		}
		if s.Body == nil {
			t.Errorf("section %q has no body", s.ID)
		}
		if s.Demo != "" && s.Planned != "" {
			t.Errorf("section %q has both Demo %q and Planned %q", s.ID, s.Demo, s.Planned)
		}
	}
}

// Each section names the demo that belongs to it, either as built (Demo) or
// as still to come (Planned); a demo appears inline at most once.
func TestCourseSectionsDemos(t *testing.T) {
	want := map[string]string{ // ID -> the demo that belongs there
		"what-is-kubernetes":      "desired-state",
		"cluster":                 "node-failure",
		"pods":                    "pod-spec",
		"lifecycle":               "pod-lifecycle",
		"init-containers":         "pod-lifecycle",
		"scheduling":              "scheduler",
		"daemonsets-statefulsets": "daemonsets",
		"services":                "services",
		"dns":                     "dns",
		"ingress":                 "ingress",
		"network-policies":        "network-policies",
		"deployments":             "rolling-update",
		"configmaps-secrets":      "configmaps-secrets",
		"control-plane":           "architecture",
		"custom-schedulers":       "custom-schedulers",
		"priority-preemption":     "priority-preemption",
		"autoscaling":             "autoscaling",
	}
	inline := map[string]string{}
	for _, s := range CourseSections() {
		if s.Demo != "" && s.Planned != "" {
			t.Errorf("section %q: both Demo %q and Planned %q", s.ID, s.Demo, s.Planned)
		}
		if got := s.Demo + s.Planned; got != want[s.ID] {
			t.Errorf("section %q: demo %q, want %q", s.ID, got, want[s.ID])
		}
		if s.Demo != "" {
			if prev, dup := inline[s.Demo]; dup {
				t.Errorf("demo %q inline in both %q and %q", s.Demo, prev, s.ID)
			}
			inline[s.Demo] = s.ID
		}
	}
}

func renderSection(t *testing.T, s Section) (string, *goquery.Document) {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Body.Render(context.Background(), &buf); err != nil {
		t.Fatalf("section %q: render: %v", s.ID, err)
	}
	html := buf.String()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatalf("section %q: parse: %v", s.ID, err)
	}
	return html, doc
}

func TestCourseSectionBodies(t *testing.T) {
	for _, s := range CourseSections() {
		t.Run(s.ID, func(t *testing.T) {
			html, doc := renderSection(t, s)

			paragraphs := 0
			doc.Find("p").Each(func(_ int, p *goquery.Selection) {
				if strings.TrimSpace(p.Text()) != "" {
					paragraphs++
				}
			})
			if paragraphs < 2 {
				t.Errorf("%d non-empty <p>, want at least 2", paragraphs)
			}

			lower := strings.ToLower(html)
			if strings.Contains(lower, "style=") {
				t.Errorf("body contains style=")
			}
			if strings.Contains(lower, "<script") {
				t.Errorf("body contains <script")
			}

			doc.Find("aside.upstream-note").Each(func(_ int, a *goquery.Selection) {
				text := strings.TrimSpace(a.Text())
				if !strings.HasPrefix(text, "The outline says") {
					t.Errorf("upstream-note does not start with %q: %.80q", "The outline says", text)
				}
				if !strings.Contains(text, "in Kubernetes v1.37") {
					t.Errorf("upstream-note does not say %q: %.80q", "in Kubernetes v1.37", text)
				}
			})

			// Links leave the page only for kubernetes.io documentation.
			doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
				href, _ := a.Attr("href")
				if strings.HasPrefix(href, "#") {
					return
				}
				if !strings.HasPrefix(href, "https://kubernetes.io/docs/") {
					t.Errorf("link to %q, want only https://kubernetes.io/docs/ pages", href)
				}
			})

			// Examples keep their line breaks (they are Go strings, not templ text).
			doc.Find("pre > code").Each(func(_ int, c *goquery.Selection) {
				if strings.TrimSpace(c.Text()) == "" {
					t.Errorf("empty <pre><code>")
				}
			})
		})
	}
}
