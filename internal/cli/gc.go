package cli

import (
	"os"
	"runtime/debug"
)

// gcPercent is the garbage collector's target for the short-lived kubectl-batch process: it
// trades some memory (the heap may grow to five times the live data) for fewer collections.
const gcPercent = 400

// softMemoryLimit caps that trade: once the Go heap nears it, the collector runs as often as
// needed to stay under it (a soft limit: with more live data than this, the process still
// grows). Runs of 10,000 resources take the same time with it; on 50,000 it keeps the peak under
// 100 MB for about 10 % more time (docs/performance.md).
const softMemoryLimit = 40 << 20

// TuneGC applies gcPercent unless the user chose with GOGC, and softMemoryLimit unless the user
// chose with GOMEMLIMIT, and returns a function restoring the previous settings. main calls it;
// so do the benchmarks, so that they measure what the binary does.
func TuneGC() (restore func()) {
	oldPercent, oldLimit := -2, int64(-1)
	if os.Getenv("GOGC") == "" {
		oldPercent = debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		oldLimit = debug.SetMemoryLimit(softMemoryLimit)
	}
	return func() {
		if oldPercent != -2 {
			debug.SetGCPercent(oldPercent)
		}
		if oldLimit >= 0 {
			debug.SetMemoryLimit(oldLimit)
		}
	}
}
