package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

// writeWaitJSON prints the final states of a wait as a jobs.WaitResult; waitErr is the error
// the wait ended with (nil when every Job finished or one failed).
func writeWaitJSON(w io.Writer, namespace string, states []jobs.JobState, waitErr error) error {
	res := jobs.WaitResult{Outcome: jobs.ResultComplete, Jobs: jobs.Results(namespace, states)}
	var ee *ExitError
	switch {
	case errors.As(waitErr, &ee) && ee.Code == ExitInterrupted:
		res.Outcome = "Interrupted"
	case errors.Is(waitErr, context.DeadlineExceeded):
		res.Outcome = "TimedOut"
	case waitErr != nil:
		return nil // nothing was waited for: the error says why
	default:
		for _, s := range states {
			if s.Outcome == jobs.OutcomeFailed || s.Outcome == jobs.OutcomeDeleted {
				res.Outcome = jobs.ResultFailed
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("writing the result: %w", err)}
	}
	return nil
}

// failedExit is the exit-1 error when a Job failed or was deleted, else nil.
func failedExit(states []jobs.JobState) error {
	for _, s := range states {
		if s.Outcome == jobs.OutcomeFailed || s.Outcome == jobs.OutcomeDeleted {
			return &ExitError{Code: ExitFindings}
		}
	}
	return nil
}

// timeoutError is the message of a wait that reached --timeout; it matches
// context.DeadlineExceeded with errors.Is.
type timeoutError struct{ msg string }

func (e *timeoutError) Error() string        { return e.msg }
func (e *timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }
