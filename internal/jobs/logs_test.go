package jobs

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
)

func jobWithSelector(name string, uid types.UID) *batchv1.Job {
	return &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns", UID: uid},
		Spec: batchv1.JobSpec{
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"batch.kubernetes.io/controller-uid": string(uid)}},
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "main"}, {Name: "side"}}}},
		},
	}
}

func jobPod(name string, job *batchv1.Job, created time.Time, phase corev1.PodPhase, containers ...string) *corev1.Pod {
	controller := true
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns", CreationTimestamp: metav1.NewTime(created),
			Labels:          map[string]string{"batch.kubernetes.io/controller-uid": string(job.UID)},
			OwnerReferences: []metav1.OwnerReference{{Kind: "Job", Name: job.Name, UID: job.UID, Controller: &controller}}},
		Status: corev1.PodStatus{Phase: phase},
	}
	for _, c := range containers {
		pod.Spec.Containers = append(pod.Spec.Containers, corev1.Container{Name: c})
	}
	return pod
}

func TestPrintOrdersAndPrefixes(t *testing.T) {
	job := jobWithSelector("etl", "uid-1")
	other := jobWithSelector("other", "uid-2")
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	client := fake.NewClientset(
		jobPod("etl-retry", job, t0.Add(time.Minute), corev1.PodSucceeded, "main"),
		jobPod("etl-first", job, t0, corev1.PodFailed, "main"),
		jobPod("etl-two", job, t0.Add(2*time.Minute), corev1.PodRunning, "main", "side"),
		jobPod("etl-pending", job, t0.Add(3*time.Minute), corev1.PodPending, "main"),
		jobPod("other-pod", other, t0, corev1.PodSucceeded, "main"),
	)
	var out, errOut bytes.Buffer
	p := &LogPrinter{Client: client, Namespace: "ns", Out: &out, ErrOut: &errOut}
	if err := p.Print(context.Background(), []*batchv1.Job{job}); err != nil {
		t.Fatal(err)
	}
	// The fake clientset answers every log request with "fake logs".
	want := "[etl-first] fake logs\n[etl-retry] fake logs\n[etl-two/main] fake logs\n[etl-two/side] fake logs\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	if !strings.Contains(errOut.String(), "pod/etl-pending is Pending: no logs yet") {
		t.Errorf("stderr: %q", errOut.String())
	}

	out.Reset()
	p.Options = LogOptions{Container: "side", NoPrefix: false}
	if err := p.Print(context.Background(), []*batchv1.Job{job}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "[etl-first] fake logs\n") {
		t.Errorf("-c side: %q", out.String())
	}
	p.Options = LogOptions{Container: "nope"}
	if err := p.Print(context.Background(), []*batchv1.Job{job}); err == nil || !strings.Contains(err.Error(), `container "nope" is not in the pods of job/etl; they have: main, side`) {
		t.Errorf("unknown container: %v", err)
	}
}

func TestJobsOfCronJob(t *testing.T) {
	cj := triggerTestCronJob("ns", "nightly")
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	mk := func(name string, created time.Time, owner types.UID) *batchv1.Job {
		j := JobFromCronJob(cj, name, owner != "")
		if owner != "" {
			j.OwnerReferences[0].UID = owner
		}
		j.CreationTimestamp = metav1.NewTime(created)
		return j
	}
	client := fake.NewClientset(mk("new", t0.Add(time.Hour), cj.UID), mk("old", t0, cj.UID), mk("foreign", t0.Add(2*time.Hour), "x"), mk("loose", t0, ""))
	got, err := JobsOfCronJob(context.Background(), client, cj)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "old" || got[1].Name != "new" {
		t.Errorf("jobs = %v", jobNames(got))
	}
}

func TestPodSelector(t *testing.T) {
	sel, err := PodSelector(&batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "x"}})
	if err != nil || sel.String() != LabelJobName+"=x" {
		t.Errorf("no selector: %v %v", sel, err)
	}
	sel, err = PodSelector(jobWithSelector("x", "u"))
	if err != nil || sel.String() != "batch.kubernetes.io/controller-uid=u" {
		t.Errorf("selector: %v %v", sel, err)
	}
}

func TestFollowPicksUpPodsAndStops(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	job := jobWithSelector("etl", "uid-1")
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	client := fake.NewClientset(jobPod("etl-1", job, t0, corev1.PodFailed, "main"))
	var out, errOut bytes.Buffer
	p := &LogPrinter{Client: client, Namespace: "ns", Out: &out, ErrOut: &errOut, Options: LogOptions{Drain: 100 * time.Millisecond}}
	finished := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- p.Follow(ctx, job, finished) }()
	// A retry shows up while following; a pending pod has no logs to stream yet.
	if _, err := client.CoreV1().Pods("ns").Create(ctx, jobPod("etl-2", job, t0.Add(time.Second), corev1.PodRunning, "main"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.CoreV1().Pods("ns").Create(ctx, jobPod("etl-3", job, t0.Add(2*time.Second), corev1.PodPending, "main"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	close(finished)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	got := out.String()
	p.mu.Unlock()
	if !strings.Contains(got, "[etl-1] fake logs\n") || !strings.Contains(got, "[etl-2] fake logs\n") || strings.Contains(got, "etl-3") {
		t.Errorf("output %q", got)
	}
}
