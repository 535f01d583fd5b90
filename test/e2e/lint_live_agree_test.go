//go:build integration

package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLintLiveAgreesWithOffline: the same manifests get the same findings linted as files and
// linted live after the API server stored them with its defaults (a Job with OnFailure and no
// backoffLimit, which the server sets to 6; a CronJob without concurrencyPolicy and history
// limits); and -o github for live objects names each object instead of a file.
func TestLintLiveAgreesWithOffline(t *testing.T) {
	ns := env.Namespace(t)
	manifest := `apiVersion: batch/v1
kind: Job
metadata:
  name: retry-in-place
  namespace: ` + ns + `
spec:
  ttlSecondsAfterFinished: 600
  suspend: true
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: main
        image: busybox:1.36
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hourly-sync
  namespace: ` + ns + `
spec:
  schedule: "0 * * * *"
  timeZone: Etc/UTC
  suspend: true
  jobTemplate:
    spec:
      backoffLimit: 2
      ttlSecondsAfterFinished: 600
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: sync
            image: busybox:1.36
`
	file := filepath.Join(t.TempDir(), "jobs.yaml")
	if err := os.WriteFile(file, []byte(manifest), 0o600); err != nil {
		t.Fatal(err)
	}
	ruleSet := func(res result) []string {
		var out []string
		for _, f := range findings(t, res.out).Findings {
			out = append(out, f.Object.Name+"/"+f.Rule)
		}
		slices.Sort(out)
		return out
	}
	offline := run(t, "lint", "-f", file, "-o", "json", "--fail-on", "none")
	if out, err := env.Kubectl(t.Context(), "apply", "-f", file); err != nil {
		t.Fatalf("kubectl apply: %v\n%s", err, out)
	}
	live := run(t, "lint", "--live", "-n", ns, "-o", "json", "--fail-on", "none")
	off, on := ruleSet(offline), ruleSet(live)
	if !slices.Equal(off, on) {
		t.Errorf("offline findings %v, live %v: they must agree", off, on)
	}
	if !slices.Contains(on, "retry-in-place/restart-on-failure-with-backoff") {
		t.Errorf("the server-defaulted backoffLimit 6 should give restart-on-failure-with-backoff: %v", on)
	}

	gh := run(t, "lint", "--live", "-n", ns, "-o", "github", "--fail-on", "none")
	for _, l := range strings.Split(strings.TrimSpace(gh.out), "\n") {
		if !strings.HasPrefix(l, "::") {
			continue
		}
		if strings.Contains(l, "file=") || !strings.Contains(l, "Job "+ns+"/retry-in-place") && !strings.Contains(l, "CronJob "+ns+"/hourly-sync") {
			t.Errorf("live annotation without the object, or with a file: %s", l)
		}
	}
}
