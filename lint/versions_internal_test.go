package lint

import (
	"testing"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// TestVersionModelCompiles: every supported version's model compiles against the API types.
func TestVersionModelCompiles(t *testing.T) {
	for _, v := range kubeversion.Supported() {
		if _, err := compileVersionModel(v); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
}
