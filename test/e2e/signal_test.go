//go:build integration

package e2e

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
)

// The tests of exit codes on signals run the real binary and send it the signal.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds cmd/kubectl-batch once per test run.
func binary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kubectl-batch-e2e-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "kubectl-batch")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/kubectl-batch")
		cmd.Dir = testenv.RepoRoot()
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// lockedBuffer is a bytes.Buffer safe to read while the process writes it.
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

// process is a running kubectl-batch.
type process struct {
	cmd      *exec.Cmd
	out, err *lockedBuffer
	done     chan struct{}
}

// start runs the binary with args against the test environment.
func start(t *testing.T, args ...string) *process {
	t.Helper()
	p := &process{out: &lockedBuffer{}, err: &lockedBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(binary(t), withKubeconfig(args)...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.err
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// waitFor waits until stderr (or stdout) contains s.
func (p *process) waitFor(t *testing.T, s string, stdout bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		got := p.err.String()
		if stdout {
			got = p.out.String()
		}
		if strings.Contains(got, s) {
			return
		}
		select {
		case <-p.done:
			t.Fatalf("the process ended before printing %q: stdout %q, stderr %q", s, p.out.String(), p.err.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("no %q after 30s: stdout %q, stderr %q", s, p.out.String(), p.err.String())
}

// signal sends sig and returns the exit code; the process must end within 10 seconds.
func (p *process) signal(t *testing.T, sig os.Signal) result {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10s after %v: stdout %q, stderr %q", sig, p.out.String(), p.err.String())
	}
	return result{code: p.cmd.ProcessState.ExitCode(), out: p.out.String(), err: p.err.String()}
}

func TestSignalWait(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twJob(t, ns, "slow", nil, twSlow)
	p := start(t, "wait", "job/slow", "-n", ns)
	p.waitFor(t, "job/slow: ", false) // the first progress line: the watch is up
	res := p.signal(t, os.Interrupt)
	twExpect(t, res, 130, nil, []string{"error: interrupted while waiting for job/slow (", "the Job keeps running"})

	p = start(t, "wait", "job/slow", "-n", ns)
	p.waitFor(t, "job/slow: ", false)
	twExpect(t, p.signal(t, syscall.SIGTERM), 130, nil, []string{"interrupted while waiting for job/slow"})
}

func TestSignalLogsFollow(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	marker := "signal-marker-" + ns
	twAppendLog(t, marker)
	twJob(t, ns, "slow", nil, twSlow)
	p := start(t, "logs", "-f", "job/slow", "-n", ns)
	p.waitFor(t, marker, true) // the pod runs and its log is streamed
	res := p.signal(t, os.Interrupt)
	twExpect(t, res, 130, nil, []string{"error: interrupted while following the logs; job/slow is still running (1 active"})
}

func TestSignalTriggerWait(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twCronJob(t, ns, "cj", twSlow)
	p := start(t, "trigger", "cronjob/cj", "--name", "sig", "--wait", "-n", ns)
	p.waitFor(t, "job.batch/sig created", true)
	p.waitFor(t, "job/sig: ", false)
	res := p.signal(t, os.Interrupt)
	twExpect(t, res, 130, nil, []string{"interrupted while waiting for job/sig", "keeps running"})
	// The Job was created whole and keeps running.
	job, err := env.Client.BatchV1().Jobs(ns).Get(context.Background(), "sig", metav1.GetOptions{})
	if err != nil || job.DeletionTimestamp != nil {
		t.Errorf("job/sig after the interrupt: %v", err)
	}
}

func TestSignalRunWait(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	path := twManifest(t, `apiVersion: batch/v1
kind: Job
metadata: {name: sig-run, namespace: `+ns+`}
spec:
  backoffLimit: 0
  ttlSecondsAfterFinished: 600
  template:
    metadata: {annotations: {kwok.x-k8s.io/delay: 60s}}
    spec:
      restartPolicy: Never
      containers: [{name: main, image: "busybox:1.36", resources: {limits: {memory: 64Mi, cpu: 100m}}}]
`)
	p := start(t, "run", "-f", path, "--wait", "--kubernetes-version", "1.37")
	p.waitFor(t, "job.batch/sig-run created", true)
	p.waitFor(t, "job/sig-run: ", false)
	twExpect(t, p.signal(t, os.Interrupt), 130, nil, []string{"interrupted while waiting for job/sig-run"})
}

// TestSignalRunReplace: an interrupt while --replace waits for the old Job to go (held here by
// a finalizer) exits 130, says the deletion goes on and that no new Job was created, and
// creates none.
func TestSignalRunReplace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ns := env.Namespace(t)
	const hold = "kubectl-batch.io/test-hold"
	twJob(t, ns, "held", nil, nil, func(j *batchv1.Job) { j.Finalizers = []string{hold} })
	t.Cleanup(func() {
		patch := []byte(`{"metadata":{"finalizers":null}}`)
		_, _ = env.Client.BatchV1().Jobs(ns).Patch(context.Background(), "held", types.MergePatchType, patch, metav1.PatchOptions{})
	})
	path := twManifest(t, `apiVersion: batch/v1
kind: Job
metadata: {name: held, namespace: `+ns+`}
spec:
  backoffLimit: 0
  ttlSecondsAfterFinished: 600
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: "busybox:1.36", resources: {limits: {memory: 64Mi, cpu: 100m}}}]
`)
	old, err := env.Client.BatchV1().Jobs(ns).Get(ctx, "held", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := start(t, "run", "-f", path, "--replace", "--kubernetes-version", "1.37")
	// The deletion was requested: the Job has a deletion timestamp.
	deadline := time.Now().Add(30 * time.Second)
	for {
		j, err := env.Client.BatchV1().Jobs(ns).Get(ctx, "held", metav1.GetOptions{})
		if err == nil && j.DeletionTimestamp != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the old Job was not being deleted after 30s (%v)", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	twExpect(t, p.signal(t, os.Interrupt), 130, nil, []string{"interrupted while job/held in namespace " + ns + " was being deleted (--replace): its deletion goes on; the new Job was not created"})
	if j, err := env.Client.BatchV1().Jobs(ns).Get(ctx, "held", metav1.GetOptions{}); err != nil || j.UID != old.UID {
		t.Errorf("a new Job was created, or the old one is gone: %v", err)
	}
}

func TestSignalStatusWatch(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twJob(t, ns, "slow", nil, twSlow)
	p := start(t, "status", "--watch", "-n", ns)
	p.waitFor(t, "job/slow", true) // the first table: the watches start
	res := p.signal(t, os.Interrupt)
	twExpect(t, res, 130, []string{"NAME", "VERDICT"}, nil)
}
