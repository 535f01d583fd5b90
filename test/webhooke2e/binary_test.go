//go:build integration

package webhooke2e

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
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

	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
	"github.com/kubectl-batch/kubectl-batch/webhook/testcert"
	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

// webhookBinary is cmd/kubectl-batch-webhook running as a process on 127.0.0.1.
type webhookBinary struct {
	srv    *webhooktest.Server // the certificates and the port; the binary serves
	cmd    *exec.Cmd
	exited chan error
	stderr *webhooktest.LogBuffer
	probes string // base URL of healthz, readyz and metrics
}

// startBinary builds the webhook binary, starts it on 127.0.0.1 with args (after the serving
// flags) and waits until it is ready; it is killed when t ends unless stopped before.
func startBinary(t *testing.T, args ...string) *webhookBinary {
	t.Helper()
	return runBinary(t, buildBinary(t), webhooktest.New(t), "127.0.0.1", args...)
}

// buildBinary builds cmd/kubectl-batch-webhook and returns its path.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kubectl-batch-webhook")
	build := exec.Command("go", "build", "-o", bin, "./cmd/kubectl-batch-webhook")
	build.Dir = testenv.RepoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runBinary starts bin on host and srv's port with srv's certificates and args, and waits until
// it is ready; it is killed when t ends unless stopped before.
func runBinary(t *testing.T, bin string, srv *webhooktest.Server, host string, args ...string) *webhookBinary {
	t.Helper()
	w := &webhookBinary{srv: srv, exited: make(chan error, 1), stderr: &webhooktest.LogBuffer{}}
	mport, _ := testcert.FreePort()
	w.cmd = exec.Command(bin, append([]string{"--bind-address=" + host, fmt.Sprint("--port=", w.srv.Port),
		"--tls-cert-file=" + w.srv.Certs.CertFile, "--tls-private-key-file=" + w.srv.Certs.KeyFile,
		fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", mport)}, args...)...)
	w.cmd.Stderr = w.stderr
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.exited <- w.cmd.Wait() }()
	t.Cleanup(func() {
		if w.cmd.ProcessState == nil {
			_ = w.cmd.Process.Kill()
			<-w.exited
		}
	})
	w.probes = fmt.Sprintf("http://127.0.0.1:%d", mport)
	eventually(t, "readyz", func() error {
		select {
		case err := <-w.exited:
			t.Fatalf("the webhook exited before it was ready: %v\n%s", err, w.stderr.String())
		default:
		}
		resp, err := http.Get(w.probes + "/readyz")
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("readyz %d", resp.StatusCode)
		}
		return nil
	})
	return w
}

// review posts an AdmissionReview of a CREATE of obj to the binary, as an API server would, and
// returns its response.
func (w *webhookBinary) review(t *testing.T, obj runtime.Object) *admissionv1.AdmissionResponse {
	t.Helper()
	req := webhooktest.Request(t, admissionv1.Create, obj, nil)
	body, err := json.Marshal(admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request:  &req.AdmissionRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(w.srv.CABundle())
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	resp, err := client.Post(w.srv.URL(), "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out admissionv1.AdmissionReview
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Response == nil {
		t.Fatalf("decoding the webhook's answer (HTTP %d): %v", resp.StatusCode, err)
	}
	return out.Response
}

// TestBinary builds cmd/kubectl-batch-webhook, runs it as the API server's webhook, reads its
// probes and metrics, and stops it with SIGTERM: it must exit 0 after logging its decisions.
func TestBinary(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte(webhooktest.ConfigHeader+"policy: {minStartingDeadlineSeconds: 30}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := startBinary(t, "--config="+cfg, "--kubeconfig="+env.Kubeconfig)

	ns := env.Namespace(t)
	register(t, w.srv, admissionregistrationv1.Fail, ns)
	waitActive(t, ns)
	err := createErr(env.Client, cronJob(ns, "nightly", func(cj *batchv1.CronJob) { cj.Spec.StartingDeadlineSeconds = ptr.To[int64](20) }), false)
	if err == nil || !strings.Contains(err.Error(), "is 20, below 30") {
		t.Fatalf("the configured minimum was not enforced: %v", err)
	}
	resp, err := http.Get(w.probes + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(m), `kubectl_batch_webhook_decisions_total{kind="CronJob",rule="starting-deadline-too-short",verdict="denied"}`) {
		t.Errorf("metrics lack the decision:\n%s", m)
	}

	if err := w.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-w.exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, w.stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no exit 30s after SIGTERM")
	}
	logs := w.stderr.String()
	for _, want := range []string{`"kubernetesVersion":"1.37"`, `"msg":"admission decision"`, `"kind":"CronJob"`, `"object":"` + ns + `/nightly"`, `"verdict":"denied"`, `"msg":"webhook stopped"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
}

// zeroSleepJob has a preStop sleep of 0 seconds: kube-apiserver 1.32 rejects it
// (PodLifecycleSleepActionAllowZero is off), 1.33 and later accept it.
func zeroSleepJob(ns string) *batchv1.Job {
	return webhooktest.Job(ns, "zero-sleep", func(j *batchv1.Job) {
		j.Spec.Template.Spec.Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 0}}}
	})
}

// TestBinaryDecidesForItsServersVersion runs the webhook binary beside a real kube-apiserver
// 1.32: it reads that server's version at start and applies 1.32's rules (a zero-second sleep
// is denied, as that server itself rejects it), while beside the 1.37 control plane the same
// object is allowed; --kubernetes-version overrides what the server says. The 1.32 server
// calls the webhook too (registered by URL), which denies by its policy rules.
func TestBinaryDecidesForItsServersVersion(t *testing.T) {
	old := testenv.StartVersionFor(t, "1.32")
	ns := old.Namespace(t)
	// The server itself rejects the object: the webhook, deciding for 1.32, must agree.
	_, serverErr := old.Client.BatchV1().Jobs(ns).Create(context.Background(), zeroSleepJob(ns), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	if serverErr == nil || !strings.Contains(serverErr.Error(), "preStop.sleep") {
		t.Fatalf("kube-apiserver 1.32 on a zero sleep: %v (want a rejection at preStop.sleep)", serverErr)
	}

	w := startBinary(t, "--kubeconfig="+old.Kubeconfig)
	if logs := w.stderr.String(); !strings.Contains(logs, `"kubernetesVersion":"1.32"`) {
		t.Errorf("the webhook did not log deciding for 1.32:\n%s", logs)
	}
	resp := w.review(t, zeroSleepJob(ns))
	if resp.Allowed || resp.Result == nil || !strings.Contains(resp.Result.Message, "preStop.sleep") {
		t.Errorf("webhook beside 1.32 on a zero sleep: allowed=%v result=%+v (want denied at preStop.sleep)", resp.Allowed, resp.Result)
	}

	newest := startBinary(t, "--kubeconfig="+env.Kubeconfig)
	if resp := newest.review(t, zeroSleepJob(ns)); !resp.Allowed {
		t.Errorf("webhook beside 1.37 on a zero sleep: denied (%+v); 1.37 accepts it", resp.Result)
	}
	flagged := startBinary(t, "--kubeconfig="+env.Kubeconfig, "--kubernetes-version=1.32")
	if resp := flagged.review(t, zeroSleepJob(ns)); resp.Allowed {
		t.Error("webhook with --kubernetes-version=1.32 beside 1.37 allowed a zero sleep; the flag must win over the server's version")
	}

	// The 1.32 API server calls the webhook by URL and enforces its denial.
	registerOn(t, old.Client, w.srv, admissionregistrationv1.Fail, ns)
	webhooktest.Eventually(t, 20*time.Second, "webhook not called by the 1.32 server", func() error {
		err := createErr(old.Client, cronJob(ns, "probe", shortDeadline), true)
		if err == nil || !strings.Contains(err.Error(), "kubectl-batch denied") {
			return fmt.Errorf("dry-run create of a denied CronJob on 1.32: %v", err)
		}
		return nil
	})
}
