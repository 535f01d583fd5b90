package jobs

import (
	"context"
	"regexp"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

func triggerTestCronJob(ns, name string) *batchv1.CronJob {
	return &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, UID: "cj-uid", Labels: map[string]string{"not": "copied"}},
		Spec: batchv1.CronJobSpec{
			Schedule: "0 3 * * *",
			JobTemplate: batchv1.JobTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"team": "data"}, Annotations: map[string]string{"owner": "me"}},
				Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
					RestartPolicy: corev1.RestartPolicyNever,
					Containers:    []corev1.Container{{Name: "main", Image: "busybox"}},
				}}},
			},
		},
	}
}

func TestGenerateJobName(t *testing.T) {
	re := regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?-manual-[a-z0-9]{5}$`)
	for _, base := range []string{"nightly", strings.Repeat("a", 52), strings.Repeat("b", 49) + "-x", "with.dots.v1", "x-", ""} {
		got := GenerateJobName(base)
		if len(got) > 63 || !re.MatchString(got) || len(validation.IsDNS1123Label(got)) > 0 {
			t.Errorf("GenerateJobName(%q) = %q: not a DNS label of at most 63 characters", base, got)
		}
	}
	if a, b := GenerateJobName("x"), GenerateJobName("x"); a == b {
		t.Errorf("two generated names are equal: %s", a)
	}
}

func TestJobFromCronJob(t *testing.T) {
	cj := triggerTestCronJob("ns", "nightly")
	job := JobFromCronJob(cj, "nightly-1", true)
	if job.Name != "nightly-1" || job.Namespace != "ns" {
		t.Errorf("name/namespace = %s/%s", job.Namespace, job.Name)
	}
	if job.Labels["team"] != "data" || job.Labels["not"] != "" {
		t.Errorf("labels = %v, want the template's", job.Labels)
	}
	if job.Annotations["owner"] != "me" || job.Annotations[InstantiateAnnotation] != "manual" {
		t.Errorf("annotations = %v", job.Annotations)
	}
	if len(job.OwnerReferences) != 1 {
		t.Fatalf("ownerReferences = %v", job.OwnerReferences)
	}
	ref := job.OwnerReferences[0]
	if ref.Kind != "CronJob" || ref.Name != "nightly" || ref.UID != "cj-uid" || ref.Controller == nil || !*ref.Controller || ref.BlockOwnerDeletion != nil {
		t.Errorf("ownerReference = %+v, want kubectl's (controller, no blockOwnerDeletion)", ref)
	}
	// No sharing with the CronJob.
	job.Labels["team"] = "changed"
	job.Spec.Template.Spec.Containers[0].Image = "changed"
	if cj.Spec.JobTemplate.Labels["team"] != "data" || cj.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Image != "busybox" {
		t.Error("the Job shares memory with the CronJob")
	}
	if got := JobFromCronJob(cj, "x", false); len(got.OwnerReferences) != 0 {
		t.Errorf("owned=false: ownerReferences = %v", got.OwnerReferences)
	}
}

func TestTriggerAPICalls(t *testing.T) {
	ctx := context.Background()
	for _, dry := range []DryRun{DryRunNone, DryRunServer, DryRunClient} {
		client := fake.NewClientset(triggerTestCronJob("ns", "nightly"))
		res, err := Trigger(ctx, client, "ns", "nightly", "", Overrides{}, CreateOptions{DryRun: dry})
		if err != nil {
			t.Fatalf("%s: %v", dry, err)
		}
		if !strings.HasPrefix(res.Job.Name, "nightly-manual-") {
			t.Errorf("%s: name %q", dry, res.Job.Name)
		}
		acts := client.Actions()
		want := 2
		if dry == DryRunClient {
			want = 1
		}
		if len(acts) != want {
			t.Fatalf("%s: %d API calls, want %d: %v", dry, len(acts), want, acts)
		}
		if acts[0].GetVerb() != "get" || acts[0].GetResource().Resource != "cronjobs" {
			t.Errorf("%s: first call %v", dry, acts[0])
		}
		if dry == DryRunClient {
			continue
		}
		create := acts[1].(k8stesting.CreateActionImpl)
		opts := create.GetCreateOptions()
		if dry == DryRunServer && (len(opts.DryRun) != 1 || opts.DryRun[0] != metav1.DryRunAll) {
			t.Errorf("server dry run: create options %+v", opts)
		}
		if dry == DryRunNone && len(opts.DryRun) != 0 {
			t.Errorf("no dry run: create options %+v", opts)
		}
	}
}

func TestTriggerErrors(t *testing.T) {
	ctx := context.Background()
	client := fake.NewClientset()
	_, err := Trigger(ctx, client, "ns", "missing", "", Overrides{}, CreateOptions{})
	if err == nil || err.Error() != "cronjob/missing not found in namespace ns" {
		t.Errorf("not found: %v", err)
	}

	// A generated name that is taken is replaced; a given one is not.
	client = fake.NewClientset(triggerTestCronJob("ns", "nightly"))
	calls := 0
	client.PrependReactor("create", "jobs", func(a k8stesting.Action) (bool, runtime.Object, error) {
		calls++
		if calls == 1 {
			return true, nil, apierrors.NewAlreadyExists(batchv1.Resource("jobs"), "taken")
		}
		return false, nil, nil
	})
	if _, err := Trigger(ctx, client, "ns", "nightly", "", Overrides{}, CreateOptions{}); err != nil || calls != 2 {
		t.Errorf("generated name collision: err %v after %d creates", err, calls)
	}
	calls = 0
	_, err = Trigger(ctx, client, "ns", "nightly", "given", Overrides{}, CreateOptions{})
	if err == nil || !strings.Contains(err.Error(), "create job/given in namespace ns") || calls != 1 {
		t.Errorf("given name collision: %v after %d creates", err, calls)
	}
}

func TestParseDryRun(t *testing.T) {
	for in, want := range map[string]DryRun{"": DryRunNone, "none": DryRunNone, "Client": DryRunClient, "server": DryRunServer} {
		if got, err := ParseDryRun(in); err != nil || got != want {
			t.Errorf("ParseDryRun(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseDryRun("true"); err == nil {
		t.Error("ParseDryRun(true) accepted")
	}
}
