package podspec

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubeviz/kubeviz/internal/golden"

	"github.com/kubeviz/kubeviz/demos"
)

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
			golden.Check(t, path, got)
		})
	}
}
