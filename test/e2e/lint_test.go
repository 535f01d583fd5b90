//go:build integration

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func ptr[T any](v T) *T { return &v }

func cronJob(ns, name string, deadline *int64) *batchv1.CronJob {
	return &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: batchv1.CronJobSpec{
			Schedule: "*/5 * * * *", TimeZone: ptr("Etc/UTC"), StartingDeadlineSeconds: deadline,
			JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				RestartPolicy: corev1.RestartPolicyNever,
				Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
			}}}},
		},
	}
}

type jsonReport struct {
	Findings []struct {
		Rule   string `json:"rule"`
		Path   string `json:"path"`
		Object struct {
			Kind, Namespace, Name string
		} `json:"object"`
	} `json:"findings"`
}

func findings(t *testing.T, out string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output is not the JSON report: %v\n%s", err, out)
	}
	return r
}

func TestLintLive(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	if _, err := env.Client.BatchV1().CronJobs(ns).Create(ctx, cronJob(ns, "too-eager", ptr[int64](5)), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Client.BatchV1().CronJobs(ns).Create(ctx, cronJob(ns, "fine", ptr[int64](200)), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	res := run(t, "lint", "--live", "-n", ns, "-o", "json")
	if res.code != 1 {
		t.Fatalf("exit code %d, want 1 (a policy error)\nstdout: %s\nstderr: %s", res.code, res.out, res.err)
	}
	rep := findings(t, res.out)
	var got []string
	for _, f := range rep.Findings {
		if f.Rule == "starting-deadline-too-short" {
			got = append(got, f.Object.Name)
		}
	}
	if len(got) != 1 || got[0] != "too-eager" {
		t.Errorf("starting-deadline-too-short reported for %v, want only too-eager", got)
	}
	// The server's version (the rules decide for it) and two list calls, nothing else: no
	// discovery.
	if len(res.requests) != 3 {
		t.Errorf("made %d API requests, want GET /version and 2 list calls: %v", len(res.requests), res.requests)
	}
	for _, r := range res.requests {
		if !strings.HasPrefix(r, "GET /apis/batch/v1/namespaces/"+ns+"/") && !strings.HasPrefix(r, "GET /version?") {
			t.Errorf("unexpected request %s", r)
		}
	}

	t.Run("all namespaces with selector", func(t *testing.T) {
		res := run(t, "lint", "--live", "-A", "-l", "nothing=here", "-o", "json")
		if res.code != 0 || len(findings(t, res.out).Findings) != 0 {
			t.Errorf("exit %d, output %s", res.code, res.out)
		}
		for _, r := range res.requests {
			if !strings.HasPrefix(r, "GET /apis/batch/v1/jobs?") && !strings.HasPrefix(r, "GET /apis/batch/v1/cronjobs?") && !strings.HasPrefix(r, "GET /version?") {
				t.Errorf("unexpected request %s", r)
			}
		}
	})

	t.Run("forbidden", func(t *testing.T) {
		res := run(t, "lint", "--live", "-n", ns, "--as", "system:serviceaccount:"+ns+":nobody")
		if res.code != 2 || !strings.Contains(res.err, "forbidden") || !strings.Contains(res.err, "list jobs.batch") {
			t.Errorf("exit %d, stderr %q; want 2 and a message naming the missing permission", res.code, res.err)
		}
	})
}

func TestLintAgainstCluster(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	job := &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "migrate", Namespace: ns},
		Spec: batchv1.JobSpec{TTLSecondsAfterFinished: ptr[int32](600), Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever,
			Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
		}}},
	}
	if _, err := env.Client.BatchV1().Jobs(ns).Create(ctx, job, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	manifest := func(image string, parallelism int) string {
		p := filepath.Join(dir, image+".yaml")
		body := `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: ` + ns + `
spec:
  parallelism: ` + string(rune('0'+parallelism)) + `
  ttlSecondsAfterFinished: 600
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: ` + strings.ReplaceAll(image, "_", ":") + `
`
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	changed := manifest("busybox_1.37", 1)
	res := run(t, "lint", "-f", changed, "--against-cluster", "-o", "json")
	rep := findings(t, res.out)
	found := false
	for _, f := range rep.Findings {
		if f.Rule == "job-immutable-field" && f.Path == "spec.template" {
			found = true
		}
	}
	if res.code != 1 || !found {
		t.Fatalf("changed image: exit %d, findings %+v; want job-immutable-field at spec.template\nstderr %s", res.code, rep.Findings, res.err)
	}
	// The server agrees: kubectl apply of the same manifest is rejected as immutable.
	out, err := env.Kubectl(ctx, "apply", "-f", changed)
	if err == nil || !strings.Contains(string(out), "field is immutable") {
		t.Errorf("kubectl apply should fail with 'field is immutable'; err=%v out=%s", err, out)
	}

	same := manifest("busybox_1.36", 2)
	res = run(t, "lint", "-f", same, "--against-cluster", "-o", "json")
	for _, f := range findings(t, res.out).Findings {
		if f.Rule == "job-immutable-field" {
			t.Errorf("parallelism change flagged as immutable: %+v", f)
		}
	}
	if out, err := env.Kubectl(ctx, "apply", "-f", same); err != nil {
		t.Errorf("kubectl apply of a mutable change failed: %v %s", err, out)
	}
}

// TestLintAgainstClusterRemovedFields: a Job applied with a podFailurePolicy (client-side, and
// server-side by kubectl and by another field manager), then linted with --against-cluster from a
// manifest without it. Apply would remove the field, which the server rejects as immutable:
// lint must say so, and the server must agree (the real apply of the same manifest fails).
// A Job that was created, not applied, keeps the field on apply: no finding, and apply succeeds.
func TestLintAgainstClusterRemovedFields(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	dir := t.TempDir()
	write := func(name string, withPolicy bool) string {
		body := `apiVersion: batch/v1
kind: Job
metadata:
  name: ` + name + `
  namespace: ` + ns + `
spec:
  suspend: true
  ttlSecondsAfterFinished: 600
`
		if withPolicy {
			body += `  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes: {operator: In, values: [42]}
`
		}
		body += `  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
`
		p := filepath.Join(dir, fmt.Sprintf("%s-%v.yaml", name, withPolicy))
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	immutable := func(res result) bool {
		for _, f := range findings(t, res.out).Findings {
			if f.Rule == "job-immutable-field" && f.Path == "spec.podFailurePolicy" {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		name      string
		create    []string // how the Job with the policy comes to be
		lintFlags []string
		apply     []string // the apply the user would run next
		removed   bool     // whether that apply removes the policy
	}{
		{"client-side", []string{"apply"}, nil, []string{"apply"}, true},
		{"server-side", []string{"apply", "--server-side"}, nil, []string{"apply", "--server-side"}, true},
		{"server-side-manager", []string{"apply", "--server-side", "--field-manager=ci-bot"}, []string{"--field-manager=ci-bot"},
			[]string{"apply", "--server-side", "--field-manager=ci-bot"}, true},
		{"created", []string{"create"}, nil, []string{"apply"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			name := "rm-" + c.name
			if out, err := env.Kubectl(ctx, append(c.create, "-f", write(name, true))...); err != nil {
				t.Fatalf("kubectl %v: %v\n%s", c.create, err, out)
			}
			without := write(name, false)
			res := run(t, append([]string{"lint", "-f", without, "--against-cluster", "-o", "json"}, c.lintFlags...)...)
			if got := immutable(res); got != c.removed {
				t.Errorf("lint reports removing spec.podFailurePolicy: %v, want %v (exit %d)\n%s\n%s", got, c.removed, res.code, res.out, res.err)
			}
			out, err := env.Kubectl(ctx, append(c.apply, "-f", without)...)
			rejected := err != nil && strings.Contains(string(out), "field is immutable")
			if rejected != c.removed {
				t.Errorf("the server on kubectl %v: rejected as immutable %v, want %v: %v\n%s", c.apply, rejected, c.removed, err, out)
			}
		})
	}
}
