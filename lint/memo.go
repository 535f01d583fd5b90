package lint

import "sync"

// memo caches pure computations (schedule parsing and analysis, time zone lookups) across the
// checks of one Engine. Linting thousands of CronJobs repeats a handful of schedules; the cache
// is bounded so that a long-running webhook does not grow without limit.
type memo struct {
	mu  sync.RWMutex
	m   map[string]any
	max int
}

func newMemo(max int) *memo { return &memo{m: make(map[string]any), max: max} }

// get returns the cached value for key, computing and storing it when absent.
func (m *memo) get(key string, compute func() any) any {
	if m == nil {
		return compute()
	}
	m.mu.RLock()
	v, ok := m.m[key]
	m.mu.RUnlock()
	if ok {
		return v
	}
	v = compute()
	m.mu.Lock()
	if len(m.m) >= m.max {
		clear(m.m) // crude but bounded; the working set refills quickly
	}
	m.m[key] = v
	m.mu.Unlock()
	return v
}
