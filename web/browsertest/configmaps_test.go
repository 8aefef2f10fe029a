package browsertest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A learner switches to environment variables, changes APP_COLOR with
// kubectl apply, steps past the kubelet's sync and sees the variable keep
// its old value until the pod is replaced (kubelet_pods.go
// makeEnvironmentVariables runs only when a container starts). Then, as
// files, steps until the kubelet's sync swaps ..data (atomic_writer.go) and
// the file changes, while the subPath file does not. Last, a bad
// defaultMode gets the API server's message beside its control.
func TestConfigMapsLearner(t *testing.T) {
	ts := startServer(t)
	ctx := newTab(t)
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/configmaps-secrets"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="upstream"]`); !strings.Contains(got, "Kubernetes v1.37") {
		t.Errorf("upstream badge = %q", got)
	}

	// As environment variables.
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="cms-mode-env"]`)))
	waitFor(t, ctx, "mode=env", `location.search.includes('mode=env')`)
	waitFor(t, ctx, "the env output", `(document.querySelector('[data-testid="cms-env"]')||{}).textContent?.includes('APP_COLOR=blue')`)

	// kubectl apply with APP_COLOR=red, from the form (a GET form: the page
	// reloads with the change in its URL).
	typeInto(t, ctx, "cms-input-cm", "APP_COLOR=red")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="cms-apply-cm"]`)))
	time.Sleep(500 * time.Millisecond) // the form navigates
	waitFor(t, ctx, "the edit in the URL", `decodeURIComponent(location.search).includes('do=0:cm:APP_COLOR=red')`)
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="cms-what"]`); !strings.Contains(got, "configmap/app-config configured") {
		t.Errorf("after apply: %q", got)
	}

	// Step until the kubelet has synced the pod: the variable stays blue.
	for i := 0; i < 12; i++ {
		do(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
		waitFor(t, ctx, fmt.Sprintf("step %d", i+2), fmt.Sprintf(`document.querySelector('[data-demo]').dataset.step === '%d'`, i+2))
	}
	waitFor(t, ctx, "a sync on the timeline", `document.querySelector('[data-testid="cms-timeline"]').textContent.includes('the kubelet synced config-pod')`)
	if got := text(t, ctx, `[data-testid="cms-env"]`); !strings.Contains(got, "APP_COLOR=blue") {
		t.Errorf("env after the sync = %q, want APP_COLOR=blue still", got)
	}
	if got := text(t, ctx, `[data-testid="cms-env-stale"]`); !strings.Contains(got, "out of date") {
		t.Errorf("stale note = %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid="cms-replace"]`)))
	waitFor(t, ctx, "the new pod's env", `(document.querySelector('[data-testid="cms-env"]')||{}).textContent?.includes('APP_COLOR=red')`)
	look(t, ctx, "configmaps-secrets-env")
	audit(t, ctx)

	// As files: the same story from the start.
	do(t, ctx, chromedp.Navigate(ts.URL+"/demos/configmaps-secrets?do=0:cm:APP_COLOR=red&step=1"))
	waitOpen(t, ctx)
	if got := text(t, ctx, `[data-testid="cms-file-/etc/config/APP_COLOR"]`); got != "blue" {
		t.Errorf("/etc/config/APP_COLOR right after the edit = %q, want blue", got)
	}
	subBefore := text(t, ctx, `[data-testid="cms-subpath"]`)
	for i := 2; i < 40; i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-action="step"]`)))
		waitFor(t, ctx, fmt.Sprintf("step %d", i), fmt.Sprintf(`document.querySelector('[data-demo]').dataset.step === '%d'`, i))
		if strings.Contains(text(t, ctx, `[data-testid="cms-what"]`), "phase 1 of 4") {
			look(t, ctx, "configmaps-secrets-swap")
		}
		if text(t, ctx, `[data-testid="cms-file-/etc/config/APP_COLOR"]`) == "red" {
			break
		}
	}
	if got := text(t, ctx, `[data-testid="cms-what"]`); !strings.Contains(got, "renamed ..data_tmp to ..data") {
		t.Errorf("the file changed at %q, want the rename of ..data_tmp", got)
	}
	if got := text(t, ctx, `[data-testid="cms-ls-config-volume"]`); !strings.Contains(got, "..data_tmp") && !strings.Contains(got, "..data -> ..2026_11_26_05_0") {
		t.Errorf("ls -la = %q", got)
	}
	if got := text(t, ctx, `[data-testid="cms-subpath"]`); got != subBefore {
		t.Errorf("the subPath file changed: %q, was %q", got, subBefore)
	}
	look(t, ctx, "configmaps-secrets")
	audit(t, ctx)

	// A bad defaultMode: the API server's message beside the control.
	typeInto(t, ctx, "cms-input-secretMode", "01000")
	waitFor(t, ctx, "the error", `(document.querySelector('[data-testid="cms-error-secretMode"]')||{}).textContent?.includes('must be a number between 0 and 0777 (octal), both inclusive')`)
}
