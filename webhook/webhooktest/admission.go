package webhooktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/kubectl-batch/kubectl-batch/lint"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// CronJob is a nightly report CronJob in namespace ns (may be "") that no rule denies: time
// zone Europe/Berlin, startingDeadlineSeconds 60, concurrency Forbid, backoffLimit 2, a TTL of an
// hour and restartPolicy Never; apiVersion and kind are set. mutate changes it, in order.
func CronJob(ns, name string, mutate ...func(*batchv1.CronJob)) *batchv1.CronJob {
	cj := &batchv1.CronJob{
		TypeMeta:   metav1.TypeMeta{APIVersion: "batch/v1", Kind: lint.KindCronJob},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: batchv1.CronJobSpec{
			Schedule:                "30 3 * * *",
			TimeZone:                ptr.To("Europe/Berlin"),
			StartingDeadlineSeconds: ptr.To[int64](60),
			ConcurrencyPolicy:       batchv1.ForbidConcurrent,
			JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{
				BackoffLimit:            ptr.To[int32](2),
				TTLSecondsAfterFinished: ptr.To[int32](3600),
				Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
					RestartPolicy: corev1.RestartPolicyNever,
					Containers:    []corev1.Container{{Name: "report", Image: "registry.example.com/reporting/nightly:2.3.0"}},
				}},
			}},
		},
	}
	for _, m := range mutate {
		m(cj)
	}
	return cj
}

// Job is a migration Job in namespace ns (may be "") that no rule denies: backoffLimit 2, a TTL
// of an hour and restartPolicy Never; apiVersion and kind are set. mutate changes it, in order.
func Job(ns, name string, mutate ...func(*batchv1.Job)) *batchv1.Job {
	j := &batchv1.Job{
		TypeMeta:   metav1.TypeMeta{APIVersion: "batch/v1", Kind: lint.KindJob},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: batchv1.JobSpec{
			BackoffLimit:            ptr.To[int32](2),
			TTLSecondsAfterFinished: ptr.To[int32](3600),
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				RestartPolicy: corev1.RestartPolicyNever,
				Containers:    []corev1.Container{{Name: "migrate", Image: "registry.example.com/migrate:1.0"}},
			}},
		},
	}
	for _, m := range mutate {
		m(j)
	}
	return j
}

// Kind returns "Job" or "CronJob" for a *batchv1.Job or *batchv1.CronJob; it panics on
// anything else.
func Kind(obj runtime.Object) string {
	switch obj.(type) {
	case *batchv1.Job:
		return lint.KindJob
	case *batchv1.CronJob:
		return lint.KindCronJob
	}
	panic(fmt.Sprintf("not a Job or CronJob: %T", obj))
}

// Meta returns the metadata of a *batchv1.Job or *batchv1.CronJob; it panics on anything else.
func Meta(obj runtime.Object) *metav1.ObjectMeta {
	switch o := obj.(type) {
	case *batchv1.Job:
		return &o.ObjectMeta
	case *batchv1.CronJob:
		return &o.ObjectMeta
	}
	panic(fmt.Sprintf("not a Job or CronJob: %T", obj))
}

// Defaulted returns a copy of the Job or CronJob obj with the API server's defaults applied
// (lint's table of them, which test/conformance checks against the server) and apiVersion and
// kind set, as admission sees a created object.
func Defaulted(obj runtime.Object) runtime.Object {
	switch o := obj.(type) {
	case *batchv1.Job:
		j := lint.Defaulted(lint.NewJobObject(o, lint.Source{}), kubeversion.Default()).Job
		j.APIVersion, j.Kind = "batch/v1", lint.KindJob
		return j
	case *batchv1.CronJob:
		cj := lint.Defaulted(lint.NewCronJobObject(o, lint.Source{}), kubeversion.Default()).CronJob
		cj.APIVersion, cj.Kind = "batch/v1", lint.KindCronJob
		return cj
	}
	panic(fmt.Sprintf("not a Job or CronJob: %T", obj))
}

// Request builds the admission request the API server sends the webhook for operation op on the
// Job or CronJob obj (old is the stored object of an UPDATE, else nil). DryRun is left unset.
func Request(t testing.TB, op admissionv1.Operation, obj, old runtime.Object) admission.Request {
	t.Helper()
	raw := func(o runtime.Object) runtime.RawExtension {
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		return runtime.RawExtension{Raw: b}
	}
	kind := Kind(obj)
	m := Meta(obj)
	req := admission.Request{AdmissionRequest: admissionv1.AdmissionRequest{
		UID:       "webhooktest",
		Kind:      metav1.GroupVersionKind{Group: "batch", Version: "v1", Kind: kind},
		Resource:  metav1.GroupVersionResource{Group: "batch", Version: "v1", Resource: strings.ToLower(kind) + "s"},
		Namespace: m.Namespace, Name: m.Name, Operation: op, Object: raw(obj),
	}}
	if old != nil {
		req.OldObject = raw(old)
	}
	return req
}

// DecodePolicies splits the output of "kubectl batch policy export" (YAML documents or JSON
// objects) into its policies and bindings; anything else in it fails t.
func DecodePolicies(t testing.TB, stream []byte) ([]admissionregistrationv1.ValidatingAdmissionPolicy, []admissionregistrationv1.ValidatingAdmissionPolicyBinding) {
	t.Helper()
	var policies []admissionregistrationv1.ValidatingAdmissionPolicy
	var bindings []admissionregistrationv1.ValidatingAdmissionPolicyBinding
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(stream), 4096)
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		var tm metav1.TypeMeta
		if err := json.Unmarshal(raw, &tm); err != nil {
			t.Fatal(err)
		}
		switch tm.Kind {
		case "ValidatingAdmissionPolicy":
			var p admissionregistrationv1.ValidatingAdmissionPolicy
			if err := json.Unmarshal(raw, &p); err != nil {
				t.Fatal(err)
			}
			policies = append(policies, p)
		case "ValidatingAdmissionPolicyBinding":
			var b admissionregistrationv1.ValidatingAdmissionPolicyBinding
			if err := json.Unmarshal(raw, &b); err != nil {
				t.Fatal(err)
			}
			bindings = append(bindings, b)
		default:
			t.Fatalf("unexpected %s in the export:\n%s", tm.Kind, raw)
		}
	}
	return policies, bindings
}
