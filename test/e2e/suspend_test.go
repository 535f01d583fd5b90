//go:build integration

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// suspendCronJob is a CronJob that never fires during a test (once a year).
func suspendCronJob(ns, name string, labels map[string]string) *batchv1.CronJob {
	return &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: labels},
		Spec: batchv1.CronJobSpec{
			Schedule: "0 0 1 1 *", TimeZone: ptr("Etc/UTC"),
			JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				RestartPolicy: corev1.RestartPolicyNever,
				Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
			}}}},
		},
	}
}

// requestTargets returns "METHOD resource/name" for each recorded request (query dropped).
func requestTargets(res result) []string {
	var out []string
	for _, r := range res.requests {
		method, rest, _ := strings.Cut(r, " ")
		path, _, _ := strings.Cut(rest, "?")
		parts := strings.Split(path, "/")
		// /apis/batch/v1/namespaces/NS/RESOURCE[/NAME]
		if len(parts) >= 7 {
			out = append(out, method+" "+strings.Join(parts[6:], "/"))
		} else {
			out = append(out, method+" "+path)
		}
	}
	return out
}

func checkRun(t *testing.T, res result, code int, stdout string, requests ...string) {
	t.Helper()
	if res.code != code || res.out != stdout {
		t.Errorf("exit %d, stdout %q, want %d and %q\nstderr: %s", res.code, res.out, code, stdout, res.err)
	}
	if requests != nil {
		if got := requestTargets(res); strings.Join(got, ", ") != strings.Join(requests, ", ") {
			t.Errorf("API requests %v, want %v", got, requests)
		}
	}
}

func TestSuspendResume(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	cjs := env.Client.BatchV1().CronJobs(ns)
	for _, cj := range []*batchv1.CronJob{
		suspendCronJob(ns, "nightly", nil),
		suspendCronJob(ns, "team-a", map[string]string{"team": "x"}),
		suspendCronJob(ns, "team-b", map[string]string{"team": "x"}),
	} {
		if _, err := cjs.Create(ctx, cj, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	suspended := func(name string) bool {
		t.Helper()
		cj, err := cjs.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return cj.Spec.Suspend != nil && *cj.Spec.Suspend
	}

	t.Run("cronjob", func(t *testing.T) {
		checkRun(t, run(t, "suspend", "cronjob/nightly", "-n", ns), 0, "cronjob.batch/nightly suspended\n",
			"GET cronjobs/nightly", "PATCH cronjobs/nightly")
		if !suspended("nightly") {
			t.Fatal("nightly is not suspended")
		}
		// Idempotent: one GET, no PATCH.
		checkRun(t, run(t, "suspend", "cj", "nightly", "-n", ns), 0, "cronjob.batch/nightly already suspended\n",
			"GET cronjobs/nightly")
		checkRun(t, run(t, "resume", "cronjobs.batch/nightly", "-n", ns), 0, "cronjob.batch/nightly resumed\n",
			"GET cronjobs/nightly", "PATCH cronjobs/nightly")
		if suspended("nightly") {
			t.Fatal("nightly is still suspended")
		}
		checkRun(t, run(t, "resume", "cronjob/nightly", "-n", ns), 0, "cronjob.batch/nightly not suspended (nothing to resume)\n",
			"GET cronjobs/nightly")
	})

	t.Run("dry run", func(t *testing.T) {
		checkRun(t, run(t, "suspend", "cronjob/nightly", "-n", ns, "--dry-run=client"), 0,
			"cronjob.batch/nightly suspended (dry run)\n", "GET cronjobs/nightly")
		res := run(t, "suspend", "cronjob/nightly", "-n", ns, "--dry-run=server")
		checkRun(t, res, 0, "cronjob.batch/nightly suspended (server dry run)\n", "GET cronjobs/nightly", "PATCH cronjobs/nightly")
		if len(res.requests) == 2 && !strings.Contains(res.requests[1], "dryRun=All") {
			t.Errorf("server dry run PATCH without dryRun=All: %s", res.requests[1])
		}
		if suspended("nightly") {
			t.Error("a dry run suspended nightly")
		}
		res = run(t, "suspend", "cronjob/nightly", "-n", ns, "--dry-run=server", "-o", "yaml")
		if res.code != 0 || !strings.Contains(res.out, "kind: CronJob") || !strings.Contains(res.out, "suspend: true") {
			t.Errorf("-o yaml: exit %d\n%s\n%s", res.code, res.out, res.err)
		}
		if res := run(t, "suspend", "cronjob/nightly", "-n", ns, "--dry-run=maybe"); res.code != 2 {
			t.Errorf("--dry-run=maybe: exit %d, want 2", res.code)
		}
	})

	t.Run("selector and all", func(t *testing.T) {
		checkRun(t, run(t, "suspend", "cronjobs", "-l", "team=x", "-n", ns), 0,
			"cronjob.batch/team-a suspended\ncronjob.batch/team-b suspended\n",
			"GET cronjobs", "PATCH cronjobs/team-a", "PATCH cronjobs/team-b")
		if !suspended("team-a") || !suspended("team-b") || suspended("nightly") {
			t.Fatal("-l team=x changed the wrong CronJobs")
		}
		checkRun(t, run(t, "resume", "cj", "--all", "-n", ns, "-o", "name"), 0,
			"cronjob.batch/nightly\ncronjob.batch/team-a\ncronjob.batch/team-b\n",
			"GET cronjobs", "PATCH cronjobs/team-a", "PATCH cronjobs/team-b")
		if suspended("team-a") || suspended("team-b") {
			t.Fatal("--all did not resume")
		}
		res := run(t, "suspend", "jobs", "-l", "nothing=here", "-n", ns)
		if res.code != 0 || !strings.Contains(res.err, "No jobs found in "+ns+" namespace") {
			t.Errorf("empty selection: exit %d, stderr %q", res.code, res.err)
		}
		for _, args := range [][]string{
			{"suspend", "cronjob/nightly", "-l", "team=x"},
			{"suspend", "cronjobs", "-l", "team=x", "--all"},
			{"suspend", "cronjobs"},
		} {
			if res := run(t, append(args, "-n", ns)...); res.code != 2 {
				t.Errorf("%v: exit %d, want 2 (usage)\n%s", args, res.code, res.err)
			}
		}
	})

	t.Run("job", func(t *testing.T) {
		job := &batchv1.Job{
			ObjectMeta: metav1.ObjectMeta{Name: "long", Namespace: ns},
			Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{"kwok.x-k8s.io/delay": "600s"}},
				Spec: corev1.PodSpec{
					RestartPolicy: corev1.RestartPolicyNever,
					Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
				}}},
		}
		if _, err := env.Client.BatchV1().Jobs(ns).Create(ctx, job, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		suspendWaitJob(t, ns, "long", func(j *batchv1.Job) bool { return j.Status.Active == 1 })
		res := run(t, "suspend", "job/long", "-n", ns)
		checkRun(t, res, 0, "job.batch/long suspended\n", "GET jobs/long", "PATCH jobs/long")
		if !strings.Contains(res.err, "deletes the 1 active pod of job/long") {
			t.Errorf("no note about the active pod: %q", res.err)
		}
		suspendWaitJob(t, ns, "long", func(j *batchv1.Job) bool {
			for _, c := range j.Status.Conditions {
				if c.Type == batchv1.JobSuspended && c.Status == corev1.ConditionTrue {
					return j.Status.Active == 0
				}
			}
			return false
		})
		checkRun(t, run(t, "suspend", "job/long", "-n", ns), 0, "job.batch/long already suspended\n", "GET jobs/long")
		checkRun(t, run(t, "resume", "job/long", "-n", ns), 0, "job.batch/long resumed\n", "GET jobs/long", "PATCH jobs/long")
		suspendWaitJob(t, ns, "long", func(j *batchv1.Job) bool { return j.Status.Active == 1 })
	})

	t.Run("finished job is left alone", func(t *testing.T) {
		if out, err := env.Kubectl(ctx, "create", "job", "quick", "--image=busybox:1.36", "-n", ns); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		suspendWaitJob(t, ns, "quick", func(j *batchv1.Job) bool {
			for _, c := range j.Status.Conditions {
				if c.Type == batchv1.JobComplete && c.Status == corev1.ConditionTrue {
					return true
				}
			}
			return false
		})
		checkRun(t, run(t, "suspend", "job/quick", "-n", ns), 0,
			"job.batch/quick skipped: it has already finished (Complete): suspending it would change nothing\n", "GET jobs/quick")
	})

	t.Run("errors", func(t *testing.T) {
		res := run(t, "suspend", "cronjob/missing", "cronjob/nightly", "-n", ns)
		if res.code != 2 || !strings.Contains(res.err, "cronjob/missing not found in namespace "+ns) ||
			res.out != "cronjob.batch/nightly suspended\n" {
			t.Errorf("not found among others: exit %d, stdout %q, stderr %q; want 2, nightly still suspended", res.code, res.out, res.err)
		}
		if got := requestTargets(res); strings.Join(got, ", ") != "GET cronjobs/missing, GET cronjobs/nightly, PATCH cronjobs/nightly" {
			t.Errorf("requests %v", got)
		}
		if res := run(t, "resume", "deployment/web", "-n", ns); res.code != 2 || !strings.Contains(res.err, "wrong kind") || len(res.requests) != 0 {
			t.Errorf("wrong kind: exit %d, stderr %q, requests %v", res.code, res.err, res.requests)
		}
		nobody := "system:serviceaccount:" + ns + ":nobody"
		res = run(t, "resume", "cronjob/nightly", "-n", ns, "--as", nobody)
		if res.code != 2 || !strings.Contains(res.err, "forbidden: you need RBAC permission to get cronjobs.batch in namespace "+ns) {
			t.Errorf("forbidden: exit %d, stderr %q", res.code, res.err)
		}
		res = run(t, "resume", "cronjobs", "--all", "-n", ns, "--as", nobody)
		if res.code != 2 || !strings.Contains(res.err, "list cronjobs.batch") {
			t.Errorf("forbidden list: exit %d, stderr %q", res.code, res.err)
		}

		// A reader may get but not patch: the message names the missing verb.
		role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "reader", Namespace: ns},
			Rules: []rbacv1.PolicyRule{{APIGroups: []string{"batch"}, Resources: []string{"cronjobs"}, Verbs: []string{"get", "list"}}}}
		binding := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "reader", Namespace: ns},
			RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "reader"},
			Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "reader", Namespace: ns}}}
		if _, err := env.Client.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Client.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		reader := "system:serviceaccount:" + ns + ":reader"
		deadline := time.Now().Add(10 * time.Second) // RBAC changes reach the authorizer's cache quickly, not instantly
		for {
			res = run(t, "resume", "cronjob/nightly", "-n", ns, "--as", reader)
			if strings.Contains(res.err, "patch cronjobs.batch") || time.Now().After(deadline) {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if res.code != 2 || !strings.Contains(res.err, "forbidden: you need RBAC permission to patch cronjobs.batch in namespace "+ns) {
			t.Errorf("get allowed, patch forbidden: exit %d, stderr %q", res.code, res.err)
		}
	})
}

// suspendWaitJob polls the Job until ok returns true, failing the test after 60 seconds.
func suspendWaitJob(t *testing.T, ns, name string, ok func(*batchv1.Job) bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		j, err := env.Client.BatchV1().Jobs(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err == nil && ok(j) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s/%s did not reach the expected state in 60s (last: %+v, err %v)", ns, name, j.Status, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
