package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkLintOneFileProcess measures `kubectl-batch lint -f one-file.yaml` wall time including
// process start-up (budget: 40 ms), by building the binary once and running it b.N times.
func BenchmarkLintOneFileProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "kubectl-batch")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Fatalf("building: %v", err)
	}
	manifest := filepath.Join("..", "..", "internal", "cli", "testdata", "tree", "clean.yaml")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "lint", "-f", manifest)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("lint failed: %v\n%s", err, out)
		}
	}
}

// TestMainBinaryRuns checks the thin main wires the command tree and exit codes.
func TestMainBinaryRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "kubectl-batch")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "lint", "-f", filepath.Join("..", "..", "internal", "cli", "testdata", "tree", "sub", "job.yml"))
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err == nil || !asExit(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("want exit 1 for a manifest with an error, got %v\n%s", err, out)
	}
}

func asExit(err error, target **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	if ok {
		*target = e
	}
	return ok
}
