package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A learner picks the spike load, steps through the HPA's syncs and reads
// kubectl get hpa, the conditions and the SuccessfulRescale events
// (kubernetes pkg/controller/podautoscaler/horizontal.go), then types a bad
// maxReplicas and reads the API server's message beside it.
func TestAutoscaling(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/autoscaling"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="upstream"]`); !strings.Contains(got, "Kubernetes v1.37") {
		t.Errorf("upstream badge = %q", got)
	}
	if got := text(t, ctx, `[data-testid="as-get-hpa"]`); !strings.Contains(got, "cpu: <unknown>/50%") {
		t.Errorf("kubectl get hpa before the first sync = %q", got)
	}

	// Pick the load curve from the select.
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`[data-testid="as-select-load"]`), "steady"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="as-select-load"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, ctx, "load=steady", `location.search.includes('load=steady')`)
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`[data-testid="as-select-load"]`), "spike"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="as-select-load"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, ctx, "load back to spike", `!location.search.includes('load=')`)

	// Step to the spike with the button and the keyboard.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of 48")
	for i := 2; i <= 5; i++ {
		do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
		waitCounter(t, ctx, fmt.Sprintf("step %d of 48", i))
	}
	if got := text(t, ctx, `[data-testid="as-get-hpa"]`); !strings.Contains(got, "cpu: 450%/50%") {
		t.Errorf("kubectl get hpa at the spike = %q", got)
	}
	if got := text(t, ctx, `[data-testid="as-events"]`); !strings.Contains(got, "New size: 6; reason: cpu resource utilization (percentage of request) above target") {
		t.Errorf("events = %q", got)
	}
	if got := text(t, ctx, `[data-testid="as-conditions"]`); !strings.Contains(got, "ScaleUpLimit") {
		t.Errorf("conditions = %q", got)
	}
	if got := text(t, ctx, `[data-testid="as-pods-label"]`); !strings.Contains(got, "6 pods") {
		t.Errorf("pods = %q", got)
	}
	look(t, ctx, "autoscaling")
	audit(t, ctx)

	// A bad maxReplicas is shown beside its control.
	sel := `[data-testid="as-input-max"]`
	do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, sel)), chromedp.SendKeys(chromedp.CSS(sel), "0"))
	waitFor(t, ctx, "the error", `(document.querySelector('[data-testid="as-error-max"]')||{}).textContent?.includes('spec.maxReplicas: Invalid value: 0: must be greater than 0')`)
}

// A learner turns on the Cluster Autoscaler, steps to the spike, predicts
// whether the autoscaler adds a node for the Pending pod, steps and reads
// the TriggeredScaleUp event (kubernetes/autoscaler cluster-autoscaler
// processors/status/eventing_scale_up_processor.go), jumps from the event
// log to the node's removal, then limits the node group and reads
// NotTriggerScaleUp, and types a bad node size.
func TestAutoscalingClusterAutoscaler(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/autoscaling"))
	waitOpen(t, ctx)

	// Nodes: an autoscaled node group.
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`[data-testid="as-select-ca"]`), "on"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="as-select-ca"]').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, ctx, "ca=on", `location.search.includes('ca=on')`)
	waitCounter(t, ctx, "step 0 of 241")
	if got := asSVGText(t, ctx, `[data-testid="as-group"]`); !strings.Contains(got, "node-1") {
		t.Errorf("the node group picture = %q", got)
	}

	// Step with the keyboard to 1m: the HPA (whose first sync was at 0s,
	// step 1) scales to 6, one pod is Pending; the autoscaler, scanning at
	// the same instant, waits for pods at least 2 s old.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 1 of 241")
	for i := 2; i <= 9; i++ {
		do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
		waitCounter(t, ctx, fmt.Sprintf("step %d of 241", i))
	}
	if got := text(t, ctx, `[data-testid="as-log"]`); !strings.Contains(got, "0/1 nodes are available: 1 Insufficient cpu.") {
		t.Errorf("no FailedScheduling in the log: %q", got)
	}

	// The checkpoint: will the autoscaler add a node? Yes (the first choice).
	waitFor(t, ctx, "the checkpoint", `!!document.querySelector('[data-testid="predict"]')`)
	if got := text(t, ctx, `[data-testid="predict"] legend`); !strings.Contains(got, "Will it add a node?") {
		t.Errorf("checkpoint = %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="predict"] label.q-choice:nth-child(1) input`)))
	waitFor(t, ctx, "right", `document.querySelector('[data-testid="predict"]').classList.contains('right')`)

	// (The arrow keys now move between the radio buttons: click Step.)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
	waitCounter(t, ctx, "step 10 of 241")
	if got := text(t, ctx, `[data-testid="as-log"]`); !strings.Contains(got, "pod triggered scale-up: [{pool-1 1->2 (max: 5)}]") ||
		!strings.Contains(got, "Scale-up: setting group pool-1 size to 2 instead of 1 (max: 5)") {
		t.Errorf("the log lacks the scale-up: %q", got)
	}
	if got := asSVGText(t, ctx, `[data-testid="as-col-node-2"]`); !strings.Contains(got, "Provisioning") || !strings.Contains(got, "Ready at 2m10s") {
		t.Errorf("node-2 = %q", got)
	}
	look(t, ctx, "autoscaling-ca")
	asLookAt(t, ctx, "autoscaling-ca-group", `[data-testid="as-group"]`)
	asLookAt(t, ctx, "autoscaling-ca-scan", `[data-testid="as-scan"]`)
	asLookAt(t, ctx, "autoscaling-ca-log", `[data-testid="as-log"]`)
	asLookAt(t, ctx, "autoscaling-ca-form", `[data-testid="as-select-ca"]`)
	audit(t, ctx)

	// Open the shared link of 18m, when node-2 has been unneeded for
	// more than 10 minutes.
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/autoscaling?ca=on&step=145"))
	waitOpen(t, ctx)
	waitCounter(t, ctx, "step 145 of 241")
	if got := text(t, ctx, `[data-testid="as-log"]`); !strings.Contains(got, `Scale-down: removing empty node "node-2"`) || !strings.Contains(got, "marked the node as toBeDeleted/unschedulable") {
		t.Errorf("the log lacks the scale-down: %q", got)
	}
	if got := text(t, ctx, `[data-testid="as-nodes"]`); !strings.Contains(got, "ToBeDeletedByClusterAutoscaler") {
		t.Errorf("nodes = %q", got)
	}
	asLookAt(t, ctx, "autoscaling-ca-removal", `[data-testid="as-group"]`)
	// The event log links each event to its moment.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="as-log"] tbody tr:last-child a`)))
	waitCounter(t, ctx, "step 0 of 241")

	// A node group of max 1: the pods stay Pending.
	sel := `[data-testid="as-input-groupmax"]`
	do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, sel)), chromedp.SendKeys(chromedp.CSS(sel), "1"))
	waitFor(t, ctx, "groupmax=1", `location.search.includes('groupmax=1')`)
	for i := 1; i <= 10; i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitCounter(t, ctx, fmt.Sprintf("step %d of 241", i))
	}
	if got := text(t, ctx, `[data-testid="as-log"]`); !strings.Contains(got, "pod didn't trigger scale-up: 1 max node group size reached") {
		t.Errorf("no NotTriggerScaleUp: %q", got)
	}

	// A node size that is not a quantity: the API server's message beside it.
	sel = `[data-testid="as-input-nodecpu"]`
	do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, sel)), chromedp.SendKeys(chromedp.CSS(sel), "lots"))
	waitFor(t, ctx, "the error", `(document.querySelector('[data-testid="as-error-nodecpu"]')||{}).textContent?.includes("quantities must match the regular expression")`)
	look(t, ctx, "autoscaling-ca-error")
}

// asSVGText is the textContent of an SVG element (which has no innerText).
func asSVGText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).textContent || ""`, sel)))
	if err != nil {
		t.Fatalf("textContent of %s: %v", sel, err)
	}
	return got
}

// asLookAt is look with the element sel scrolled to the top of the
// viewport, at each size and colour scheme.
func asLookAt(t *testing.T, ctx context.Context, name, sel string) {
	dir := os.Getenv("KUBEVIZ_SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, v := range []struct {
		w, h   int64
		mobile bool
		label  string
	}{{1280, 900, false, "desktop"}, {390, 844, true, "phone"}} {
		for _, scheme := range []string{"light", "dark"} {
			err := chromedp.Do(ctx,
				chromedp.EmulateViewport(v.w, v.h, func(p *emulation.SetDeviceMetricsOverrideParams, _ *emulation.SetTouchEmulationEnabledParams) {
					p.Mobile = v.mobile
				}),
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
					return err
				}),
				chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).scrollIntoView()`, sel)),
			)
			if err != nil {
				t.Logf("look: %v", err)
				return
			}
			time.Sleep(150 * time.Millisecond)
			buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err == nil {
				os.MkdirAll(dir, 0o755)
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s-%s.png", name, v.label, scheme)), buf, 0o644)
			}
		}
	}
	chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900))
}
