package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/demos/netpol"
	"github.com/kubeviz/kubeviz/demos/podlifecycle"
)

// predictA opens a demo at a step with a checkpoint and checks that the
// page asks the engine's question with its choices; it answers wrong, then
// right, with clicks, checking the feedback each time; then it steps and
// returns the tab, the page now showing the step, and the state the engine
// reached, for the caller to see the answer revealed.
func predictA(t *testing.T, def demos.Definition, query string) (context.Context, demos.Prediction) {
	t.Helper()
	q, _ := url.ParseQuery(query)
	st, probs := def.Open(q)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	p, ok := st.(demos.Predictor).Prediction()
	if !ok {
		t.Fatalf("%s?%s asks nothing", def.Name, query)
	}
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/"+def.Name+"?"+query))
	waitOpen(t, ctx)
	waitFor(t, ctx, "the checkpoint", `!!document.querySelector('[data-testid="predict"]')`)
	if got := text(t, ctx, `[data-testid="predict"] legend`); !strings.HasSuffix(got, p.Question) {
		t.Fatalf("the page asks %q, the engine %q", got, p.Question)
	}
	labels, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid="predict"] label.q-choice')].map(l => l.textContent.trim())`))
	if err != nil || strings.Join(labels, "|") != strings.Join(p.Choices, "|") {
		t.Fatalf("choices on the page %q (%v), the engine's %q", labels, err, p.Choices)
	}
	click := func(i int) {
		t.Helper()
		do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-testid="predict"] label.q-choice:nth-child(%d) input`, i+1))))
	}
	click((p.Answer + 1) % len(p.Choices))
	waitFor(t, ctx, "not quite", `document.querySelector('[data-testid="predict"]').classList.contains('wrong')`)
	if got := text(t, ctx, `[data-testid="predict"] [data-q-feedback]`); got != "Not quite; try another answer." {
		t.Errorf("feedback after a wrong answer: %q", got)
	}
	click(p.Answer)
	waitFor(t, ctx, "right", `document.querySelector('[data-testid="predict"]').classList.contains('right')`)
	if got := text(t, ctx, `[data-testid="predict"] [data-q-feedback]`); got != "Right. "+p.Why {
		t.Errorf("feedback after the right answer: %q, want Right. and the rule %q", got, p.Why)
	}
	audit(t, ctx)
	if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
		t.Fatal(err)
	}
	step, total := st.Progress()
	// The click left the focus on a radio button, where the arrow keys
	// move between the choices: step with the control bar's button.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, fmt.Sprintf("step %d of %d", step, total))
	if got := text(t, ctx, `[data-testid="narration"]`); got != st.Narration() {
		t.Errorf("after the step the page says %q, want %q", got, st.Narration())
	}
	return ctx, p
}

// The crash loop's second exit: the kubelet holds app in a 10 s back-off
// (the first restart was at once), and the step shows it.
func TestPredictAPodLifecycleBackOff(t *testing.T) {
	ctx, p := predictA(t, podlifecycle.Definition, "preset=crashloop&step=59")
	if got := p.Choices[p.Answer]; got != "After 10 s of back-off" {
		t.Fatalf("the engine's answer is %q", got)
	}
	waitFor(t, ctx, "the back-off on the page", `document.querySelector('[data-demo]').textContent.includes('in back-off for 10s: no restart before t=70s')`)
	audit(t, ctx)
}

// The outline's api-policy: the database's own connection to api is denied
// by api's ingress rules, and the step says so.
func TestPredictANetworkPolicyIngress(t *testing.T) {
	ctx, p := predictA(t, netpol.Definition, "step=3")
	if got := p.Choices[p.Answer]; got != "Deny it at api: its ingress rules do not allow it" {
		t.Fatalf("the engine's answer is %q", got)
	}
	if got := text(t, ctx, `[data-testid="narration"]`); !strings.Contains(got, "api is isolated for ingress by api-policy and no ingress rule allows it") {
		t.Errorf("after the step: %q", got)
	}
	audit(t, ctx)
}
