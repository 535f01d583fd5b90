package explain

import (
	"sort"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/health"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// utcTime converts an API time to UTC (the API client gives local times; JSON stays stable).
func utcTime(t *metav1.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func condition(job *batchv1.Job, typ batchv1.JobConditionType) *batchv1.JobCondition {
	for i := range job.Status.Conditions {
		if c := &job.Status.Conditions[i]; c.Type == typ && c.Status == corev1.ConditionTrue {
			return c
		}
	}
	return nil
}

// jobPhase sums up a Job's state, with the reason and message of the condition that decided it.
func jobPhase(job *batchv1.Job) (phase, reason, message string) {
	for _, c := range []struct {
		typ   batchv1.JobConditionType
		phase string
	}{
		{batchv1.JobFailed, PhaseFailed},
		{batchv1.JobComplete, PhaseSucceeded},
		{batchv1.JobFailureTarget, PhaseFailing},
		{batchv1.JobSuccessCriteriaMet, PhaseSucceeding},
		{batchv1.JobSuspended, PhaseSuspended},
	} {
		if cond := condition(job, c.typ); cond != nil {
			return c.phase, cond.Reason, cond.Message
		}
	}
	if job.Status.Active > 0 {
		return PhaseRunning, "", ""
	}
	if job.Spec.Suspend != nil && *job.Spec.Suspend {
		return PhaseSuspended, "", ""
	}
	return PhasePending, "", ""
}

// finishTime is when the Job finished: status.completionTime, or the Failed condition's time.
func finishTime(job *batchv1.Job) *time.Time {
	if t := utcTime(job.Status.CompletionTime); t != nil {
		return t
	}
	if c := condition(job, batchv1.JobFailed); c != nil {
		if t := utcTime(&c.LastTransitionTime); t != nil {
			return t
		}
	}
	return nil
}

func durationSeconds(start, finish *time.Time, now time.Time) int64 {
	if start == nil {
		return 0
	}
	end := now
	if finish != nil {
		end = *finish
	}
	if end.Before(*start) {
		return 0
	}
	return int64(end.Sub(*start) / time.Second)
}

// ownedBy reports whether refs name the owner as controller (by UID when known, else by name).
func ownedBy(refs []metav1.OwnerReference, kind, name, uid string) bool {
	for _, r := range refs {
		if r.Kind != kind || r.Controller == nil || !*r.Controller {
			continue
		}
		if uid != "" && r.UID != "" {
			return string(r.UID) == uid
		}
		return r.Name == name
	}
	return false
}

func jobStatus(job *batchv1.Job, pods []corev1.Pod, evs []corev1.Event, now time.Time) *JobStatus {
	s := job.Status
	st := &JobStatus{
		Active:           s.Active,
		Ready:            deref(s.Ready),
		Succeeded:        s.Succeeded,
		Failed:           s.Failed,
		Terminating:      deref(s.Terminating),
		CompletedIndexes: s.CompletedIndexes,
		FailedIndexes:    deref(s.FailedIndexes),
		StartTime:        utcTime(s.StartTime),
		FinishTime:       finishTime(job),
		Conditions:       []Condition{},
		FailedPods:       []FailedPod{},
		Events:           []Event{},
	}
	st.Phase, _, _ = jobPhase(job)
	st.DurationSeconds = durationSeconds(st.StartTime, st.FinishTime, now)
	for _, c := range s.Conditions {
		ct := Condition{Type: string(c.Type), Status: string(c.Status), Reason: c.Reason, Message: c.Message}
		if t := utcTime(&c.LastTransitionTime); t != nil {
			ct.LastTransitionTime = *t
		}
		st.Conditions = append(st.Conditions, ct)
	}
	for _, typ := range []batchv1.JobConditionType{batchv1.JobFailed, batchv1.JobFailureTarget} {
		if c := condition(job, typ); c != nil {
			st.FailureReason, st.FailureMessage = c.Reason, c.Message
			break
		}
	}

	// Its pods: only those it controls, oldest first.
	var mine []corev1.Pod
	names := map[string]bool{}
	for _, p := range pods {
		if len(p.OwnerReferences) > 0 && !ownedBy(p.OwnerReferences, lint.KindJob, job.Name, string(job.UID)) {
			continue
		}
		mine = append(mine, p)
		names[p.Name] = true
	}
	sort.SliceStable(mine, func(i, j int) bool {
		a, b := mine[i].CreationTimestamp, mine[j].CreationTimestamp
		if !a.Equal(&b) {
			return a.Before(&b)
		}
		return mine[i].Name < mine[j].Name
	})
	for i := range mine {
		if fp, ok := failedPod(&mine[i]); ok {
			st.FailedPods = append(st.FailedPods, fp)
		}
	}
	if st.FinishTime == nil {
		if stuck := health.StuckPods(job, mine, now); len(stuck) > 0 {
			w := stuck[0]
			st.Waiting = &WaitingPod{Pod: w.Pod, Container: w.Container, Reason: w.Reason, Message: w.Message}
		}
	}
	if len(st.FailedPods) > maxListed {
		st.FailedPods = st.FailedPods[len(st.FailedPods)-maxListed:]
	}
	st.Events = events(evs, func(kind, name string) bool {
		return (kind == lint.KindJob && name == job.Name) || (kind == "Pod" && names[name])
	})
	return st
}

// failedPod reports a pod that failed, or whose containers exited with a non-zero code.
func failedPod(p *corev1.Pod) (FailedPod, bool) {
	fp := FailedPod{Name: p.Name, Phase: string(p.Status.Phase), Reason: p.Status.Reason, Message: p.Status.Message,
		Index: p.Annotations[batchv1.JobCompletionIndexAnnotation], Containers: []ContainerExit{}}
	add := func(statuses []corev1.ContainerStatus, init bool) {
		for _, cs := range statuses {
			t := cs.State.Terminated
			if t == nil || t.ExitCode == 0 {
				t = cs.LastTerminationState.Terminated
			}
			if t == nil || t.ExitCode == 0 {
				continue
			}
			fp.Containers = append(fp.Containers, ContainerExit{Name: cs.Name, Init: init, ExitCode: t.ExitCode,
				Signal: t.Signal, Reason: t.Reason, Message: strings.TrimSpace(t.Message), RestartCount: cs.RestartCount})
		}
	}
	add(p.Status.InitContainerStatuses, true)
	add(p.Status.ContainerStatuses, false)
	return fp, p.Status.Phase == corev1.PodFailed || len(fp.Containers) > 0
}

func eventTime(e *corev1.Event) time.Time {
	for _, t := range []time.Time{e.LastTimestamp.Time, e.EventTime.Time, e.FirstTimestamp.Time, e.CreationTimestamp.Time} {
		if !t.IsZero() {
			return t.UTC()
		}
	}
	return time.Time{}
}

// events selects the events about the objects keep accepts, newest last, at most maxListed.
func events(evs []corev1.Event, keep func(kind, name string) bool) []Event {
	out := []Event{}
	for i := range evs {
		e := &evs[i]
		if !keep(e.InvolvedObject.Kind, e.InvolvedObject.Name) {
			continue
		}
		count := e.Count
		if e.Series != nil {
			count = e.Series.Count
		}
		out = append(out, Event{Time: eventTime(e), Type: e.Type, Reason: e.Reason,
			Object:  strings.ToLower(e.InvolvedObject.Kind) + "/" + e.InvolvedObject.Name,
			Message: strings.TrimSpace(e.Message), Count: count})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	if len(out) > maxListed {
		out = out[len(out)-maxListed:]
	}
	return out
}
