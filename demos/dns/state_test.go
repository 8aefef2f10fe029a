package dns

import (
	"net/url"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

func actionSet(k, v string) demos.Action { return demos.Action{Kind: "set", Key: k, Value: v} }

// Every bad parameter gets a sentence and the default.
func TestOpenProblems(t *testing.T) {
	for _, tc := range []struct{ query, want string }{
		{"ns=prod", `The client pod can run in shop, payments, default, not "prod"; it runs in shop.`},
		{"name=a..b", `"a..b" is not a valid DNS name: each label between dots has 1 to 63 characters. Looking up web.`},
		{"name=web%20svc", `"web svc" is not a valid DNS name: use letters, digits, '-', '_' and '.'. Looking up web.`},
		{"name=", "Type a name to look up. Looking up web."},
		{"type=AAAA", `type must be A or SRV, not "AAAA"; asking for A.`},
		{"notready=db-9", `There is no db pod "db-9" (the pods are db-0, db-1 and db-2); it is left out of notready.`},
		{"seed=0", `seed must be a whole number from 1 to 2147483647, not "0"; using seed 1.`},
		{"step=2", `step must be a number from 0 to 1 for this lookup, not "2"; showing step 0.`},
	} {
		q, _ := url.ParseQuery(tc.query)
		st, probs := open(q)
		if len(probs) != 1 || probs[0] != tc.want {
			t.Errorf("%s: problems %q, want %q", tc.query, probs, tc.want)
		}
		if q := st.Query(); len(q) > 1 || len(q) == 1 && !q.Has("typed") {
			t.Errorf("%s: state %q is not the default", tc.query, q.Encode())
		}
	}
}

// Changing the lookup starts it again; the URL holds every setting.
func TestApplyAndURL(t *testing.T) {
	st, _ := open(url.Values{})
	for _, a := range []demos.Action{actionSet("ns", "payments"), actionSet("name", "db.shop"), {Kind: "step"}} {
		if err := st.Apply(a); err != nil {
			t.Fatal(err)
		}
	}
	if got := st.Query().Encode(); got != "name=db.shop&ns=payments&step=1" {
		t.Errorf("query %q", got)
	}
	// db.shop from payments: db.shop.payments.svc.cluster.local. is NXDOMAIN.
	if !strings.Contains(st.Narration(), "db.shop.payments.svc.cluster.local. A → NXDOMAIN") {
		t.Errorf("narration %q", st.Narration())
	}
	if err := st.Apply(demos.Action{Kind: "ready", Value: "db-0"}); err != nil {
		t.Fatal(err)
	}
	if got := st.Query().Encode(); got != "name=db.shop&notready=db-0&ns=payments" {
		t.Errorf("after a readiness change %q", got)
	}
	for _, bad := range []demos.Action{{Kind: "ready", Value: "web"}, actionSet("type", "MX"), actionSet("ns", "x"), actionSet("color", "red"), {Kind: "goto", Value: "9"}, {Kind: "preset", Value: "nope"}} {
		before := st.Text()
		if err := st.Apply(bad); err == nil {
			t.Errorf("%+v was accepted", bad)
		}
		if st.Text() != before {
			t.Errorf("%+v changed the state", bad)
		}
	}
}
