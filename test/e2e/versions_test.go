//go:build integration

package e2e

import (
	"context"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
)

// suspendedJob is a suspended Job without resources; resizedManifest is the same Job with a CPU
// request, a change kube-apiserver 1.36+ allows on a suspended Job and 1.32 rejects as immutable.
func suspendedJob(ns string) *batchv1.Job {
	return &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "resize", Namespace: ns},
		Spec: batchv1.JobSpec{
			Suspend: ptr(true),
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				RestartPolicy: corev1.RestartPolicyNever,
				Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
			}},
		},
	}
}

const resizedManifest = `apiVersion: batch/v1
kind: Job
metadata: {name: resize, namespace: NS}
spec:
  suspend: true
  ttlSecondsAfterFinished: 600
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        resources: {requests: {cpu: 250m}}
`

func createSuspended(t *testing.T, c kubernetes.Interface, ns string) {
	t.Helper()
	if _, err := c.BatchV1().Jobs(ns).Create(context.Background(), suspendedJob(ns), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func countRequests(res result, target string) int {
	n := 0
	for _, r := range requestTargets(res) {
		if r == target {
			n++
		}
	}
	return n
}

// TestLiveCommandsDecideForTheServersVersion: --against-cluster, --live and live explain ask
// the API server its version (one GET /version) and apply that version's rules: against a real
// kube-apiserver 1.32 a resources change of a suspended Job is immutable, against 1.37 it is
// allowed; --kubernetes-version wins without asking.
func TestLiveCommandsDecideForTheServersVersion(t *testing.T) {
	old := testenv.StartVersionFor(t, "1.32")
	oldNS, newNS := old.Namespace(t), env.Namespace(t)
	createSuspended(t, old.Client, oldNS)
	createSuspended(t, env.Client, newNS)
	onOld := func(args ...string) result { return execute(append(args, "--kubeconfig", old.Kubeconfig)) }

	m := twManifest(t, strings.Replace(resizedManifest, "NS", oldNS, 1))
	res := onOld("lint", "-f", m, "--against-cluster")
	twExpect(t, res, 1, []string{"job-immutable-field", "1 resource checked for Kubernetes 1.32"}, nil)
	if n := countRequests(res, "GET /version"); n != 1 {
		t.Errorf("lint --against-cluster on 1.32: %d GET /version requests, want 1 (%v)", n, requestTargets(res))
	}
	res = onOld("lint", "-f", m, "--against-cluster", "--kubernetes-version", "1.37")
	twExpect(t, res, 0, []string{"1 resource checked for Kubernetes 1.37"}, nil)
	if strings.Contains(res.out, "job-immutable-field") || countRequests(res, "GET /version") != 0 {
		t.Errorf("--kubernetes-version 1.37 must win without asking the server:\n%s\n%v", res.out, requestTargets(res))
	}

	res = run(t, "lint", "-f", twManifest(t, strings.Replace(resizedManifest, "NS", newNS, 1)), "--against-cluster")
	twExpect(t, res, 0, []string{"1 resource checked for Kubernetes 1.37"}, nil)
	if strings.Contains(res.out, "job-immutable-field") {
		t.Errorf("1.37 allows resources of a suspended Job to change:\n%s", res.out)
	}

	res = onOld("lint", "--live", "-n", oldNS)
	twExpect(t, res, 0, []string{"1 resource checked for Kubernetes 1.32"}, nil)
	twExpect(t, onOld("explain", "job/resize", "-n", oldNS), 0, []string{"as Kubernetes 1.32 handles it"}, nil)
	twExpect(t, onOld("lint", "--live", "-n", oldNS, "--kubernetes-version", "1.31"), 2, nil, []string{"1.32, 1.33, 1.34, 1.35, 1.36, 1.37"})
}
