package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPluginLinksNoWebhookServer: the plugin binary does not link the admission webhook's server
// stack (controller-runtime, its metrics and certificate watcher, prometheus, fsnotify). The
// front ends share the decision layer (internal/decision), not the webhook package.
func TestPluginLinksNoWebhookServer(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, banned := range []string{
			"sigs.k8s.io/controller-runtime",
			"github.com/kubectl-batch/kubectl-batch/webhook",
			"github.com/prometheus/client_golang",
			"github.com/prometheus/prometheus", // the alert tests' PromQL engine

			"github.com/fsnotify/fsnotify",
		} {
			if pkg == banned || strings.HasPrefix(pkg, banned+"/") {
				t.Errorf("kubectl-batch links %s", pkg)
			}
		}
	}
}
