package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/kubectl-batch/kubectl-batch/internal/health"
	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

var statusNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC) // a Tuesday

func sAt(d time.Duration) *metav1.Time { return &metav1.Time{Time: statusNow.Add(d)} }

func sCronJob(ns, name, sched string, created time.Duration, lastSchedule, lastSuccess *metav1.Time, mutate ...func(*batchv1.CronJob)) batchv1.CronJob {
	cj := batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID(ns + "-" + name), CreationTimestamp: *sAt(created)},
		Spec:       batchv1.CronJobSpec{Schedule: sched, ConcurrencyPolicy: batchv1.AllowConcurrent},
		Status:     batchv1.CronJobStatus{LastScheduleTime: lastSchedule, LastSuccessfulTime: lastSuccess},
	}
	for _, m := range mutate {
		m(&cj)
	}
	return cj
}

func sJob(owner *batchv1.CronJob, ns, name string, start time.Duration, mutate ...func(*batchv1.Job)) batchv1.Job {
	j := batchv1.Job{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID(ns + "-" + name), CreationTimestamp: *sAt(start)},
		Status: batchv1.JobStatus{StartTime: sAt(start)}}
	if owner != nil {
		j.OwnerReferences = []metav1.OwnerReference{{Kind: "CronJob", Name: owner.Name, UID: owner.UID, Controller: ptrTo(true)}}
	}
	for _, m := range mutate {
		m(&j)
	}
	return j
}

func ptrTo[T any](v T) *T { return &v }

func sDone(after time.Duration, failReason string) func(*batchv1.Job) {
	return func(j *batchv1.Job) {
		end := metav1.Time{Time: j.Status.StartTime.Add(after)}
		if failReason == "" {
			j.Status.Succeeded, j.Status.CompletionTime = 1, &end
			j.Status.Conditions = []batchv1.JobCondition{{Type: batchv1.JobComplete, Status: corev1.ConditionTrue, LastTransitionTime: end}}
			return
		}
		j.Status.Failed = 7
		j.Status.Conditions = []batchv1.JobCondition{{Type: batchv1.JobFailed, Status: corev1.ConditionTrue, Reason: failReason,
			Message: "Job has reached the specified backoff limit", LastTransitionTime: end}}
	}
}

func sPod(j *batchv1.Job, mutate func(*corev1.Pod)) corev1.Pod {
	p := corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: j.Namespace, Name: j.Name + "-x7k2p", CreationTimestamp: j.CreationTimestamp,
		OwnerReferences: []metav1.OwnerReference{{Kind: "Job", Name: j.Name, UID: j.UID, Controller: ptrTo(true)}}},
		Status: corev1.PodStatus{Phase: corev1.PodPending}}
	mutate(&p)
	return p
}

// statusSnapshot is a realistic cluster: each verdict and the common reasons.
func statusSnapshot() *jobs.StatusSnapshot {
	h := time.Hour
	day := 24 * h
	berlin := "Europe/Berlin"
	invoice := sCronJob("billing", "invoice-export", "0 6 * * *", -90*day, sAt(-7*h), sAt(-2*day-6*h+4*time.Minute), func(cj *batchv1.CronJob) { cj.Spec.TimeZone = &berlin })
	warehouse := sCronJob("data", "warehouse-sync", "*/30 * * * *", -40*day, sAt(-5*h), sAt(-5*h+3*time.Minute),
		func(cj *batchv1.CronJob) { cj.Spec.StartingDeadlineSeconds = ptrTo(int64(300)) })
	weekly := sCronJob("reporting", "weekly-report", "0 7 * * 1", -200*day, sAt(-day-5*h), sAt(-day-5*h+12*time.Minute))
	rollup := sCronJob("reporting", "hourly-rollup", "5 * * * *", -30*day, sAt(-2*h-55*time.Minute), sAt(-3*h-45*time.Minute),
		func(cj *batchv1.CronJob) { cj.Spec.ConcurrencyPolicy = batchv1.ForbidConcurrent })
	certs := sCronJob("ops", "cert-renewal", "0 4 * * 0", -300*day, sAt(-30*day), sAt(-30*day+time.Minute), func(cj *batchv1.CronJob) { cj.Spec.Suspend = ptrTo(true) })
	rotate := sCronJob("ops", "log-rotate", "0 3 * * *", -60*day, sAt(-9*h), sAt(-9*h+40*time.Second))
	jobsList := []batchv1.Job{
		sJob(&invoice, "billing", "invoice-export-29551680", -55*h, sDone(4*time.Minute, "")),
		sJob(&invoice, "billing", "invoice-export-29553120", -31*h, sDone(3*time.Minute, "BackoffLimitExceeded")),
		sJob(&invoice, "billing", "invoice-export-29554560", -7*h, sDone(3*time.Minute, "BackoffLimitExceeded")),
		sJob(&weekly, "reporting", "weekly-report-29550420", -day-5*h, sDone(12*time.Minute, "")),
		sJob(&rollup, "reporting", "hourly-rollup-29554385", -4*h-55*time.Minute, sDone(9*time.Minute, "")),
		sJob(&rollup, "reporting", "hourly-rollup-29554445", -3*h-55*time.Minute, sDone(10*time.Minute, "")),
		sJob(&rollup, "reporting", "hourly-rollup-29554505", -2*h-55*time.Minute, func(j *batchv1.Job) { j.Status.Active = 1 }),
		sJob(&rotate, "ops", "log-rotate-29554800", -9*h, sDone(40*time.Second, "")),
		sJob(nil, "data", "backfill-2026-03", -25*time.Minute, func(j *batchv1.Job) { j.Status.Active = 1 }),
		sJob(nil, "ops", "db-migrate-42", -2*time.Minute, func(j *batchv1.Job) { j.Status.Active = 1 }),
		sJob(nil, "ops", "cleanup-tmp", -3*h, sDone(20*time.Second, "")),
	}
	pods := []corev1.Pod{
		sPod(&jobsList[8], func(p *corev1.Pod) {
			p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "backfill", State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{
				Reason: "ImagePullBackOff", Message: `Back-off pulling image "registry.example.com/backfill:v2"`}}}}
		}),
		sPod(&jobsList[9], func(p *corev1.Pod) {
			p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "Unschedulable",
				Message: "0/3 nodes are available: 3 Insufficient memory.", LastTransitionTime: *sAt(-2 * time.Minute)}}
		}),
	}
	return &jobs.StatusSnapshot{CronJobs: []batchv1.CronJob{invoice, warehouse, weekly, rollup, certs, rotate}, Jobs: jobsList, Pods: pods}
}

func statusOptions(out *bytes.Buffer, output string) *StatusOptions {
	return &StatusOptions{Output: output, FailOn: "warn", Tolerance: health.DefaultTolerance, selector: labels.Everything(),
		IOStreams: genericiooptions.IOStreams{Out: out, ErrOut: out}, Now: func() time.Time { return statusNow }}
}

// TestStatusGolden pins the text, wide, json and yaml outputs of a realistic cluster.
func TestStatusGolden(t *testing.T) {
	for _, format := range []string{"", "wide", "json", "yaml"} {
		name := format
		if name == "" {
			name = "text"
		}
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			o := statusOptions(&out, format)
			if err := o.Validate(); err != nil {
				t.Fatal(err)
			}
			r, err := o.judge(statusSnapshot(), statusNow, &health.Gaps{}, true)
			if err != nil {
				t.Fatal(err)
			}
			if err := o.print(r); err != nil {
				t.Fatal(err)
			}
			assertGolden(t, filepath.Join("testdata", "golden", "status."+name), out.String())
		})
	}
}

func TestStatusVerdictsOfTheRealisticCluster(t *testing.T) {
	var out bytes.Buffer
	o := statusOptions(&out, "json")
	r, err := o.judge(statusSnapshot(), statusNow, &health.Gaps{}, true)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range r.Items {
		got = append(got, s.Namespace+"/"+strings.ToLower(s.Kind)+"/"+s.Name+" "+string(s.Verdict)+" "+s.Reason)
	}
	want := []string{
		"billing/cronjob/invoice-export FAIL LastRunFailed",
		"data/cronjob/warehouse-sync FAIL Overdue",
		"data/job/backfill-2026-03 FAIL ImagePullBackOff",
		"reporting/cronjob/hourly-rollup FAIL BlockedByActiveRun",
		"ops/job/db-migrate-42 WARN Unschedulable",
		"ops/cronjob/cert-renewal OK Suspended",
		"ops/cronjob/log-rotate OK Healthy",
		"ops/job/cleanup-tmp OK Complete",
		"reporting/cronjob/weekly-report OK Healthy",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Summary != (health.Summary{OK: 4, Warn: 1, Fail: 4}) {
		t.Errorf("summary %+v", r.Summary)
	}
}

func TestStatusExitCodesAndFilters(t *testing.T) {
	snap := statusSnapshot()
	for _, tc := range []struct {
		failOn   string
		refs     []jobs.Ref
		selector string
		code     int // -1: no error
		items    int
	}{
		{"warn", nil, "", 1, 9},
		{"fail", nil, "", 1, 9},
		{"never", nil, "", -1, 9},
		{"warn", []jobs.Ref{{Kind: jobs.KindCronJob, Name: "log-rotate"}, {Kind: jobs.KindJob, Name: "cleanup-tmp"}}, "", -1, 2},
		{"fail", []jobs.Ref{{Kind: jobs.KindJob, Name: "db-migrate-42"}}, "", -1, 1}, // WARN below --fail-on fail
		{"warn", []jobs.Ref{{Kind: jobs.KindJob, Name: "db-migrate-42"}}, "", 1, 1},
		{"warn", nil, "team=none", 1, 6}, // CronJobs are filtered by the server; standalone Jobs here
	} {
		var out bytes.Buffer
		o := statusOptions(&out, "json")
		o.FailOn, o.refs = tc.failOn, tc.refs
		o.selector, _ = labels.Parse(tc.selector)
		if err := o.Validate(); err != nil {
			t.Fatal(err)
		}
		r, err := o.judge(snap, statusNow, &health.Gaps{}, true)
		if err != nil {
			t.Fatal(err)
		}
		err = o.exit(r)
		code := -1
		if ee, ok := err.(*ExitError); ok {
			code = ee.Code
		}
		if code != tc.code || len(r.Items) != tc.items {
			t.Errorf("--fail-on %s %v -l %q: exit %d with %d items, want %d with %d", tc.failOn, tc.refs, tc.selector, code, len(r.Items), tc.code, tc.items)
		}
	}
	// Named objects that are missing, or Jobs that belong to a CronJob, are errors (exit 2).
	for ref, msg := range map[jobs.Ref]string{
		{Kind: jobs.KindCronJob, Name: "nope"}:                "cronjob/nope not found in namespace ops",
		{Kind: jobs.KindJob, Name: "invoice-export-29554560"}: "job/invoice-export-29554560 belongs to a CronJob",
	} {
		var out bytes.Buffer
		o := statusOptions(&out, "")
		o.refs, o.namespace = []jobs.Ref{ref}, "ops"
		_, err := o.judge(snap, statusNow, &health.Gaps{}, true)
		if ee, ok := err.(*ExitError); !ok || ee.Code != ExitUsage || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: %v, want exit 2 with %q", ref, err, msg)
		}
	}
}

func TestStatusValidate(t *testing.T) {
	for _, tc := range []struct {
		output, failOn string
		tolerance      float64
		watch          bool
	}{
		{"table", "warn", 1.5, false},
		{"", "ok", 1.5, false},
		{"", "warn", 0.5, false},
		{"json", "warn", 1.5, true},
	} {
		o := &StatusOptions{Output: tc.output, FailOn: tc.failOn, Tolerance: tc.tolerance, Watch: tc.watch}
		if err := o.Validate(); err == nil {
			t.Errorf("%+v: no error", tc)
		} else if ee, ok := err.(*ExitError); !ok || ee.Code != ExitUsage {
			t.Errorf("%+v: %v, want a usage error", tc, err)
		}
	}
}

// TestStatusJSONSchema checks the documented top-level fields of -o json.
func TestStatusJSONSchema(t *testing.T) {
	var out bytes.Buffer
	o := statusOptions(&out, "json")
	r, _ := o.judge(statusSnapshot(), statusNow, &health.Gaps{}, true)
	if err := o.print(r); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"apiVersion", "kind", "generatedAt", "tolerance", "summary", "notes", "items"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("no %q in the document", k)
		}
	}
	if doc["kind"] != "StatusList" || doc["generatedAt"] != "2026-03-10T12:00:00Z" {
		t.Errorf("kind %v, generatedAt %v", doc["kind"], doc["generatedAt"])
	}
}

// TestStatusWatchDraws: off a terminal, a redraw prints only the objects whose verdict or
// reason changed, and those that are gone; on a terminal, the whole table after clearing it.
func TestStatusWatchDraws(t *testing.T) {
	var out bytes.Buffer
	o := statusOptions(&out, "")
	first, err := o.judge(statusSnapshot(), statusNow, &health.Gaps{}, true)
	if err != nil {
		t.Fatal(err)
	}
	var errOut bytes.Buffer
	d := &statusDrawer{out: &out, errOut: &errOut, withNamespace: true}
	d.remember(first)

	if err := d.draw(first, nil); err != nil || out.Len() != 0 {
		t.Fatalf("nothing changed, yet printed %q (%v)", out.String(), err)
	}

	snap := statusSnapshot()
	snap.Pods = nil                   // the image pull and the unschedulable pod are resolved
	snap.CronJobs = snap.CronJobs[1:] // invoice-export is deleted
	second, err := o.judge(snap, statusNow, &health.Gaps{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.draw(second, nil); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []*regexp.Regexp{
		regexp.MustCompile(`^data\s+job/backfill-2026-03\s+OK\s+Running\s`),
		regexp.MustCompile(`^ops\s+job/db-migrate-42\s+OK\s+Running\s`),
		regexp.MustCompile(`^billing\s+cronjob/invoice-export\s+-\s+Gone\s.*deleted, or no longer selected$`),
	}
	if len(lines) != len(want) {
		t.Fatalf("printed %d rows, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, re := range want {
		if !re.MatchString(lines[i]) {
			t.Errorf("row %d %q, want /%s/", i, lines[i], re)
		}
	}

	out.Reset()
	d.terminal = true
	if err := d.draw(second, nil); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.HasPrefix(s, clearTerminalScreen) || !strings.Contains(s, "NAMESPACE   NAME") || strings.Count(s, "\n") != len(second.Items)+3 {
		t.Errorf("terminal redraw:\n%q", s)
	}
}

// TestStatusNothingFound: an empty result says where it looked, and with which selector.
func TestStatusNothingFound(t *testing.T) {
	var out bytes.Buffer
	o := statusOptions(&out, "")
	o.namespace, o.Selector = "data", "team=none"
	if err := o.print(health.Report{}); err != nil {
		t.Fatal(err)
	}
	if want := "No CronJobs or Jobs found in namespace data matching -l \"team=none\".\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

// TestStatusWatchSaysWhenWatchesFail: failing watches are said once on stderr (off a
// terminal) or under the time (on a terminal), and their end is said too.
func TestStatusWatchSaysWhenWatchesFail(t *testing.T) {
	var out, errOut bytes.Buffer
	o := statusOptions(&out, "")
	r, err := o.judge(statusSnapshot(), statusNow, &health.Gaps{}, true)
	if err != nil {
		t.Fatal(err)
	}
	d := &statusDrawer{out: &out, errOut: &errOut}
	d.remember(r)
	problem := "watching jobs.batch in namespace data fails (retrying; jobs.batch may be out of date): connection refused"
	for range 2 {
		if err := d.draw(r, []string{problem}); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.draw(r, nil); err != nil {
		t.Fatal(err)
	}
	if want := "Warning: " + problem + "\nThe watches work again; the rows below are current.\n"; errOut.String() != want {
		t.Errorf("stderr %q, want %q", errOut.String(), want)
	}
	out.Reset()
	d.terminal = true
	if err := d.draw(r, []string{problem}); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(out.String(), "\n"); len(lines) < 3 || lines[1] != "Warning: "+problem || lines[2] != "" {
		t.Errorf("terminal redraw:\n%s", out.String())
	}
}
