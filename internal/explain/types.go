// Package explain makes a Job or CronJob understandable at a glance: when it runs, what its
// pods do, what happens when they fail, when it is cleaned up, and, for objects read from a
// cluster, what state it is in and why it failed.
//
// The package is pure: Build turns a lint.Object (plus, for live objects, the pods, events and
// owned Jobs the caller fetched) and an instant into an Explanation; WriteText and WriteJSON
// render it. No network, no files, no clock.
//
// The JSON form (-o json) is a List of Explanations. Its field names are stable: fields may be
// added, never renamed or removed. Durations are whole seconds in fields ending in "Seconds";
// times are RFC 3339 strings with the offset of the zone they are shown in.
package explain

import (
	"time"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

// List is the top-level JSON document of `kubectl batch explain -o json`, one item per object
// explained, in input order. It is always a list, also for a single object.
type List struct {
	// Kind is always "ExplanationList".
	Kind string `json:"kind"`
	// Items are the explanations.
	Items []*Explanation `json:"items"`
}

// Explanation is everything explain says about one Job or CronJob.
type Explanation struct {
	// Kind is "Job" or "CronJob".
	Kind string `json:"kind"`
	// Namespace is metadata.namespace (empty for manifests that do not set it).
	Namespace string `json:"namespace,omitempty"`
	// Name is metadata.name (metadata.generateName followed by "*" when only that is set).
	Name string `json:"name"`
	// Source says where the object came from: "FILE:LINE" for a manifest ("-" is stdin), or
	// "cluster" for a live object.
	Source string `json:"source"`
	// Live is true for objects read from a cluster: the status fields below are set only then.
	Live bool `json:"live"`
	// Now is the instant the explanation was computed for (next runs are after it).
	Now time.Time `json:"now"`
	// KubernetesVersion is the version whose API server and controllers the explanation (its
	// defaults, dropped fields and findings) was decided for, e.g. "1.37".
	KubernetesVersion string `json:"kubernetesVersion"`
	// ServerRejects are the findings for which the API server would reject the object (errors
	// of server-class rules; also in Findings). Empty: the server accepts it. The text form says
	// so first: the rest explains an object that cannot be created as written.
	ServerRejects []lint.Finding `json:"serverRejects,omitempty"`
	// Schedule is set for CronJobs.
	Schedule *Schedule `json:"schedule,omitempty"`
	// Spec is the effective spec: every field that matters with its value, marking the ones the
	// server (or, for a CronJob's job template, Job creation) fills in.
	Spec []Field `json:"spec"`
	// Pattern is what the Job (for a CronJob: each Job it creates) does with its pods.
	Pattern Pattern `json:"pattern"`
	// Failure is what happens when pods fail: retries, back-off, deadline, pod failure policy.
	Failure Failure `json:"failure"`
	// Cleanup says when the finished Job is deleted.
	Cleanup Cleanup `json:"cleanup"`
	// JobStatus is the state of a live Job.
	JobStatus *JobStatus `json:"jobStatus,omitempty"`
	// Health is the verdict of "kubectl batch status" for a live object (internal/health).
	Health *Health `json:"health,omitempty"`
	// CronJobStatus is the state of a live CronJob.
	CronJobStatus *CronJobStatus `json:"cronJobStatus,omitempty"`
	// Findings are the lint findings for the object (the same as `kubectl batch lint`).
	Findings []lint.Finding `json:"findings"`
	// Warnings are things explain could not find out (e.g. no permission to list the pods).
	Warnings []string `json:"warnings,omitempty"`
}

// Schedule explains a CronJob's schedule.
type Schedule struct {
	// Expression is spec.schedule as written.
	Expression string `json:"expression"`
	// TimeZone is spec.timeZone, empty when unset.
	TimeZone string `json:"timeZone,omitempty"`
	// Location is the zone run times are computed in: TimeZone, or "UTC" when TimeZone is unset
	// (the controller then uses its own local zone, which a manifest does not tell; UTC assumed).
	Location string `json:"location"`
	// LocationAssumed is true when TimeZone is unset and Location is the assumed UTC.
	LocationAssumed bool `json:"locationAssumed"`
	// Description is the schedule in words ("At 09:00, Monday through Friday, in Asia/Seoul").
	Description string `json:"description,omitempty"`
	// Error is set when the schedule or time zone does not parse; the fields below are then empty.
	Error string `json:"error,omitempty"`
	// NeverFires is true when no date ever matches the schedule (e.g. "0 0 30 2 *").
	NeverFires bool `json:"neverFires"`
	// MinIntervalSeconds is the shortest gap between two runs (0 when it fires at most once).
	MinIntervalSeconds int64 `json:"minIntervalSeconds,omitempty"`
	// LocalZone is the viewer's zone, in which Next[].Local is given.
	LocalZone string `json:"localZone"`
	// Next are the next run times after Now (as many as asked for; empty when NeverFires).
	Next []Run `json:"next"`
	// DST lists, for the coming year, the runs a daylight saving change skips or repeats.
	DST []string `json:"dst"`
	// Suspended is spec.suspend: no runs start while it is true.
	Suspended bool `json:"suspended"`
	// ConcurrencyPolicy is the effective spec.concurrencyPolicy (Allow, Forbid or Replace).
	ConcurrencyPolicy string `json:"concurrencyPolicy"`
	// StartingDeadlineSeconds is spec.startingDeadlineSeconds, when set.
	StartingDeadlineSeconds *int64 `json:"startingDeadlineSeconds,omitempty"`
	// DowntimeToTooManyMissedSeconds: without startingDeadlineSeconds, how long the controller
	// must be unable to run the CronJob before it counts more than 100 missed runs.
	DowntimeToTooManyMissedSeconds int64 `json:"downtimeToTooManyMissedSeconds,omitempty"`
	// Notes are sentences about the schedule (concurrency, suspension, missed runs).
	Notes []string `json:"notes"`
}

// Run is one run time.
type Run struct {
	// Time is the run time in the schedule's Location.
	Time time.Time `json:"time"`
	// Local is the same instant in the viewer's LocalZone.
	Local time.Time `json:"local"`
}

// Origins of a Field's value.
const (
	// OriginSet: written in the manifest, or stored in the cluster.
	OriginSet = "set"
	// OriginDefault: not written; the API server fills in this default.
	OriginDefault = "default"
	// OriginJobDefault: a CronJob's job template field the server fills in only when the
	// CronJob controller creates the Job.
	OriginJobDefault = "default-on-job-creation"
	// OriginUnset: not set and without a default; Note says what that means.
	OriginUnset = "unset"
)

// Field is one field of the effective spec.
type Field struct {
	// Path is the full field path, e.g. "spec.jobTemplate.spec.backoffLimit".
	Path string `json:"path"`
	// Value is the value as YAML would print it; empty when Origin is "unset".
	Value string `json:"value"`
	// Origin is one of "set", "default", "default-on-job-creation", "unset".
	Origin string `json:"origin"`
	// Note says what the value means ("5m", "no time limit").
	Note string `json:"note,omitempty"`
}

// Job patterns.
const (
	PatternSingle    = "single"            // completions 1: one pod to completion
	PatternFixed     = "fixed-completions" // completions N > 1, NonIndexed
	PatternWorkQueue = "work-queue"        // parallelism without completions
	PatternIndexed   = "indexed"           // completionMode Indexed
	PatternEmpty     = "empty"             // completions 0: done at once
)

// Pattern is the Job pattern and what it means.
type Pattern struct {
	// Kind is one of "single", "fixed-completions", "work-queue", "indexed", "empty".
	Kind string `json:"kind"`
	// Completions is the effective spec.completions (absent for a work queue).
	Completions *int32 `json:"completions,omitempty"`
	// Parallelism is the effective spec.parallelism.
	Parallelism int32 `json:"parallelism"`
	// Summary is one sentence: "Fixed completion count: 5 completions, 2 at a time."
	Summary string `json:"summary"`
	// Details are further sentences.
	Details []string `json:"details,omitempty"`
}

// Back-off sources.
const (
	BackoffJobController = "job-controller" // restartPolicy Never: a new pod after a back-off
	BackoffKubelet       = "kubelet"        // restartPolicy OnFailure: the container restarts in place
)

// Failure is the failure budget.
type Failure struct {
	// BackoffLimit is the effective spec.backoffLimit.
	BackoffLimit int32 `json:"backoffLimit"`
	// BackoffLimitPerIndex is spec.backoffLimitPerIndex, when set (Indexed Jobs).
	BackoffLimitPerIndex *int32 `json:"backoffLimitPerIndex,omitempty"`
	// MaxFailedIndexes is spec.maxFailedIndexes, when set.
	MaxFailedIndexes *int32 `json:"maxFailedIndexes,omitempty"`
	// RestartPolicy is the pod template's effective restartPolicy.
	RestartPolicy string `json:"restartPolicy"`
	// BackoffBy is who waits between attempts: "job-controller" or "kubelet".
	BackoffBy string `json:"backoffBy"`
	// Retries lists the back-off before each retry, for the first retries (at most 10).
	Retries []Retry `json:"retries"`
	// RetryCount is the number of retries that run before the limit is reached
	// (backoffLimitPerIndex per index): backoffLimit with restartPolicy Never, backoffLimit-1 with
	// OnFailure, where the restart that reaches the limit is killed as it starts.
	RetryCount int32 `json:"retryCount"`
	// TotalBackoffSeconds is the back-off that passes until the limit is reached (with OnFailure
	// including the wait before the restart that reaches it), not counting the pods' run time.
	TotalBackoffSeconds int64 `json:"totalBackoffSeconds"`
	// ActiveDeadlineSeconds is spec.activeDeadlineSeconds, when set.
	ActiveDeadlineSeconds *int64 `json:"activeDeadlineSeconds,omitempty"`
	// DeadlineCutsShort is true when activeDeadlineSeconds passes before the back-off timeline
	// is over: the Job then fails with DeadlineExceeded and the retry limit is never reached.
	DeadlineCutsShort bool `json:"deadlineCutsShort"`
	// RetriesBeforeDeadline is how many retries can start before the deadline (when it cuts
	// short), not counting the pods' run time.
	RetriesBeforeDeadline *int32 `json:"retriesBeforeDeadline,omitempty"`
	// PodFailurePolicy summarises spec.podFailurePolicy's rules, in order.
	PodFailurePolicy []string `json:"podFailurePolicy,omitempty"`
	// Summary are the sentences of the text output.
	Summary []string `json:"summary"`
}

// Retry is one retry of the failure timeline.
type Retry struct {
	// Retry is the 1-based retry number.
	Retry int32 `json:"retry"`
	// DelaySeconds is the back-off before it.
	DelaySeconds int64 `json:"delaySeconds"`
	// AfterSeconds is the back-off accumulated up to it (not counting run time).
	AfterSeconds int64 `json:"afterSeconds"`
}

// Cleanup says when the finished Job is deleted.
type Cleanup struct {
	// TTLSecondsAfterFinished is spec.ttlSecondsAfterFinished, when set.
	TTLSecondsAfterFinished *int32 `json:"ttlSecondsAfterFinished,omitempty"`
	// OwnerCronJob names the CronJob owning a live Job; its history limits delete the Job.
	OwnerCronJob string `json:"ownerCronJob,omitempty"`
	// SuccessfulJobsHistoryLimit and FailedJobsHistoryLimit are the CronJob's effective limits.
	SuccessfulJobsHistoryLimit *int32 `json:"successfulJobsHistoryLimit,omitempty"`
	FailedJobsHistoryLimit     *int32 `json:"failedJobsHistoryLimit,omitempty"`
	// NeverDeleted is true when nothing deletes the finished Job automatically.
	NeverDeleted bool `json:"neverDeleted"`
	// DeleteAt is when a finished live Job with a TTL is deleted.
	DeleteAt *time.Time `json:"deleteAt,omitempty"`
	// Summary is the sentence of the text output.
	Summary string `json:"summary"`
}

// Job phases.
const (
	PhasePending    = "Pending"    // no pod running: not started yet, or waiting out a back-off
	PhaseRunning    = "Running"    // pods are active
	PhaseSuspended  = "Suspended"  // spec.suspend is true
	PhaseFailing    = "Failing"    // FailureTarget: the Job will fail once its pods terminate
	PhaseSucceeding = "Succeeding" // SuccessCriteriaMet: it will complete once its pods terminate
	PhaseSucceeded  = "Succeeded"  // Complete condition
	PhaseFailed     = "Failed"     // Failed condition
)

// JobStatus is the state of a live Job.
type JobStatus struct {
	// Phase is one of Pending, Running, Suspended, Failing, Succeeding, Succeeded, Failed.
	Phase string `json:"phase"`
	// Pod counts from status.
	Active      int32 `json:"active"`
	Ready       int32 `json:"ready"`
	Succeeded   int32 `json:"succeeded"`
	Failed      int32 `json:"failed"`
	Terminating int32 `json:"terminating"`
	// CompletedIndexes and FailedIndexes of an Indexed Job ("0-3,7").
	CompletedIndexes string `json:"completedIndexes,omitempty"`
	FailedIndexes    string `json:"failedIndexes,omitempty"`
	// StartTime is status.startTime.
	StartTime *time.Time `json:"startTime,omitempty"`
	// FinishTime is status.completionTime, or the time of the Failed condition.
	FinishTime *time.Time `json:"finishTime,omitempty"`
	// DurationSeconds is from StartTime to FinishTime (or to Now while it runs).
	DurationSeconds int64 `json:"durationSeconds"`
	// Conditions are status.conditions.
	Conditions []Condition `json:"conditions"`
	// FailureReason and FailureMessage are the Failed (or FailureTarget) condition's.
	FailureReason  string `json:"failureReason,omitempty"`
	FailureMessage string `json:"failureMessage,omitempty"`
	// Waiting is why a Job that has not finished does not progress, when a pod says: the first
	// stuck pod (Unschedulable, ImagePullBackOff, CrashLoopBackOff, ...).
	Waiting *WaitingPod `json:"waiting,omitempty"`
	// FailedPods are the pods that failed, or whose containers failed, oldest first.
	FailedPods []FailedPod `json:"failedPods"`
	// Events are the recent events of the Job and its pods, newest last (at most 10).
	Events []Event `json:"events"`
}

// Condition is one status condition.
type Condition struct {
	Type               string    `json:"type"`
	Status             string    `json:"status"`
	Reason             string    `json:"reason,omitempty"`
	Message            string    `json:"message,omitempty"`
	LastTransitionTime time.Time `json:"lastTransitionTime"`
}

// WaitingPod is a pod that cannot make progress and why.
type WaitingPod struct {
	Pod       string `json:"pod"`
	Container string `json:"container,omitempty"`
	// Reason is Unschedulable, ImagePullBackOff, ErrImagePull, CrashLoopBackOff,
	// CreateContainerConfigError, CreateContainerError, InvalidImageName or RunContainerError.
	Reason  string `json:"reason"`
	Message string `json:"message,omitempty"`
}

// FailedPod is a failed pod of a Job.
type FailedPod struct {
	Name string `json:"name"`
	// Phase is the pod's phase (Failed, or Running for a pod whose container restarts).
	Phase string `json:"phase"`
	// Index is the completion index of an Indexed Job's pod.
	Index string `json:"index,omitempty"`
	// Reason and Message are the pod's status.reason and status.message (e.g. Evicted).
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
	// Containers are the containers that terminated with a non-zero exit code.
	Containers []ContainerExit `json:"containers"`
}

// ContainerExit is how a container terminated.
type ContainerExit struct {
	Name string `json:"name"`
	// Init is true for init containers.
	Init     bool  `json:"init,omitempty"`
	ExitCode int32 `json:"exitCode"`
	Signal   int32 `json:"signal,omitempty"`
	// Reason is the termination reason (Error, OOMKilled, ...).
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
	// RestartCount is the container's restart count (restartPolicy OnFailure).
	RestartCount int32 `json:"restartCount,omitempty"`
}

// Event is one Kubernetes event.
type Event struct {
	Time time.Time `json:"time"`
	// Type is Normal or Warning.
	Type   string `json:"type"`
	Reason string `json:"reason"`
	// Object is "job/NAME", "pod/NAME" or "cronjob/NAME".
	Object  string `json:"object"`
	Message string `json:"message"`
	Count   int32  `json:"count,omitempty"`
}

// CronJobStatus is the state of a live CronJob.
type CronJobStatus struct {
	// Suspended is spec.suspend.
	Suspended bool `json:"suspended"`
	// LastScheduleTime and LastSuccessfulTime are from status; absent when never scheduled.
	LastScheduleTime   *time.Time `json:"lastScheduleTime,omitempty"`
	LastSuccessfulTime *time.Time `json:"lastSuccessfulTime,omitempty"`
	// Active are the names of the running Jobs (status.active).
	Active []string `json:"active"`
	// NextRun is the next run time after Now in the schedule's zone (absent when it never fires).
	NextRun *time.Time `json:"nextRun,omitempty"`
	// MissedRuns counts the run times in (last schedule, Now] (counting from the creation time
	// when never scheduled, and from Now - startingDeadlineSeconds when that is later), up to
	// MissedLimit+1.
	MissedRuns int `json:"missedRuns"`
	// ControllerMissedEstimate is the CronJob controller's own estimate of the same count; above
	// MissedLimit it records a TooManyMissedTimes warning event.
	ControllerMissedEstimate int64 `json:"controllerMissedEstimate"`
	// MissedLimit is the controller's limit, 100.
	MissedLimit int `json:"missedLimit"`
	// Jobs are the Jobs the CronJob owns, oldest first (at most 10).
	Jobs []OwnedJob `json:"jobs"`
	// Events are the recent events of the CronJob and its Jobs, newest last (at most 10).
	Events []Event `json:"events"`
}

// OwnedJob is a Job a CronJob created.
type OwnedJob struct {
	Name string `json:"name"`
	// Phase as in JobStatus.
	Phase           string     `json:"phase"`
	StartTime       *time.Time `json:"startTime,omitempty"`
	FinishTime      *time.Time `json:"finishTime,omitempty"`
	DurationSeconds int64      `json:"durationSeconds"`
	// Reason is the Failed condition's reason of a failed Job.
	Reason string `json:"reason,omitempty"`
}

// Health is a live object's verdict as "kubectl batch status" gives it.
type Health struct {
	// Verdict is OK, WARN or FAIL.
	Verdict string `json:"verdict"`
	// Reason is the one that matters (Overdue, LastRunFailed, Unschedulable, ...).
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
}
