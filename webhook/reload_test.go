package webhook

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
)

// TestEmptyConfigRejected: an empty, blank or comment-only configuration file is refused at
// start and on reload, where the last good configuration stays in force and the failure is
// logged and counted.
func TestEmptyConfigRejected(t *testing.T) {
	file := filepath.Join(t.TempDir(), "config.yaml")
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	m := NewMetrics()
	h, err := NewHandler(decision.AdmissionDefaults(), slog.New(slog.NewJSONHandler(&logs, nil)), m)
	if err != nil {
		t.Fatal(err)
	}
	r := &ConfigReloader{File: file, Handler: h, Log: slog.New(slog.NewJSONHandler(&logs, nil)), Metrics: m}
	for _, empty := range []string{"", "\n  \n", "# nothing here\n", "{}\n", "null\n"} {
		write(empty)
		if err := r.Load(); err == nil || !strings.Contains(err.Error(), "configuration file is empty") {
			t.Errorf("start with %q: %v, want the empty-file error", empty, err)
		}
	}

	write("policy: {minStartingDeadlineSeconds: 30}\n")
	if err := r.Load(); err != nil {
		t.Fatal(err)
	}
	failures := testutil.ToFloat64(m.reloads.WithLabelValues("failure"))
	write("")
	r.Poll()
	if got := testutil.ToFloat64(m.reloads.WithLabelValues("failure")); got != failures+1 {
		t.Errorf("failed reloads %v, want %v", got, failures+1)
	}
	if !strings.Contains(logs.String(), "configuration file is empty") {
		t.Errorf("the refused reload is not logged:\n%s", logs.String())
	}
	resp := decideReview(t, h, review("u", "CronJob", "CREATE", mutate(goodCronJob, `"startingDeadlineSeconds":60`, `"startingDeadlineSeconds":20`), ""))
	if resp.Allowed {
		t.Error("after an empty reload the last good policy (minimum 30 s) is no longer enforced")
	}
}
