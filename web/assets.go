package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed static
var staticFS embed.FS

// assets serves web/static with content-hashed URLs: /static/app.css?v=<hash>
// is cached for a year, since a change of content changes the URL.
type assets struct {
	fs     fs.FS
	hashes map[string]string // "app.css" → first 12 hex digits of its SHA-256
	files  http.Handler
}

func loadAssets() (*assets, error) {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	a := &assets{fs: sub, hashes: map[string]string{}}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.hashes[p] = hex.EncodeToString(sum[:6])
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.files = http.StripPrefix("/static/", http.FileServerFS(sub))
	return a, nil
}

// url is the content-hashed URL of a static file, or "" if there is none.
func (a *assets) url(name string) string {
	h, ok := a.hashes[name]
	if !ok {
		return ""
	}
	return "/static/" + name + "?v=" + h
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	h, ok := a.hashes[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("v") == h {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	a.files.ServeHTTP(w, r)
}
