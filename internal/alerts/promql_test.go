package alerts

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
	"github.com/prometheus/prometheus/promql/promqltest"
	"github.com/prometheus/prometheus/rules"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func testCronJob(ns, name, sched string, suspend bool) *batchv1.CronJob {
	tz := "Etc/UTC"
	return &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec:       batchv1.CronJobSpec{Schedule: sched, TimeZone: &tz, Suspend: &suspend},
	}
}

// rulesOf returns the rules of one alert by CronJob name.
func rulesOf(t *testing.T, pr *PrometheusRule, alert string) map[string]Rule {
	t.Helper()
	out := map[string]Rule{}
	for _, r := range pr.Spec.Groups[0].Rules {
		if r.Alert == alert {
			out[r.Labels["cronjob"]] = r
		}
	}
	return out
}

// TestExpressionsParse: every generated expression is valid PromQL for Prometheus' own parser
// (default options: nothing experimental).
func TestExpressionsParse(t *testing.T) {
	pr, _ := Generate([]*batchv1.CronJob{
		testCronJob("data", "nightly", "0 3 * * *", false),
		testCronJob("data", "weekdays", "30 6 * * 1-5", false),
		testCronJob(`we"ird`, "every-5m", "*/5 * * * *", false),
	}, Options{})
	p := parser.NewParser(parser.Options{})
	if n := len(pr.Spec.Groups[0].Rules); n != 9 {
		t.Fatalf("%d rules, want 3 per CronJob", n)
	}
	for _, r := range pr.Spec.Groups[0].Rules {
		if _, err := p.ParseExpr(r.Expr); err != nil {
			t.Errorf("%s of %s/%s does not parse: %v\n%s", r.Alert, r.Labels["namespace"], r.Labels["cronjob"], err, r.Expr)
		}
	}
}

// evalAt evaluates expr over the series loaded by load at offset at from the epoch and
// returns the number of series in the result.
func evalAt(t *testing.T, load, expr string, at time.Duration) int {
	t.Helper()
	storage := promqltest.LoadedStorage(t, load)
	engine := promqltest.NewTestEngine(t, false, 5*time.Minute, 1_000_000)
	q, err := engine.NewInstantQuery(context.Background(), storage, nil, expr, time.Unix(0, 0).Add(at))
	if err != nil {
		t.Fatalf("query: %v\n%s", err, expr)
	}
	res := q.Exec(context.Background())
	if res.Err != nil {
		t.Fatalf("exec: %v\n%s", res.Err, expr)
	}
	v, err := res.Vector()
	if err != nil {
		t.Fatal(err)
	}
	return len(v)
}

// ksm writes kube-state-metrics series of one CronJob and its Jobs, one sample a minute for
// 60 hours from the epoch. lastSuccess < 0: it never succeeded.
type ksm struct {
	suspended   bool
	lastSuccess time.Duration
	jobs        []ksmJob
	// replicas > 1 exports every series that many times with different instance labels, as
	// kube-state-metrics in an HA pair does.
	replicas int
}

type ksmJob struct {
	name         string
	start        time.Duration
	active       bool
	failed       bool
	ownerCronJob string // default: the CronJob of the series
}

func (k ksm) load(ns, cj string) string {
	const n = 60 * 60 // samples: 60 hours at 1m
	var b strings.Builder
	b.WriteString("load 1m\n")
	series := func(name, labels string, v float64) {
		for r := range max(k.replicas, 1) {
			fmt.Fprintf(&b, "  %s{%s, instance=\"ksm-%d\"} %gx%d\n", name, labels, r, v, n)
		}
	}
	l := fmt.Sprintf(`namespace=%q, cronjob=%q`, ns, cj)
	series("kube_cronjob_created", l, 0)
	suspend := 0.0
	if k.suspended {
		suspend = 1
	}
	series("kube_cronjob_spec_suspend", l, suspend)
	if k.lastSuccess >= 0 {
		series("kube_cronjob_status_last_successful_time", l, k.lastSuccess.Seconds())
	}
	for _, j := range k.jobs {
		jl := fmt.Sprintf(`namespace=%q, job_name=%q`, ns, j.name)
		owner := j.ownerCronJob
		if owner == "" {
			owner = cj
		}
		series("kube_job_owner", jl+fmt.Sprintf(`, owner_kind="CronJob", owner_name=%q, owner_is_controller="true"`, owner), 1)
		series("kube_job_status_start_time", jl, j.start.Seconds())
		active, failedTrue, failedFalse := 0.0, 0.0, 1.0
		if j.active {
			active = 1
		}
		if j.failed {
			failedTrue, failedFalse = 1, 0
		}
		series("kube_job_status_active", jl, active)
		series("kube_job_failed", jl+`, condition="true"`, failedTrue)
		series("kube_job_failed", jl+`, condition="false"`, failedFalse)
	}
	return b.String()
}

// TestAlertsFireWhenTheyShould: over synthetic kube-state-metrics series, evaluated by
// Prometheus' engine, each alert of a daily CronJob (tolerance 1.5: missed after 36h, stuck
// after 36h) fires exactly when a run is overdue, failed or stuck, and never when suspended;
// with two kube-state-metrics replicas it is still one alert (and no matching error).
func TestAlertsFireWhenTheyShould(t *testing.T) {
	pr, _ := Generate([]*batchv1.CronJob{testCronJob("data", "nightly", "0 3 * * *", false)}, Options{})
	missed := rulesOf(t, pr, AlertMissedSuccess)["nightly"].Expr
	failed := rulesOf(t, pr, AlertLastRunFailed)["nightly"].Expr
	stuck := rulesOf(t, pr, AlertRunStuck)["nightly"].Expr
	h := time.Hour
	ok := ksmJob{name: "nightly-1", start: 0}
	tests := []struct {
		name   string
		series ksm
		expr   string
		at     time.Duration
		fires  bool
	}{
		{"success 35h ago: in time", ksm{lastSuccess: 0, jobs: []ksmJob{ok}}, missed, 35 * h, false},
		{"success 37h ago: overdue", ksm{lastSuccess: 0, jobs: []ksmJob{ok}}, missed, 37 * h, true},
		{"overdue but suspended", ksm{suspended: true, lastSuccess: 0}, missed, 37 * h, false},
		{"never succeeded, created 37h ago", ksm{lastSuccess: -1}, missed, 37 * h, true},
		{"never succeeded, created 10h ago", ksm{lastSuccess: -1}, missed, 10 * h, false},
		{"latest run failed", ksm{lastSuccess: 0, jobs: []ksmJob{ok, {name: "nightly-2", start: 24 * h, failed: true}}}, failed, 30 * h, true},
		{"an older run failed, the latest succeeded", ksm{lastSuccess: 48 * h, jobs: []ksmJob{{name: "nightly-1", start: 0, failed: true}, {name: "nightly-2", start: 24 * h}}}, failed, 30 * h, false},
		{"a failed run of another CronJob", ksm{lastSuccess: 0, jobs: []ksmJob{ok, {name: "other-2", start: 24 * h, failed: true, ownerCronJob: "other"}}}, failed, 30 * h, false},
		{"active for 37h: stuck", ksm{lastSuccess: 0, jobs: []ksmJob{{name: "nightly-1", start: 0, active: true}}}, stuck, 37 * h, true},
		{"active for 2h: fine", ksm{lastSuccess: 0, jobs: []ksmJob{{name: "nightly-1", start: 35 * h, active: true}}}, stuck, 37 * h, false},
		{"finished long ago: not stuck", ksm{lastSuccess: 0, jobs: []ksmJob{ok}}, stuck, 37 * h, false},
		{"latest run failed but suspended", ksm{suspended: true, lastSuccess: 0, jobs: []ksmJob{ok, {name: "nightly-2", start: 24 * h, failed: true}}}, failed, 30 * h, false},
		{"active for 37h but suspended", ksm{suspended: true, lastSuccess: 0, jobs: []ksmJob{{name: "nightly-1", start: 0, active: true}}}, stuck, 37 * h, false},
	}
	for _, tc := range tests {
		// Once with one kube-state-metrics, once with an HA pair: the same single alert.
		for _, replicas := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/%d-ksm", tc.name, replicas), func(t *testing.T) {
				series := tc.series
				series.replicas = replicas
				n := evalAt(t, series.load("data", "nightly"), tc.expr, tc.at)
				if want := map[bool]int{true: 1, false: 0}[tc.fires]; n != want {
					t.Errorf("%d series, want %d\n%s", n, want, tc.expr)
				}
			})
		}
	}
}

// TestAlertsRunInPrometheusTestScripts: the same through promqltest's own script runner, with
// the labels of the firing series asserted.
func TestAlertsRunInPrometheusTestScripts(t *testing.T) {
	pr, _ := Generate([]*batchv1.CronJob{testCronJob("data", "nightly", "0 3 * * *", false)}, Options{})
	failed := rulesOf(t, pr, AlertLastRunFailed)["nightly"].Expr
	load := ksm{lastSuccess: 0, jobs: []ksmJob{{name: "nightly-1", start: 0}, {name: "nightly-2", start: 24 * time.Hour, failed: true}}}.load("data", "nightly")
	script := load + "\neval instant at 30h " + strings.ReplaceAll(failed, "\n", " ") + "\n" +
		`  {namespace="data", job_name="nightly-2"} 86400` + "\n"
	promqltest.RunTest(t, script, promqltest.NewTestEngine(t, false, 5*time.Minute, 1_000_000))
}

// TestThresholdsFollowTheSchedule: the missed-success threshold is the longest gap times the
// tolerance (weekdays: Friday to Monday), the stuck threshold the shortest gap times it.
func TestThresholdsFollowTheSchedule(t *testing.T) {
	pr, skipped := Generate([]*batchv1.CronJob{
		testCronJob("a", "weekdays", "30 6 * * 1-5", false),
		testCronJob("a", "every-5m", "*/5 * * * *", false),
		testCronJob("a", "paused", "0 3 * * *", true),
		testCronJob("a", "never", "0 0 30 2 *", false),
	}, Options{Tolerance: 2})
	want := map[string][2]string{
		"weekdays": {"> 518400\n", ") > 172800\n"}, // 72h and 24h, times 2
		"every-5m": {"> 600\n", ") > 600\n"},
	}
	for name, w := range want {
		missed, stuck := rulesOf(t, pr, AlertMissedSuccess)[name].Expr, rulesOf(t, pr, AlertRunStuck)[name].Expr
		if !strings.Contains(missed, w[0]) || !strings.Contains(stuck, w[1]) {
			t.Errorf("%s: want %q in\n%s\nand %q in\n%s", name, w[0], missed, w[1], stuck)
		}
	}
	if len(skipped) != 2 || skipped[0].Name != "never" || skipped[1].Name != "paused" || skipped[1].Why != "suspended" {
		t.Errorf("skipped %+v", skipped)
	}
	if _, ok := rulesOf(t, pr, AlertMissedSuccess)["paused"]; ok {
		t.Error("a suspended CronJob got alerts")
	}
}

// TestAlertsThroughTheRuleManager: each rule, loaded as Prometheus' rule manager loads it (its
// expression, "for" and labels), is pending when its condition starts to hold and fires once it
// has held for "for"; a CronJob in time has no alert at all.
func TestAlertsThroughTheRuleManager(t *testing.T) {
	pr, _ := Generate([]*batchv1.CronJob{testCronJob("data", "nightly", "0 3 * * *", false)}, Options{})
	hold, err := model.ParseDuration(HoldFor)
	if err != nil {
		t.Fatal(err)
	}
	h := time.Hour
	cases := map[string]struct {
		series ksm
		from   time.Duration // the condition holds from here on
	}{
		AlertMissedSuccess: {ksm{lastSuccess: 0, jobs: []ksmJob{{name: "nightly-1"}}}, 36*h + time.Minute},
		AlertLastRunFailed: {ksm{lastSuccess: 0, jobs: []ksmJob{{name: "nightly-1"}, {name: "nightly-2", start: 24 * h, failed: true}}}, 24 * h},
		AlertRunStuck:      {ksm{lastSuccess: 0, jobs: []ksmJob{{name: "nightly-1", start: 0, active: true}}}, 36*h + time.Minute},
	}
	p := parser.NewParser(parser.Options{})
	for alert, tc := range cases {
		t.Run(alert, func(t *testing.T) {
			r := rulesOf(t, pr, alert)["nightly"]
			expr, err := p.ParseExpr(r.Expr)
			if err != nil {
				t.Fatal(err)
			}
			rule := rules.NewAlertingRule(r.Alert, expr, time.Duration(hold), 0, labels.FromMap(r.Labels), labels.FromMap(r.Annotations), labels.EmptyLabels(), "", false, nil)
			storage := promqltest.LoadedStorage(t, tc.series.load("data", "nightly"))
			query := rules.EngineQueryFunc(promqltest.NewTestEngine(t, false, 5*time.Minute, 1_000_000), storage)
			state := func(at time.Duration) string {
				if _, err := rule.Eval(context.Background(), 0, time.Unix(0, 0).Add(at), query, nil, 0); err != nil {
					t.Fatalf("eval at %s: %v", at, err)
				}
				alerts := rule.ActiveAlerts()
				if len(alerts) == 0 {
					return "none"
				}
				if got := alerts[0].Labels.Get("cronjob"); got != "nightly" {
					t.Errorf("alert labels %v", alerts[0].Labels)
				}
				return alerts[0].State.String()
			}
			if s := state(tc.from - 2*time.Minute); tc.from > 24*h && s != "none" {
				t.Errorf("before the condition holds: %s, want none", s)
			}
			if s := state(tc.from + time.Minute); s != "pending" {
				t.Errorf("when it starts to hold: %s, want pending", s)
			}
			if s := state(tc.from + time.Minute + time.Duration(hold) + time.Minute); s != "firing" {
				t.Errorf("after it held for %s: %s, want firing", HoldFor, s)
			}
		})
	}
}
