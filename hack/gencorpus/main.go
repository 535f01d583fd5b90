// Command gencorpus writes the benchmark corpus: N Job and CronJob manifests in one YAML stream.
//
//	go run ./hack/gencorpus -n 10000 > corpus.yaml && time kubectl-batch lint -f corpus.yaml
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/kubectl-batch/kubectl-batch/internal/corpus"
)

func main() {
	n := flag.Int("n", 10000, "number of resources")
	flag.Parse()
	if *n < 1 {
		fmt.Fprintln(os.Stderr, "gencorpus: -n must be at least 1")
		os.Exit(2)
	}
	if _, err := os.Stdout.Write(corpus.Generate(*n)); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
