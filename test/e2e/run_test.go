//go:build integration

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// twManifest writes a manifest file for run -f.
func twManifest(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "manifest.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const twMigrationJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  backoffLimit: 0
  ttlSecondsAfterFinished: 600
  template:
    metadata:
      annotations: {ANNOTATIONS}
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
`

func TestRunJobManifest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ns := env.Namespace(t)
	good := twManifest(t, strings.Replace(twMigrationJob, "{ANNOTATIONS}", "{}", 1))
	res := run(t, "run", "-f", good, "-n", ns, "--wait")
	twExpect(t, res, 0, []string{"job.batch/migrate created", "job/migrate complete (1 succeeded"}, nil)

	failing := twManifest(t, strings.Replace(strings.Replace(twMigrationJob, "{ANNOTATIONS}", `{kwok.x-k8s.io/fail: "true"}`, 1), "name: migrate", "name: migrate-broken", 1))
	res = run(t, "run", "-f", failing, "-n", ns, "--wait")
	twExpect(t, res, 1, []string{"job.batch/migrate-broken created", "job/migrate-broken failed: BackoffLimitExceeded"}, nil)

	// The manifest's namespace wins over the kubeconfig's; a different -n is refused.
	inNS := twManifest(t, strings.Replace(strings.Replace(twMigrationJob, "{ANNOTATIONS}", "{}", 1), "name: migrate", "name: migrate-ns\n  namespace: "+ns, 1))
	twExpect(t, run(t, "run", "-f", inNS, "-n", "default"), 2, nil, []string{`namespace "` + ns + `" does not match --namespace "default"`})
	twExpect(t, run(t, "run", "-f", inNS), 0, []string{"job.batch/migrate-ns created"}, nil)
	if _, err := env.Client.BatchV1().Jobs(ns).Get(ctx, "migrate-ns", metav1.GetOptions{}); err != nil {
		t.Errorf("job/migrate-ns not in the manifest's namespace: %v", err)
	}
}

func TestRunLintGateAndCronJobManifest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ns := env.Namespace(t)
	// startingDeadlineSeconds 5 is a policy error the server accepts.
	cronJob := twManifest(t, `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  timeZone: Etc/UTC
  startingDeadlineSeconds: 5
  jobTemplate:
    metadata:
      labels: {team: data}
    spec:
      backoffLimit: 0
      ttlSecondsAfterFinished: 600
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox:1.36
`)
	res := run(t, "run", "-f", cronJob, "-n", ns, "--wait")
	twExpect(t, res, 2, nil, []string{"starting-deadline-too-short", "not running CronJob nightly: the linter found 1 error(s)", "--force"})
	// Only the server's version, which the rules decide for: nothing is created.
	if len(res.requests) != 1 || !strings.HasPrefix(res.requests[0], "GET /version?") {
		t.Errorf("a refused run made API requests other than GET /version: %v", res.requests)
	}
	list, err := env.Client.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
	if err != nil || len(list.Items) != 0 {
		t.Fatalf("refused run created %d Jobs (%v)", len(list.Items), err)
	}

	res = run(t, "run", "-f", cronJob, "-n", ns, "--force", "--wait")
	twExpect(t, res, 0, []string{"created", "complete (1 succeeded"}, []string{"--force"})
	list, err = env.Client.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("--force: %d Jobs (%v)", len(list.Items), err)
	}
	job := list.Items[0]
	if !strings.HasPrefix(job.Name, "nightly-manual-") || len(job.OwnerReferences) != 0 ||
		job.Annotations["cronjob.kubernetes.io/instantiate"] != "manual" || job.Labels["team"] != "data" {
		t.Errorf("Job from a CronJob manifest: %+v", job.ObjectMeta)
	}
	if _, err := env.Client.BatchV1().CronJobs(ns).Get(ctx, "nightly", metav1.GetOptions{}); err == nil {
		t.Error("run created the CronJob itself")
	}
}

// TestRunDecidesForTheClustersVersion: run lints for the cluster's Kubernetes version (1.37,
// which accepts a zero-second sleep), for --kubernetes-version when given (1.32 rejects that
// sleep, so the run is refused before anything is created), and refuses an unsupported version.
func TestRunDecidesForTheClustersVersion(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	job := strings.Replace(strings.Replace(twMigrationJob, "{ANNOTATIONS}", "{}", 1), "        image: busybox:1.36\n",
		"        image: busybox:1.36\n        lifecycle: {preStop: {sleep: {seconds: 0}}}\n", 1)
	zeroSleep := twManifest(t, strings.Replace(job, "name: migrate", "name: zero-sleep", 1))
	twExpect(t, run(t, "run", "-f", zeroSleep, "-n", ns, "--kubernetes-version", "1.32"), 2, nil,
		[]string{"preStop.sleep: Invalid value: 0", "for Kubernetes 1.32", "not running Job zero-sleep: the linter found 1 error(s)"})
	if _, err := env.Client.BatchV1().Jobs(ns).Get(context.Background(), "zero-sleep", metav1.GetOptions{}); err == nil {
		t.Error("job/zero-sleep was created although lint for 1.32 refused it")
	}
	twExpect(t, run(t, "run", "-f", zeroSleep, "-n", ns, "--dry-run=server"), 0, []string{"job.batch/zero-sleep created (server dry run)"}, nil)
	twExpect(t, run(t, "run", "-f", zeroSleep, "-n", ns, "--kubernetes-version", "1.31"), 2, nil,
		[]string{`--kubernetes-version`, "1.32, 1.33, 1.34, 1.35, 1.36, 1.37"})
}

// TestRunAgain: a second run of the same manifest fails with "already exists"; --replace
// deletes the old Job and its pods, waits until they are gone and creates the new one;
// --generate-name creates another next to it; warnings are printed before the Job is created.
func TestRunAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ns := env.Namespace(t)
	// parallelism above completions: a lint warning, not an error.
	manifest := twManifest(t, strings.Replace(strings.Replace(twMigrationJob, "{ANNOTATIONS}", "{}", 1), "backoffLimit: 0", "backoffLimit: 0\n  parallelism: 2\n  completions: 1", 1))
	first := run(t, "run", "-f", manifest, "-n", ns, "--wait")
	twExpect(t, first, 0, []string{"job.batch/migrate created"}, nil)
	old := twGetJob(t, ns, "migrate")
	oldPods := twJobPods(t, ns, "migrate")
	if len(oldPods) == 0 {
		t.Fatal("the first run has no pods")
	}
	if w, p := strings.Index(first.err, "parallelism-exceeds-completions"), strings.Index(first.err, "job/migrate:"); w < 0 || w > p {
		t.Errorf("lint warnings not printed on stderr before creating:\n%s", first.err)
	}

	twExpect(t, run(t, "run", "-f", manifest, "-n", ns), 2, nil, []string{"already exists", "--replace deletes job/migrate and its pods", "--generate-name"})

	res := run(t, "run", "-f", manifest, "-n", ns, "--replace", "--wait")
	twExpect(t, res, 0, []string{"job.batch/migrate created", "complete"}, []string{"job.batch/migrate deleted with its pods (--replace)"})
	replaced := twGetJob(t, ns, "migrate")
	if replaced.UID == old.UID {
		t.Error("--replace kept the old Job")
	}
	for _, p := range oldPods {
		if _, err := env.Client.CoreV1().Pods(ns).Get(ctx, p, metav1.GetOptions{}); err == nil {
			t.Errorf("pod %s of the old Job still exists", p)
		}
	}

	res = run(t, "run", "-f", manifest, "-n", ns, "--generate-name", "-o", "name")
	twExpect(t, res, 0, []string{"job.batch/migrate-"}, nil)
	name := strings.TrimPrefix(strings.TrimSpace(res.out), "job.batch/")
	if len(name) != len("migrate-")+5 {
		t.Errorf("generated name %q", name)
	}
	if twGetJob(t, ns, "migrate").UID != replaced.UID {
		t.Error("--generate-name touched job/migrate")
	}

	// --replace of a Job that does not exist just creates it.
	other := twManifest(t, strings.Replace(strings.Replace(twMigrationJob, "{ANNOTATIONS}", "{}", 1), "name: migrate", "name: fresh", 1))
	twExpect(t, run(t, "run", "-f", other, "-n", ns, "--replace"), 0, []string{"job.batch/fresh created"}, nil)
}
