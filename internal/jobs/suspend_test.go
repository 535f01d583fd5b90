package jobs

import (
	"context"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

func suspendFixtures() *fake.Clientset {
	cj := func(name string, suspended bool, labels map[string]string) *batchv1.CronJob {
		return &batchv1.CronJob{
			ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns", Labels: labels, CreationTimestamp: metav1.NewTime(t0.Add(-time.Hour))},
			Spec:       batchv1.CronJobSpec{Schedule: "*/10 * * * *", Suspend: ptrTo(suspended)},
		}
	}
	running := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "running", Namespace: "ns"},
		Spec: batchv1.JobSpec{Suspend: ptrTo(false)}, Status: batchv1.JobStatus{Active: 2}}
	done := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "done", Namespace: "ns"},
		Spec:   batchv1.JobSpec{Suspend: ptrTo(false)},
		Status: batchv1.JobStatus{Conditions: []batchv1.JobCondition{{Type: batchv1.JobComplete, Status: corev1.ConditionTrue}}}}
	return fake.NewClientset(
		cj("nightly", false, map[string]string{"team": "x"}),
		cj("weekly", true, map[string]string{"team": "x"}),
		cj("other", false, nil),
		running, done)
}

func actions(c *fake.Clientset) []string {
	var out []string
	for _, a := range c.Actions() {
		s := a.GetVerb() + " " + a.GetResource().Resource
		if p, ok := a.(k8stesting.PatchAction); ok {
			s += " " + string(p.GetPatch())
		}
		out = append(out, s)
	}
	c.ClearActions()
	return out
}

func TestSetSuspend(t *testing.T) {
	ctx := context.Background()
	c := suspendFixtures()
	refs := []Ref{{KindCronJob, "nightly"}, {KindCronJob, "weekly"}, {KindCronJob, "missing"}, {KindJob, "running"}, {KindJob, "done"}}
	changes := SetSuspend(ctx, c.BatchV1(), "ns", refs, SuspendOptions{Suspend: true})
	var got []string
	for _, ch := range changes {
		s := ch.Ref.String()
		switch {
		case ch.Err != nil:
			s += " error: " + ch.Err.Error()
		case ch.Skipped != "":
			s += " skipped"
		case ch.Changed:
			s += " changed"
		default:
			s += " unchanged"
		}
		got = append(got, s)
	}
	want := []string{
		"cronjob/nightly changed",
		"cronjob/weekly unchanged",
		"cronjob/missing error: cronjob/missing not found in namespace ns",
		"job/running changed",
		"job/done skipped",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// One GET per object, one merge PATCH per changed object.
	wantCalls := []string{
		"get cronjobs", `patch cronjobs {"spec":{"suspend":true}}`,
		"get cronjobs",
		"get cronjobs",
		"get jobs", `patch jobs {"spec":{"suspend":true}}`,
		"get jobs",
	}
	if calls := actions(c); strings.Join(calls, "\n") != strings.Join(wantCalls, "\n") {
		t.Errorf("API calls\n%s\nwant\n%s", strings.Join(calls, "\n"), strings.Join(wantCalls, "\n"))
	}
	if len(changes[3].Notes) != 1 || !strings.Contains(changes[3].Notes[0], "2 active pods") {
		t.Errorf("notes for the running job: %q", changes[3].Notes)
	}
	stored, _ := c.BatchV1().CronJobs("ns").Get(ctx, "nightly", metav1.GetOptions{})
	if !*stored.Spec.Suspend {
		t.Errorf("nightly not suspended")
	}
	if obj := changes[0].Object.(*batchv1.CronJob); !*obj.Spec.Suspend {
		t.Errorf("the returned object is not the patched one")
	}
}

func TestSetSuspendDryRun(t *testing.T) {
	ctx := context.Background()
	c := suspendFixtures()
	changes := SetSuspend(ctx, c.BatchV1(), "ns", []Ref{{KindCronJob, "nightly"}}, SuspendOptions{Suspend: true, DryRun: DryRunClient})
	if !changes[0].Changed || !*changes[0].Object.(*batchv1.CronJob).Spec.Suspend {
		t.Errorf("client dry run: %+v", changes[0])
	}
	if calls := actions(c); strings.Join(calls, ",") != "get cronjobs" {
		t.Errorf("client dry run made %v, want only the GET", calls)
	}
	stored, _ := c.BatchV1().CronJobs("ns").Get(ctx, "nightly", metav1.GetOptions{})
	if *stored.Spec.Suspend {
		t.Errorf("client dry run changed the object")
	}
}

func TestSetSuspendSelected(t *testing.T) {
	ctx := context.Background()
	c := suspendFixtures()
	changes, err := SetSuspendSelected(ctx, c.BatchV1(), "ns", KindCronJob, "team=x", SuspendOptions{Suspend: false, Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ch := range changes {
		got = append(got, ch.Ref.String()+" "+map[bool]string{true: "changed", false: "unchanged"}[ch.Changed])
	}
	if strings.Join(got, ",") != "cronjob/nightly unchanged,cronjob/weekly changed" {
		t.Errorf("got %v", got)
	}
	if calls := actions(c); strings.Join(calls, ",") != `list cronjobs,patch cronjobs {"spec":{"suspend":false}}` {
		t.Errorf("API calls %v, want one LIST and one PATCH", calls)
	}
	// weekly never ran and was created an hour before t0: six */10 schedules were missed, and
	// resuming starts a Job at once.
	if len(changes[1].Notes) != 1 || !strings.Contains(changes[1].Notes[0], "missed 6 schedules") {
		t.Errorf("resume notes %q", changes[1].Notes)
	}
}

func TestMissedOnResume(t *testing.T) {
	cj := &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: "x", CreationTimestamp: metav1.NewTime(t0.Add(-time.Hour))},
		Spec: batchv1.CronJobSpec{Schedule: "*/10 * * * *", StartingDeadlineSeconds: ptrTo[int64](300)}}
	cj.Status.LastScheduleTime = ptrTo(metav1.NewTime(t0.Add(-time.Hour)))
	if n := missedOnResume(cj, t0.Add(6*time.Minute)); n != "" {
		t.Errorf("the deadline excludes every missed time, got %q", n)
	}
	if n := missedOnResume(cj, t0.Add(2*time.Minute)); !strings.Contains(n, "missed 1 schedule within startingDeadlineSeconds") {
		t.Errorf("got %q", n)
	}
	cj.Spec.StartingDeadlineSeconds = nil
	cj.Spec.Schedule = "* * * * *"
	if n := missedOnResume(cj, t0.Add(5*time.Hour)); !strings.Contains(n, "more than 100 schedules") {
		t.Errorf("got %q", n)
	}
}
