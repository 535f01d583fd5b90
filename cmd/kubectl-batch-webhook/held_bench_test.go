package main

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kubectl-batch/kubectl-batch/webhook"
	"github.com/kubectl-batch/kubectl-batch/webhook/testcert"
)

// BenchmarkHeldConnections runs the webhook binary with its defaults (1,024 connections at once,
// a 5 s handshake timeout), opens HELD_CONNECTIONS (default 10,000) TCP connections to it that
// never start TLS, then sends valid reviews on fresh connections for 20 s. It reports the
// binary's peak resident memory (VmHWM), how many reviews were answered, the first and the
// slowest answer, and the resident memory 30 s after the held connections closed.
// Run it with `make bench-webhook`.
func BenchmarkHeldConnections(b *testing.B) {
	held := 10000
	if v := os.Getenv("HELD_CONNECTIONS"); v != "" {
		held, _ = strconv.Atoi(v)
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "kubectl-batch-webhook")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	certs, err := testcert.Write(dir)
	if err != nil {
		b.Fatal(err)
	}
	port, _ := testcert.FreePort()
	cmd := exec.Command(bin, "--bind-address=127.0.0.1", fmt.Sprint("--port=", port), "--tls-cert-file="+certs.CertFile,
		"--tls-private-key-file="+certs.KeyFile, "--metrics-bind-address=0", "--kubernetes-version=1.37", "--log-level=error")
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	url := "https://" + addr + webhook.Path
	body := `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"group":"batch","version":"v1","kind":"Job"},` +
		`"resource":{"group":"batch","version":"v1","resource":"jobs"},"namespace":"ns","name":"j","operation":"CREATE","userInfo":{"username":"a"},` +
		`"object":{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j","namespace":"ns"},"spec":{"backoffLimit":2,"ttlSecondsAfterFinished":60,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:1.36"}]}}}}}}`
	review := func() (time.Duration, error) {
		c := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: certs.Pool}, DisableKeepAlives: true}}
		start := time.Now()
		resp, err := c.Post(url, "application/json", strings.NewReader(body))
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		return time.Since(start), nil
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := review(); err == nil {
			break
		} else if time.Now().After(deadline) {
			b.Fatalf("webhook not answering: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.ResetTimer()
	for b.Loop() {
		var conns []net.Conn
		for range held {
			c, err := net.DialTimeout("tcp", addr, 2*time.Second)
			if err != nil {
				break // the listen queue is full: further clients wait in SYN retries
			}
			conns = append(conns, c)
		}
		flooded := time.Now()
		answered, failed := 0, 0
		var slowest, first time.Duration
		end := flooded.Add(20 * time.Second)
		for time.Now().Before(end) {
			d, err := review()
			if err != nil {
				failed++
				continue
			}
			if answered == 0 {
				first = time.Since(flooded)
			}
			answered++
			slowest = max(slowest, d)
		}
		peak := float64(statusKB(b, cmd.Process.Pid, "VmHWM:")) / 1024
		for _, c := range conns {
			c.Close()
		}
		time.Sleep(afterFlood)
		b.ReportMetric(float64(len(conns)), "held-conns")
		b.ReportMetric(float64(answered), "reviews-answered")
		b.ReportMetric(float64(failed), "reviews-failed")
		b.ReportMetric(first.Seconds(), "first-review-s")
		b.ReportMetric(slowest.Seconds(), "slowest-review-s")
		b.ReportMetric(peak, "peak-RSS-MiB")
		b.ReportMetric(float64(statusKB(b, cmd.Process.Pid, "VmRSS:"))/1024, "RSS-after-MiB")
	}
}

// afterFlood is how long after the held connections close the benchmark reads the binary's
// resident memory again (RSS-after-MiB): freed memory goes back to the system within it.
const afterFlood = 30 * time.Second

// statusKB reads a field of the process's /proc status in kB (VmHWM: peak resident memory,
// VmRSS: resident memory now).
func statusKB(b *testing.B, pid int, field string) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb
		}
	}
	b.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}
