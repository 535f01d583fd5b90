package cli

import (
	"os"
	"runtime/debug"
)

// gcPercent is the garbage collector's target for the short-lived kubectl-batch process: it
// trades some memory (the heap may grow to five times the live data) for fewer collections.
const gcPercent = 400

// TuneGC applies gcPercent unless the user chose with GOGC, and returns a function restoring
// the previous setting. main calls it; so do the benchmarks, so that they measure what the
// binary does.
func TuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(gcPercent)
	return func() { debug.SetGCPercent(old) }
}
