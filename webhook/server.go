package webhook

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"sigs.k8s.io/controller-runtime/pkg/certwatcher"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	ctrlmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// DefaultPort is the webhook's HTTPS port unless Options.Port says otherwise.
const DefaultPort = 9443

// Options configure the webhook server. Fill them (from flags), then Complete, Validate and Run.
type Options struct {
	// Host and Port the HTTPS server listens on (default all addresses, port 9443).
	Host string
	Port int
	// CertFile and KeyFile hold the serving certificate and key (PEM). They are reloaded when
	// they change (controller-runtime's certwatcher), e.g. when cert-manager renews them.
	CertFile string
	KeyFile  string
	// ConfigFile is the webhook configuration (see decision.Config); empty means the defaults. It is
	// polled every ConfigPollInterval and reloaded when its content changes.
	ConfigFile         string
	ConfigPollInterval time.Duration
	// MetricsAddr serves /metrics, /healthz and /readyz over plain HTTP (default 127.0.0.1:8080;
	// "0" disables it).
	MetricsAddr string
	// EnableHTTP2 allows HTTP/2 on the webhook port. Off by default: HTTP/2 Rapid Reset
	// (CVE-2023-44487, CVE-2023-39325); the API server speaks HTTP/1.1 to webhooks fine.
	EnableHTTP2 bool
	// MaxRequestBytes limits an AdmissionReview's body (default 3 MiB: the API server's object
	// limit, with room for oldObject of a typical Job).
	MaxRequestBytes int64
	// ReadTimeout and WriteTimeout bound reading a request and writing its response (defaults
	// 10s and 30s; the API server waits at most 30s for a webhook).
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	// MaxConnections bounds the connections held at once (default 1024). When all are taken, a
	// new connection evicts the oldest one that has not started a request (a half-open
	// connection), so held connections cannot lock out the API server; only when every
	// connection is busy does a new one wait in the listen queue.
	MaxConnections int
	// HeaderTimeout bounds the TLS handshake and reading a request's headers (default 5s), so
	// half-open connections are dropped within seconds; IdleTimeout bounds a keep-alive
	// connection's wait for its next request (default 10s).
	HeaderTimeout time.Duration
	IdleTimeout   time.Duration
	// ClientCAFile, when set, requires a client certificate signed by one of its CAs (PEM): the
	// API server presents one when its admission configuration says so (mutual TLS).
	ClientCAFile string
	// DrainPeriod is how long the server keeps answering after Run's context ends (SIGTERM):
	// /readyz fails at once, so the endpoint is taken out of the Service, while reviews still
	// arriving are answered with "Connection: close", so keep-alive clients reconnect elsewhere
	// instead of finding their connection closed under a request. Then the listener closes and
	// reviews in flight finish. Zero: no drain (the command's default is 5s).
	DrainPeriod time.Duration
	// Logger receives the decision log and server events (nil: JSON on stderr).
	Logger *slog.Logger
	// KubernetesVersion, when set, is the version whose API server the rules decide for
	// (--kubernetes-version), whatever the configuration file says.
	KubernetesVersion kubeversion.Version
	// ServerVersion is the version of the API server the webhook serves (read once at start by
	// the command); it applies when neither KubernetesVersion nor the file's kubernetesVersion
	// is set. Zero: the newest supported version.
	ServerVersion kubeversion.Version

	// wrap, when set, wraps the webhook's HTTP handler (tests and benchmarks time it).
	wrap func(http.Handler) http.Handler
	// ready is closed once the HTTPS listener serves (for tests and Run's callers).
	ready chan struct{}
	// handler is built by Complete.
	handler  *Handler
	metrics  *Metrics
	reloader *ConfigReloader
}

// Complete fills defaults and loads the configuration file (a bad file fails here: the server
// does not start without a valid policy).
func (o *Options) Complete() error {
	if o.Port == 0 {
		o.Port = DefaultPort
	}
	if o.ConfigPollInterval <= 0 {
		o.ConfigPollInterval = 5 * time.Second
	}
	if o.MaxRequestBytes <= 0 {
		o.MaxRequestBytes = 3 << 20
	}
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = 10 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 30 * time.Second
	}
	if o.MaxConnections <= 0 {
		o.MaxConnections = 1024
	}
	if o.HeaderTimeout <= 0 {
		o.HeaderTimeout = 5 * time.Second
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 10 * time.Second
	}
	if o.MetricsAddr == "" {
		o.MetricsAddr = "127.0.0.1:8080"
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	o.ready = make(chan struct{})
	o.metrics = NewMetrics()
	h, err := NewHandler(decision.AdmissionDefaults(), o.Logger, o.metrics)
	if err != nil {
		return err
	}
	o.handler = h
	o.reloader = &ConfigReloader{File: o.ConfigFile, Interval: o.ConfigPollInterval, Handler: h, Log: o.Logger, Metrics: o.metrics,
		Version: o.KubernetesVersion, ServerVersion: o.ServerVersion}
	if err := o.reloader.Load(); err != nil {
		return fmt.Errorf("loading the configuration: %w", err)
	}
	return nil
}

// Validate checks the options after Complete.
func (o *Options) Validate() error {
	var errs []error
	if o.CertFile == "" || o.KeyFile == "" {
		errs = append(errs, errors.New("--tls-cert-file and --tls-private-key-file are required"))
	}
	if o.Port < 1 || o.Port > 65535 {
		errs = append(errs, fmt.Errorf("--port %d is out of range", o.Port))
	}
	for _, f := range []string{o.CertFile, o.KeyFile} {
		if f == "" {
			continue
		}
		if _, err := os.Stat(f); err != nil {
			errs = append(errs, fmt.Errorf("TLS file: %w", err))
		}
	}
	if o.handler == nil {
		errs = append(errs, errors.New("options not completed"))
	}
	return errors.Join(errs...)
}

// Handler returns the admission handler built by Complete.
func (o *Options) Handler() *Handler { return o.handler }

// Ready is closed once the HTTPS port is bound (connections queue from then on).
func (o *Options) Ready() <-chan struct{} { return o.ready }

// Run serves until ctx ends, then drains for DrainPeriod (not ready, still answering with
// Connection: close) and shuts down gracefully: the listener stops accepting, reviews in flight
// finish (up to a minute), and Run returns.
func (o *Options) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	log := o.Logger

	cw, err := certwatcher.New(o.CertFile, o.KeyFile)
	if err != nil {
		return fmt.Errorf("loading the serving certificate: %w", err)
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: cw.GetCertificate, NextProtos: []string{"http/1.1"}}
	if o.EnableHTTP2 {
		tlsConfig.NextProtos = []string{"h2", "http/1.1"}
	}
	if o.ClientCAFile != "" {
		pem, err := os.ReadFile(o.ClientCAFile)
		if err != nil {
			return fmt.Errorf("reading the client CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("client CA file %s holds no PEM certificate", o.ClientCAFile)
		}
		tlsConfig.ClientCAs, tlsConfig.ClientAuth = pool, tls.RequireAndVerifyClientCert
	}
	var hh http.Handler = o.handler.HTTPHandler(o.MaxRequestBytes)
	if o.wrap != nil {
		hh = o.wrap(hh)
	}
	var draining atomic.Bool
	mux := http.NewServeMux()
	mux.Handle(Path, o.metrics.instrument(closeWhileDraining(&draining, withTimeouts(hh, o.ReadTimeout, o.WriteTimeout))))
	// The webhook server outlives ctx by the drain period; reviews get its context.
	srvCtx, stopServing := context.WithCancel(context.WithoutCancel(ctx))
	defer stopServing()
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: o.HeaderTimeout, // also bounds the TLS handshake
		IdleTimeout:       o.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return srvCtx },
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug), // handshake noise
	}
	if !o.EnableHTTP2 {
		srv.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(o.Host, strconv.Itoa(o.Port)))
	if err != nil {
		return fmt.Errorf("listening on the webhook port: %w", err)
	}
	limited := newEvictingListener(ln, o.MaxConnections, o.metrics.evicted.Inc)
	srv.ConnState = limited.connState
	ln = tls.NewListener(limited, tlsConfig)
	var serving atomic.Bool
	serving.Store(true)
	started := func(*http.Request) error {
		switch {
		case draining.Load():
			return errors.New("shutting down")
		case !serving.Load():
			return errors.New("not serving")
		}
		return nil
	}

	errc := make(chan error, 4)
	go func() {
		if err := cw.Start(ctx); err != nil {
			errc <- fmt.Errorf("certificate watcher: %w", err)
		}
	}()
	go o.reloader.Run(ctx)

	var metricsSrv *http.Server
	if o.MetricsAddr != "0" {
		mux := http.NewServeMux()
		mux.Handle("/metrics", promhttp.HandlerFor(prometheus.Gatherers{ctrlmetrics.Registry, o.metrics.Registry}, promhttp.HandlerOpts{}))
		mux.Handle("/healthz", http.StripPrefix("/healthz", &healthz.Handler{Checks: map[string]healthz.Checker{"ping": healthz.Ping}}))
		mux.Handle("/readyz", http.StripPrefix("/readyz", &healthz.Handler{Checks: map[string]healthz.Checker{"webhook-tls": started}}))
		ln, err := net.Listen("tcp", o.MetricsAddr)
		if err != nil {
			return fmt.Errorf("listening on the metrics address %s: %w", o.MetricsAddr, err)
		}
		metricsSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
		log.Info("serving metrics and probes", "address", ln.Addr().String())
		go func() {
			if err := metricsSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("metrics server: %w", err)
			}
		}()
	}

	webhookDone := make(chan error, 1)
	go func() {
		err := srv.Serve(ln)
		serving.Store(false)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		webhookDone <- err
	}()
	close(o.ready)
	log.Info("serving the admission webhook", "address", net.JoinHostPort(o.Host, strconv.Itoa(o.Port)), "path", Path, "http2", o.EnableHTTP2)

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
		cancel()
	case runErr = <-webhookDone:
		cancel()
		if runErr != nil {
			runErr = fmt.Errorf("webhook server: %w", runErr)
		}
		webhookDone = nil
	}
	if webhookDone != nil && runErr == nil && o.DrainPeriod > 0 {
		draining.Store(true)
		log.Info("draining: not ready, still answering (with Connection: close)", "period", o.DrainPeriod.String())
		select {
		case <-time.After(o.DrainPeriod):
		case runErr = <-webhookDone:
			webhookDone = nil
		}
	}
	draining.Store(true)
	log.Info("shutting down: finishing reviews in flight")
	sctx, scancel := context.WithTimeout(context.Background(), time.Minute)
	if err := srv.Shutdown(sctx); err != nil && runErr == nil {
		runErr = fmt.Errorf("shutting down the webhook server: %w", err)
	}
	scancel()
	stopServing()
	if webhookDone != nil {
		if err := <-webhookDone; err != nil && runErr == nil {
			runErr = fmt.Errorf("webhook server: %w", err)
		}
	}
	if metricsSrv != nil {
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = metricsSrv.Shutdown(sctx)
		scancel()
	}
	log.Info("webhook stopped")
	return runErr
}

// closeWhileDraining asks the client to close its connection after each answer once draining
// is set, so keep-alive connections end between requests, never under one.
func closeWhileDraining(draining *atomic.Bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if draining.Load() {
			w.Header().Set("Connection", "close")
		}
		next.ServeHTTP(w, r)
	})
}

// withTimeouts bounds reading each request and writing its response on the connection (the
// controller-runtime server sets only a header timeout). The review's context is bounded by the
// write timeout but not cancelled by shutdown: controller-runtime v0.25 derives request
// contexts from the server's, and a review in flight when shutdown starts must still be answered.
func withTimeouts(next http.Handler, read, write time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		now := time.Now()
		_ = rc.SetReadDeadline(now.Add(read))
		_ = rc.SetWriteDeadline(now.Add(write))
		ctx, cancel := context.WithDeadline(context.WithoutCancel(r.Context()), now.Add(write))
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
