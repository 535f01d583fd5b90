package webhooktest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/webhook"
	"github.com/kubectl-batch/kubectl-batch/webhook/testcert"
)

// Server is the webhook server run in the test process on 127.0.0.1, with a serving certificate
// of a CA made for the test.
type Server struct {
	// Port is the port on 127.0.0.1 it serves (or will serve) on.
	Port int
	// Certs are the CA and the serving certificate and key for 127.0.0.1.
	Certs *testcert.Files
	// Logs receives the server's JSON log, decision lines included.
	Logs *LogBuffer

	t      testing.TB
	dir    string
	cancel context.CancelFunc
	done   chan error
	stop   sync.Once
}

// Start serves the webhook with the configuration file content configYAML ("" for the
// defaults) until Stop or the end of t.
func Start(t testing.TB, configYAML string) *Server {
	t.Helper()
	s := New(t)
	s.Start(configYAML)
	return s
}

// New makes the certificates and picks a free port, but does not serve yet: for a test that must
// know URL and CABundle before it has the configuration (a chart rendered with them renders the
// configuration too), then calls Start once; or for one that serves them with the webhook binary.
func New(t testing.TB) *Server {
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
	return &Server{Port: port, Certs: certs, Logs: &LogBuffer{}, t: t, dir: dir}
}

// URL is the webhook's URL, for a clientConfig.
func (s *Server) URL() string { return fmt.Sprintf("https://127.0.0.1:%d%s", s.Port, webhook.Path) }

// CABundle is the PEM of the CA that signed the serving certificate, for a clientConfig.
func (s *Server) CABundle() []byte { return s.Certs.CAPEM }

// ConfigHeader starts a configuration file: the webhook refuses a file without it.
const ConfigHeader = "apiVersion: " + decision.APIVersion + "\nkind: " + decision.Kind + "\n"

// Start serves the webhook with the configuration file content configYAML (ConfigHeader and
// the policy; "" for ConfigHeader alone: the defaults) and returns when it is ready; it stops at
// Stop or the end of the test (cleanups registered after Start run before).
func (s *Server) Start(configYAML string) {
	t := s.t
	t.Helper()
	if s.done != nil {
		t.Fatal("webhooktest: Server.Start called twice")
	}
	cfgFile := filepath.Join(s.dir, "config.yaml")
	if configYAML == "" {
		configYAML = ConfigHeader
	}
	if err := os.WriteFile(cfgFile, []byte(configYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	o := &webhook.Options{Host: "127.0.0.1", Port: s.Port, CertFile: s.Certs.CertFile, KeyFile: s.Certs.KeyFile,
		ConfigFile: cfgFile, MetricsAddr: "0", Logger: slog.New(slog.NewJSONHandler(s.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	if err := o.Complete(); err != nil {
		t.Fatal(err)
	}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel, s.done = cancel, make(chan error, 1)
	go func() { s.done <- o.Run(ctx) }()
	t.Cleanup(s.Stop)
	select {
	case <-o.Ready():
	case err := <-s.done:
		s.done <- err // for Stop
		t.Fatalf("webhook stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("webhook not ready")
	}
}

// Stop stops the server and waits until it has; later calls, and calls before Start, do nothing.
func (s *Server) Stop() {
	if s.cancel == nil {
		return
	}
	s.stop.Do(func() {
		s.cancel()
		<-s.done
	})
}
