// Package health judges Jobs and CronJobs: a pure function from an object, its Jobs, their pods
// and the time to a verdict (OK, WARN, FAIL), the one reason that matters and the facts behind
// it. It makes no API calls (internal/jobs reads the cluster) and prints nothing; "kubectl batch
// status", explain and the alert export share it, so they agree on what healthy means.
package health

import (
	"sync"
	"time"

	"github.com/kubectl-batch/kubectl-batch/internal/schedule"
)

// Verdict is how an object is doing.
type Verdict string

// Verdicts, from good to bad.
const (
	OK   Verdict = "OK"
	Warn Verdict = "WARN"
	Fail Verdict = "FAIL"
)

// Rank orders verdicts: OK 0, WARN 1, FAIL 2 (unknown values rank as FAIL).
func (v Verdict) Rank() int {
	switch v {
	case OK:
		return 0
	case Warn:
		return 1
	}
	return 2
}

// ParseVerdict reads a verdict case-insensitively (ok, warn, warning, fail).
func ParseVerdict(s string) (Verdict, bool) {
	switch s {
	case "ok", "OK":
		return OK, true
	case "warn", "WARN", "warning":
		return Warn, true
	case "fail", "FAIL", "error":
		return Fail, true
	}
	return "", false
}

// Reasons (Status.Reason). A Job's failure reason is its Failed condition's reason
// (BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy, ...); a stuck pod's is the pod's
// (Unschedulable, ImagePullBackOff, ErrImagePull, CrashLoopBackOff, CreateContainerConfigError,
// CreateContainerError, InvalidImageName, RunContainerError).
const (
	// CronJobs.
	ReasonHealthy            = "Healthy"            // last run succeeded, nothing overdue
	ReasonNoRunsYet          = "NoRunsYet"          // created recently, first run still to come
	ReasonSuspended          = "Suspended"          // spec.suspend: no new runs (OK: deliberate)
	ReasonInvalidSchedule    = "InvalidSchedule"    // schedule or zone cannot be evaluated
	ReasonNeverFires         = "NeverFires"         // e.g. 0 0 30 2 *
	ReasonLastRunFailed      = "LastRunFailed"      // the newest finished run failed
	ReasonOverdue            = "Overdue"            // no success within the longest gap × tolerance
	ReasonTooManyMissed      = "TooManyMissedRuns"  // over the controller's limit of 100
	ReasonBlockedByActiveRun = "BlockedByActiveRun" // concurrencyPolicy Forbid and a run past its next time
	ReasonMissedRuns         = "MissedRuns"         // schedule times passed without a Job
	ReasonRunningLong        = "RunningLong"        // active run much longer than the usual successful one
	// Jobs.
	ReasonComplete         = "Complete"
	ReasonRunning          = "Running"
	ReasonPending          = "Pending" // no pod started yet, nothing wrong seen
	ReasonJobFailed        = "Failed"  // Failed condition without a reason
	ReasonRetriesNearLimit = "RetriesNearLimit"
	ReasonDeadlineNear     = "DeadlineNear"
	ReasonUnschedulable    = "Unschedulable"
)

// Defaults of Options.
const (
	DefaultTolerance = 1.5
	// UnschedulableGrace is how long a pod may be Unschedulable (autoscalers add nodes) before
	// it is a failure rather than a warning.
	UnschedulableGrace = 5 * time.Minute
	// MissedGrace is how late the controller may be in creating a scheduled Job before the run
	// counts as missed.
	MissedGrace = 2 * time.Minute
	// defaultBackoffLimit is the API's default of spec.backoffLimit.
	defaultBackoffLimit = 6
)

// Options tune the verdicts. The zero value means the defaults.
type Options struct {
	// Tolerance multiplies a schedule's longest gap into the time without success after which
	// a CronJob is overdue (default 1.5).
	Tolerance float64
	// Gaps memoises the longest gap of each schedule (CronJobs share schedules); nil computes
	// each time.
	Gaps *Gaps
}

func (o Options) tolerance() float64 {
	if o.Tolerance <= 0 {
		return DefaultTolerance
	}
	return o.Tolerance
}

// Gaps memoises schedule.MaxInterval per schedule and zone. Safe for concurrent use.
type Gaps struct {
	mu sync.Mutex
	m  map[string]time.Duration
}

// gapReference is where the longest gap is sampled from: a fixed year (2024, a leap year), so
// that verdicts and alert thresholds do not move from one run to the next.
var gapReference = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// LongestGap returns the longest gap between two activations of s (schedule.MaxInterval over
// the year 2024), memoised when g is not nil.
func (g *Gaps) LongestGap(s *schedule.Schedule) time.Duration {
	if g == nil {
		return s.MaxInterval(gapReference)
	}
	key := s.TimeZone + " " + s.Spec
	g.mu.Lock()
	d, ok := g.m[key]
	g.mu.Unlock()
	if ok {
		return d
	}
	d = s.MaxInterval(gapReference)
	g.mu.Lock()
	if g.m == nil {
		g.m = map[string]time.Duration{}
	}
	g.m[key] = d
	g.mu.Unlock()
	return d
}

// OverdueAfter is how long a CronJob with schedule s may go without a success: its longest gap
// times the tolerance, rounded to whole seconds. The alert export uses the same threshold.
func (o Options) OverdueAfter(s *schedule.Schedule) time.Duration {
	gap := o.Gaps.LongestGap(s)
	return (time.Duration(float64(gap) * o.tolerance())).Round(time.Second)
}

// StuckAfter is how long one run of a CronJob with schedule s may stay active before it counts
// as stuck: the shortest gap between two runs times the tolerance (a run that long overlaps
// the next ones). 0 when the schedule fires at most once.
func (o Options) StuckAfter(s *schedule.Schedule) time.Duration {
	return (time.Duration(float64(ShortestGap(s)) * o.tolerance())).Round(time.Second)
}

// ShortestGap is the shortest gap between two activations of s over the same reference year
// as LongestGap.
func ShortestGap(s *schedule.Schedule) time.Duration {
	return s.MinInterval(gapReference)
}

// Status is the health of one CronJob or one Job: the verdict, the one reason that matters
// (machine-readable, see the Reason constants) and a sentence; CronJob or Job holds the facts.
// It is the item of "kubectl batch status -o json" (fields are only ever added).
type Status struct {
	Kind      string  `json:"kind"` // CronJob or Job
	Namespace string  `json:"namespace"`
	Name      string  `json:"name"`
	Verdict   Verdict `json:"verdict"`
	Reason    string  `json:"reason"`
	Message   string  `json:"message"`
	// Other problems seen, worst first, after the one in Reason.
	Other   []Finding      `json:"otherFindings,omitempty"`
	CronJob *CronJobStatus `json:"cronJob,omitempty"`
	Job     *JobStatus     `json:"job,omitempty"`
}

// Finding is one problem: a verdict with its reason and sentence.
type Finding struct {
	Verdict Verdict `json:"verdict"`
	Reason  string  `json:"reason"`
	Message string  `json:"message"`
}

// decide sets the worst finding as the status's verdict (the first of equal ones wins) and
// keeps the other problems; with no problem it is OK with the given reason.
func (s *Status) decide(findings []Finding, okReason, okMessage string) {
	best := -1
	for i, f := range findings {
		if best < 0 || f.Verdict.Rank() > findings[best].Verdict.Rank() {
			best = i
		}
	}
	if best < 0 {
		s.Verdict, s.Reason, s.Message = OK, okReason, okMessage
		return
	}
	s.Verdict, s.Reason, s.Message = findings[best].Verdict, findings[best].Reason, findings[best].Message
	for i, f := range findings {
		if i != best && f.Verdict != OK {
			s.Other = append(s.Other, f)
		}
	}
	// Worst first, stable.
	for i := 1; i < len(s.Other); i++ {
		for j := i; j > 0 && s.Other[j].Verdict.Rank() > s.Other[j-1].Verdict.Rank(); j-- {
			s.Other[j], s.Other[j-1] = s.Other[j-1], s.Other[j]
		}
	}
}

func utc(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func seconds(d time.Duration) int64 { return int64(d / time.Second) }

// ReportAPIVersion and ReportKind head the JSON and YAML forms of a Report.
const (
	ReportAPIVersion = "kubectl-batch.io/v1alpha1"
	ReportKind       = "StatusList"
)

// Report is the document "kubectl batch status -o json|yaml" writes (docs/status.md describes
// it). Fields are only ever added.
type Report struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	// GeneratedAt is the time the verdicts were made for (UTC).
	GeneratedAt time.Time `json:"generatedAt"`
	// Tolerance is the overdue tolerance the verdicts used.
	Tolerance float64 `json:"tolerance"`
	Summary   Summary `json:"summary"`
	// Notes say what could not be read (RBAC) and so what the verdicts cannot see.
	Notes []string `json:"notes"`
	// Items are worst first.
	Items []Status `json:"items"`
}

// Summary counts the items by verdict.
type Summary struct {
	OK   int `json:"ok"`
	Warn int `json:"warn"`
	Fail int `json:"fail"`
}

// NewReport wraps items (already sorted) with their summary.
func NewReport(items []Status, notes []string, now time.Time, opts Options) Report {
	r := Report{APIVersion: ReportAPIVersion, Kind: ReportKind, GeneratedAt: now.UTC(), Tolerance: opts.tolerance(),
		Notes: notes, Items: items}
	if r.Notes == nil {
		r.Notes = []string{}
	}
	if r.Items == nil {
		r.Items = []Status{}
	}
	for _, s := range items {
		switch s.Verdict {
		case OK:
			r.Summary.OK++
		case Warn:
			r.Summary.Warn++
		default:
			r.Summary.Fail++
		}
	}
	return r
}

// Worst returns the worst verdict of the items (OK when there are none).
func (r Report) Worst() Verdict {
	w := OK
	for _, s := range r.Items {
		if s.Verdict.Rank() > w.Rank() {
			w = s.Verdict
		}
	}
	return w
}
