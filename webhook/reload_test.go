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

// TestUnidentifiedConfigRejected: an empty, blank or comment-only configuration file, one
// without its apiVersion/kind header (cut at the top, or a policy written without it), and a
// foreign file are refused at start and on reload, where the last good configuration stays in
// force and the failure is logged and counted.
func TestUnidentifiedConfigRejected(t *testing.T) {
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
	bad := []struct{ content, want string }{
		{"", "configuration file is empty"},
		{"\n  \n", "configuration file is empty"},
		{"# nothing here\n", "configuration file is empty"},
		{"{}\n", "configuration file is empty"},
		{"null\n", "configuration file is empty"},
		{"policy: {minStartingDeadlineSeconds: 30}\n", "does not say what it is"},
		{"kind: Config\npolicy: {minStartingDeadlineSeconds: 30}\n", "not a kubectl-batch configuration"},
		{"apiVersion: kubectl-batch.io/v1alpha1\n", "not a kubectl-batch configuration"},
		{"apiVersion: v1\nkind: ConfigMap\n", "not a kubectl-batch configuration"},
		{"apiVersion: kubectl-batch.io/v2\nkind: Config\n", "not a kubectl-batch configuration"},
		{testConfigHeader + "policy: {minStartingDead", "reading configuration"},
	}
	for _, c := range bad {
		write(c.content)
		if err := r.Load(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("start with %q: %v, want an error with %q", c.content, err, c.want)
		}
	}

	write(testConfigHeader + "policy: {minStartingDeadlineSeconds: 30}\n")
	if err := r.Load(); err != nil {
		t.Fatal(err)
	}
	for _, c := range bad {
		failures := testutil.ToFloat64(m.reloads.WithLabelValues("failure"))
		logs.Reset()
		write(c.content)
		r.Poll()
		if got := testutil.ToFloat64(m.reloads.WithLabelValues("failure")); got != failures+1 {
			t.Errorf("reload of %q: failed reloads %v, want %v", c.content, got, failures+1)
		}
		if !strings.Contains(logs.String(), "keeping the last good configuration") || !strings.Contains(logs.String(), c.want) {
			t.Errorf("the refused reload of %q is not logged with %q:\n%s", c.content, c.want, logs.String())
		}
		resp := decideReview(t, h, review("u", "CronJob", "CREATE", mutate(goodCronJob, `"startingDeadlineSeconds":60`, `"startingDeadlineSeconds":20`), ""))
		if resp.Allowed {
			t.Errorf("after reloading %q the last good policy (minimum 30 s) is no longer enforced", c.content)
		}
	}
}
