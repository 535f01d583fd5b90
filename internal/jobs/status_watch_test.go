package jobs

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"
)

// TestExpiredAsEvent: a watch call refused with 410 becomes a watch whose one event is that
// error (which ends client-go's RetryWatcher); other errors and successes pass through.
func TestExpiredAsEvent(t *testing.T) {
	gone := apierrors.NewResourceExpired("too old resource version: 5 (10)")
	w, err := expiredAsEvent(nil, gone)
	if err != nil || w == nil {
		t.Fatalf("got %v, %v: want a watch", w, err)
	}
	ev := <-w.ResultChan()
	st, ok := ev.Object.(*metav1.Status)
	if ev.Type != watch.Error || !ok || st.Code != http.StatusGone {
		t.Errorf("event %+v, want an Error event with code 410", ev)
	}
	w.Stop()

	forbidden := apierrors.NewForbidden(schema.GroupResource{Group: "batch", Resource: "cronjobs"}, "", errors.New("no"))
	if w, err := expiredAsEvent(nil, forbidden); w != nil || !apierrors.IsForbidden(err) {
		t.Errorf("forbidden: got %v, %v; want the error itself", w, err)
	}
	fake := watch.NewFake()
	if w, err := expiredAsEvent(fake, nil); w != fake || err != nil {
		t.Errorf("success: got %v, %v; want the watch itself", w, err)
	}
}

// TestStatusWatchRelistsAfterExpiry: when the server expires a watch's resource version (410
// in the stream), the kind is listed again (replacing what was known: a CronJob deleted
// meanwhile disappears) and watched from the new list's version.
func TestStatusWatchRelistsAfterExpiry(t *testing.T) {
	client := fake.NewClientset()
	cronJob := func(name, rv string) batchv1.CronJob {
		return batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name, ResourceVersion: rv}}
	}
	var mu sync.Mutex
	var watchedFrom []string
	second := watch.NewFake()
	client.PrependWatchReactor("cronjobs", func(a k8stesting.Action) (bool, watch.Interface, error) {
		mu.Lock()
		defer mu.Unlock()
		watchedFrom = append(watchedFrom, a.(k8stesting.WatchActionImpl).WatchRestrictions.ResourceVersion)
		if len(watchedFrom) == 1 {
			expired := watch.NewFake()
			go expired.Error(&metav1.Status{Status: metav1.StatusFailure, Code: http.StatusGone, Reason: metav1.StatusReasonExpired, Message: "too old resource version"})
			return true, expired, nil
		}
		return true, second, nil
	})
	client.PrependReactor("list", "cronjobs", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, &batchv1.CronJobList{ListMeta: metav1.ListMeta{ResourceVersion: "200"}, Items: []batchv1.CronJob{cronJob("kept", "150")}}, nil
	})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sw := WatchStatus(ctx, client, StatusQuery{Namespace: "ns"}, &StatusSnapshot{
		CronJobs: []batchv1.CronJob{cronJob("kept", "90"), cronJob("deleted-meanwhile", "95")}, CronJobsVersion: "100"})
	names := func() string {
		var out []string
		for _, cj := range sw.Snapshot().CronJobs {
			out = append(out, cj.Name)
		}
		return strings.Join(out, ",")
	}
	waitFor := func(want string) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for names() != want {
			select {
			case <-sw.Changed():
			case err := <-sw.Failed():
				t.Fatalf("failed: %v", err)
			case <-deadline:
				t.Fatalf("CronJobs %s, want %s", names(), want)
			}
		}
	}
	waitFor("kept")
	added := cronJob("later", "201")
	second.Add(&added)
	waitFor("kept,later")
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(watchedFrom, ",") != "100,200" {
		t.Errorf("watched from %v, want the first list's version 100, then the new list's 200", watchedFrom)
	}
}

// TestStatusWatchProblems: a watch call that fails is reported by Problems while client-go
// retries it, and no longer once a retry works.
func TestStatusWatchProblems(t *testing.T) {
	client := fake.NewClientset()
	var mu sync.Mutex
	calls := 0
	client.PrependWatchReactor("jobs", func(k8stesting.Action) (bool, watch.Interface, error) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			return true, nil, apierrors.NewServiceUnavailable("the server is restarting")
		}
		return true, watch.NewFake(), nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sw := WatchStatus(ctx, client, StatusQuery{Namespace: "ns"}, &StatusSnapshot{JobsVersion: "100"})
	waitFor := func(want func([]string) bool) []string {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			if p := sw.Problems(); want(p) {
				return p
			}
			select {
			case <-sw.Changed():
			case err := <-sw.Failed():
				t.Fatalf("failed: %v", err)
			case <-deadline:
				t.Fatalf("problems %v after 10s", sw.Problems())
			}
		}
	}
	p := waitFor(func(p []string) bool { return len(p) == 1 })
	if !strings.Contains(p[0], "watching jobs.batch in namespace ns fails (retrying; jobs.batch may be out of date): the server is restarting") {
		t.Errorf("problem %q", p[0])
	}
	waitFor(func(p []string) bool { return len(p) == 0 }) // the retry works
}
