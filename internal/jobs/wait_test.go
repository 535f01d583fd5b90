package jobs

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

func waitTestJob(ns, name string, conds ...batchv1.JobConditionType) *batchv1.Job {
	job := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: map[string]string{"app": "etl"}}}
	for _, c := range conds {
		job.Status.Conditions = append(job.Status.Conditions, batchv1.JobCondition{Type: c, Status: corev1.ConditionTrue, Reason: string(c) + "Reason"})
	}
	return job
}

func TestJobOutcome(t *testing.T) {
	tests := []struct {
		conds []batchv1.JobConditionType
		want  Outcome
	}{
		{nil, OutcomeRunning},
		{[]batchv1.JobConditionType{batchv1.JobSuccessCriteriaMet}, OutcomeRunning},
		{[]batchv1.JobConditionType{batchv1.JobFailureTarget}, OutcomeRunning},
		{[]batchv1.JobConditionType{batchv1.JobSuccessCriteriaMet, batchv1.JobComplete}, OutcomeComplete},
		{[]batchv1.JobConditionType{batchv1.JobFailureTarget, batchv1.JobFailed}, OutcomeFailed},
	}
	for _, tt := range tests {
		got, cond := JobOutcome(waitTestJob("ns", "x", tt.conds...))
		if got != tt.want || (got.Finished() && cond == nil) {
			t.Errorf("%v: %v %v, want %v", tt.conds, got, cond, tt.want)
		}
	}
	job := waitTestJob("ns", "x", batchv1.JobFailed)
	job.Status.Conditions[0].Status = corev1.ConditionFalse
	if got, _ := JobOutcome(job); got != OutcomeRunning {
		t.Errorf("Failed=False: %v", got)
	}
}

// A fake clientset only stands in for the API here; test/e2e proves the waiting on a real
// control plane.
func TestJobWaiterFinishesOnUpdate(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client := fake.NewClientset(waitTestJob("ns", "a"), waitTestJob("ns", "b"), waitTestJob("ns", "other"))
	var mu sync.Mutex
	var changes [][]JobState
	w := &JobWaiter{Client: client, Namespace: "ns", Names: []string{"a", "b"}, OnChange: func(s []JobState) {
		mu.Lock()
		defer mu.Unlock()
		changes = append(changes, s)
	}}
	done := make(chan struct{})
	var (
		states []JobState
		err    error
	)
	go func() { states, err = w.Wait(ctx); close(done) }()
	// Once the watch has seen both, finish them.
	waitFor(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(changes) > 0 && len(changes[len(changes)-1]) == 2
	})
	for name, c := range map[string]batchv1.JobConditionType{"a": batchv1.JobComplete, "b": batchv1.JobFailed} {
		if _, err := client.BatchV1().Jobs("ns").UpdateStatus(ctx, waitTestJob("ns", name, c), metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != 2 || states[0].Name != "a" || states[0].Outcome != OutcomeComplete || states[1].Outcome != OutcomeFailed || states[1].Condition.Reason != "FailedReason" {
		t.Errorf("states = %+v", states)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestJobWaiterAlreadyFinishedAndErrors(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client := fake.NewClientset(waitTestJob("ns", "done", batchv1.JobComplete), waitTestJob("ns", "running"))

	states, err := (&JobWaiter{Client: client, Namespace: "ns", Names: []string{"done"}}).Wait(ctx)
	if err != nil || len(states) != 1 || states[0].Outcome != OutcomeComplete {
		t.Errorf("finished Job: %+v %v", states, err)
	}
	_, err = (&JobWaiter{Client: client, Namespace: "ns", Names: []string{"done", "nope", "gone"}}).Wait(ctx)
	if err == nil || err.Error() != "job/nope, job/gone not found in namespace ns" {
		t.Errorf("missing Jobs: %v", err)
	}
	_, err = (&JobWaiter{Client: client, Namespace: "ns", Selector: "app=none"}).Wait(ctx)
	if err == nil || !strings.Contains(err.Error(), `no jobs match the selector "app=none"`) {
		t.Errorf("empty selector: %v", err)
	}

	short, cancelShort := context.WithTimeout(ctx, 1500*time.Millisecond)
	defer cancelShort()
	states, err = (&JobWaiter{Client: client, Namespace: "ns", Selector: "app=etl"}).Wait(short)
	if !errors.Is(err, context.DeadlineExceeded) || len(states) != 2 {
		t.Errorf("timeout: %+v %v", states, err)
	}

	forbidden := fake.NewClientset()
	forbidden.PrependReactor("list", "jobs", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(batchv1.Resource("jobs"), "", errors.New("no"))
	})
	start := time.Now()
	_, err = (&JobWaiter{Client: forbidden, Namespace: "ns", Names: []string{"x"}}).Wait(ctx)
	if err == nil || !strings.Contains(err.Error(), "permission to list jobs.batch in namespace ns") {
		t.Errorf("forbidden: %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("forbidden list took %s: it must fail at once, not retry", time.Since(start))
	}
}

func TestJobWaiterDeleted(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client := fake.NewClientset(waitTestJob("ns", "a"))
	seen := make(chan struct{}, 10)
	w := &JobWaiter{Client: client, Namespace: "ns", Names: []string{"a"}, OnChange: func([]JobState) { seen <- struct{}{} }}
	done := make(chan struct{})
	var states []JobState
	var err error
	go func() { states, err = w.Wait(ctx); close(done) }()
	<-seen
	if err := client.BatchV1().Jobs("ns").Delete(ctx, "a", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	<-done
	if err != nil || len(states) != 1 || states[0].Outcome != OutcomeDeleted {
		t.Errorf("deleted: %+v %v", states, err)
	}
}

func TestJobWaiterFailFast(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client := fake.NewClientset(waitTestJob("ns", "a"), waitTestJob("ns", "b", batchv1.JobFailed))

	// Named Jobs: b failed already, a runs on; fail-fast returns at once with both states.
	states, err := (&JobWaiter{Client: client, Namespace: "ns", Names: []string{"a", "b"}, FailFast: true}).Wait(ctx)
	if err != nil || len(states) != 2 || states[0].Outcome != OutcomeRunning || states[1].Outcome != OutcomeFailed {
		t.Errorf("fail-fast, named: %+v %v", states, err)
	}
	// A selector, and a Job that fails while waiting.
	client = fake.NewClientset(waitTestJob("ns", "a"), waitTestJob("ns", "c"))
	seen := make(chan struct{}, 10)
	w := &JobWaiter{Client: client, Namespace: "ns", Selector: "app=etl", FailFast: true, OnChange: func([]JobState) { seen <- struct{}{} }}
	done := make(chan struct{})
	go func() { states, err = w.Wait(ctx); close(done) }()
	<-seen
	if _, err := client.BatchV1().Jobs("ns").UpdateStatus(ctx, waitTestJob("ns", "c", batchv1.JobFailed), metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	<-done
	if err != nil || len(states) != 2 || states[0].Outcome != OutcomeRunning || states[1].Outcome != OutcomeFailed {
		t.Errorf("fail-fast, selector: %+v %v", states, err)
	}
	// Without fail-fast the wait goes on while a runs.
	short, cancelShort := context.WithTimeout(ctx, time.Second)
	defer cancelShort()
	if _, err := (&JobWaiter{Client: client, Namespace: "ns", Selector: "app=etl"}).Wait(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("without fail-fast: %v, want the timeout", err)
	}
}
