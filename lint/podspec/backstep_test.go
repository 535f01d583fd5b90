package podspec

import (
	"strings"
	"testing"
)

// TestHasBackstepMatchesSplit: hasBackstep finds a ".." element exactly as splitting at "/" does.
func TestHasBackstepMatchesSplit(t *testing.T) {
	for _, v := range []string{"", "..", "a/..", "../a", "a/../b", "a..b", "...", "a/.../b", "/..", "../", "a//..", "..a/b", "a/b/", "a\\..", "/"} {
		want := false
		for _, e := range strings.Split(v, "/") {
			if e == ".." {
				want = true
			}
		}
		if got := hasBackstep(v); got != want {
			t.Errorf("hasBackstep(%q) = %v, want %v", v, got, want)
		}
	}
}
