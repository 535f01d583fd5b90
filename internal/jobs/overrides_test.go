package jobs

import (
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

func overridesTestJob(containers ...string) *batchv1.Job {
	job := JobFromCronJob(triggerTestCronJob("ns", "nightly"), "nightly-1", true)
	job.Spec.Template.Spec.Containers = nil
	for _, c := range containers {
		job.Spec.Template.Spec.Containers = append(job.Spec.Template.Spec.Containers, corev1.Container{
			Name: c, Image: c + ":1", Command: []string{"/bin/" + c}, Args: []string{"--old"},
			Env: []corev1.EnvVar{{Name: "KEEP", Value: "k"}, {Name: "MODE", Value: "old"}},
		})
	}
	return job
}

// TestOverridesChangeExactlyWhatTheySay: each override changes its field and nothing else.
func TestOverridesChangeExactlyWhatTheySay(t *testing.T) {
	base := overridesTestJob("main")
	for _, tc := range []struct {
		name string
		ov   Overrides
		want func(j *batchv1.Job)
	}{
		{"none", Overrides{}, func(*batchv1.Job) {}},
		{"env replaces in place and appends", Overrides{Env: []string{"MODE=full", "DATE=2026-12-01", "EMPTY="}}, func(j *batchv1.Job) {
			c := &j.Spec.Template.Spec.Containers[0]
			c.Env = []corev1.EnvVar{{Name: "KEEP", Value: "k"}, {Name: "MODE", Value: "full"}, {Name: "DATE", Value: "2026-12-01"}, {Name: "EMPTY"}}
		}},
		{"value with =", Overrides{Env: []string{"Q=a=b"}}, func(j *batchv1.Job) {
			c := &j.Spec.Template.Spec.Containers[0]
			c.Env = append(c.Env, corev1.EnvVar{Name: "Q", Value: "a=b"})
		}},
		{"image of the only container", Overrides{Images: []string{"busybox:1.37"}}, func(j *batchv1.Job) {
			j.Spec.Template.Spec.Containers[0].Image = "busybox:1.37"
		}},
		{"image by name", Overrides{Images: []string{"main=reg.example/main@sha256:abc"}}, func(j *batchv1.Job) {
			j.Spec.Template.Spec.Containers[0].Image = "reg.example/main@sha256:abc"
		}},
		{"command replaces command and args", Overrides{Command: []string{"sh", "-c", "echo hi"}}, func(j *batchv1.Job) {
			c := &j.Spec.Template.Spec.Containers[0]
			c.Command, c.Args = []string{"sh", "-c", "echo hi"}, nil
		}},
		{"args keep the command", Overrides{Command: []string{"--date=x"}, AsArgs: true}, func(j *batchv1.Job) {
			j.Spec.Template.Spec.Containers[0].Args = []string{"--date=x"}
		}},
		{"labels and annotations on the Job", Overrides{Labels: []string{"run=adhoc", "team=ops"}, Annotations: []string{"reason=backfill 2026-11"}}, func(j *batchv1.Job) {
			j.Labels["run"], j.Labels["team"] = "adhoc", "ops"
			j.Annotations["reason"] = "backfill 2026-11"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, want := base.DeepCopy(), base.DeepCopy()
			if err := tc.ov.Apply(got); err != nil {
				t.Fatal(err)
			}
			tc.want(want)
			if !apiequality.Semantic.DeepEqual(got, want) {
				t.Errorf("got %+v\nwant %+v", got.Spec.Template.Spec.Containers, want.Spec.Template.Spec.Containers)
			}
		})
	}
}

func TestOverridesSeveralContainers(t *testing.T) {
	job := overridesTestJob("main", "sidecar")
	if err := (Overrides{Env: []string{"X=1"}, Images: []string{"sidecar=proxy:2"}}).Apply(job); err != nil {
		t.Fatal(err)
	}
	cs := job.Spec.Template.Spec.Containers
	if cs[0].Env[2].Name != "X" || cs[1].Env[2].Name != "X" || cs[1].Image != "proxy:2" || cs[0].Image != "main:1" {
		t.Errorf("containers %+v", cs)
	}
	err := (Overrides{Images: []string{"x:1"}}).Apply(overridesTestJob("main", "sidecar"))
	if err == nil || !strings.Contains(err.Error(), "2 containers (main, sidecar)") || !strings.Contains(err.Error(), "--container") {
		t.Errorf("unnamed image with two containers: %v", err)
	}
	err = (Overrides{Images: []string{"nope=x:1"}}).Apply(overridesTestJob("main", "sidecar"))
	if err == nil || !strings.Contains(err.Error(), `no container "nope"`) {
		t.Errorf("unknown container: %v", err)
	}
	job = overridesTestJob("main", "sidecar")
	if err := (Overrides{Container: "sidecar", Command: []string{"true"}}).Apply(job); err != nil || job.Spec.Template.Spec.Containers[1].Command[0] != "true" {
		t.Errorf("--container: %v %+v", err, job.Spec.Template.Spec.Containers)
	}
	job = overridesTestJob("main", "sidecar")
	job.Spec.Template.Annotations = map[string]string{DefaultContainerAnnotation: "sidecar"}
	if err := (Overrides{Images: []string{"y:2"}}).Apply(job); err != nil || job.Spec.Template.Spec.Containers[1].Image != "y:2" {
		t.Errorf("default-container annotation: %v %+v", err, job.Spec.Template.Spec.Containers)
	}
}

func TestOverridesValidate(t *testing.T) {
	for _, tc := range []struct {
		ov   Overrides
		want string
	}{
		{Overrides{Env: []string{"NOVALUE"}}, "--env \"NOVALUE\": want NAME=VALUE"},
		{Overrides{Env: []string{"1X=a"}}, "not a valid variable name"},
		{Overrides{Images: []string{"main="}}, "want IMAGE or CONTAINER=IMAGE"},
		{Overrides{Labels: []string{"a=b c"}}, "--set-label \"a=b c\": invalid value"},
		{Overrides{Labels: []string{"bad key=x"}}, "invalid key"},
		{Overrides{Annotations: []string{"x"}}, "want KEY=VALUE"},
		{Overrides{AsArgs: true}, "--args needs the arguments after --"},
	} {
		if err := tc.ov.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.ov, err, tc.want)
		}
	}
}

func TestJobForRerun(t *testing.T) {
	manual := false
	block := true
	old := overridesTestJob("main")
	old.UID, old.ResourceVersion, old.CreationTimestamp = "old-uid", "42", metav1.Now()
	old.OwnerReferences[0].BlockOwnerDeletion = &block
	old.Labels["batch.kubernetes.io/job-name"], old.Labels["controller-uid"] = "nightly-1", "old-uid"
	old.Annotations["kubectl.kubernetes.io/last-applied-configuration"] = "{}"
	old.Spec.ManualSelector = &manual
	old.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"batch.kubernetes.io/controller-uid": "old-uid"}}
	old.Spec.Template.Labels = map[string]string{"batch.kubernetes.io/controller-uid": "old-uid", "job-name": "nightly-1", "app": "report"}
	old.Status.Succeeded = 1

	job := JobForRerun(old, "nightly-1-rerun-abcde")
	if job.Name != "nightly-1-rerun-abcde" || job.Namespace != "ns" || job.UID != "" || job.ResourceVersion != "" || !job.CreationTimestamp.IsZero() {
		t.Errorf("identity copied: %+v", job.ObjectMeta)
	}
	if job.Spec.Selector != nil || job.Spec.ManualSelector != nil || job.Status.Succeeded != 0 {
		t.Errorf("selector %v manualSelector %v status %+v", job.Spec.Selector, job.Spec.ManualSelector, job.Status)
	}
	if len(job.Spec.Template.Labels) != 1 || job.Spec.Template.Labels["app"] != "report" || job.Labels["team"] != "data" || len(job.Labels) != 1 {
		t.Errorf("labels: job %v, template %v", job.Labels, job.Spec.Template.Labels)
	}
	if job.Annotations[InstantiateAnnotation] != "manual" || job.Annotations["owner"] != "me" || job.Annotations["kubectl.kubernetes.io/last-applied-configuration"] != "" {
		t.Errorf("annotations %v", job.Annotations)
	}
	if len(job.OwnerReferences) != 1 || job.OwnerReferences[0].BlockOwnerDeletion != nil || old.OwnerReferences[0].BlockOwnerDeletion == nil {
		t.Errorf("ownerReferences %+v (old %+v)", job.OwnerReferences, old.OwnerReferences)
	}
	if old.Spec.Selector == nil || old.Spec.Template.Labels["job-name"] == "" {
		t.Error("the old Job was changed")
	}
	// A Job that chose its own selector keeps it and its labels.
	own := true
	old.Spec.ManualSelector = &own
	if job := JobForRerun(old, "x"); job.Spec.Selector == nil || job.Spec.Template.Labels["job-name"] == "" {
		t.Errorf("manualSelector: selector %v, labels %v", job.Spec.Selector, job.Spec.Template.Labels)
	}
}

func TestGenerateRerunName(t *testing.T) {
	for _, base := range []string{"nightly", "nightly-manual-abcde", strings.Repeat("a", 63)} {
		got := GenerateRerunName(base)
		if len(got) > 63 || len(validation.IsDNS1123Label(got)) > 0 || !strings.Contains(got[len(got)-12:], "-rerun-") {
			t.Errorf("GenerateRerunName(%q) = %q", base, got)
		}
	}
	if got := GenerateRerunName("nightly-manual-abcde"); !strings.HasPrefix(got, "nightly-manual-abcde-rerun-") {
		t.Errorf("base changed: %q", got)
	}
}
