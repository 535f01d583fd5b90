//go:build integration

package e2e

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/kustomize"
	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
)

// TestKustomizeRendersLikeKubectl: what lint -k checks is what kubectl renders for apply -k:
// the objects of internal/kustomize.Render equal those of the real `kubectl kustomize` of the
// test control plane's kubectl, for an overlay (prefix, namespace, JSON patch) and for a
// kustomization that asks for origin annotations itself.
func TestKustomizeRendersLikeKubectl(t *testing.T) {
	for _, dir := range []string{"overlays/prod", "tracked", "base"} {
		t.Run(dir, func(t *testing.T) {
			path := filepath.Join(testenv.RepoRoot(), "internal", "kustomize", "testdata", dir)
			objs, err := kustomize.Render(path)
			if err != nil {
				t.Fatal(err)
			}
			var ours []map[string]any
			for _, o := range objs {
				var m map[string]any
				if err := yaml.Unmarshal(o.YAML, &m); err != nil {
					t.Fatal(err)
				}
				ours = append(ours, m)
			}
			out, err := env.Kubectl(context.Background(), "kustomize", path)
			if err != nil {
				t.Fatalf("kubectl kustomize: %v\n%s", err, out)
			}
			var theirs []map[string]any
			for _, doc := range strings.Split(string(out), "\n---\n") {
				var m map[string]any
				if err := yaml.Unmarshal([]byte(doc), &m); err != nil {
					t.Fatal(err)
				}
				if m != nil {
					theirs = append(theirs, m)
				}
			}
			if !reflect.DeepEqual(ours, theirs) {
				t.Errorf("rendered objects differ from kubectl kustomize:\nours:   %v\nkubectl: %v", ours, theirs)
			}
		})
	}
}
