package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

// lockedBuffer is a bytes.Buffer safe for the ticker's writes and the test's reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *lockedBuffer) Len() int { return len(l.String()) }

func progressTestStates() []jobs.JobState {
	job := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "migrate"}, Status: batchv1.JobStatus{Active: 1}}
	return []jobs.JobState{{Name: "migrate", Job: job, Outcome: jobs.OutcomeRunning}}
}

// TestProgressHeartbeat: without a terminal, a wait that printed nothing for the heartbeat
// interval prints a "still waiting" line with why the Job does not progress.
func TestProgressHeartbeat(t *testing.T) {
	var out lockedBuffer
	p := newProgress(&out, false)
	p.heartbeat = time.Second
	p.why = func(context.Context, []jobs.JobState) map[string]string {
		return map[string]string{"migrate": "waiting: pod/migrate-x Unschedulable (0/1 nodes are available)"}
	}
	p.update(progressTestStates())
	first := out.String()
	if !strings.HasPrefix(first, "job/migrate: 1 active, 0 succeeded, 0 failed (") {
		t.Fatalf("first line %q", first)
	}
	stop := p.startTicker(context.Background())
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "still waiting") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	beat := strings.TrimPrefix(out.String(), first)
	if !strings.HasPrefix(beat, "still waiting: job/migrate: 1 active, 0 succeeded, 0 failed; waiting: pod/migrate-x Unschedulable (0/1 nodes are available) (") {
		t.Errorf("heartbeat %q", beat)
	}
}

// TestProgressHeartbeatOff: --heartbeat 0 never prints one.
func TestProgressHeartbeatOff(t *testing.T) {
	var out lockedBuffer
	p := newProgress(&out, false)
	p.quiet = true
	p.update(progressTestStates())
	stop := p.startTicker(context.Background())
	time.Sleep(1500 * time.Millisecond)
	stop()
	if out.Len() != 0 {
		t.Errorf("printed %q", out.String())
	}
}

// TestProgressLineFitsTheTerminal: the live line is cut to the terminal's width (a wrapped
// line cannot be erased with "\r").
func TestProgressLineFitsTheTerminal(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, true)
	p.width = func() int { return 40 }
	p.reasons = map[string]string{"migrate": "waiting: pod/migrate-x ImagePullBackOff (Back-off pulling image)"}
	p.update(progressTestStates())
	line := out.String()[strings.LastIndex(out.String(), "\x1b[K")+3:]
	if n := len([]rune(line)); n > 40 || !strings.Contains(line, "…") {
		t.Errorf("line of %d runes: %q", n, line)
	}
}

func TestTruncateRunes(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{{"abc", 3, "abc"}, {"abcd", 3, "ab…"}, {"äöüß", 2, "ä…"}, {"ab", 1, "a"}} {
		if got := truncateRunes(tc.s, tc.n); got != tc.want {
			t.Errorf("truncateRunes(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}
