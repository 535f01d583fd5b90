package applied

import (
	"encoding/json"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func job(mutate func(*batchv1.Job)) *batchv1.Job {
	j := &batchv1.Job{
		TypeMeta:   metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"},
		ObjectMeta: metav1.ObjectMeta{Name: "migrate", Namespace: "ns"},
		Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever,
			Containers: []corev1.Container{{Name: "main", Image: "busybox:1.36",
				Env: []corev1.EnvVar{{Name: "A", Value: "1"}, {Name: "B", Value: "2"}}}},
		}}},
	}
	if mutate != nil {
		mutate(j)
	}
	return j
}

var failFast = &batchv1.PodFailurePolicy{Rules: []batchv1.PodFailurePolicyRule{{
	Action:      batchv1.PodFailurePolicyActionFailJob,
	OnExitCodes: &batchv1.PodFailurePolicyOnExitCodesRequirement{Operator: batchv1.PodFailurePolicyOnExitCodesOpIn, Values: []int32{42}},
}}}

func withPolicy(j *batchv1.Job) { j.Spec.PodFailurePolicy = failFast }

// lastApplied records m as client-side apply does.
func lastApplied(t *testing.T, m *batchv1.Job) func(*batchv1.Job) {
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return func(j *batchv1.Job) { j.Annotations = map[string]string{LastAppliedAnnotation: string(b)} }
}

// managed records a managedFields entry.
func managed(manager string, op metav1.ManagedFieldsOperationType, fields string) func(*batchv1.Job) {
	return func(j *batchv1.Job) {
		j.ManagedFields = append(j.ManagedFields, metav1.ManagedFieldsEntry{Manager: manager, Operation: op,
			APIVersion: "batch/v1", FieldsType: "FieldsV1", FieldsV1: metav1.NewFieldsV1(fields)})
	}
}

// ownedByApply is what "kubectl apply --server-side" of job(withPolicy) records.
const ownedByApply = `{"f:spec":{"f:podFailurePolicy":{".":{},"f:rules":{}},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"main\"}":{".":{},"f:env":{".":{},"k:{\"name\":\"A\"}":{".":{},"f:name":{},"f:value":{}},"k:{\"name\":\"B\"}":{".":{},"f:name":{},"f:value":{}}},"f:image":{},"f:name":{}}},"f:restartPolicy":{}}}}}`

func all(fs ...func(*batchv1.Job)) func(*batchv1.Job) {
	return func(j *batchv1.Job) {
		for _, f := range fs {
			f(j)
		}
	}
}

func TestMerge(t *testing.T) {
	dropB := func(j *batchv1.Job) {
		j.Spec.Template.Spec.Containers[0].Env = j.Spec.Template.Spec.Containers[0].Env[:1]
	}
	for _, c := range []struct {
		name         string
		live         *batchv1.Job
		manifest     *batchv1.Job
		manager      string
		how          How
		wantPolicy   bool
		wantEnvNames int
	}{
		{"client-side: a field dropped from the manifest is removed",
			job(all(withPolicy, lastApplied(t, job(withPolicy)))), job(nil), "", ClientSide, false, 2},
		{"client-side: a field another writer set is kept",
			job(all(withPolicy, lastApplied(t, job(nil)))), job(nil), "", ClientSide, true, 2},
		{"client-side: an env var dropped from the manifest is removed",
			job(lastApplied(t, job(nil))), job(dropB), "", ClientSide, false, 1},
		{"server-side: a field the applier owned is removed",
			job(all(withPolicy, managed("kubectl", metav1.ManagedFieldsOperationApply, ownedByApply))), job(nil), "", ServerSide, false, 2},
		{"server-side: an env var the applier owned is removed, the container kept",
			job(all(withPolicy, managed("kubectl", metav1.ManagedFieldsOperationApply, ownedByApply))), job(all(withPolicy, dropB)), "", ServerSide, true, 1},
		{"server-side: a field another manager also owns is kept",
			job(all(withPolicy, managed("kubectl", metav1.ManagedFieldsOperationApply, ownedByApply),
				managed("ops", metav1.ManagedFieldsOperationUpdate, `{"f:spec":{"f:podFailurePolicy":{"f:rules":{}}}}`))), job(nil), "", ServerSide, true, 2},
		{"server-side by another field manager: named, it removes",
			job(all(withPolicy, managed("argocd-controller", metav1.ManagedFieldsOperationApply, ownedByApply))), job(nil), "argocd-controller", ServerSide, false, 2},
		{"server-side by another field manager: not named, nothing is removed",
			job(all(withPolicy, managed("argocd-controller", metav1.ManagedFieldsOperationApply, ownedByApply))), job(nil), "", MergeOnly, true, 2},
		{"an Update entry of the manager is not an apply",
			job(all(withPolicy, managed("kubectl", metav1.ManagedFieldsOperationUpdate, ownedByApply))), job(nil), "", MergeOnly, true, 2},
		{"no record of an apply: merged, nothing removed",
			job(withPolicy), job(dropB), "", MergeOnly, true, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got batchv1.Job
			how, err := Merge(c.live, c.manifest, c.manager, &got)
			if err != nil {
				t.Fatal(err)
			}
			if how != c.how {
				t.Errorf("simulated %q, want %q", how, c.how)
			}
			if (got.Spec.PodFailurePolicy != nil) != c.wantPolicy {
				t.Errorf("podFailurePolicy %+v, want present=%v", got.Spec.PodFailurePolicy, c.wantPolicy)
			}
			if n := len(got.Spec.Template.Spec.Containers); n != 1 {
				t.Fatalf("%d containers, want 1", n)
			}
			if n := len(got.Spec.Template.Spec.Containers[0].Env); n != c.wantEnvNames {
				t.Errorf("env %+v, want %d variables", got.Spec.Template.Spec.Containers[0].Env, c.wantEnvNames)
			}
			if got.Spec.Template.Spec.Containers[0].Image != "busybox:1.36" {
				t.Errorf("image %q: the manifest's fields must stay", got.Spec.Template.Spec.Containers[0].Image)
			}
		})
	}
}

func TestMergeBadManagedFields(t *testing.T) {
	live := job(managed("kubectl", metav1.ManagedFieldsOperationApply, `{"f:spec":`))
	var got batchv1.Job
	if _, err := Merge(live, job(nil), "", &got); err == nil {
		t.Error("unreadable managedFields accepted")
	}
}
