package jobs

import (
	"time"

	batchv1 "k8s.io/api/batch/v1"
)

// JobResult is the final state of one Job a wait tracked, as "kubectl batch wait -o json"
// prints it. The JSON form is a stable interface for scripts: fields are only ever added.
type JobResult struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	// Result is Complete, Failed, Deleted (before it finished) or Running (the wait ended
	// first: fail-fast, timeout or interrupt).
	Result string `json:"result"`
	// Reason and Message come from the Complete or Failed condition (e.g. BackoffLimitExceeded).
	Reason    string `json:"reason,omitempty"`
	Message   string `json:"message,omitempty"`
	Suspended bool   `json:"suspended"`
	Active    int32  `json:"active"`
	Ready     int32  `json:"ready"`
	Succeeded int32  `json:"succeeded"`
	Failed    int32  `json:"failed"`
	// StartTime is status.startTime; EndTime status.completionTime or when the Failed
	// condition was set; DurationSeconds the time between them.
	StartTime       *time.Time `json:"startTime"`
	EndTime         *time.Time `json:"endTime"`
	DurationSeconds *int64     `json:"durationSeconds"`
}

// WaitResult is what a wait ended with: the results of its Jobs, sorted by name.
type WaitResult struct {
	// Outcome is Complete (every Job completed), Failed (one failed or was deleted), TimedOut
	// or Interrupted.
	Outcome string      `json:"outcome"`
	Jobs    []JobResult `json:"jobs"`
}

// Results turns the states of a wait into JobResults.
func Results(namespace string, states []JobState) []JobResult {
	out := make([]JobResult, 0, len(states))
	for _, s := range states {
		r := JobResult{Namespace: namespace, Name: s.Name, Result: resultName(s.Outcome)}
		if s.Condition != nil && s.Outcome != OutcomeDeleted {
			r.Reason, r.Message = s.Condition.Reason, s.Condition.Message
		}
		if job := s.Job; job != nil {
			r.Suspended = IsSuspended(job)
			st := job.Status
			r.Active, r.Succeeded, r.Failed = st.Active, st.Succeeded, st.Failed
			if st.Ready != nil {
				r.Ready = *st.Ready
			}
			if st.StartTime != nil {
				t := st.StartTime.UTC()
				r.StartTime = &t
			}
			r.EndTime = endTime(job, s.Condition)
			if r.StartTime != nil && r.EndTime != nil && !r.EndTime.Before(*r.StartTime) {
				d := int64(r.EndTime.Sub(*r.StartTime).Round(time.Second) / time.Second)
				r.DurationSeconds = &d
			}
		}
		out = append(out, r)
	}
	return out
}

func resultName(o Outcome) string {
	switch o {
	case OutcomeComplete:
		return ResultComplete
	case OutcomeFailed:
		return ResultFailed
	case OutcomeDeleted:
		return "Deleted"
	}
	return ResultRunning
}

func endTime(job *batchv1.Job, cond *batchv1.JobCondition) *time.Time {
	if job.Status.CompletionTime != nil {
		t := job.Status.CompletionTime.UTC()
		return &t
	}
	if cond != nil && !cond.LastTransitionTime.IsZero() {
		t := cond.LastTransitionTime.UTC()
		return &t
	}
	return nil
}
