package webhook

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/webhook/testcert"
)

// testConfigHeader starts every configuration file the tests write (the webhook requires it).
const testConfigHeader = "apiVersion: " + decision.APIVersion + "\nkind: " + decision.Kind + "\n"

// testServer runs the webhook server of o (Host, Port and TLS files filled in) until the test ends.
type testServer struct {
	o       *Options
	url     string
	metrics string
	client  *http.Client
	cancel  context.CancelFunc
	done    chan error
	certDir string
}

func startServer(t testing.TB, o *Options) *testServer {
	t.Helper()
	dir := t.TempDir()
	certs, err := testcert.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	port, err := testcert.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	mport, err := testcert.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	o.Host, o.Port, o.CertFile, o.KeyFile = "127.0.0.1", port, certs.CertFile, certs.KeyFile
	o.MetricsAddr = fmt.Sprintf("127.0.0.1:%d", mport)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if err := o.Complete(); err != nil {
		t.Fatal(err)
	}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &testServer{o: o, cancel: cancel, done: make(chan error, 1), certDir: dir,
		url:     fmt.Sprintf("https://127.0.0.1:%d%s", port, Path),
		metrics: fmt.Sprintf("http://127.0.0.1:%d", mport),
		client: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
			TLSClientConfig: &tls.Config{RootCAs: certs.Pool}, MaxIdleConnsPerHost: 64, ForceAttemptHTTP2: true}},
	}
	go func() { s.done <- o.Run(ctx) }()
	select {
	case <-o.Ready():
	case err := <-s.done:
		t.Fatalf("server stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("server not ready after 10s")
	}
	t.Cleanup(func() { s.stop(t) })
	return s
}

func (s *testServer) stop(t testing.TB) {
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
		s.done <- nil // later stops return at once
	case <-time.After(70 * time.Second):
		t.Error("server did not stop")
	}
}

func (s *testServer) review(t testing.TB, body string) (*http.Response, string) {
	t.Helper()
	resp, err := s.client.Post(s.url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServerServesTLSProbesMetricsAndReloads(t *testing.T) {
	dir := t.TempDir()
	// A ConfigMap volume: config.yaml -> ..data/config.yaml, ..data -> a timestamped directory.
	writeConfigMap := func(content string) {
		ts := filepath.Join(dir, fmt.Sprintf("..%d", time.Now().UnixNano()))
		if err := os.Mkdir(ts, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ts, "config.yaml"), []byte(testConfigHeader+content), 0o644); err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(dir, "..data_tmp")
		if err := os.Symlink(filepath.Base(ts), tmp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, "..data")); err != nil {
			t.Fatal(err)
		}
	}
	writeConfigMap("policy: {minStartingDeadlineSeconds: 10}\n")
	if err := os.Symlink("..data/config.yaml", filepath.Join(dir, "config.yaml")); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, &Options{ConfigFile: filepath.Join(dir, "config.yaml"), ConfigPollInterval: 50 * time.Millisecond})

	if code, body := get(t, s.metrics+"/readyz"); code != 200 {
		t.Fatalf("readyz %d: %s", code, body)
	}
	if code, _ := get(t, s.metrics+"/healthz"); code != 200 {
		t.Fatalf("healthz %d", code)
	}
	resp, body := s.review(t, review("u1", "CronJob", "CREATE", shortDeadline, ""))
	if resp.Proto != "HTTP/1.1" {
		t.Errorf("protocol %s: HTTP/2 must be off by default", resp.Proto)
	}
	if !strings.Contains(body, `"allowed":false`) || !strings.Contains(body, "startingDeadlineSeconds") {
		t.Fatalf("not denied: %s", body)
	}

	// TLS below 1.2 is refused.
	old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true, MaxVersion: tls.VersionTLS11}}}
	if _, err := old.Post(s.url, "application/json", strings.NewReader("{}")); err == nil {
		t.Error("TLS 1.1 accepted")
	}

	// Reload: the rule becomes a warning.
	writeConfigMap("modes: {starting-deadline-too-short: warn}\n")
	waitFor(t, func() bool {
		_, body := s.review(t, review("u2", "CronJob", "CREATE", shortDeadline, ""))
		return strings.Contains(body, `"allowed":true`)
	})
	// A bad file keeps the last good configuration.
	writeConfigMap("modes: {starting-deadline-too-short: maybe}\n")
	waitFor(t, func() bool {
		_, m := get(t, s.metrics+"/metrics")
		return strings.Contains(m, `kubectl_batch_webhook_config_reloads_total{result="failure"} 1`)
	})
	if _, body := s.review(t, review("u3", "CronJob", "CREATE", shortDeadline, "")); !strings.Contains(body, `"allowed":true`) {
		t.Errorf("bad config replaced the good one: %s", body)
	}

	_, m := get(t, s.metrics+"/metrics")
	for _, want := range []string{
		`kubectl_batch_webhook_decisions_total{kind="CronJob",rule="starting-deadline-too-short",verdict="denied"}`,
		`kubectl_batch_webhook_decisions_total{kind="CronJob",rule="starting-deadline-too-short",verdict="warned"}`,
		`kubectl_batch_webhook_reviews_total{kind="CronJob",operation="CREATE",verdict="denied"}`,
		`kubectl_batch_webhook_http_requests_total{code="200"}`,
		`kubectl_batch_webhook_http_request_duration_seconds_bucket`,
		`kubectl_batch_webhook_http_requests_in_flight`,
		`kubectl_batch_webhook_config_reloads_total{result="success"} 2`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func waitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestGracefulShutdown stops the server while a review is in flight: the review completes, then
// Run returns and the port is closed.
func TestGracefulShutdown(t *testing.T) {
	entered := make(chan struct{})
	var once sync.Once
	o := &Options{wrap: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Slow") != "" {
				once.Do(func() { close(entered) })
				time.Sleep(500 * time.Millisecond)
			}
			next.ServeHTTP(w, r)
		})
	}}
	s := startServer(t, o)
	result := make(chan string, 1)
	go func() {
		req, _ := http.NewRequest("POST", s.url, strings.NewReader(review("slow", "Job", "CREATE", goodJob, "")))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Slow", "1")
		resp, err := s.client.Do(req)
		if err != nil {
			result <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		result <- string(b)
	}()
	<-entered
	s.cancel()
	if r := <-result; !strings.Contains(r, `"uid":"slow","allowed":true`) {
		t.Fatalf("in-flight review not finished: %s", r)
	}
	s.stop(t)
	if _, err := s.client.Post(s.url, "application/json", strings.NewReader("{}")); err == nil {
		t.Error("server still accepting after shutdown")
	}
}

// TestServingCertificateReload replaces the certificate and key files: new connections get the
// new certificate without a restart.
func TestServingCertificateReload(t *testing.T) {
	s := startServer(t, &Options{})
	if _, body := s.review(t, review("a", "Job", "CREATE", goodJob, "")); !strings.Contains(body, `"allowed":true`) {
		t.Fatal(body)
	}
	certs, err := testcert.Write(s.certDir) // a new CA: the old client must stop trusting the server
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: certs.Pool}, DisableKeepAlives: true}}
	waitFor(t, func() bool {
		resp, err := client.Post(s.url, "application/json", strings.NewReader(review("b", "Job", "CREATE", goodJob, "")))
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
}

// TestDrainOnShutdown sends reviews from 50 keep-alive clients through a shutdown (Run's
// context ends, as on SIGTERM): /readyz fails at once, and every review sent during the drain
// period is answered (the connections are closed between requests, never under one); then the
// listener closes.
func TestDrainOnShutdown(t *testing.T) {
	s := startServer(t, &Options{DrainPeriod: 5 * time.Second})
	body := review("drain", "Job", "CREATE", goodJob, "")
	certs := s.client.Transport.(*http.Transport).TLSClientConfig
	stop := make(chan struct{})
	var sent, failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: certs, MaxIdleConnsPerHost: 1}}
			defer c.CloseIdleConnections()
			for {
				select {
				case <-stop:
					return
				default:
				}
				sent.Add(1)
				resp, err := c.Post(s.url, "application/json", strings.NewReader(body))
				if err == nil {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `"allowed":true`) {
						err = fmt.Errorf("HTTP %d: %s", resp.StatusCode, b)
					}
				}
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond) // under load, keep-alive connections open
	before := sent.Load()
	s.cancel()
	waitFor(t, func() bool { code, _ := get(t, s.metrics+"/readyz"); return code != http.StatusOK })
	time.Sleep(1500 * time.Millisecond) // still draining: the API server would now stop sending
	close(stop)
	wg.Wait()
	if failed.Load() > 0 {
		t.Errorf("%d of %d reviews failed during the drain; first: %v", failed.Load(), sent.Load(), firstErr.Load())
	}
	if during := sent.Load() - before; during < 50 {
		t.Errorf("only %d reviews sent after shutdown began; the test did not exercise the drain", during)
	}
	s.stop(t)
	if _, err := s.client.Post(s.url, "application/json", strings.NewReader(body)); err == nil {
		t.Error("server still accepting after the drain")
	}
}

// TestHalfOpenConnectionsAreEvicted: with every connection slot held by a client that never
// starts its TLS handshake, a valid review is still answered at once (long before the header
// timeout), because it evicts the oldest half-open connection; the eviction is counted.
func TestHalfOpenConnectionsAreEvicted(t *testing.T) {
	s := startServer(t, &Options{MaxConnections: 2, HeaderTimeout: time.Minute})
	addr := strings.TrimSuffix(strings.TrimPrefix(s.url, "https://"), Path)
	var held []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		held = append(held, c)
	}
	time.Sleep(100 * time.Millisecond) // both accepted: every slot is taken
	s.client.Timeout = 5 * time.Second // far below the header timeout
	resp, body := s.review(t, review("late", "Job", "CREATE", goodJob, ""))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"uid":"late","allowed":true`) {
		t.Fatalf("review behind held connections: HTTP %d %s", resp.StatusCode, body)
	}
	_ = held[0].SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := held[0].Read(make([]byte, 1)); err == nil {
		t.Error("oldest half-open connection: read data, want it closed")
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Error("oldest half-open connection still open: nothing was evicted")
	}
	if got := testutil.ToFloat64(s.o.metrics.evicted); got < 1 {
		t.Errorf("connections_evicted_total = %v, want at least 1", got)
	}
}

// TestBusyConnectionsAreNotEvicted: a connection whose request is being answered keeps its slot;
// a newcomer waits until it is free, and both reviews are answered.
func TestBusyConnectionsAreNotEvicted(t *testing.T) {
	entered, release := make(chan struct{}, 2), make(chan struct{})
	s := startServer(t, &Options{MaxConnections: 1, wrap: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			entered <- struct{}{}
			<-release
			next.ServeHTTP(w, r)
		})
	}})
	tr := s.client.Transport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	results := make(chan string, 2)
	send := func(uid string) {
		resp, err := client.Post(s.url, "application/json", strings.NewReader(review(uid, "Job", "CREATE", goodJob, "")))
		if err != nil {
			results <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		results <- string(b)
	}
	go send("first")
	<-entered
	go send("second")
	select {
	case <-entered:
		t.Fatal("a second connection was served while the only slot was busy")
	case r := <-results:
		t.Fatalf("second review ended while the first held the only slot: %s", r)
	case <-time.After(500 * time.Millisecond):
	}
	close(release)
	for range 2 {
		if r := <-results; !strings.Contains(r, `"allowed":true`) {
			t.Errorf("review not answered: %s", r)
		}
	}
	if got := testutil.ToFloat64(s.o.metrics.evicted); got != 0 {
		t.Errorf("connections_evicted_total = %v, want 0 (a busy connection was evicted)", got)
	}
}

// TestHalfOpenConnectionTimesOut: a connection that never completes its TLS handshake is closed
// after the header timeout.
func TestHalfOpenConnectionTimesOut(t *testing.T) {
	s := startServer(t, &Options{HeaderTimeout: time.Second})
	addr := strings.TrimSuffix(strings.TrimPrefix(s.url, "https://"), Path)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("half-open connection: read data, want it closed")
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Error("half-open connection still open 10 s later: no header timeout")
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("closed after %v, before the 1 s header timeout", d)
	}
}

// TestClientCertificateRequired: with ClientCAFile the server answers only clients presenting a
// certificate signed by that CA.
func TestClientCertificateRequired(t *testing.T) {
	client, err := testcert.Write(t.TempDir()) // a second CA and a certificate it signed
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "client-ca.pem")
	if err := os.WriteFile(caFile, client.CAPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, &Options{ClientCAFile: caFile})
	body := review("mtls", "Job", "CREATE", goodJob, "")
	if _, err := s.client.Post(s.url, "application/json", strings.NewReader(body)); err == nil {
		t.Error("a client without a certificate was answered")
	}
	cert, err := tls.LoadX509KeyPair(client.CertFile, client.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	tr := s.client.Transport.(*http.Transport).Clone()
	tr.TLSClientConfig.Certificates = []tls.Certificate{cert}
	resp, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Post(s.url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("a client with a certificate of the client CA: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("HTTP %d", resp.StatusCode)
	}
}

// TestIdleKeepAliveConnectionClosed: a keep-alive connection that sends no further request is
// closed after the idle timeout.
func TestIdleKeepAliveConnectionClosed(t *testing.T) {
	s := startServer(t, &Options{IdleTimeout: 500 * time.Millisecond})
	addr := strings.TrimSuffix(strings.TrimPrefix(s.url, "https://"), Path)
	tlsConfig := s.client.Transport.(*http.Transport).TLSClientConfig
	c, err := tls.Dial("tcp", addr, tlsConfig)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	body := review("idle", "Job", "CREATE", goodJob, "")
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", Path, addr, len(body), body)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.Close {
		t.Fatal("the server closed the connection after one request: no keep-alive to test")
	}
	start := time.Now()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("read data from an idle connection")
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Error("idle keep-alive connection still open 10 s later")
	}
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("closed after %v, before the idle timeout", d)
	}
}
