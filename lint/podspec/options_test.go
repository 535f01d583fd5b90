package podspec

import (
	"testing"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// TestOptionDocs: every switch documents itself (docs/versions.md is generated from the tags),
// and On reads the switch it names.
func TestOptionDocs(t *testing.T) {
	docs := OptionDocs()
	if len(docs) == 0 {
		t.Fatal("no option docs")
	}
	for _, d := range docs {
		if d.Doc == "" {
			t.Errorf("Options.%s has no doc tag", d.Name)
		}
	}
	v132, err := kubeversion.Parse("1.32")
	if err != nil {
		t.Fatal(err)
	}
	old, newest := OptionsFor(v132), OptionsFor(kubeversion.Default())
	if !old.On("LegacyContainerRestartPolicy") || newest.On("LegacyContainerRestartPolicy") {
		t.Error("LegacyContainerRestartPolicy: want on for 1.32 only")
	}
	if old.On("SleepZero") || !newest.On("SleepZero") {
		t.Error("SleepZero: want off for 1.32, on for the default version")
	}
}
