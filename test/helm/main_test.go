//go:build integration

// Package helm tests the webhook's Helm chart (charts/kubectl-batch-webhook) with the helm
// binary that hack/testenv.sh builds from the Go module proxy (module hack/tools/helm): helm lint,
// helm template with several value sets (objects decoded and checked), schema errors,
// server-side dry-run of every rendered object against the test kube-apiserver, an install and
// upgrade that keep the chart-generated certificates, and the chart's
// ValidatingWebhookConfiguration (webhook.url mode) calling the webhook served by this process.
//
// All traffic stays on 127.0.0.1: the API server calls the webhook by URL; no test connects to a
// pod or Service IP, and configurations registered for real are scoped (namespaceSelector
// matchLabels) to the tests' own namespaces.
package helm

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { os.Exit(testenv.Main(m, &env)) }

// chartDir is the chart under test.
func chartDir() string { return filepath.Join(testenv.RepoRoot(), "charts", "kubectl-batch-webhook") }

// helmBin is the helm of the test environment's binary directory.
func helmBin(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(env.BinDir, "helm")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("helm is not in %s (run hack/testenv.sh build): %v", env.BinDir, err)
	}
	return bin
}

// runHelm runs helm with its own config, cache and data directories and the test environment's
// kubeconfig, and returns stdout and stderr.
func runHelm(t testing.TB, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	home := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, helmBin(t), args...)
	cmd.Env = append(os.Environ(),
		"KUBECONFIG="+env.Kubeconfig,
		"HELM_CONFIG_HOME="+filepath.Join(home, "config"),
		"HELM_CACHE_HOME="+filepath.Join(home, "cache"),
		"HELM_DATA_HOME="+filepath.Join(home, "data"),
	)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

// mustHelm runs helm and fails t when it fails.
func mustHelm(t testing.TB, args ...string) string {
	t.Helper()
	out, errOut, err := runHelm(t, args...)
	if err != nil {
		t.Fatalf("helm %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

// object is one rendered manifest: its kind and name, and its YAML.
type object struct {
	Kind, Name, Namespace, APIVersion string
	YAML                              []byte
}

// render runs helm template for release in namespace ns with args and returns the objects.
func render(t testing.TB, release, ns string, args ...string) []object {
	t.Helper()
	out := mustHelm(t, append([]string{"template", release, chartDir(), "--namespace", ns}, args...)...)
	return splitManifests(t, out)
}

// splitManifests splits a multi-document YAML stream at its --- lines; empty documents are dropped.
func splitManifests(t testing.TB, stream string) []object {
	t.Helper()
	var objs []object
	var doc strings.Builder
	flush := func() {
		defer doc.Reset()
		var meta struct {
			APIVersion string            `json:"apiVersion"`
			Kind       string            `json:"kind"`
			Metadata   metav1.ObjectMeta `json:"metadata"`
		}
		if err := yaml.Unmarshal([]byte(doc.String()), &meta); err != nil {
			t.Fatalf("rendered document is not YAML: %v\n%s", err, doc.String())
		}
		if meta.Kind == "" {
			if strings.TrimSpace(stripComments(doc.String())) != "" {
				t.Fatalf("rendered document without kind:\n%s", doc.String())
			}
			return
		}
		objs = append(objs, object{Kind: meta.Kind, Name: meta.Metadata.Name, Namespace: meta.Metadata.Namespace,
			APIVersion: meta.APIVersion, YAML: []byte(doc.String())})
	}
	for _, line := range strings.Split(stream, "\n") {
		if strings.TrimRight(line, " ") == "---" {
			flush()
			continue
		}
		doc.WriteString(line)
		doc.WriteByte('\n')
	}
	flush()
	return objs
}

func stripComments(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// kinds lists the objects as Kind/name, for messages.
func kinds(objs []object) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.Kind+"/"+o.Name)
	}
	return out
}

// find returns the one object of kind (and name, when not empty); it fails t otherwise.
func find(t testing.TB, objs []object, kind, name string) object {
	t.Helper()
	var hits []object
	for _, o := range objs {
		if o.Kind == kind && (name == "" || o.Name == name) {
			hits = append(hits, o)
		}
	}
	if len(hits) != 1 {
		t.Fatalf("want one %s %q, found %d among %v", kind, name, len(hits), kinds(objs))
	}
	return hits[0]
}

// has reports whether objs contain an object of kind.
func has(objs []object, kind string) bool {
	for _, o := range objs {
		if o.Kind == kind {
			return true
		}
	}
	return false
}

// decode decodes o strictly into out (a k8s.io/api type): a misspelt or misplaced field in a
// template fails here.
func decode(t testing.TB, o object, out any) {
	t.Helper()
	if err := yaml.UnmarshalStrict(o.YAML, out); err != nil {
		t.Fatalf("decoding %s/%s: %v\n%s", o.Kind, o.Name, err, o.YAML)
	}
}

// uniqueName returns prefix plus a random suffix, lower case.
func uniqueName(prefix string) string { return prefix + strings.ToLower(rand.String(6)) }

// createNamespace creates namespace name with labels, deleted when t ends.
func createNamespace(t testing.TB, name string, labels map[string]string) {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
	if _, err := env.Client.CoreV1().Namespaces().Create(context.Background(), ns, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating namespace %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = env.Client.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
}

// setArgs turns key=value pairs into --set flags.
func setArgs(kv ...string) []string {
	var out []string
	for _, s := range kv {
		out = append(out, "--set", s)
	}
	return out
}
