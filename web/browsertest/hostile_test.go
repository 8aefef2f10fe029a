package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kubeviz/kubeviz/demos"
	"github.com/kubeviz/kubeviz/demos/all"
)

// hostilePayloads are script and markup that would run, or add elements, if
// any user-provided string reached the page unescaped: as element content,
// inside an attribute, inside a <textarea>, or as a URL.
var hostilePayloads = []string{
	`<img src=x onerror="window.kvPwned=1;alert(1)">`,
	`</textarea><script>window.kvPwned=1;alert(1)</script>`,
	`"><svg onload="window.kvPwned=1;alert(1)">`,
	`'><iframe srcdoc="<script>parent.kvPwned=1</script>"></iframe>`,
	`javascript:window.kvPwned=1//`,
}

// hostileYAML puts payloads into every string a pod's YAML can carry: a
// name, labels' keys and values, an image, env values, a command.
func hostileYAML(p string) string {
	q, _ := json.Marshal(p) // a YAML double-quoted string
	return fmt.Sprintf(`apiVersion: v1
kind: Pod
metadata:
  name: %[1]s
  labels:
    app: %[1]s
    %[1]s: web
  annotations:
    note: %[1]s
spec:
  containers:
  - name: %[1]s
    image: %[1]s
    env:
    - name: GREETING
      value: %[1]s
    command: [%[1]s]
    resources:
      requests:
        cpu: %[1]s
  restartPolicy: %[1]s
`, q)
}

// sniff is installed in every document before the page's own scripts: it
// records each socket the page opens and, after every frame the page has
// applied, looks for anything a payload could have added. The page's CSP
// would stop an inline script from running; this looks for the markup
// itself, so escaping is tested, not only the CSP.
const sniff = `
window.kvBad = [];
window.kvSockets = [];
window.kvCheck = function (where) {
  if (window.kvPwned) window.kvBad.push(where + ': a payload ran');
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (a.name.startsWith('on')) window.kvBad.push(where + ': <' + e.localName + ' ' + a.name + '> ' + a.value.slice(0, 80));
      if ((a.name === 'href' || a.name === 'src' || a.name === 'action' || a.name === 'formaction') && /^\s*javascript:/i.test(a.value))
        window.kvBad.push(where + ': ' + a.name + '=' + a.value.slice(0, 80));
    }
  }
  for (const e of document.querySelectorAll('script:not([src]), iframe, img[src="x"], object, embed'))
    window.kvBad.push(where + ': an injected <' + e.localName + '>');
};
const Native = window.WebSocket;
window.WebSocket = function (u, p) {
  const ws = p === undefined ? new Native(u) : new Native(u, p);
  window.kvSockets.push(ws);
  ws.addEventListener('message', () => setTimeout(() => window.kvCheck('after a frame'), 0));
  return ws;
};
window.WebSocket.prototype = Native.prototype;
Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
`

// TestHostileInputIsInert feeds the payloads through every input of every
// demo: each query parameter (on the demo page, its embed and the course
// page), WebSocket actions of every kind with the payloads as kind, key and
// value (including the pod-spec YAML editor), and every text field on the
// page typed into. Nothing may run, no element or handler may appear, and
// the payloads show as text.
func TestHostileInputIsInert(t *testing.T) {
	ts := startServer(t)
	if browserCtx == nil {
		t.Skip(skipReason)
	}
	t.Run("course page", func(t *testing.T) {
		ctx, check, _ := hostileTab(t, ts)
		// The sniffer itself: markup added unescaped is caught.
		do(t, ctx, chromedp.Navigate(ts.URL+"/"))
		waitFor(t, ctx, "the course page", `document.readyState === 'complete'`)
		caught, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="1">'),
			document.querySelector('img[src=x]').remove(), document.body.insertAdjacentHTML('beforeend', '<b onclick="1">'),
			window.kvCheck('self-test'), document.querySelector('b[onclick]').remove(), window.kvBad.splice(0).length`))
		if err != nil || caught == 0 {
			t.Fatalf("the sniffer does not catch an injected handler: %d, %v", caught, err)
		}
		for _, p := range hostilePayloads {
			course := url.Values{}
			for _, d := range all.Demos() {
				for _, prm := range d.Params {
					course.Set(d.Name+"."+prm.Name, p)
				}
			}
			course.Set("theme", p)
			// The course page connects its demos as they scroll into view.
			do(t, ctx, chromedp.Navigate(ts.URL+"/?"+course.Encode()))
			waitFor(t, ctx, "the course page", `document.readyState === 'complete'`)
			check("the course page with payloads")
		}
	})
	for _, d := range all.Demos() {
		t.Run(d.Name, func(t *testing.T) { hostileDemo(t, ts, d) })
	}
}

// hostileTab opens a tab with the sniffer installed and dialogs watched.
func hostileTab(t *testing.T, ts *testServer) (context.Context, func(string), func(string)) {
	ctx := newTab(t)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: sniff}); err != nil {
		t.Fatal(err)
	}
	var dialogs atomic.Int32
	dctx, stopDialogs := context.WithCancel(ctx)
	defer stopDialogs()
	evs := chromedp.Events(dctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range evs {
			if err != nil {
				return
			}
			dialogs.Add(1)
			t.Errorf("a dialog opened: %q", ev.Message)
			chromedp.Call(dctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()

	check := func(where string) {
		t.Helper()
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.kvCheck(`+jsString(where)+`), window.kvBad.splice(0)`))
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		for _, b := range bad {
			t.Errorf("%s", b)
		}
	}
	open := func(u string) {
		t.Helper()
		do(t, ctx, chromedp.Navigate(ts.URL+u))
		waitFor(t, ctx, "the demo connected", `[...document.querySelectorAll('[data-ws]')].every(r => r.dataset.state === 'open')`)
	}

	t.Cleanup(func() {
		if n := dialogs.Load(); n > 0 {
			t.Errorf("%d dialogs opened", n)
		}
	})
	return ctx, check, open
}

func hostileDemo(t *testing.T, ts *testServer, d demos.Definition) {
	ctx, check, open := hostileTab(t, ts)
	// 1. Query parameters: all of the demo's at once, for each payload.
	shown := 0
	for _, p := range hostilePayloads {
		q := url.Values{}
		for _, prm := range d.Params {
			q.Set(prm.Name, p)
		}
		q.Set("theme", p)
		q.Set("present", p)
		for _, u := range []string{"/demos/" + d.Name + "?" + q.Encode(), "/embed/" + d.Name + "?" + q.Encode()} {
			open(u)
			check(u)
		}
		// The payload shows as text somewhere (a problem beside a control,
		// the edited YAML): the evidence that it reached the page, inert.
		head := jsString(p[:12])
		ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body.innerText.includes(`+head+`) || [...document.querySelectorAll('textarea, input')].some(e => e.value.includes(`+head+`))`))
		if ok {
			shown++
		}
	}
	if shown == 0 {
		t.Errorf("no payload shows as text on /demos/%s: the check above saw nothing to check", d.Name)
	}

	// 2. WebSocket actions through the page's own socket, and 3. every text
	// field of the demo typed into.
	{
		open("/demos/" + d.Name)
		var msgs []map[string]string
		for _, p := range hostilePayloads {
			msgs = append(msgs, map[string]string{"a": p}, map[string]string{"a": "set", "k": p, "v": p})
			for _, prm := range d.Params {
				msgs = append(msgs, map[string]string{"a": "set", "k": prm.Name, "v": p})
			}
			for _, kind := range []string{"click", "edit", "cordon", "ready", "send", "act", "goto", "undo", "speed"} {
				msgs = append(msgs, map[string]string{"a": kind, "v": p})
			}
			msgs = append(msgs, map[string]string{"a": "edit", "v": hostileYAML(p)},
				map[string]string{"a": "set", "k": "cm", "v": "k=" + p}, map[string]string{"a": "set", "k": "literals", "v": p + "=" + p})
		}
		// In batches under the per-connection burst (web.ActionBurst), each
		// waited for: the page's data-seq counts the frames applied.
		sent := 0
		for len(msgs) > 0 {
			n := min(len(msgs), 30)
			b, _ := json.Marshal(msgs[:n])
			msgs = msgs[n:]
			sent += n
			do(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const ws = window.kvSockets.at(-1); for (const m of `+string(b)+`) ws.send(JSON.stringify(m)); })()`))
			waitFor(t, ctx, fmt.Sprintf("%d frames", sent), fmt.Sprintf(`+document.querySelector('[data-ws]').dataset.seq >= %d`, sent))
			check(d.Name + " after socket actions")
			do(t, ctx, chromedp.Evaluate[chromedp.Void](`new Promise(r => setTimeout(r, 1100))`, chromedp.EvalAwaitPromise)) // the rate limit's refill
		}

		for _, p := range hostilePayloads {
			if d.Name == "pod-spec" {
				open("/demos/pod-spec?mode=edit") // the YAML editor
			} else {
				open("/demos/" + d.Name)
			}
			n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => {
				const fields = [...document.querySelectorAll('[data-ws] textarea, [data-ws] input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button])')];
				for (const f of fields) {
					f.focus();
					f.value = f.localName === 'textarea' && f.value.includes('apiVersion') ? `+jsString(hostileYAML(p))+` : `+jsString(p)+`;
					f.dispatchEvent(new Event('input', {bubbles: true}));
					f.dispatchEvent(new Event('change', {bubbles: true}));
					f.blur();
				}
				return fields.length;
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			do(t, ctx, chromedp.Evaluate[chromedp.Void](`new Promise(r => setTimeout(r, 600))`, chromedp.EvalAwaitPromise))
			check(fmt.Sprintf("%s after typing into %d fields", d.Name, n))
		}
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return strings.ReplaceAll(string(b), "</", `<\/`)
}
