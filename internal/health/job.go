package health

import (
	"fmt"
	"sort"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/duration"
)

// Job states (JobStatus.State).
const (
	StatePending   = "Pending"
	StateRunning   = "Running"
	StateComplete  = "Complete"
	StateFailed    = "Failed"
	StateSuspended = "Suspended"
)

// JobStatus is what the verdict of a Job rests on. Times are UTC.
type JobStatus struct {
	// Owner is the CronJob that owns the Job ("" for none).
	Owner string `json:"owner,omitempty"`
	// State is Pending, Running, Complete, Failed or Suspended; FailureReason and
	// FailureMessage are the Failed (or FailureTarget) condition's.
	State          string `json:"state"`
	FailureReason  string `json:"failureReason,omitempty"`
	FailureMessage string `json:"failureMessage,omitempty"`
	Active         int32  `json:"active"`
	Ready          int32  `json:"ready"`
	Succeeded      int32  `json:"succeeded"`
	Failed         int32  `json:"failed"`
	Completions    *int32 `json:"completions,omitempty"`
	// BackoffLimit is spec.backoffLimit (default 6): the Job fails when Failed exceeds it.
	BackoffLimit int32      `json:"backoffLimit"`
	StartTime    *time.Time `json:"startTime"`
	// EndTime is status.completionTime, or when the Failed condition was set.
	EndTime *time.Time `json:"endTime"`
	// ElapsedSeconds runs from StartTime to EndTime, or to now while the Job runs.
	ElapsedSeconds        int64  `json:"elapsedSeconds"`
	ActiveDeadlineSeconds *int64 `json:"activeDeadlineSeconds,omitempty"`
	// StuckPods are pods that cannot make progress, with the reason from their conditions or
	// container states.
	StuckPods []PodProblem `json:"stuckPods,omitempty"`
}

// PodProblem is one pod that is stuck.
type PodProblem struct {
	Pod       string `json:"pod"`
	Container string `json:"container,omitempty"`
	// Reason is Unschedulable, ImagePullBackOff, ErrImagePull, CrashLoopBackOff,
	// CreateContainerConfigError, CreateContainerError, InvalidImageName or RunContainerError.
	Reason  string `json:"reason"`
	Message string `json:"message,omitempty"`
	// Since is when the pod entered the state, as far as the API says (condition time or pod
	// creation).
	Since *time.Time `json:"since"`
}

// stuckFail are the waiting reasons that need a human; ErrImagePull (before back-off) warns.
var stuckWaiting = map[string]Verdict{
	"ImagePullBackOff":           Fail,
	"ErrImagePull":               Warn,
	"InvalidImageName":           Fail,
	"CrashLoopBackOff":           Fail,
	"CreateContainerConfigError": Fail,
	"CreateContainerError":       Fail,
	"RunContainerError":          Fail,
}

// Job judges a Job from its pods (others in pods are ignored) as of now.
func Job(job *batchv1.Job, pods []corev1.Pod, now time.Time) Status {
	st := Status{Kind: "Job", Namespace: job.Namespace, Name: job.Name}
	js := jobFacts(job, now)
	for _, o := range job.OwnerReferences {
		if o.Kind == "CronJob" && o.Controller != nil && *o.Controller {
			js.Owner = o.Name
		}
	}
	st.Job = js
	var findings []Finding
	switch js.State {
	case StateFailed:
		reason := js.FailureReason
		if reason == "" {
			reason = ReasonJobFailed
		}
		msg := "failed"
		if js.FailureReason != "" {
			msg += ": " + js.FailureReason
		}
		if js.FailureMessage != "" {
			msg += ": " + js.FailureMessage
		}
		msg += fmt.Sprintf(" (%d failed pods", js.Failed)
		if js.EndTime != nil {
			msg += ", " + ago(now, *js.EndTime)
		}
		findings = append(findings, Finding{Fail, reason, msg + ")"})
	case StateComplete:
		msg := fmt.Sprintf("complete: %d succeeded", js.Succeeded)
		if js.EndTime != nil {
			msg += ", " + ago(now, *js.EndTime)
		}
		st.decide(nil, ReasonComplete, msg)
		return st
	case StateSuspended:
		st.decide(nil, ReasonSuspended, "suspended: no pods run until spec.suspend is false")
		return st
	}
	if js.State != StateFailed {
		js.StuckPods = StuckPods(job, pods, now)
		for _, p := range js.StuckPods {
			v := stuckWaiting[p.Reason]
			if p.Reason == ReasonUnschedulable {
				v = Warn
				if p.Since != nil && now.Sub(*p.Since) >= UnschedulableGrace {
					v = Fail
				}
			}
			msg := "pod " + p.Pod
			if p.Container != "" {
				msg += " container " + p.Container
			}
			msg += " " + p.Reason
			if p.Since != nil {
				msg += " for " + duration.HumanDuration(now.Sub(*p.Since))
			}
			if p.Message != "" {
				msg += ": " + p.Message
			}
			findings = append(findings, Finding{v, p.Reason, msg})
		}
		if js.Failed > 0 && js.Failed >= js.BackoffLimit {
			findings = append(findings, Finding{Warn, ReasonRetriesNearLimit,
				fmt.Sprintf("%d of %d retries used (backoffLimit): one more failed pod fails the Job", js.Failed, js.BackoffLimit)})
		}
		if d := js.ActiveDeadlineSeconds; d != nil && js.StartTime != nil && *d > 0 && js.ElapsedSeconds*5 >= *d*4 {
			findings = append(findings, Finding{Warn, ReasonDeadlineNear,
				fmt.Sprintf("running for %s of its activeDeadlineSeconds %s: the Job fails with DeadlineExceeded then",
					duration.HumanDuration(time.Duration(js.ElapsedSeconds)*time.Second), duration.HumanDuration(time.Duration(*d)*time.Second))})
		}
	}
	okReason, okMsg := ReasonRunning, fmt.Sprintf("running for %s: %d active, %d succeeded, %d failed",
		duration.HumanDuration(time.Duration(js.ElapsedSeconds)*time.Second), js.Active, js.Succeeded, js.Failed)
	if js.State == StatePending {
		okReason, okMsg = ReasonPending, "not started yet"
	}
	st.decide(findings, okReason, okMsg)
	return st
}

// jobFacts reads a Job's state and counts.
func jobFacts(job *batchv1.Job, now time.Time) *JobStatus {
	s := job.Status
	js := &JobStatus{
		Active:                s.Active,
		Succeeded:             s.Succeeded,
		Failed:                s.Failed,
		Completions:           job.Spec.Completions,
		BackoffLimit:          defaultBackoffLimit,
		ActiveDeadlineSeconds: job.Spec.ActiveDeadlineSeconds,
	}
	if s.Ready != nil {
		js.Ready = *s.Ready
	}
	if job.Spec.BackoffLimit != nil {
		js.BackoffLimit = *job.Spec.BackoffLimit
	}
	if s.StartTime != nil {
		js.StartTime = utc(s.StartTime.Time)
	}
	if s.CompletionTime != nil {
		js.EndTime = utc(s.CompletionTime.Time)
	}
	cond := func(t batchv1.JobConditionType) *batchv1.JobCondition {
		for i := range s.Conditions {
			if c := &s.Conditions[i]; c.Type == t && c.Status == corev1.ConditionTrue {
				return c
			}
		}
		return nil
	}
	switch {
	case cond(batchv1.JobFailed) != nil:
		c := cond(batchv1.JobFailed)
		js.State, js.FailureReason, js.FailureMessage = StateFailed, c.Reason, c.Message
		if js.EndTime == nil {
			js.EndTime = utc(c.LastTransitionTime.Time)
		}
	case cond(batchv1.JobFailureTarget) != nil:
		c := cond(batchv1.JobFailureTarget)
		js.State, js.FailureReason, js.FailureMessage = StateFailed, c.Reason, c.Message
		js.EndTime = utc(c.LastTransitionTime.Time)
	case cond(batchv1.JobComplete) != nil, cond(batchv1.JobSuccessCriteriaMet) != nil:
		js.State = StateComplete
	case cond(batchv1.JobSuspended) != nil, job.Spec.Suspend != nil && *job.Spec.Suspend:
		js.State = StateSuspended
	case s.Active > 0 || s.StartTime != nil:
		js.State = StateRunning
	default:
		js.State = StatePending
	}
	if js.StartTime != nil {
		end := now
		if js.EndTime != nil {
			end = *js.EndTime
		}
		if end.After(*js.StartTime) {
			js.ElapsedSeconds = seconds(end.Sub(*js.StartTime))
		}
	}
	return js
}

// ownedByJob reports whether the pod's controller is the Job (by UID).
func ownedByJob(p *corev1.Pod, job *batchv1.Job) bool {
	for _, o := range p.OwnerReferences {
		if o.Kind == "Job" && o.UID == job.UID {
			return true
		}
	}
	return false
}

// StuckPods lists the Job's pods that cannot make progress: unschedulable, or with a container
// waiting for a reason that needs a human (ImagePullBackOff, CrashLoopBackOff, ...). Pods are
// ordered by name. Pods of other Jobs in pods are ignored.
func StuckPods(job *batchv1.Job, pods []corev1.Pod, now time.Time) []PodProblem {
	var out []PodProblem
	for i := range pods {
		p := &pods[i]
		if !ownedByJob(p, job) || p.DeletionTimestamp != nil ||
			p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed {
			continue
		}
		if pr, ok := podProblem(p); ok {
			out = append(out, pr)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Pod < out[b].Pod })
	return out
}

// podProblem finds why a pod is stuck, if it is.
func podProblem(p *corev1.Pod) (PodProblem, bool) {
	created := utc(p.CreationTimestamp.Time)
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse && c.Reason == corev1.PodReasonUnschedulable {
			since := created
			if !c.LastTransitionTime.IsZero() {
				since = utc(c.LastTransitionTime.Time)
			}
			return PodProblem{Pod: p.Name, Reason: ReasonUnschedulable, Message: c.Message, Since: since}, true
		}
	}
	for _, list := range [][]corev1.ContainerStatus{p.Status.InitContainerStatuses, p.Status.ContainerStatuses} {
		for _, cs := range list {
			if w := cs.State.Waiting; w != nil {
				if _, stuck := stuckWaiting[w.Reason]; stuck {
					return PodProblem{Pod: p.Name, Container: cs.Name, Reason: w.Reason, Message: w.Message, Since: created}, true
				}
			}
		}
	}
	return PodProblem{}, false
}

// ago says how long before now t was ("3h ago"; "in 5m" for the future).
func ago(now, t time.Time) string {
	if t.After(now) {
		return "in " + duration.HumanDuration(t.Sub(now))
	}
	return duration.HumanDuration(now.Sub(t)) + " ago"
}
