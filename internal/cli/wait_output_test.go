package cli

import (
	"bytes"
	"path/filepath"
	"testing"

	batchv1 "k8s.io/api/batch/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

func TestWaitJSONGolden(t *testing.T) {
	states := []jobs.JobState{
		stateOf("a", 1, 0, 0, "", "", ""),
		stateOf("b", 0, 0, 1, batchv1.JobFailed, "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
		stateOf("c", 0, 2, 0, batchv1.JobComplete, "CompletionsReached", ""),
	}
	var buf bytes.Buffer
	if err := writeWaitJSON(&buf, "data", states, nil); err != nil {
		t.Fatal(err)
	}
	if err := failedExit(states); err == nil {
		t.Error("failedExit: nil, want exit 1")
	}
	buf.WriteString("---\n")
	if err := writeWaitJSON(&buf, "data", states[:1], &ExitError{Code: ExitUsage, Err: &timeoutError{"timed out"}}); err != nil {
		t.Fatal(err)
	}
	buf.WriteString("---\n")
	if err := writeWaitJSON(&buf, "data", states[:1], &ExitError{Code: ExitInterrupted}); err != nil {
		t.Fatal(err)
	}
	assertGolden(t, filepath.Join("testdata", "golden", "wait.json"), buf.String())
}
