package dns

import (
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/web/templates"
)

// The dig output the demo prints has no OPT record: it is the answer to a
// query without EDNS, like glibc's (resolv/res_query.c
// __res_context_query adds an OPT record with __res_nopt only under
// RES_USE_EDNS0, "options edns0", which the kubelet's resolv.conf does not
// have). BIND 9.18's dig sends EDNS unless told +noedns, and then prints
// an OPT PSEUDOSECTION and counts the OPT record in ADDITIONAL, so the
// command shown beside the output must say +noedns.
func TestDigCommandMatchesItsOutput(t *testing.T) {
	doc := render(t, "name=web.payments&step=1", templates.Link{Path: "/demos/dns"})
	note := doc.Find(`[data-testid="dig"]`).Prev().Text()
	if !strings.Contains(note, "dig +noedns @10.96.0.10 web.payments.shop.svc.cluster.local. A") {
		t.Errorf("the command beside the dig output: %q", note)
	}
	dig := doc.Find(`[data-testid="dig"]`).Text()
	if strings.Contains(dig, "OPT PSEUDOSECTION") || !strings.Contains(dig, "ADDITIONAL: 0") {
		t.Errorf("dig output of a query without EDNS:\n%s", dig)
	}
	st, _ := open(map[string][]string{"name": {"web.payments"}, "step": {"1"}})
	if txt := st.Text(); !strings.Contains(txt, "\n$ dig +noedns @10.96.0.10 web.payments.shop.svc.cluster.local. A\n") {
		t.Errorf("text view:\n%s", txt)
	}
}
