//go:build integration

package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// twSameJobs fails the test unless a and b are the same Job once twNormalize drops identity.
func twSameJobs(t *testing.T, what string, a, b *batchv1.Job) {
	t.Helper()
	na, nb := twNormalize(a), twNormalize(b)
	if !apiequality.Semantic.DeepEqual(na, nb) {
		ja, _ := json.MarshalIndent(na, "", "  ")
		jb, _ := json.MarshalIndent(nb, "", "  ")
		t.Errorf("%s: the Jobs differ\nwant:\n%s\ngot:\n%s", what, ja, jb)
	}
}

func twGetJob(t *testing.T, ns, name string) *batchv1.Job {
	t.Helper()
	j, err := env.Client.BatchV1().Jobs(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// TestTriggerWithOverrides: trigger with --env, --image, a command after --, --set-label and
// --annotation creates the Job `kubectl create job --from` creates plus exactly those changes;
// --dry-run=client -o yaml prints that Job and creates nothing; an unnamed --image on two
// containers is refused naming them.
func TestTriggerWithOverrides(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ns := env.Namespace(t)
	twCronJob(t, ns, "report", map[string]string{"kwok.x-k8s.io/delay": "1s"}, func(cj *batchv1.CronJob) {
		cj.Spec.JobTemplate.Labels = map[string]string{"team": "data"}
		c := &cj.Spec.JobTemplate.Spec.Template.Spec.Containers[0]
		c.Command, c.Args = []string{"report"}, []string{"--daily"}
		c.Env = []corev1.EnvVar{{Name: "MODE", Value: "daily"}, {Name: "KEEP", Value: "yes"}}
	})
	if out, err := env.Kubectl(ctx, "create", "job", "by-kubectl", "--from=cronjob/report", "-n", ns); err != nil {
		t.Fatalf("kubectl create job: %v\n%s", err, out)
	}
	overrides := []string{"--env", "MODE=full", "--env", "DATE=2026-11-30", "--image", "busybox:1.37",
		"--set-label", "run=backfill", "--annotation", "reason=missed run", "--", "report", "--full"}
	res := run(t, append([]string{"trigger", "cronjob/report", "-n", ns, "--name", "by-batch"}, overrides...)...)
	twExpect(t, res, 0, []string{"job.batch/by-batch created"}, nil)

	want := twGetJob(t, ns, "by-kubectl")
	c := &want.Spec.Template.Spec.Containers[0]
	c.Env = []corev1.EnvVar{{Name: "MODE", Value: "full"}, {Name: "KEEP", Value: "yes"}, {Name: "DATE", Value: "2026-11-30"}}
	c.Image, c.Command, c.Args = "busybox:1.37", []string{"report", "--full"}, nil
	want.Labels["run"], want.Annotations["reason"] = "backfill", "missed run"
	got := twGetJob(t, ns, "by-batch")
	twSameJobs(t, "kubectl create job --from plus the overrides vs trigger with overrides", want, got)

	t.Run("args keep the command", func(t *testing.T) {
		res := run(t, "trigger", "cronjob/report", "-n", ns, "--name", "args-only", "--args", "--", "--date=2026-11-30")
		twExpect(t, res, 0, nil, nil)
		c := twGetJob(t, ns, "args-only").Spec.Template.Spec.Containers[0]
		if strings.Join(c.Command, " ") != "report" || strings.Join(c.Args, " ") != "--date=2026-11-30" {
			t.Errorf("command %q args %q", c.Command, c.Args)
		}
	})
	t.Run("client dry run prints the Job", func(t *testing.T) {
		res := run(t, append([]string{"trigger", "cronjob/report", "-n", ns, "--name", "dry", "--dry-run=client", "-o", "yaml"}, overrides...)...)
		twExpect(t, res, 0, nil, nil)
		var printed batchv1.Job
		if err := yaml.UnmarshalStrict([]byte(res.out), &printed); err != nil {
			t.Fatalf("decoding the printed Job: %v\n%s", err, res.out)
		}
		pc := printed.Spec.Template.Spec.Containers[0]
		if pc.Image != "busybox:1.37" || strings.Join(pc.Command, " ") != "report --full" || printed.Labels["run"] != "backfill" || len(pc.Env) != 3 {
			t.Errorf("printed Job: %s", res.out)
		}
		if _, err := env.Client.BatchV1().Jobs(ns).Get(ctx, "dry", metav1.GetOptions{}); err == nil {
			t.Error("--dry-run=client created the Job")
		}
	})
	t.Run("several containers", func(t *testing.T) {
		twCronJob(t, ns, "two", nil, func(cj *batchv1.CronJob) {
			spec := &cj.Spec.JobTemplate.Spec.Template.Spec
			spec.Containers = append(spec.Containers, corev1.Container{Name: "helper", Image: "busybox:1.36"})
		})
		twExpect(t, run(t, "trigger", "cronjob/two", "-n", ns, "--image", "busybox:1.37"), 2, nil,
			[]string{"cronjob/two: --image busybox:1.37: the pod template has 2 containers (main, helper): say which with --container NAME"})
		res := run(t, "trigger", "cronjob/two", "-n", ns, "--name", "two-helper", "--image", "helper=busybox:1.37")
		twExpect(t, res, 0, nil, nil)
		if cs := twGetJob(t, ns, "two-helper").Spec.Template.Spec.Containers; cs[0].Image != "busybox:1.36" || cs[1].Image != "busybox:1.37" {
			t.Errorf("containers %+v", cs)
		}
	})
}

// TestRerun: rerun creates a new Job from a finished Job's spec (the generated selector and
// labels dropped, the manual annotation added, the CronJob ownership kept), waits for it with
// --wait, applies overrides, and exits 2 for a missing Job.
func TestRerun(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	cj := twCronJob(t, ns, "nightly", map[string]string{"kwok.x-k8s.io/delay": "1s"})
	twExpect(t, run(t, "trigger", "cronjob/nightly", "-n", ns, "--name", "first", "--wait"), 0, []string{"complete"}, nil)
	old := twGetJob(t, ns, "first")

	res := run(t, "rerun", "job/first", "-n", ns, "--wait")
	twExpect(t, res, 0, []string{"created", "complete"}, nil)
	var name string
	for _, l := range strings.Split(res.out, "\n") {
		if n, ok := strings.CutSuffix(strings.TrimPrefix(l, "job.batch/"), " created"); ok {
			name = n
		}
	}
	if !strings.HasPrefix(name, "first-rerun-") {
		t.Fatalf("new Job name %q, want first-rerun-*; output:\n%s", name, res.out)
	}
	again := twGetJob(t, ns, name)
	if again.Spec.Selector == nil || again.Spec.Selector.MatchLabels["batch.kubernetes.io/controller-uid"] != string(again.UID) {
		t.Errorf("selector %v: want the server's new one", again.Spec.Selector)
	}
	if again.Annotations["cronjob.kubernetes.io/instantiate"] != "manual" || len(again.OwnerReferences) != 1 || again.OwnerReferences[0].UID != cj.UID {
		t.Errorf("annotations %v, ownerReferences %+v", again.Annotations, again.OwnerReferences)
	}
	if again.Status.Succeeded != 1 {
		t.Errorf("the rerun did not complete: %+v", again.Status)
	}
	twSameJobs(t, "the old Job vs its rerun", old, again)

	t.Run("with overrides and a name", func(t *testing.T) {
		res := run(t, "rerun", "job/first", "-n", ns, "--name", "first-b", "--env", "DRY_RUN=false")
		twExpect(t, res, 0, []string{"job.batch/first-b created"}, nil)
		if env := twGetJob(t, ns, "first-b").Spec.Template.Spec.Containers[0].Env; len(env) != 1 || env[0].Value != "false" {
			t.Errorf("env %+v", env)
		}
	})
	t.Run("not found", func(t *testing.T) {
		twExpect(t, run(t, "rerun", "job/nope", "-n", ns), 2, nil, []string{"job/nope not found in namespace " + ns})
	})
}
