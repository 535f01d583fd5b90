package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/kubectl-batch/kubectl-batch/internal/corpus"
)

// BenchmarkLintPeakRSS runs `kubectl-batch lint -f` on one generated file of 50,000 Jobs and
// CronJobs (about 43 MB) in every output format and reports the process's peak resident memory
// (peak-RSS-MB) and its wall time per resource (ns/op is one whole run). The goal for flat
// memory is a peak at or below 100 MB in every format.
func BenchmarkLintPeakRSS(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "kubectl-batch")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Fatalf("building: %v", err)
	}
	input := filepath.Join(dir, "corpus.yaml")
	if err := os.WriteFile(input, corpus.Generate(50000), 0o600); err != nil {
		b.Fatal(err)
	}
	for _, format := range []string{"text", "json", "sarif", "junit", "github"} {
		b.Run(format, func(b *testing.B) {
			var peak int64
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(bin, "lint", "-f", input, "-o", format)
				cmd.Stdout, cmd.Stderr = nil, nil
				err := cmd.Run()
				if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
					b.Fatalf("lint -o %s: %v", format, err)
				}
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > peak {
					peak = ru.Maxrss // KiB on Linux
				}
			}
			b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
		})
	}
}
