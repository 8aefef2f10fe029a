package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/demos/architecture"
	"github.com/kubeviz/kubeviz/demos/daemonsets"
)

// predictB opens a demo at a step with a checkpoint, checks that the page
// asks the engine's question, clicks a wrong answer, then the right one,
// checks the feedback each time, then steps and sees the page show what
// the engine said would happen.
func predictB(t *testing.T, def demos.Definition, query string) context.Context {
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
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="predict"] input[type="radio"]').length`))
	if err != nil || n != len(p.Choices) {
		t.Fatalf("%d choices on the page (%v), want %d", n, err, len(p.Choices))
	}
	click := func(i int) {
		t.Helper()
		do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-testid="predict"] label.q-choice:nth-child(%d)`, i+1))))
	}
	click((p.Answer + 1) % len(p.Choices))
	waitFor(t, ctx, "not quite", `document.querySelector('[data-testid="predict"]').classList.contains('wrong')`)
	if got := text(t, ctx, `[data-testid="predict"] [data-q-feedback]`); got != "Not quite; try another answer." {
		t.Errorf("feedback after a wrong answer: %q", got)
	}
	click(p.Answer)
	waitFor(t, ctx, "right", `document.querySelector('[data-testid="predict"] [data-q-feedback]').textContent.startsWith('Right.')`)
	if got := text(t, ctx, `[data-testid="predict"] [data-q-feedback]`); !strings.Contains(got, p.Why) {
		t.Errorf("feedback after the right answer: %q, want the rule %q", got, p.Why)
	}
	if wrong, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('[data-testid="predict"]').classList.contains('wrong')`)); wrong {
		t.Error("still marked wrong after the right answer")
	}
	// Stepping reveals it: the page shows the engine's next step.
	if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
		t.Fatal(err)
	}
	step, total := st.Progress()
	// (The focus is on a radio button, where the arrow keys move the
	// choice: click Step.)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, fmt.Sprintf("step %d of %d", step, total))
	if got := text(t, ctx, `[data-testid="narration"]`); got != st.Narration() {
		t.Errorf("after the step the page says %q, want %q", got, st.Narration())
	}
	return ctx
}

// A node joins: how many daemon pods after the DaemonSet controller's
// sync? (3: one per node that should run one.)
func TestPredictBDaemonSets(t *testing.T) {
	ctx := predictB(t, daemonsets.Definition, "step=3")
	if got := text(t, ctx, `[data-testid="ds-count-CURRENT"]`); got != "3" {
		t.Errorf("CURRENT after the sync = %q, want 3", got)
	}
	audit(t, ctx)
}

// kubectl's POST is committed: what does the API server answer? (201
// Created, not 202: the rest happens after.)
func TestPredictBArchitecture(t *testing.T) {
	ctx := predictB(t, architecture.Definition, "step=13")
	if got := text(t, ctx, `[data-testid="narration"]`); !strings.Contains(got, "201") {
		t.Errorf("the step after the checkpoint: %q", got)
	}
	audit(t, ctx)
}
