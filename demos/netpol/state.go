package netpol

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/engine/netpol"
	"github.com/kubeviz/kubeviz/web/templates"
)

// State is the demo's state: the scenario, which policies are applied,
// their text where a learner edited it, the policy in the editor, a
// selected matrix cell and the step. All of it is in the URL.
type State struct {
	sc      *scenario
	applied []string          // preset names, in netpol.PresetNames order
	texts   map[string]string // edited YAML, by preset name (absent: the preset's)
	edit    string
	cell    string // "source,target" or ""
	step    int

	// lazy skips rebuild: a copy made only to compute a link's URL.
	lazy bool

	// derived by rebuild
	cluster *netpol.Cluster
	parsed  map[string]Parsed
	adm     map[string]netpol.Admission // for parsed policies, applied or not
	stored  []*networkingv1.NetworkPolicy
	matrix  netpol.Matrix
	// verdicts[i] is the scenario's request i evaluated against stored:
	// the policies change only in rebuild, and every frame shows every
	// request's outcome, so they are evaluated there, once.
	verdicts    []netpol.Verdict
	verdictsFor *scenario
	// isos is which policies isolate each pod, also derived in rebuild:
	// a frame reads it five times.
	isos []isolation
	// frozen is what a frame shows that only the policies change.
	frozen frozen
}

// frozen is the part of the view that only the policies (and the
// scenario) change, drawn once in rebuild instead of in every frame: the
// matrix's cells without their links and highlights, the world table,
// the two pictures without a request, each request's line, and the
// text of the matrix and of the isolations.
type frozen struct {
	matrix     templates.NetpolMatrix
	world      []templates.NetpolNamespace
	pictures   [2]framePicture // wide, tall
	steps      []string        // requestLine of each of the scenario's requests
	matrixText string
	isoText    string
}

var _ demos.State = (*State)(nil)

func (s *State) sortApplied() {
	slices.SortFunc(s.applied, func(a, b string) int {
		return slices.Index(netpol.PresetNames, a) - slices.Index(netpol.PresetNames, b)
	})
}

func (s *State) defaultEdit() string {
	if len(s.sc.Apply) > 0 {
		return s.sc.Apply[0]
	}
	return netpol.APIPolicy
}

func (s *State) text(name string) string {
	if t, ok := s.texts[name]; ok {
		return t
	}
	return presetYAML[name]
}

func (s *State) isApplied(name string) bool { return slices.Contains(s.applied, name) }

// rebuild reads every policy's text and applies the applied ones in order,
// as `kubectl apply -f` of each file would, then evaluates the matrix.
func (s *State) rebuild() {
	if s.lazy {
		return
	}
	s.cluster = netpol.ExampleCluster()
	s.parsed = map[string]Parsed{}
	s.adm = map[string]netpol.Admission{}
	s.stored = nil
	for _, name := range netpol.PresetNames {
		p := Parse(s.text(name))
		s.parsed[name] = p
		if p.Policy == nil || !s.isApplied(name) {
			continue
		}
		a := netpol.Admit(s.cluster, s.stored, p.Policy, fileName)
		s.adm[name] = a
		if a.Stored != nil {
			s.stored = append(s.stored, a.Stored)
		}
	}
	// What the policies not applied would do if applied now.
	for _, name := range netpol.PresetNames {
		if p := s.parsed[name]; p.Policy != nil && !s.isApplied(name) {
			s.adm[name] = netpol.Admit(s.cluster, s.stored, p.Policy, fileName)
		}
	}
	s.matrix = netpol.BuildMatrix(s.cluster, s.stored)
	s.isos = s.computeIsolations()
	s.verdicts, s.verdictsFor = make([]netpol.Verdict, len(s.sc.Requests)), s.sc
	for i, r := range s.sc.Requests {
		s.verdicts[i] = s.evaluate(r)
	}
	s.frozen = frozen{matrix: s.baseMatrix(), world: s.world(), pictures: [2]framePicture{s.basePicture(false), s.basePicture(true)},
		matrixText: s.matrix.String(), isoText: s.isolationText()}
	for _, r := range s.sc.Requests {
		s.frozen.steps = append(s.frozen.steps, requestLine(r))
	}
}

// problem is why the policy name is not (or would not be) stored, or "".
func (s *State) problem(name string) string {
	if p := s.parsed[name]; p.Problem != "" {
		return p.Problem
	}
	return s.adm[name].Refused
}

// cellIndex finds the matrix cell "source,target".
func (s *State) cellIndex(key string) *[2]int {
	src, tgt, ok := strings.Cut(key, ",")
	if !ok {
		return nil
	}
	for i, e := range s.matrix.Sources {
		if e.Short() != src {
			continue
		}
		for j, t := range s.matrix.Targets {
			if t.String() == tgt {
				return &[2]int{i, j}
			}
		}
	}
	return nil
}

func cellKey(src netpol.Endpoint, t netpol.Target) string { return src.Short() + "," + t.String() }

// verdict evaluates request r against the stored policies.
func (s *State) verdict(r request) netpol.Verdict {
	for i := range s.sc.Requests {
		if s.verdictsFor == s.sc && s.sc.Requests[i] == r {
			return s.verdicts[i]
		}
	}
	return s.evaluate(r)
}

// evaluate asks the engine.
func (s *State) evaluate(r request) netpol.Verdict {
	from, _ := s.cluster.Endpoint(r.From)
	to, _ := s.cluster.Endpoint(r.To)
	return netpol.Evaluate(s.cluster, s.stored, netpol.Conn{Src: from, Dst: to, Port: r.Port, Protocol: r.Proto})
}

// current is the request of the current step, or nil at step 0.
func (s *State) current() *request {
	if s.step == 0 {
		return nil
	}
	return &s.sc.Requests[s.step-1]
}

// Apply implements demos.State.
func (s *State) Apply(a demos.Action) error {
	_, total := s.Progress()
	switch a.Kind {
	case "step":
		if s.step >= total {
			return fmt.Errorf("this was the last request")
		}
		s.step++
	case "back":
		if s.step <= 0 {
			return fmt.Errorf("this is the start")
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
	case "toggle":
		if !slices.Contains(netpol.PresetNames, a.Value) {
			return fmt.Errorf("there is no policy %q", clip(a.Value))
		}
		if i := slices.Index(s.applied, a.Value); i >= 0 {
			s.applied = slices.Delete(s.applied, i, i+1)
		} else {
			s.applied = append(s.applied, a.Value)
			s.sortApplied()
		}
		s.rebuild()
	case "edit":
		if !slices.Contains(netpol.PresetNames, a.Key) {
			return fmt.Errorf("there is no policy %q", clip(a.Key))
		}
		if a.Value == presetYAML[a.Key] {
			delete(s.texts, a.Key)
		} else {
			s.texts[a.Key] = a.Value
		}
		s.edit = a.Key
		s.rebuild()
	case "revert":
		if !slices.Contains(netpol.PresetNames, a.Value) {
			return fmt.Errorf("there is no policy %q", clip(a.Value))
		}
		delete(s.texts, a.Value)
		s.rebuild()
	case "set":
		return s.set(a.Key, a.Value)
	default:
		return fmt.Errorf("network-policies does not understand the action %q", clip(a.Kind))
	}
	return nil
}

func (s *State) set(key, v string) error {
	switch key {
	case "scenario":
		sc := findScenario(v)
		if sc == nil {
			return fmt.Errorf("scenario must be one of %s, not %q", strings.Join(scenarioNames(), ", "), clip(v))
		}
		s.sc = sc
		s.applied = slices.Clone(sc.Apply)
		s.sortApplied()
		s.edit = s.defaultEdit()
		s.step, s.cell = 0, ""
		s.rebuild()
	case "edit":
		if !slices.Contains(netpol.PresetNames, v) {
			return fmt.Errorf("there is no policy %q", clip(v))
		}
		s.edit = v
	case "cell":
		if v != "" && s.cellIndex(v) == nil {
			return fmt.Errorf("there is no matrix cell %q", clip(v))
		}
		s.cell = v
	default:
		return fmt.Errorf("network-policies has no setting %q", clip(key))
	}
	return nil
}

// Query implements demos.State: defaults are left out.
func (s *State) Query() url.Values {
	q := url.Values{}
	if s.sc != &scenarios[0] {
		q.Set("scenario", s.sc.Name)
	}
	def := slices.Clone(s.sc.Apply)
	slices.SortFunc(def, func(a, b string) int {
		return slices.Index(netpol.PresetNames, a) - slices.Index(netpol.PresetNames, b)
	})
	if !slices.Equal(def, s.applied) {
		q.Set("apply", strings.Join(s.applied, ","))
	}
	if s.edit != s.defaultEdit() {
		q.Set("edit", s.edit)
	}
	for _, name := range netpol.PresetNames {
		if t, ok := s.texts[name]; ok {
			q.Set("yaml."+name, t)
		}
	}
	if s.cell != "" {
		q.Set("cell", s.cell)
	}
	if s.step != 0 {
		q.Set("step", strconv.Itoa(s.step))
	}
	return q
}

// Progress implements demos.State: one step per request.
func (s *State) Progress() (int, int) {
	return s.step, len(s.sc.Requests)
}

// requestLine is the request in words: "frontend → api TCP 8080", or for a
// reply "database → api, the reply on api → database TCP 5432".
func requestLine(r request) string {
	if r.Reply {
		return fmt.Sprintf("%s → %s, the reply on %s → %s %s %d", r.To, r.From, r.From, r.To, r.Proto, r.Port)
	}
	return fmt.Sprintf("%s → %s %s %d", r.From, r.To, r.Proto, r.Port)
}

// outcome is the request's verdict in one sentence, without "Request k".
func (s *State) outcome(r request) (bool, string) {
	v := s.verdict(r)
	if r.Reply {
		if v.Allowed {
			return true, fmt.Sprintf("%s: allowed, it belongs to a connection that was allowed; policies decide new connections only, and the network plugin lets the rest of an allowed connection through (conntrack ESTABLISHED)", requestLine(r))
		}
		return false, fmt.Sprintf("%s: there is nothing to reply to, the connection %s → %s was denied (%s)", requestLine(r), r.From, r.To, strings.TrimPrefix(v.Reason(), fmt.Sprintf("%s → %s %s %d: ", r.From, r.To, r.Proto, r.Port)))
	}
	return v.Allowed, v.Reason()
}

// Narration implements demos.State.
func (s *State) Narration() string {
	r := s.current()
	if r == nil {
		if ij := s.cellIndex(s.cell); ij != nil {
			return "Selected cell, " + s.matrix.Cells[ij[0]][ij[1]].Reason() + "."
		}
		def := slices.Clone(s.sc.Apply)
		slices.SortFunc(def, func(a, b string) int {
			return slices.Index(netpol.PresetNames, a) - slices.Index(netpol.PresetNames, b)
		})
		var refused []string
		for _, name := range s.applied {
			if s.problem(name) != "" {
				refused = append(refused, name)
			}
		}
		if !slices.Equal(def, s.applied) || len(refused) > 0 {
			now := "no policy is applied"
			if len(s.applied) > 0 {
				now = "applied: " + strings.Join(s.applied, ", ")
			}
			if len(refused) > 0 {
				now += " (refused: " + strings.Join(refused, ", ") + ")"
			}
			a, t := s.matrix.Allowed()
			return fmt.Sprintf("Now %s; %d of %d new connections in the matrix are allowed. Step through %d requests, or pick a cell of the matrix.", now, a, t, len(s.sc.Requests))
		}
		return fmt.Sprintf("%s Step through %d requests, or pick a cell of the matrix.", s.sc.Intro, len(s.sc.Requests))
	}
	_, sentence := s.outcome(*r)
	return fmt.Sprintf("Request %d of %d, %s.", s.step, len(s.sc.Requests), sentence)
}

// Text implements demos.State: the whole state as plain text.
func (s *State) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Network policies, scenario %s: %s (Kubernetes v1.37)\n", s.sc.Name, s.sc.Title)
	if len(s.applied) == 0 {
		b.WriteString("Applied: none\n")
	}
	for _, name := range s.applied {
		if pr := s.problem(name); pr != "" {
			fmt.Fprintf(&b, "Applied %s: refused\n  %s\n", name, strings.ReplaceAll(pr, "\n", "\n  "))
			continue
		}
		np := s.adm[name].Stored
		fmt.Fprintf(&b, "Applied %s: %s/%s, podSelector %s, policyTypes %s\n", name, np.Namespace, np.Name, netpol.FormatSelector(&np.Spec.PodSelector), policyTypes(np))
	}
	b.WriteString("Isolated pods:\n")
	b.WriteString(s.frozen.isoText)
	b.WriteString("New connections (✓ allowed, ✗ denied, · a pod to itself):\n")
	b.WriteString(s.frozen.matrixText)
	if r := s.current(); r != nil {
		fmt.Fprintf(&b, "Request %d of %d: %s. %s\n", s.step, len(s.sc.Requests), requestLine(*r), r.Note)
		_, sentence := s.outcome(*r)
		b.WriteString("  " + sentence + "\n")
		if !r.Reply {
			for _, l := range s.verdict(*r).Lines() {
				b.WriteString("  " + l.String() + "\n")
			}
		}
	} else {
		fmt.Fprintf(&b, "Before the first of %d requests.\n", len(s.sc.Requests))
	}
	if ij := s.cellIndex(s.cell); ij != nil {
		v := s.matrix.Cells[ij[0]][ij[1]]
		fmt.Fprintf(&b, "Selected cell: %s\n", v.Reason())
		for _, l := range v.Lines() {
			b.WriteString("  " + l.String() + "\n")
		}
	}
	state := "not applied"
	if s.isApplied(s.edit) {
		state = "applied"
	}
	edited := "as written by the demo"
	if _, ok := s.texts[s.edit]; ok {
		edited = "edited"
	}
	fmt.Fprintf(&b, "Editor: %s, %s, %s\n", s.edit, edited, state)
	if pr := s.problem(s.edit); pr != "" {
		b.WriteString("  " + strings.ReplaceAll(pr, "\n", "\n  ") + "\n")
	}
	return b.String()
}

func policyTypes(np *networkingv1.NetworkPolicy) string {
	var s []string
	for _, p := range np.Spec.PolicyTypes {
		s = append(s, string(p))
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// isolation is, per pod, the policies that isolate it in each direction.
type isolation struct {
	Pod             *netpol.Pod
	Ingress, Egress []string
}

func (s *State) isolations() []isolation {
	if s.isos != nil {
		return s.isos
	}
	return s.computeIsolations()
}

func (s *State) computeIsolations() []isolation {
	var out []isolation
	for i := range s.cluster.Pods {
		p := &s.cluster.Pods[i]
		iso := isolation{Pod: p}
		iso.Ingress, iso.Egress = netpol.Isolating(s.stored, p)
		out = append(out, iso)
	}
	return out
}

func (s *State) isolationText() string {
	var b strings.Builder
	for _, iso := range s.isolations() {
		if len(iso.Ingress)+len(iso.Egress) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s: ingress %s; egress %s\n", iso.Pod.Key(), byList(iso.Ingress), byList(iso.Egress))
	}
	if b.Len() == 0 {
		return "  none: no policy selects a pod, so every connection is allowed\n"
	}
	return b.String()
}

func byList(names []string) string {
	if len(names) == 0 {
		return "open"
	}
	return "isolated by " + strings.Join(names, ", ")
}
