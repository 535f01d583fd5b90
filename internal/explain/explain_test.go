package explain

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

func jobObject(mutate func(*batchv1.JobSpec)) *lint.Object {
	job := &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "j", Namespace: "ns"},
		Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever,
			Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
		}}},
	}
	if mutate != nil {
		mutate(&job.Spec)
	}
	return lint.NewJobObject(job, lint.Source{File: "test.yaml", Line: 1})
}

func build(obj *lint.Object) *Explanation { return Build(Input{Object: obj}, testOptions()) }

func TestPattern(t *testing.T) {
	indexed := batchv1.IndexedCompletion
	tests := []struct {
		name    string
		mutate  func(*batchv1.JobSpec)
		kind    string
		summary string
	}{
		{"defaults", nil, PatternSingle, "Single pod"},
		{"fixed", func(s *batchv1.JobSpec) { s.Completions, s.Parallelism = ptr[int32](5), ptr[int32](2) }, PatternFixed, "5 completions, 2 at a time"},
		{"fixed all at once", func(s *batchv1.JobSpec) { s.Completions, s.Parallelism = ptr[int32](3), ptr[int32](8) }, PatternFixed, "3 completions, all at once."},
		{"fixed all at once, parallelism equal", func(s *batchv1.JobSpec) { s.Completions, s.Parallelism = ptr[int32](3), ptr[int32](3) }, PatternFixed, "3 completions, all at once."},
		{"fixed one at a time", func(s *batchv1.JobSpec) { s.Completions, s.Parallelism = ptr[int32](3), ptr[int32](1) }, PatternFixed, "3 completions, one at a time."},
		{"work queue", func(s *batchv1.JobSpec) { s.Parallelism = ptr[int32](4) }, PatternWorkQueue, "Work queue: 4 pods at a time"},
		{"indexed", func(s *batchv1.JobSpec) {
			s.CompletionMode, s.Completions, s.Parallelism = &indexed, ptr[int32](4), ptr[int32](2)
		}, PatternIndexed, "each index 0..3 must succeed once; 2 at a time"},
		{"no completions", func(s *batchv1.JobSpec) { s.Completions = ptr[int32](0) }, PatternEmpty, "completes at once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := build(jobObject(tt.mutate)).Pattern
			if p.Kind != tt.kind || !strings.Contains(p.Summary, tt.summary) {
				t.Errorf("got %s %q, want %s containing %q", p.Kind, p.Summary, tt.kind, tt.summary)
			}
		})
	}
}

func TestFailureBudget(t *testing.T) {
	t.Run("defaults", func(t *testing.T) {
		f := build(jobObject(nil)).Failure
		if f.BackoffLimit != 6 || f.RetryCount != 6 || len(f.Retries) != 6 || f.BackoffBy != BackoffJobController {
			t.Fatalf("%+v", f)
		}
		// 10+20+40+80+160+320 s, as lint.BackoffTimeline says.
		if f.TotalBackoffSeconds != 630 || f.TotalBackoffSeconds != int64(lint.BackoffTimeline(6)/time.Second) {
			t.Errorf("total %d, want 630", f.TotalBackoffSeconds)
		}
		if f.Retries[5] != (Retry{Retry: 6, DelaySeconds: 320, AfterSeconds: 630}) {
			t.Errorf("retry 6: %+v", f.Retries[5])
		}
		if f.DeadlineCutsShort {
			t.Error("no deadline, but DeadlineCutsShort")
		}
	})
	t.Run("deadline cuts short", func(t *testing.T) {
		f := build(jobObject(func(s *batchv1.JobSpec) { s.ActiveDeadlineSeconds = ptr[int64](120) })).Failure
		if !f.DeadlineCutsShort || f.RetriesBeforeDeadline == nil || *f.RetriesBeforeDeadline != 3 {
			t.Fatalf("%+v", f)
		}
		if s := strings.Join(f.Summary, " "); !strings.Contains(s, "DeadlineExceeded") || !strings.Contains(s, "wins over backoffLimit") {
			t.Errorf("summary does not say the deadline wins: %s", s)
		}
	})
	t.Run("deadline long enough", func(t *testing.T) {
		f := build(jobObject(func(s *batchv1.JobSpec) { s.ActiveDeadlineSeconds = ptr[int64](3600) })).Failure
		if f.DeadlineCutsShort || f.RetriesBeforeDeadline != nil {
			t.Fatalf("%+v", f)
		}
	})
	t.Run("backoff capped at 10 minutes, long limits summarised", func(t *testing.T) {
		f := build(jobObject(func(s *batchv1.JobSpec) { s.BackoffLimit = ptr[int32](30) })).Failure
		if len(f.Retries) != maxListedRetries || f.RetryCount != 30 {
			t.Fatalf("%d retries listed of %d", len(f.Retries), f.RetryCount)
		}
		if f.Retries[9].DelaySeconds != 600 {
			t.Errorf("retry 10 waits %ds, want the 600s cap", f.Retries[9].DelaySeconds)
		}
		var buf bytes.Buffer
		if err := WriteText(&buf, []*Explanation{build(jobObject(func(s *batchv1.JobSpec) { s.BackoffLimit = ptr[int32](30) }))}, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "retries 11-30: 10m each") {
			t.Errorf("text lacks the summarised tail:\n%s", buf.String())
		}
	})
	t.Run("backoffLimit 0", func(t *testing.T) {
		f := build(jobObject(func(s *batchv1.JobSpec) { s.BackoffLimit = ptr[int32](0) })).Failure
		if len(f.Retries) != 0 || f.TotalBackoffSeconds != 0 || !strings.Contains(f.Summary[0], "no retries") {
			t.Fatalf("%+v", f)
		}
	})
	t.Run("OnFailure uses the kubelet's back-off", func(t *testing.T) {
		obj := jobObject(nil)
		obj.Job.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure
		f := build(obj).Failure
		// The 6th restart reaches backoffLimit 6 and is killed as it starts: 5 retries run, the
		// first at once; the limit is reached after 0+10+20+40+80+160 s, as lint's model says.
		if f.BackoffBy != BackoffKubelet || f.RetryCount != 5 || len(f.Retries) != 5 || f.Retries[0].DelaySeconds != 0 || f.Retries[4].DelaySeconds != 80 {
			t.Fatalf("%+v", f)
		}
		if f.TotalBackoffSeconds != 310 || f.TotalBackoffSeconds != int64(lint.BackoffFor(corev1.RestartPolicyOnFailure).TimeToLimit(6)/time.Second) {
			t.Errorf("total %d, want 310", f.TotalBackoffSeconds)
		}
		if !strings.Contains(f.Summary[0], "the first attempt and 5 retries run, and restart 6 is killed as it starts") {
			t.Errorf("budget: %s", f.Summary[0])
		}
	})
	t.Run("OnFailure with backoffLimit 0 or 1: no real retry", func(t *testing.T) {
		for limit, want := range map[int32]string{
			0: "at the container's first restart, which the kubelet starts at once",
			1: "the restart is killed as it starts, so there is no real retry",
		} {
			obj := jobObject(func(s *batchv1.JobSpec) { s.BackoffLimit = ptr(limit) })
			obj.Job.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure
			f := build(obj).Failure
			if f.RetryCount != 0 || len(f.Retries) != 0 || !strings.Contains(f.Summary[0], want) {
				t.Errorf("backoffLimit %d: %+v", limit, f)
			}
		}
	})
	t.Run("per index", func(t *testing.T) {
		indexed := batchv1.IndexedCompletion
		f := build(jobObject(func(s *batchv1.JobSpec) {
			s.CompletionMode, s.Completions, s.BackoffLimitPerIndex = &indexed, ptr[int32](3), ptr[int32](1)
		})).Failure
		if f.RetryCount != 1 || f.BackoffLimitPerIndex == nil || !strings.Contains(strings.Join(f.Summary, " "), "No maxFailedIndexes") {
			t.Fatalf("%+v", f)
		}
	})
	t.Run("pod failure policy", func(t *testing.T) {
		f := build(jobObject(func(s *batchv1.JobSpec) {
			s.PodFailurePolicy = &batchv1.PodFailurePolicy{Rules: []batchv1.PodFailurePolicyRule{
				{Action: batchv1.PodFailurePolicyActionFailJob, OnExitCodes: &batchv1.PodFailurePolicyOnExitCodesRequirement{
					Operator: batchv1.PodFailurePolicyOnExitCodesOpIn, Values: []int32{3, 42}}},
			}}
		})).Failure
		want := []string{"FailJob (fail the Job at once, reason PodFailurePolicy) when any container exits with code 3 or 42"}
		if !reflect.DeepEqual(f.PodFailurePolicy, want) {
			t.Errorf("got %q", f.PodFailurePolicy)
		}
	})
}

func TestCleanup(t *testing.T) {
	if c := build(jobObject(nil)).Cleanup; !c.NeverDeleted || !strings.Contains(c.Summary, "Never deleted automatically") {
		t.Errorf("no TTL: %+v", c)
	}
	if c := build(jobObject(func(s *batchv1.JobSpec) { s.TTLSecondsAfterFinished = ptr[int32](90) })).Cleanup; c.NeverDeleted ||
		!strings.Contains(c.Summary, "deleted 1m30s after it finishes") {
		t.Errorf("TTL: %+v", c)
	}
	owned := jobObject(nil)
	owned.Job.OwnerReferences = []metav1.OwnerReference{{Kind: "CronJob", Name: "nightly", Controller: ptr(true)}}
	if c := build(owned).Cleanup; c.NeverDeleted || c.OwnerCronJob != "nightly" || !strings.Contains(c.Summary, "history limits") {
		t.Errorf("owned by a CronJob: %+v", c)
	}
	if c := build(cronJobObject("@daily", ptr("Etc/UTC"))).Cleanup; deref(c.SuccessfulJobsHistoryLimit) != 3 || deref(c.FailedJobsHistoryLimit) != 1 {
		t.Errorf("CronJob: %+v", c)
	}
}

func TestSpecOrigins(t *testing.T) {
	origins := func(e *Explanation) map[string]string {
		m := map[string]string{}
		for _, f := range e.Spec {
			m[f.Path] = f.Origin + "=" + f.Value
		}
		return m
	}
	job := origins(build(jobObject(func(s *batchv1.JobSpec) { s.BackoffLimit = ptr[int32](2) })))
	for path, want := range map[string]string{
		"spec.backoffLimit":                OriginSet + "=2",
		"spec.parallelism":                 OriginDefault + "=1",
		"spec.completionMode":              OriginDefault + "=NonIndexed",
		"spec.podReplacementPolicy":        OriginDefault + "=TerminatingOrFailed",
		"spec.activeDeadlineSeconds":       OriginUnset + "=",
		"spec.template.spec.restartPolicy": OriginSet + "=Never",
	} {
		if job[path] != want {
			t.Errorf("Job %s: got %q, want %q", path, job[path], want)
		}
	}
	obj := cronJobObject("@daily", nil)
	obj.CronJob.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy = ""
	cj := origins(build(obj))
	for path, want := range map[string]string{
		"spec.concurrencyPolicy":                            OriginDefault + "=Allow",
		"spec.successfulJobsHistoryLimit":                   OriginDefault + "=3",
		"spec.timeZone":                                     OriginUnset + "=",
		"spec.jobTemplate.spec.backoffLimit":                OriginJobDefault + "=6",
		"spec.jobTemplate.spec.podReplacementPolicy":        OriginJobDefault + "=TerminatingOrFailed",
		"spec.jobTemplate.spec.template.spec.restartPolicy": OriginDefault + "=Always",
	} {
		if cj[path] != want {
			t.Errorf("CronJob %s: got %q, want %q", path, cj[path], want)
		}
	}
}

func TestScheduleErrors(t *testing.T) {
	e := build(cronJobObject("0 0 * *", ptr("Etc/UTC")))
	if e.Schedule.Error == "" || len(e.Schedule.Next) != 0 {
		t.Errorf("invalid schedule: %+v", e.Schedule)
	}
	if !hasRule(e.Findings, "schedule-invalid") {
		t.Errorf("findings lack schedule-invalid: %+v", e.Findings)
	}
	e = build(cronJobObject("0 3 * * *", ptr("Mars/Olympus")))
	if !strings.Contains(e.Schedule.Error, "Mars/Olympus") {
		t.Errorf("invalid zone: %+v", e.Schedule)
	}
	// A legacy TZ= prefix (rejected on create, possible in old stored objects) is honoured.
	e = build(cronJobObject("TZ=Asia/Tokyo 0 9 * * *", nil))
	if e.Schedule.Error != "" || e.Schedule.Location != "Asia/Tokyo" || e.Schedule.Next[0].Time.Hour() != 9 {
		t.Errorf("TZ prefix: %+v", e.Schedule)
	}
	// With spec.timeZone set as well, the prefix still wins, as in the CronJob controller (which
	// then ignores spec.timeZone), and as lint decides (schedule.ControllerZone).
	e = build(cronJobObject("TZ=Asia/Tokyo 0 9 * * *", ptr("Europe/Berlin")))
	if e.Schedule.Location != "Asia/Tokyo" || len(e.Schedule.Next) == 0 || e.Schedule.Next[0].Time.Hour() != 9 {
		t.Errorf("TZ prefix with spec.timeZone: %+v", e.Schedule)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, []*Explanation{build(cronJobObject("0 0 * *", ptr("Etc/UTC")))}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "The schedule cannot be used") {
		t.Errorf("text:\n%s", buf.String())
	}
}

func hasRule(fs []lint.Finding, id string) bool {
	for _, f := range fs {
		if f.RuleID == id {
			return true
		}
	}
	return false
}

func TestJobPhase(t *testing.T) {
	cond := func(typ batchv1.JobConditionType) batchv1.JobCondition {
		return batchv1.JobCondition{Type: typ, Status: corev1.ConditionTrue, Reason: string(typ) + "Reason"}
	}
	tests := []struct {
		status  batchv1.JobStatus
		suspend bool
		want    string
	}{
		{batchv1.JobStatus{}, false, PhasePending},
		{batchv1.JobStatus{}, true, PhaseSuspended},
		{batchv1.JobStatus{Active: 2}, false, PhaseRunning},
		{batchv1.JobStatus{Conditions: []batchv1.JobCondition{cond(batchv1.JobSuspended)}}, true, PhaseSuspended},
		{batchv1.JobStatus{Conditions: []batchv1.JobCondition{cond(batchv1.JobFailureTarget)}, Active: 1}, false, PhaseFailing},
		{batchv1.JobStatus{Conditions: []batchv1.JobCondition{cond(batchv1.JobFailureTarget), cond(batchv1.JobFailed)}}, false, PhaseFailed},
		{batchv1.JobStatus{Conditions: []batchv1.JobCondition{cond(batchv1.JobSuccessCriteriaMet)}}, false, PhaseSucceeding},
		{batchv1.JobStatus{Conditions: []batchv1.JobCondition{cond(batchv1.JobSuccessCriteriaMet), cond(batchv1.JobComplete)}}, false, PhaseSucceeded},
		{batchv1.JobStatus{Conditions: []batchv1.JobCondition{{Type: batchv1.JobComplete, Status: corev1.ConditionFalse}}}, false, PhasePending},
	}
	for _, tt := range tests {
		job := &batchv1.Job{Spec: batchv1.JobSpec{Suspend: &tt.suspend}, Status: tt.status}
		if got, _, _ := jobPhase(job); got != tt.want {
			t.Errorf("%+v: got %s, want %s", tt.status, got, tt.want)
		}
	}
}

// TestJSONSchema decodes -o json into the documented types, rejecting unknown fields, and
// checks the top-level keys stay put.
func TestJSONSchema(t *testing.T) {
	exps := append(buildFile(t, "testdata/live-job-failed.yaml"), buildFile(t, "testdata/live-cronjob.yaml")...)
	exps = append(exps, buildFile(t, "testdata/cronjob-newyork-dst.yaml")...)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, exps); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	dec.DisallowUnknownFields()
	var list List
	if err := dec.Decode(&list); err != nil {
		t.Fatalf("-o json does not decode into explain.List: %v", err)
	}
	if list.Kind != "ExplanationList" || len(list.Items) != 3 {
		t.Fatalf("kind %q, %d items", list.Kind, len(list.Items))
	}
	job, cj, manifest := list.Items[0], list.Items[1], list.Items[2]
	if job.JobStatus == nil || job.JobStatus.Phase != PhaseFailed || job.JobStatus.FailureReason != "BackoffLimitExceeded" {
		t.Errorf("job status: %+v", job.JobStatus)
	}
	if len(job.JobStatus.FailedPods) != 2 || job.JobStatus.FailedPods[0].Containers[0].ExitCode != 3 {
		t.Errorf("failed pods: %+v", job.JobStatus.FailedPods)
	}
	if n := len(job.JobStatus.Events); n != 4 {
		t.Errorf("%d events, want the 4 of the Job and its pods", n)
	}
	if cj.CronJobStatus == nil || len(cj.CronJobStatus.Jobs) != 3 || cj.CronJobStatus.LastScheduleTime == nil {
		t.Errorf("cronjob status: %+v", cj.CronJobStatus)
	}
	if len(manifest.Schedule.Next) != DefaultNext || manifest.Schedule.Next[0].Time.Format(time.RFC3339) != "2026-03-02T01:30:00-05:00" {
		t.Errorf("next runs: %+v", manifest.Schedule.Next)
	}

	var raw map[string]any
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	item := raw["items"].([]any)[2].(map[string]any)
	var keys []string
	for k := range item {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := "cleanup failure findings kind kubernetesVersion live name namespace now pattern schedule source spec"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("top-level keys of a manifest's explanation:\n got %s\nwant %s", got, want)
	}
}

func TestFormatting(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 10 * time.Second: "10s", 80 * time.Second: "1m20s", 630 * time.Second: "10m30s",
		time.Hour: "1h", time.Hour + 5*time.Minute + 7*time.Second: "1h5m", 26 * time.Hour: "1d2h", 48 * time.Hour: "2d",
	} {
		if got := fmtDuration(d); got != want {
			t.Errorf("fmtDuration(%v) = %q, want %q", d, got, want)
		}
	}
	lines := wrap("aaa bbb ccc ddd", 7, 5)
	if !reflect.DeepEqual(lines, []string{"aaa bbb", "ccc", "ddd"}) && !reflect.DeepEqual(lines, []string{"aaa bbb", "ccc ddd"}) {
		t.Errorf("wrap: %q", lines)
	}
	long := strings.Repeat("x", 100)
	if got := wrap("a "+long+" b", 70, 70); !reflect.DeepEqual(got, []string{"a", long, "b"}) {
		t.Errorf("a long word must stay whole: %q", got)
	}
}

// TestServerRejectionSaidFirst: an object the API server rejects (a Job without restartPolicy)
// is explained with that said at the top, before anything else; an accepted one is not.
func TestServerRejectionSaidFirst(t *testing.T) {
	bad := build(jobObject(func(s *batchv1.JobSpec) { s.Template.Spec.RestartPolicy = "" }))
	if len(bad.ServerRejects) == 0 || !hasRule(bad.ServerRejects, "restart-policy-invalid") {
		t.Fatalf("serverRejects %+v, want restart-policy-invalid", bad.ServerRejects)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, []*Explanation{bad}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	head, _, _ := strings.Cut(buf.String(), "What it does")
	if len(lines) < 5 || !strings.Contains(lines[3], "The API server would reject this Job (1 error)") ||
		!strings.Contains(head, "- spec.template.spec.restartPolicy: restartPolicy is not set") {
		t.Errorf("the rejection is not said first:\n%s", buf.String())
	}
	if good := build(jobObject(nil)); len(good.ServerRejects) != 0 {
		t.Errorf("an accepted Job has serverRejects %+v", good.ServerRejects)
	}
}

// TestScheduleWarnsAboutShortDeadline: the schedule section repeats starting-deadline-too-short.
func TestScheduleWarnsAboutShortDeadline(t *testing.T) {
	obj := cronJobObject("*/5 * * * *", ptr("Etc/UTC"))
	obj.CronJob.Spec.StartingDeadlineSeconds = ptr[int64](5)
	e := build(obj)
	found := false
	for _, n := range e.Schedule.Notes {
		found = found || (strings.HasPrefix(n, "Warning: ") && strings.Contains(n, "starting-deadline-too-short"))
	}
	if !found {
		t.Errorf("schedule notes lack the short-deadline warning: %q", e.Schedule.Notes)
	}
	obj.CronJob.Spec.StartingDeadlineSeconds = ptr[int64](60)
	for _, n := range build(obj).Schedule.Notes {
		if strings.Contains(n, "starting-deadline-too-short") {
			t.Errorf("a 60 s deadline warned about: %q", n)
		}
	}
}

// TestWaitingPodSaysWhy: a live Job whose pod is unschedulable is "waiting: pod unschedulable"
// with the scheduler's message, not "Running"; a pod in ImagePullBackOff names its container.
func TestWaitingPodSaysWhy(t *testing.T) {
	obj := jobObject(nil)
	obj.Job.UID = "uid-1"
	obj.Job.Status.Active = 1
	controller := true
	pod := corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "j-abcde", Namespace: "ns", OwnerReferences: []metav1.OwnerReference{{Kind: "Job", Name: "j", UID: "uid-1", Controller: &controller}}},
		Status: corev1.PodStatus{Phase: corev1.PodPending, Conditions: []corev1.PodCondition{{
			Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: corev1.PodReasonUnschedulable,
			Message: "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.",
		}}},
	}
	e := Build(Input{Object: obj, Live: true, Pods: []corev1.Pod{pod}}, testOptions())
	var buf bytes.Buffer
	if err := WriteText(&buf, []*Explanation{e}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Status: waiting: pod unschedulable\n") ||
		!strings.Contains(buf.String(), "pod/j-abcde is Unschedulable: 0/1 nodes are available") {
		t.Errorf("text:\n%s", buf.String())
	}
	pod.Status.Conditions = nil
	pod.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "main", State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff", Message: "Back-off pulling image"}}}}
	e = Build(Input{Object: obj, Live: true, Pods: []corev1.Pod{pod}}, testOptions())
	buf.Reset()
	if err := WriteText(&buf, []*Explanation{e}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Status: waiting: pod ImagePullBackOff\n") || !strings.Contains(buf.String(), "pod/j-abcde container main is ImagePullBackOff: Back-off pulling image") {
		t.Errorf("text:\n%s", buf.String())
	}
}
