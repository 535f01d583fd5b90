package lint_test

import (
	"strings"
	"testing"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

func TestShortenValues(t *testing.T) {
	long := strings.Repeat("é", 5000)
	for _, c := range []struct{ in, want string }{
		{"short", "short"},
		{"name " + strings.Repeat("a", 200) + " is fine", "name " + strings.Repeat("a", 200) + " is fine"},
		{`name "` + long + `" is too long`, `name "` + strings.Repeat("é", 196) + `... is too long`},
		{strings.Repeat("b", 201), strings.Repeat("b", 197) + "..."},
	} {
		if got := lint.ShortenValues(c.in); got != c.want {
			t.Errorf("ShortenValues(%.40q...) = %.60q..., want %.60q...", c.in, got, c.want)
		}
	}
}
