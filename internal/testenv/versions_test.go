package testenv

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// TestScriptVersionsMatchVersionModel checks that hack/testenv.sh builds exactly the versions
// the version model supports, each at the patch release the model says it was tested with, and
// that its default is the model's default.
func TestScriptVersionsMatchVersionModel(t *testing.T) {
	out, err := exec.Command("bash", script(), "versions").Output()
	if err != nil {
		t.Fatalf("hack/testenv.sh versions: %v", err)
	}
	var want []string
	for _, v := range kubeversion.Supported() {
		want = append(want, v.String()+" "+v.TestedPatch())
	}
	if got := strings.Fields(strings.TrimSpace(string(out))); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("hack/testenv.sh versions = %q, want %q (keep the script's PATCH table and lint/kubeversion in step)", out, strings.Join(want, "\n"))
	}
	if DefaultVersion != kubeversion.Default().String() {
		t.Errorf("DefaultVersion = %s, version model default = %s", DefaultVersion, kubeversion.Default())
	}
}
