// Package alerts writes Prometheus alerting rules that follow each CronJob's own schedule, over
// the series kube-state-metrics exports: no success within the longest gap the schedule allows
// (times a tolerance), the latest run failed, a run active for longer than the shortest gap.
// The thresholds come from internal/health, the same that decides "kubectl batch status".
package alerts

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/apimachinery/pkg/util/duration"

	"github.com/kubectl-batch/kubectl-batch/internal/health"
	"github.com/kubectl-batch/kubectl-batch/internal/schedule"
)

// The alert names (one rule per CronJob each; the labels namespace and cronjob tell them apart).
const (
	AlertMissedSuccess = "CronJobNoRecentSuccess"
	AlertLastRunFailed = "CronJobLastRunFailed"
	AlertRunStuck      = "CronJobRunStuck"
)

// HoldFor is each rule's "for" (a Prometheus duration): the condition must hold this long
// before the alert fires, so a missed scrape or a restarting kube-state-metrics pages no one.
const HoldFor = "5m"

// DefaultName is the PrometheusRule's metadata.name.
const DefaultName = "kubectl-batch-cronjobs"

// Options tune Generate.
type Options struct {
	// Name is the PrometheusRule's name (default DefaultName); Namespace its namespace (empty:
	// none, as kubectl apply -n decides).
	Name      string
	Namespace string
	// Tolerance multiplies the schedule's gaps into thresholds (default health.DefaultTolerance).
	Tolerance float64
}

// PrometheusRule is a monitoring.coreos.com/v1 PrometheusRule, the fields this package writes.
type PrometheusRule struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Metadata   Metadata `json:"metadata"`
	Spec       Spec     `json:"spec"`
}

// Metadata is the rule object's metadata.
type Metadata struct {
	Name      string            `json:"name"`
	Namespace string            `json:"namespace,omitempty"`
	Labels    map[string]string `json:"labels,omitempty"`
}

// Spec holds the rule groups.
type Spec struct {
	Groups []Group `json:"groups"`
}

// Group is one rule group.
type Group struct {
	Name  string `json:"name"`
	Rules []Rule `json:"rules"`
}

// Rule is one alerting rule.
type Rule struct {
	Alert       string            `json:"alert"`
	Expr        string            `json:"expr"`
	For         string            `json:"for,omitempty"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
}

// Skipped is a CronJob without alerts, and why.
type Skipped struct {
	Namespace, Name, Why string
}

// Generate writes the rules for cronJobs: per CronJob, in namespace and name order, a
// missed-success, a failed-run and a stuck-run alert. Suspended CronJobs and those whose
// schedule cannot be evaluated or never fires are skipped (and returned, with why). The
// output depends only on the CronJobs' namespace, name, schedule and zone, so it can be
// committed and regenerated without churn.
func Generate(cronJobs []*batchv1.CronJob, opts Options) (*PrometheusRule, []Skipped) {
	hopts := health.Options{Tolerance: opts.Tolerance, Gaps: &health.Gaps{}}
	sorted := append([]*batchv1.CronJob(nil), cronJobs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.Namespace != b.Namespace {
			return a.Namespace < b.Namespace
		}
		return a.Name < b.Name
	})
	var (
		rules   []Rule
		skipped []Skipped
		seen    = map[string]bool{}
	)
	for _, cj := range sorted {
		key := cj.Namespace + "/" + cj.Name
		if seen[key] {
			continue
		}
		seen[key] = true
		if cj.Spec.Suspend != nil && *cj.Spec.Suspend {
			skipped = append(skipped, Skipped{cj.Namespace, cj.Name, "suspended"})
			continue
		}
		spec, zone := schedule.ControllerZone(cj.Spec.Schedule, cj.Spec.TimeZone)
		sched, err := schedule.Parse(spec, zone)
		if err != nil {
			skipped = append(skipped, Skipped{cj.Namespace, cj.Name, "the schedule cannot be evaluated: " + err.Error()})
			continue
		}
		t := thresholds{described: lowerFirst(schedule.Describe(sched)), gap: hopts.Gaps.LongestGap(sched), overdue: hopts.OverdueAfter(sched), stuck: hopts.StuckAfter(sched)}
		if t.overdue == 0 || t.stuck == 0 {
			skipped = append(skipped, Skipped{cj.Namespace, cj.Name, fmt.Sprintf("the schedule %q never fires (or fires once)", cj.Spec.Schedule)})
			continue
		}
		t.minGap = health.ShortestGap(sched)
		rules = append(rules, cronJobRules(cj.Namespace, cj.Name, t)...)
	}
	name := opts.Name
	if name == "" {
		name = DefaultName
	}
	return &PrometheusRule{
		APIVersion: "monitoring.coreos.com/v1",
		Kind:       "PrometheusRule",
		Metadata: Metadata{Name: name, Namespace: opts.Namespace,
			Labels: map[string]string{"app.kubernetes.io/managed-by": "kubectl-batch"}},
		Spec: Spec{Groups: []Group{{Name: "kubectl-batch.cronjobs", Rules: rules}}},
	}, skipped
}

// thresholds are one CronJob's numbers.
type thresholds struct {
	described      string        // the schedule in words
	gap, minGap    time.Duration // the longest and shortest gap between two runs
	overdue, stuck time.Duration // gap and minGap times the tolerance
}

// cronJobRules are the three rules of one CronJob.
func cronJobRules(ns, name string, t thresholds) []Rule {
	// Every series is aggregated by its identifying labels first (max by), so that two
	// kube-state-metrics replicas (HA, sharding overlap), which export the same series with
	// different instance labels, give one alert and never a many-to-many matching error.
	cj := fmt.Sprintf(`namespace=%s, cronjob=%s`, quote(ns), quote(name))
	ofCronJob := func(metric string) string {
		return fmt.Sprintf(`max by (namespace, cronjob) (%s{%s})`, metric, cj)
	}
	ofJobs := func(metric, extra string) string {
		return fmt.Sprintf(`max by (namespace, job_name) (%s{namespace=%s%s})`, metric, quote(ns), extra)
	}
	owned := fmt.Sprintf(`max by (namespace, job_name) (kube_job_owner{namespace=%s, owner_kind="CronJob", owner_name=%s})`, quote(ns), quote(name))
	startOfRuns := ofJobs("kube_job_status_start_time", "") + ` * on(namespace, job_name) group_left() ` + owned
	labels := func(severity string) map[string]string {
		return map[string]string{"severity": severity, "namespace": ns, "cronjob": name}
	}
	runbook := fmt.Sprintf("kubectl batch status cronjob/%s -n %s", name, ns)
	secs := func(d time.Duration) string { return strconv.FormatInt(int64(d/time.Second), 10) }
	human := duration.HumanDuration

	// No success for longer than the longest gap times the tolerance (counted from creation
	// when it never succeeded), unless suspended.
	missed := fmt.Sprintf(`(
  time() - %[1]s
  or
  (time() - %[2]s unless on(namespace, cronjob) %[1]s)
) > %[3]s
and on(namespace, cronjob) (%[4]s == 0)`, ofCronJob("kube_cronjob_status_last_successful_time"), ofCronJob("kube_cronjob_created"), secs(t.overdue), ofCronJob("kube_cronjob_spec_suspend"))
	// Job series carry no cronjob label: the CronJob's suspend flag joins them on namespace.
	notSuspended := fmt.Sprintf(`and on(namespace) (max by (namespace) (kube_cronjob_spec_suspend{%s}) == 0)`, cj)
	// The run that started last failed, unless the CronJob is suspended.
	failed := fmt.Sprintf(`(
  %[1]s
  == on(namespace) group_left() max by (namespace) (%[1]s)
)
and on(namespace, job_name) (%[2]s == 1)
%[3]s`, startOfRuns, ofJobs("kube_job_failed", `, condition="true"`), notSuspended)
	// A run still active after the shortest gap times the tolerance, unless suspended.
	stuck := fmt.Sprintf(`(time() - (%s)) > %s
and on(namespace, job_name) (%s > 0)
%s`, startOfRuns, secs(t.stuck), ofJobs("kube_job_status_active", ""), notSuspended)

	return []Rule{
		{
			Alert:  AlertMissedSuccess,
			For:    HoldFor,
			Expr:   missed,
			Labels: labels("critical"),
			Annotations: map[string]string{
				"summary": fmt.Sprintf("CronJob %s/%s has had no successful run for over %s", ns, name, human(t.overdue)),
				"description": fmt.Sprintf("Its schedule (%s) allows up to %s between two runs; without a success for %s the runs are failing, being missed (controller down, startingDeadlineSeconds) or not starting.",
					t.described, human(t.gap), human(t.overdue)),
				"runbook": runbook,
			},
		},
		{
			Alert:  AlertLastRunFailed,
			For:    HoldFor,
			Expr:   failed,
			Labels: labels("warning"),
			Annotations: map[string]string{
				"summary":     fmt.Sprintf("The latest run of CronJob %s/%s failed", ns, name),
				"description": "The Job {{ $labels.job_name }} that started last failed (backoffLimit, activeDeadlineSeconds or a pod failure policy); the next run may still succeed.",
				"runbook":     runbook,
			},
		},
		{
			Alert:  AlertRunStuck,
			For:    HoldFor,
			Expr:   stuck,
			Labels: labels("warning"),
			Annotations: map[string]string{
				"summary": fmt.Sprintf("A run of CronJob %s/%s has been active for over %s", ns, name, human(t.stuck)),
				"description": fmt.Sprintf("The Job {{ $labels.job_name }} is still active although runs start every %s at the shortest (%s): a pod may be stuck (Pending, ImagePullBackOff) or the work hangs.",
					human(t.minGap), t.described),
				"runbook": runbook,
			},
		},
	}
}

// quote writes s as a PromQL string literal.
func quote(s string) string {
	return strconv.Quote(s)
}

// lowerFirst puts a description ("Every 10 minutes") inside a sentence.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
