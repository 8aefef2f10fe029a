package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/a-h/templ"
	"github.com/klauspost/compress/gzhttp"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/web/templates"
)

// Config is what a Server is made of.
type Config struct {
	Demos    []demos.Definition
	Sections []templates.Section
	Log      *slog.Logger
	// WriteTimeout overrides the package's WriteTimeout (tests use a short one).
	WriteTimeout time.Duration
	// EmbedOrigins lists the origins ("https://docs.example.com") that may
	// frame /embed/ pages (CSP frame-ancestors) and open WebSockets from
	// another origin. Empty means any site may frame an embed, and only
	// pages of this server may open sockets.
	EmbedOrigins []string
}

// Server serves the course, the demos and their WebSocket sessions.
type Server struct {
	demos    map[string]demos.Definition
	order    []demos.Definition
	sections []templates.Section
	log      *slog.Logger
	assets   *assets
	metrics  *metrics
	mux      *http.ServeMux
	gzipped  http.Handler // mux behind gzip, for everything but WebSockets

	sessionsMu sync.Mutex
	sessions   map[*session]struct{}
	nsessions  atomic.Int64
	draining   atomic.Bool

	parks         atomic.Int64 // sessions parked (session.park)
	freeScheduled atomic.Bool  // a FreeOSMemory is due (memory.go)
	memoryReturns atomic.Int64 // FreeOSMemory calls

	frames *frameCache

	roomsMu sync.Mutex
	rooms   map[string]*room

	writeTimeout   time.Duration
	embedAncestors string   // CSP frame-ancestors value for /embed/
	originPatterns []string // coder/websocket AcceptOptions.OriginPatterns
}

// New builds a Server.
func New(cfg Config) (*Server, error) {
	s := &Server{
		demos:    map[string]demos.Definition{},
		order:    cfg.Demos,
		sections: cfg.Sections,
		log:      cfg.Log,
		sessions: map[*session]struct{}{},
		rooms:    map[string]*room{},

		writeTimeout: cfg.WriteTimeout,
	}
	if s.writeTimeout <= 0 {
		s.writeTimeout = WriteTimeout
	}
	s.embedAncestors = "*"
	if len(cfg.EmbedOrigins) > 0 {
		s.embedAncestors = "'self'"
		for _, o := range cfg.EmbedOrigins {
			u, err := url.Parse(o)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" && u.Path != "/" {
				return nil, fmt.Errorf("embed origin %q: want scheme://host[:port], e.g. https://docs.example.com", o)
			}
			s.embedAncestors += " " + u.Scheme + "://" + u.Host
			s.originPatterns = append(s.originPatterns, u.Scheme+"://"+u.Host)
		}
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	for _, d := range cfg.Demos {
		if _, dup := s.demos[d.Name]; dup {
			return nil, fmt.Errorf("demo %q registered twice", d.Name)
		}
		s.demos[d.Name] = d
	}
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	s.assets = a
	s.frames = newFrameCache(MaxFrameCacheBytes)
	s.metrics = newMetrics(s)
	s.routes()
	return s, nil
}

// The route table: every user-facing route in one place (DESIGN.md, Routes).
func (s *Server) routes() {
	m := http.NewServeMux()
	m.Handle("GET /{$}", s.handle(s.coursePage))
	m.Handle("GET /demos/{demo}", s.handle(s.demoPage(false)))
	m.Handle("GET /notes", s.handle(s.notesPage))
	m.Handle("GET /embed/{demo}", s.handle(s.demoPage(true)))
	m.HandleFunc("GET /ws/{demo}", s.serveWS)
	m.HandleFunc("POST /rooms", s.createRoom)
	m.Handle("GET /r/{code}", s.handle(s.joinRoom))
	m.Handle("GET /r/{code}/qr.svg", s.handle(s.roomQR))
	m.Handle("GET /static/", s.assets)
	m.Handle("GET /metrics", s.metrics.handler())
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	m.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if s.draining.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "shutting down")
			return
		}
		fmt.Fprintln(w, "ok")
	})
	m.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return errNotFound
	}))
	s.mux = m
	gz, err := gzhttp.NewWrapper(gzhttp.MinSize(1024))
	if err != nil {
		panic(err) // only for invalid options, which are constants here
	}
	s.gzipped = gz(m)
}

// ServeHTTP adds the security headers every response carries.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	frameAncestors := "'self'"
	if strings.HasPrefix(r.URL.Path, "/embed/") {
		// Embeds are meant for other sites' iframes (all, or the allow-list).
		frameAncestors = s.embedAncestors
	} else {
		h.Set("X-Frame-Options", "SAMEORIGIN")
	}
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors "+frameAncestors)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if len(r.URL.RawQuery) > MaxQueryBytes {
		s.renderError(w, r, httpError{http.StatusRequestURITooLong,
			fmt.Sprintf("This link's query is %d KiB; the limit is %d KiB.", len(r.URL.RawQuery)>>10, MaxQueryBytes>>10)})
		return
	}
	if strings.HasPrefix(r.URL.Path, "/ws/") {
		s.mux.ServeHTTP(w, r) // a WebSocket upgrade must see the raw connection
		return
	}
	s.gzipped.ServeHTTP(w, r)
}

var errNotFound = httpError{status: http.StatusNotFound}

type httpError struct {
	status int
	msg    string
}

func (e httpError) Error() string { return fmt.Sprintf("%d %s", e.status, e.msg) }

// handle adapts a handler that returns an error to the one error renderer
// (the shape of golang/pkgsite's internal/frontend/server.go).
func (s *Server) handle(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	var he httpError
	if !errors.As(err, &he) {
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
		he = httpError{http.StatusInternalServerError, "The page could not be rendered. The error was logged."}
	}
	var c templ.Component
	if he.status == http.StatusNotFound {
		nf := templates.NotFound{Path: r.URL.Path, Message: he.msg}
		for _, d := range s.order {
			nf.Demos = append(nf.Demos, templates.DemoCard{Name: d.Name, Title: d.Title, Summary: d.Summary})
		}
		c = templates.NotFoundPage(s.page("Not found · kubeviz", "", false, pageOptions{}), nf)
	} else {
		c = templates.ErrorPage(s.page("Error · kubeviz", "", false, pageOptions{}), he.msg)
	}
	s.write(w, r, he.status, c)
}

// write renders to a buffer first, so a rendering error never leaves half a
// page on the wire.
func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		s.log.Error("render failed", "path", r.URL.Path, "err", err)
		http.Error(w, "The page could not be rendered.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) page(title, desc string, embed bool, po pageOptions, demoNames ...string) templates.Page {
	p := templates.Page{Title: title, Description: desc, Embed: embed, Theme: po.theme, Present: po.present}
	p.CSS = append(p.CSS, s.assets.url("app.css"))
	for _, n := range demoNames {
		if u := s.assets.url("demos/" + n + ".css"); u != "" {
			p.CSS = append(p.CSS, u)
		}
	}
	p.JS = []string{s.assets.url("vendor/idiomorph/idiomorph.min.js"), s.assets.url("app.js")}
	return p
}

func (s *Server) coursePage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	po, pageProbs := takePageParams(q)
	var items []templates.CourseItem
	var names []string
	for _, sec := range s.sections {
		it := templates.CourseItem{Section: sec}
		if d, ok := s.demos[sec.Demo]; ok {
			own, link := courseLink(d, q, po, sec.ID)
			st, problems := d.Open(own)
			f := s.frame(d, st, append(pageProbs, problems...), link, true)
			it.Frame = &f
			names = append(names, d.Name)
		} else if d, ok := s.demos[sec.Planned]; ok {
			it.Elsewhere = &templates.DemoCard{Name: d.Name, Title: d.Title, Summary: d.Summary}
			it.ElsewhereHref = "/demos/" + d.Name
			if sec.TryQuery != "" {
				it.ElsewhereHref += "?" + sec.TryQuery
			}
		}
		items = append(items, it)
	}
	s.write(w, r, http.StatusOK, templates.CoursePage(
		s.page("kubeviz · How Kubernetes works", "An interactive course on how Kubernetes works, with live demos.", false, po, names...), items))
	return nil
}

// courseLink is the part of the course page's query that belongs to demo d,
// and the Link its states use there: its parameters prefixed with its name,
// the other demos' and the page's parameters kept, the section's anchor.
func courseLink(d demos.Definition, q url.Values, po pageOptions, anchor string) (url.Values, templates.Link) {
	prefix := d.Name + "."
	own, keep := splitPrefixed(q, prefix)
	for k, v := range po.keep {
		keep[k] = v
	}
	return own, templates.Link{Path: "/", Prefix: prefix, Keep: keep, Anchor: anchor}
}

// notesPage is the speaker notes: every section's prose and questions with
// their answers, in a second window that follows the presenter's (app.js,
// over a BroadcastChannel).
func (s *Server) notesPage(w http.ResponseWriter, r *http.Request) error {
	po, _ := takePageParams(r.URL.Query())
	p := s.page("Speaker notes · kubeviz", "", false, po)
	p.BodyClass = "notes"
	s.write(w, r, http.StatusOK, templates.NotesPage(p, s.sections))
	return nil
}

func (s *Server) demoPage(embed bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, ok := s.demos[r.PathValue("demo")]
		if !ok {
			return errNotFound
		}
		q := r.URL.Query()
		po, pageProbs := takePageParams(q)
		st, problems := d.Open(q)
		path := "/demos/" + d.Name
		if embed {
			path = "/embed/" + d.Name
		}
		f := s.frame(d, st, append(pageProbs, problems...), templates.Link{Path: path, Keep: po.keep}, false)
		p := s.page(d.Title+" · kubeviz", d.Summary, embed, po, d.Name)
		if embed {
			s.write(w, r, http.StatusOK, templates.EmbedPage(p, f))
		} else {
			s.write(w, r, http.StatusOK, templates.DemoPage(p, f))
		}
		return nil
	}
}

// Page-level parameters belong to the page, not to any demo: they are taken
// out of the query before a demo sees it, and kept in every link.
var pageParamNames = []string{"theme", "present", "room"}

// pageOptions are the page-level parameters of a request.
type pageOptions struct {
	theme   string // "light", "dark" or "" (follow the system)
	present bool
	keep    url.Values // the page-level parameters as given, for links
}

// takePageParams removes the page-level parameters from q.
func takePageParams(q url.Values) (pageOptions, []string) {
	var po pageOptions
	var probs []string
	po.keep = url.Values{}
	for _, k := range pageParamNames {
		if v, ok := q[k]; ok {
			po.keep[k] = v
			delete(q, k)
		}
	}
	switch t := po.keep.Get("theme"); t {
	case "", "auto":
	case "light", "dark":
		po.theme = t
	default:
		probs = append(probs, fmt.Sprintf("theme %q is not light, dark or auto; following the system.", t))
		delete(po.keep, "theme")
	}
	switch pr := po.keep.Get("present"); pr {
	case "":
	case "1", "true":
		po.present = true
	case "0", "false":
		delete(po.keep, "present")
	default:
		probs = append(probs, fmt.Sprintf("present %q is not 1 or 0.", pr))
		delete(po.keep, "present")
	}
	return po, probs
}

// splitPrefixed splits q into the parameters that start with prefix (with it
// removed) and the others.
func splitPrefixed(q url.Values, prefix string) (own, others url.Values) {
	own, others = url.Values{}, url.Values{}
	for k, v := range q {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			own[rest] = v
		} else {
			others[k] = v
		}
	}
	return own, others
}

// frame builds the view model of a demo in its frame.
func (s *Server) frame(d demos.Definition, st demos.State, problems []string, link templates.Link, inline bool) templates.DemoFrame {
	present := link.Keep.Get("present") == "1" || link.Keep.Get("present") == "true"
	toggled := link
	toggled.Keep = url.Values{}
	for k, v := range link.Keep {
		toggled.Keep[k] = v
	}
	if present {
		delete(toggled.Keep, "present")
	} else {
		toggled.Keep.Set("present", "1")
	}
	return templates.DemoFrame{
		Section:     d.Section,
		Present:     present,
		PresentHref: toggled.Href(st.Query()),
		Name:        d.Name,
		Title:       d.Title,
		Summary:     d.Summary,
		Upstream:    d.Upstream,
		Inline:      inline,
		Link:        link,
		Query:       st.Query().Encode(),
		WSPath:      "/ws/" + d.Name,
		PagePath:    "/demos/" + d.Name,
		MaxMessage:  MaxMessageBytes,
		Live:        live(d, st, problems, link, "", false, "1"),
	}
}

// live builds the re-rendered part of a demo frame. The control bar's plain
// links are the states one action away, found by applying the action to a
// copy rebuilt from the URL (the URL is the state).
func live(d demos.Definition, st demos.State, problems []string, link templates.Link, notice string, playing bool, speed string) templates.DemoLive {
	step, total := st.Progress()
	l := templates.DemoLive{
		Name:      d.Name,
		Problems:  problems,
		Notice:    notice,
		Narration: st.Narration(),
		Text:      st.Text(),
		Step:      step,
		Total:     total,
		Playing:   playing,
		Speed:     speed,
		Body:      st.View(link),
	}
	if pr, ok := st.(demos.Predictor); ok {
		if p, ok := pr.Prediction(); ok && p.Answer >= 0 && p.Answer < len(p.Choices) {
			l.Predict = &templates.Predict{ID: fmt.Sprintf("%d-%x", step, fnv32(p.Question)), Question: p.Question,
				Choices: p.Choices, Answer: p.Answer, Why: p.Why}
		}
	}
	if total > 0 {
		l.BackHref = hrefAfter(d, st, link, demos.Action{Kind: "back"})
		l.StepHref = hrefAfter(d, st, link, demos.Action{Kind: "step"})
		l.ResetHref = hrefAfter(d, st, link, demos.Action{Kind: "reset"})
	}
	return l
}

func hrefAfter(d demos.Definition, st demos.State, link templates.Link, a demos.Action) templ.SafeURL {
	q := st.Query()
	return link.Href(links.after(d.Name, q.Encode(), a.Kind, func() url.Values {
		cp, _ := d.Open(q)
		if err := cp.Apply(a); err != nil {
			return q
		}
		return cp.Query()
	}))
}

// Shutdown marks the server not ready and closes every WebSocket session
// with "going away", so clients reconnect (to this server once it is back,
// or to another behind the same address).
func (s *Server) Shutdown(ctx context.Context) {
	s.draining.Store(true)
	s.sessionsMu.Lock()
	all := make([]*session, 0, len(s.sessions))
	for se := range s.sessions {
		all = append(all, se)
	}
	s.sessionsMu.Unlock()
	for _, se := range all {
		se.goAway()
	}
}

// Sessions is the number of open WebSocket sessions.
func (s *Server) Sessions() int { return int(s.nsessions.Load()) }

func fnv32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}
