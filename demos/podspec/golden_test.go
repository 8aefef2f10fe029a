package podspec

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/demos"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestGolden replays each preset's tour: the text view with nothing
// selected, then at every stop the narration and what the picture
// highlights. Regenerate with `go test ./demos/podspec -run Golden -update`
// and review the diff: the text is what a learner reads.
func TestGolden(t *testing.T) {
	for _, name := range presetNames {
		t.Run(name, func(t *testing.T) {
			st := mustOpen(t, url.Values{"preset": {name}})
			var b strings.Builder
			b.WriteString(st.Text())
			_, total := st.Progress()
			for i := 1; i <= total; i++ {
				if err := st.Apply(demos.Action{Kind: "step"}); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "\n== step %d of %d: ?field=%s\n%s\n", i, total, st.field, st.Narration())
				for _, l := range strings.Split(st.Text(), "\n") {
					if strings.HasPrefix(l, "  highlighted: ") {
						b.WriteString(strings.TrimPrefix(l, "  ") + "\n")
					}
				}
			}
			got := b.String()
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the replay (run with -update and review the diff):\n%s", path, diffLines(string(want), got))
			}
		})
	}
}

// diffLines shows the first lines that differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, a, c)
			if shown++; shown == 10 {
				break
			}
		}
	}
	return b.String()
}
