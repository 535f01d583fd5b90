package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// BenchmarkLintPeakRSS runs `kubectl-batch lint -f` on one generated file of 50,000 Jobs and
// CronJobs (about 43 MB) in every output format and reports the process's peak resident memory
// (peak-RSS-MB) and its wall time per resource (ns/op is one whole run). The goal for flat
// memory is a peak at or below 100 MB in every format.
//
// The corpus is written by hack/gencorpus in its own process: a child's peak RSS as Linux
// reports it (ru_maxrss) is never below the peak of the process that started it, because the
// starting process's address space is what the child runs in until exec. Generated here, the
// 43 MB corpus made every format "peak" at the benchmark's own 123 MB.
func BenchmarkLintPeakRSS(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "kubectl-batch")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Fatalf("building: %v", err)
	}
	input := filepath.Join(dir, "corpus.yaml")
	out, err := os.Create(input)
	if err != nil {
		b.Fatal(err)
	}
	gen := exec.Command("go", "run", "../../hack/gencorpus", "-n", "50000")
	gen.Stdout, gen.Stderr = out, os.Stderr
	if err := gen.Run(); err != nil {
		b.Fatalf("generating the corpus: %v", err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	for _, format := range []string{"text", "json", "sarif", "junit", "github", "codeclimate"} {
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
