package ingress

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kubeviz/kubeviz/demos"
	engine "github.com/kubeviz/kubeviz/engine/ingress"
)

// reqLine is one line of the requests text.
type reqLine struct {
	Line int // 1-based line in the text
	Raw  string
	Req  engine.Request
	Err  string
}

// routed is one request's answers.
type routed struct {
	Req   engine.Request
	Spec  *engine.SpecResult // nil when the Ingress was rejected
	Nginx engine.NginxResult
}

// State is the Ingress demo's state: the preset, the Ingress text, the
// requests text and how many requests have been sent. Everything derived
// is rebuilt from those, so the URL is the whole state.
type State struct {
	preset  string
	text    string
	reqText string
	step    int

	// Input that could not be used (too long), shown beside its control;
	// not part of the URL.
	inputErr map[string]string
	inputVal map[string]string

	// derived
	doc     applied
	ignored string // the controller's log line when it skips the stored Ingress, else ""
	ngx     *engine.Nginx
	lines   []reqLine
	routes  []routed // one per valid request line
	tooMany int      // lines beyond MaxRequests, ignored
}

var _ demos.State = (*State)(nil)

func (s *State) presetDef() *preset { return presetByName(s.preset) }

// build applies the Ingress and routes every request.
func (s *State) build() {
	s.doc = apply(s.text)
	ing := s.doc.Ing
	s.ignored = ""
	if ing != nil {
		if why := ignoredBy(ing); why != "" {
			s.ignored = ignoredLog(ing, why)
		}
	}
	if ing != nil && s.ignored == "" {
		s.ngx = engine.NginxConfig(ing)
	} else {
		// Rejected, or stored with another IngressClass: the controller
		// has no Ingress to follow; only its default server answers. The
		// Ingress API's answer (Match) still stands for a stored one.
		s.ngx = engine.NginxConfig(&emptyIngress)
	}
	s.lines, s.routes, s.tooMany = nil, nil, 0
	for i, raw := range strings.Split(s.reqText, "\n") {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		if len(s.routes) >= MaxRequests {
			s.tooMany++
			continue
		}
		l := reqLine{Line: i + 1, Raw: strings.TrimSpace(raw)}
		r, err := engine.ParseRequest(raw)
		if err != nil {
			l.Err = err.Error()
			s.lines = append(s.lines, l)
			continue
		}
		l.Req = r
		s.lines = append(s.lines, l)
		rt := routed{Req: r, Nginx: s.ngx.Route(r)}
		if ing != nil {
			m := engine.Match(ing, r)
			rt.Spec = &m
		}
		s.routes = append(s.routes, rt)
	}
	if _, total := s.Progress(); s.step > total {
		s.step = total
	}
}

// Apply implements demos.State.
func (s *State) Apply(a demos.Action) error {
	_, total := s.Progress()
	switch a.Kind {
	case "step":
		if s.step >= total {
			return fmt.Errorf("every request has been sent: edit the list to send more")
		}
		s.step++
	case "back":
		if s.step <= 0 {
			return fmt.Errorf("no request has been sent yet")
		}
		s.step--
	case "reset":
		s.step = 0
	case "goto":
		n, err := strconv.Atoi(a.Value)
		if err != nil || n < 0 || n > total {
			return fmt.Errorf("step must be a number from 0 to %d, not %q", total, clip(a.Value))
		}
		s.step = n
	case "set":
		return s.set(a.Key, a.Value)
	default:
		return fmt.Errorf("ingress does not understand the action %q", clip(a.Kind))
	}
	return nil
}

func (s *State) set(key, v string) error {
	switch key {
	case "preset":
		p := presetByName(v)
		if p == nil {
			return fmt.Errorf("preset must be %s or %s, not %q", presets[0].Name, presets[1].Name, clip(v))
		}
		s.preset, s.text, s.reqText, s.step = p.Name, p.YAML, p.Requests, 0
		s.clearErr("yaml")
		s.clearErr("req")
		s.build()
	case "yaml":
		v = normalizeNewlines(v)
		if msg := yamlProblem(v); msg != "" {
			s.setErr(key, v, msg)
			return nil
		}
		s.clearErr(key)
		s.text = v
		s.build()
	case "req":
		v = normalizeNewlines(v)
		if msg := reqProblem(v); msg != "" {
			s.setErr(key, v, msg)
			return nil
		}
		s.clearErr(key)
		s.reqText = v
		s.build()
	default:
		return fmt.Errorf("ingress has no setting %q", clip(key))
	}
	return nil
}

func (s *State) setErr(key, val, msg string) {
	if s.inputErr == nil {
		s.inputErr, s.inputVal = map[string]string{}, map[string]string{}
	}
	s.inputErr[key], s.inputVal[key] = msg, val
}

func (s *State) clearErr(key string) {
	delete(s.inputErr, key)
	delete(s.inputVal, key)
}

// Query implements demos.State: defaults are left out.
func (s *State) Query() url.Values {
	q := url.Values{}
	p := s.presetDef()
	if s.preset != presets[0].Name {
		q.Set("preset", s.preset)
	}
	if s.text != p.YAML {
		q.Set("yaml", s.text)
	}
	if s.reqText != p.Requests {
		q.Set("req", s.reqText)
	}
	if s.step != 0 {
		q.Set("step", strconv.Itoa(s.step))
	}
	return q
}

// Progress implements demos.State: one step per request.
func (s *State) Progress() (int, int) {
	return s.step, len(s.routes)
}

// current is the request of this step, nil at step 0.
func (s *State) current() *routed {
	if s.step == 0 || s.step > len(s.routes) {
		return nil
	}
	return &s.routes[s.step-1]
}
