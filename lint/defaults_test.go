package lint

import (
	"reflect"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// TestDefaultedSharesNothingItWrites checks the copy-on-write defaulting on a Job whose every
// defaulted part is present: the result carries the defaults, the input is untouched, and the
// Job's labels default to the template's labels including the generated ones, as on the server.
func TestDefaultedSharesNothingItWrites(t *testing.T) {
	job := &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "j"},
		Spec: batchv1.JobSpec{
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"a": "b"}},
			PodFailurePolicy: &batchv1.PodFailurePolicy{Rules: []batchv1.PodFailurePolicyRule{{
				Action: batchv1.PodFailurePolicyActionIgnore, OnPodConditions: []batchv1.PodFailurePolicyOnPodConditionsPattern{{Type: "DisruptionTarget"}}}}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"a": "b"}},
				Spec: corev1.PodSpec{
					InitContainers: []corev1.Container{{Name: "i", Image: "x"}},
					Containers:     []corev1.Container{{Name: "c", Image: "x:latest", Ports: []corev1.ContainerPort{{ContainerPort: 80}}}},
				},
			},
		},
	}
	before := job.DeepCopy()
	got := defaulted(&Object{Job: job}, true, kubeversion.Default()).Job
	if !reflect.DeepEqual(job, before) {
		t.Fatalf("defaulting modified its input:\n%+v", job)
	}
	s := got.Spec
	if s.PodFailurePolicy.Rules[0].OnPodConditions[0].Status != corev1.ConditionTrue ||
		s.Template.Spec.Containers[0].Ports[0].Protocol != corev1.ProtocolTCP ||
		s.Template.Spec.Containers[0].ImagePullPolicy != corev1.PullAlways ||
		s.Template.Spec.InitContainers[0].TerminationMessagePath == "" ||
		s.Selector.MatchLabels[LabelControllerUID] != PlaceholderUID ||
		s.Template.Labels[LabelJobName] != "j" {
		t.Errorf("defaults missing: %+v", s)
	}
	if got.Labels[LabelJobName] != "j" || got.Labels["a"] != "b" {
		t.Errorf("job labels = %v, want the template's labels with the generated ones", got.Labels)
	}
}
