package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestArchitectureNamesEveryPackage: docs/architecture.md names every package of the module
// except the integration test suites (test/...) and the build tools (hack/...), so the map a
// new reader starts from shows all the code there is.
func TestArchitectureNamesEveryPackage(t *testing.T) {
	doc, err := os.ReadFile("../../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}", "../../...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	const module = "github.com/kubectl-batch/kubectl-batch/"
	for _, pkg := range strings.Fields(string(out)) {
		dir := strings.TrimPrefix(pkg, module)
		if dir == pkg || strings.HasPrefix(dir, "test/") || strings.HasPrefix(dir, "hack/") {
			continue
		}
		if !strings.Contains(string(doc), dir) {
			t.Errorf("docs/architecture.md does not mention package %s", dir)
		}
	}
}
