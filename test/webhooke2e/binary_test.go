//go:build integration

package webhooke2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/utils/ptr"

	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
	"github.com/kubectl-batch/kubectl-batch/webhook/testcert"
	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

// TestBinary builds cmd/kubectl-batch-webhook, runs it as the API server's webhook, reads its
// probes and metrics, and stops it with SIGTERM: it must exit 0 after logging its decisions.
func TestBinary(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "kubectl-batch-webhook")
	build := exec.Command("go", "build", "-o", bin, "./cmd/kubectl-batch-webhook")
	build.Dir = testenv.RepoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	srv := webhooktest.New(t) // the certificates and the port; the binary serves
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("policy: {minStartingDeadlineSeconds: 30}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mport, _ := testcert.FreePort()
	var stderr webhooktest.LogBuffer
	cmd := exec.Command(bin, "--bind-address=127.0.0.1", fmt.Sprint("--port=", srv.Port),
		"--tls-cert-file="+srv.Certs.CertFile, "--tls-private-key-file="+srv.Certs.KeyFile, "--config="+cfg,
		fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", mport))
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	probes := fmt.Sprintf("http://127.0.0.1:%d", mport)
	eventually(t, "readyz", func() error {
		resp, err := http.Get(probes + "/readyz")
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("readyz %d", resp.StatusCode)
		}
		return nil
	})

	ns := env.Namespace(t)
	register(t, srv, admissionregistrationv1.Fail, ns)
	waitActive(t, ns)
	err := createErr(env.Client, cronJob(ns, "nightly", func(cj *batchv1.CronJob) { cj.Spec.StartingDeadlineSeconds = ptr.To[int64](20) }), false)
	if err == nil || !strings.Contains(err.Error(), "is 20, below 30") {
		t.Fatalf("the configured minimum was not enforced: %v", err)
	}
	resp, err := http.Get(probes + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(m), `kubectl_batch_webhook_decisions_total{kind="CronJob",rule="starting-deadline-too-short",verdict="denied"}`) {
		t.Errorf("metrics lack the decision:\n%s", m)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no exit 30s after SIGTERM")
	}
	logs := stderr.String()
	for _, want := range []string{`"msg":"admission decision"`, `"kind":"CronJob"`, `"object":"` + ns + `/nightly"`, `"verdict":"denied"`, `"msg":"webhook stopped"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
}
