package configmaps

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/kubeviz/kubeviz/web/templates"
)

func render(t *testing.T, query string) *goquery.Document {
	t.Helper()
	q, _ := url.ParseQuery(query)
	st, probs := Open(q)
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	var buf bytes.Buffer
	if err := st.View(templates.Link{Path: "/demos/configmaps-secrets"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The volume view at the swap: ls -la shows the old and the new
// timestamped directory and ..data leading to the new one
// (atomic_writer.go step 9); the file reads green; the subPath file still
// has the old nginx.conf; each file links to its key in the YAML.
func TestViewVolumeAtTheSwap(t *testing.T) {
	doc := render(t, "step=13")
	ls := doc.Find(`[data-testid="cms-ls-config-volume"]`).Text()
	if !strings.Contains(ls, "..data -> ..2026_11_26_05_01_25.2191926949") || !strings.Contains(ls, "..2026_11_26_05_00_00.3699399224") {
		t.Errorf("ls -la at the swap:\n%s", ls)
	}
	if got := doc.Find(`[data-testid="cms-file-/etc/config/APP_COLOR"]`).Text(); got != "green" {
		t.Errorf("APP_COLOR = %q", got)
	}
	href, _ := doc.Find(`[data-testid="cms-files-config-volume"] a`).First().Attr("href")
	if href != "#cms-cm-APP_COLOR" || doc.Find("#cms-cm-APP_COLOR").Length() != 1 {
		t.Errorf("the file does not link to its key: %q", href)
	}
	if doc.Find(`[data-testid="cms-tree"] .cms-dir`).Length() != 2 {
		t.Errorf("the tree should draw two timestamped directories at the swap")
	}
	if got := doc.Find(`[data-testid="cms-subpath-ls"]`).Text(); !strings.Contains(got, "-rw-r--r-- 1 root root 55") {
		t.Errorf("subPath ls = %q", got)
	}
}

// In env mode after the edit and a sync, env still prints blue and the
// key is marked stale; the edit form shows the API server's error beside
// it when a change is refused.
func TestViewEnvAndErrors(t *testing.T) {
	doc := render(t, "mode=env&step=12")
	env := doc.Find(`[data-testid="cms-env"]`).Text()
	if !strings.Contains(env, "APP_COLOR=blue") || !strings.Contains(env, "nginx.conf=server {") {
		t.Errorf("env:\n%s", env)
	}
	if doc.Find(`#cms-cm-APP_COLOR[data-stale]`).Length() != 1 {
		t.Errorf("APP_COLOR is not marked as not seen by the container")
	}
	doc = render(t, "do=0:data:DB_PASSWORD=s3cret!&step=1")
	if got := doc.Find(`[data-testid="cms-error-data"]`).Text(); !strings.Contains(got, "illegal base64 data at input byte 6") {
		t.Errorf("data form error = %q", got)
	}
	doc = render(t, "secretMode=0999")
	if got := doc.Find(`[data-testid="cms-error-secretMode"]`).Text(); got == "" {
		t.Errorf("no error beside secretMode")
	}
	doc = render(t, "secretMode=01000")
	if got := doc.Find(`[data-testid="cms-error-secretMode"]`).Text(); !strings.Contains(got, "must be a number between 0 and 0777 (octal), both inclusive") {
		t.Errorf("secretMode error = %q", got)
	}
	if got := doc.Find(`[data-testid="cms-create-out"]`).Text(); !strings.Contains(got, "DB_PASSWORD: czNjcmV0IQ==") {
		t.Errorf("create secret output = %q", got)
	}
}

// Without JavaScript the forms are GET forms that carry the whole state.
func TestFormsWorkWithoutJavaScript(t *testing.T) {
	q := url.Values{"step": {"3"}, "cm": {"APP_COLOR=red"}}
	st, probs := Open(q)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	got := st.Query()
	if got.Get("step") != "4" || !strings.Contains(strings.Join(got["do"], " "), "3:cm:APP_COLOR=red") {
		t.Errorf("query after a form edit = %v", got)
	}
	doc := render(t, "step=3")
	form := doc.Find(`[data-testid="cms-form-cm"]`)
	if m, _ := form.Attr("method"); m != "get" {
		t.Errorf("edit form method %q", m)
	}
	if v, _ := form.Find(`input[name="step"]`).Attr("value"); v != "3" {
		t.Errorf("the form does not keep the step: %q", v)
	}
}
