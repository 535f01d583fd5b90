package cli

import (
	"context"
	"testing"

	"github.com/kubectl-batch/kubectl-batch/internal/corpus"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// BenchmarkLintCorpusOneFile measures the whole `lint -f corpus.yaml` path minus printing: one
// file is decoded and checked by one goroutine, so this is the single-core rate. The garbage
// collector is set as the binary sets it (TuneGC).
func BenchmarkLintCorpusOneFile(b *testing.B) {
	defer TuneGC()()
	const n = 10000
	data := corpus.Generate(n)
	e, err := lint.New(lint.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, _ := lintInputs(context.Background(), e, []input{{name: "corpus.yaml", data: data}}, false)
		if res.Resources != n {
			b.Fatalf("%d resources, want %d", res.Resources, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "resources/s")
}
