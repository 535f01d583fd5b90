//go:build integration

package e2e

import (
	"context"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/helmchart"
	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
)

// TestHelmRendersLikeHelmTemplate: what lint --helm checks is what the real helm binary (built
// by hack/testenv.sh) renders with helm template, for the same values, --set, release name and
// namespace: the same templates, each with the same objects.
func TestHelmRendersLikeHelmTemplate(t *testing.T) {
	chart := filepath.Join(testenv.RepoRoot(), "internal", "helmchart", "testdata", "app")
	values := filepath.Join(testenv.RepoRoot(), "internal", "helmchart", "testdata", "prod-values.yaml")
	for _, c := range []struct {
		name string
		o    helmchart.Options
		args []string
	}{
		{"defaults", helmchart.Options{}, nil},
		{"values", helmchart.Options{ValueFiles: []string{values}, Set: []string{"image=busybox:1.37"}, ReleaseName: "prod", Namespace: "reports"},
			[]string{"prod", "--values", values, "--set", "image=busybox:1.37", "--namespace", "reports"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tmpls, err := helmchart.Render(chart, c.o)
			if err != nil {
				t.Fatal(err)
			}
			ours := map[string][]map[string]any{}
			for _, tm := range tmpls {
				ours[tm.Path] = objects(t, string(tm.Content))
			}
			args := append([]string{"template"}, c.args...)
			args = append(args, chart)
			out, err := exec.CommandContext(context.Background(), filepath.Join(env.BinDir, "helm"), args...).CombinedOutput()
			if err != nil {
				t.Fatalf("helm %v: %v\n%s", args, err, out)
			}
			theirs := map[string][]map[string]any{}
			for _, doc := range strings.Split(string(out), "\n---\n") {
				src := ""
				for _, l := range strings.Split(doc, "\n") {
					if rest, ok := strings.CutPrefix(l, "# Source: "); ok {
						src = rest
					}
				}
				if src != "" {
					theirs[src] = append(theirs[src], objects(t, doc)...)
				}
			}
			if !reflect.DeepEqual(ours, theirs) {
				t.Errorf("rendered templates differ from helm template:\nours:  %v\nhelm:  %v", ours, theirs)
			}
		})
	}
}

// objects decodes the non-empty YAML documents of s.
func objects(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, doc := range strings.Split(s, "\n---") {
		var m map[string]any
		if err := yaml.Unmarshal([]byte(doc), &m); err != nil {
			t.Fatalf("%v\n%s", err, doc)
		}
		if m != nil {
			out = append(out, m)
		}
	}
	return out
}
