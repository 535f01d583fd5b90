// Package webhooktest holds the scaffolding that the tests of the admission webhook, of the
// ValidatingAdmissionPolicies exported from its configuration and of its Helm chart share: the
// webhook server run in the test process on 127.0.0.1 with a throw-away certificate (Start), a
// log sink safe for the server's goroutines (LogBuffer), a recorder of the API server's warnings
// (Warnings), polling until the API server picks up a registration (Eventually), the test
// objects and the admission requests the API server would send for them (CronJob, Job, Request),
// and the decoding of "kubectl batch policy export" output (DecodePolicies).
//
// It is for tests only: import it from _test.go files, never from the binaries' code.
package webhooktest

import (
	"bytes"
	"sync"
	"testing"
	"time"
)

// LogBuffer is an io.Writer that collects what is written, safe for concurrent use: the log
// sink of a server whose goroutines log while the test reads.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything written so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Warnings collects the warning headers a client receives: set it as the WarningHandler of a
// rest.Config.
type Warnings struct {
	mu   sync.Mutex
	list []string
}

// HandleWarningHeader records the warning's text (rest.WarningHandler).
func (w *Warnings) HandleWarningHeader(_ int, _ string, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.list = append(w.list, text)
}

// Take returns the warnings received since the last Take and forgets them.
func (w *Warnings) Take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.list
	w.list = nil
	return out
}

// Eventually calls f every 200ms until it returns nil, and fails t with what and f's last error
// when timeout has passed: the API server picks up webhook configurations, admission policies
// and CRDs asynchronously.
func Eventually(t testing.TB, timeout time.Duration, what string, f func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
