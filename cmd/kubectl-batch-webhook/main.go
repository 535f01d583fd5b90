// Command kubectl-batch-webhook serves kubectl-batch's validating admission webhook for batch/v1
// Jobs and CronJobs. See package webhook.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
	"github.com/kubectl-batch/kubectl-batch/webhook"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	o := &webhook.Options{}
	fs := flag.NewFlagSet("kubectl-batch-webhook", flag.ContinueOnError)
	fs.StringVar(&o.Host, "bind-address", "", "address the HTTPS webhook listens on (empty: all)")
	fs.IntVar(&o.Port, "port", 9443, "HTTPS port of the webhook")
	fs.StringVar(&o.CertFile, "tls-cert-file", "", "serving certificate (PEM), reloaded when it changes")
	fs.StringVar(&o.KeyFile, "tls-private-key-file", "", "serving key (PEM), reloaded when it changes")
	fs.StringVar(&o.ConfigFile, "config", "", "webhook configuration file (YAML), reloaded when it changes; empty: defaults")
	fs.DurationVar(&o.ConfigPollInterval, "config-poll-interval", 0, "how often the configuration file is checked for changes (default 5s)")
	fs.StringVar(&o.MetricsAddr, "metrics-bind-address", "127.0.0.1:8080", "address of /metrics, /healthz and /readyz (plain HTTP; 0 disables; the chart binds :8080 for probes and Prometheus)")
	fs.IntVar(&o.MaxConnections, "max-connections", 1024, "connections held at once; when all are taken, a new one evicts the oldest that has not sent a request yet (a half-open connection), and waits only while every connection is busy")
	fs.DurationVar(&o.HeaderTimeout, "header-timeout", 5*time.Second, "time for the TLS handshake and a request's headers (drops half-open connections)")
	fs.DurationVar(&o.IdleTimeout, "idle-timeout", 10*time.Second, "time a keep-alive connection may wait for its next request")
	fs.StringVar(&o.ClientCAFile, "client-ca-file", "", "require client certificates signed by a CA in this PEM file (mutual TLS with the API server)")
	fs.BoolVar(&o.EnableHTTP2, "enable-http2", false, "allow HTTP/2 on the webhook port (off: HTTP/2 Rapid Reset)")
	fs.Int64Var(&o.MaxRequestBytes, "max-request-bytes", 0, "largest AdmissionReview body accepted (default 3 MiB)")
	fs.DurationVar(&o.ReadTimeout, "read-timeout", 0, "time to read a request (default 10s)")
	fs.DurationVar(&o.WriteTimeout, "write-timeout", 0, "time to write a response (default 30s)")
	fs.DurationVar(&o.DrainPeriod, "shutdown-drain-period", 5*time.Second, "after SIGTERM: how long /readyz fails while reviews are still answered (with Connection: close) before the listener closes")
	level := fs.String("log-level", "info", "log level: debug, info, warn, error")
	kubeVersion := fs.String("kubernetes-version", "", "Kubernetes version (MAJOR.MINOR, "+kubeversion.SupportedList()+") whose API server the rules decide for (default: kubernetesVersion in the configuration file, else the version of the API server the webhook runs in, read once at start)")
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig for reading the API server's version (default: the in-cluster service account, else $KUBECONFIG or ~/.kube/config)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0 // --help asked for the usage, which is printed
		}
		return 2
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(os.Stderr, "error: --log-level: %v\n", err)
		return 2
	}
	o.Logger = slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))
	ctrllog.SetLogger(logr.FromSlogHandler(o.Logger.Handler()))

	if *kubeVersion != "" {
		v, err := kubeversion.Parse(*kubeVersion)
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: --kubernetes-version: %v\n", err)
			return 2
		}
		o.KubernetesVersion = v
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if !o.KubernetesVersion.Valid() {
		v, err := serverVersion(ctx, *kubeconfig)
		if err != nil {
			o.Logger.Error("startup failed: reading the API server's version (or set --kubernetes-version)", "error", err)
			return 1
		}
		o.ServerVersion = v
		o.Logger.Info("deciding for the API server's Kubernetes version", "kubernetesVersion", v.String())
	}
	go func() {
		<-ctx.Done()
		stop() // a second signal kills the process at once
	}()
	if err := o.Complete(); err != nil {
		o.Logger.Error("startup failed", "error", err)
		return 1
	}
	if err := o.Validate(); err != nil {
		o.Logger.Error("invalid options", "error", err)
		return 2
	}
	if err := o.Run(ctx); err != nil {
		o.Logger.Error("webhook failed", "error", err)
		return 1
	}
	return 0
}

// serverVersion reads the Kubernetes version of the API server the webhook serves (GET /version),
// through the in-cluster service account or else the kubeconfig.
func serverVersion(ctx context.Context, kubeconfig string) (kubeversion.Version, error) {
	cfg, err := rest.InClusterConfig()
	if err != nil || kubeconfig != "" {
		rules := clientcmd.NewDefaultClientConfigLoadingRules()
		rules.ExplicitPath = kubeconfig
		cfg, err = clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, nil).ClientConfig()
		if err != nil {
			return kubeversion.Version{}, fmt.Errorf("no in-cluster configuration and no usable kubeconfig: %w", err)
		}
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return kubeversion.Version{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	info, err := dc.ServerVersionWithContext(ctx)
	if err != nil {
		return kubeversion.Version{}, err
	}
	v, err := kubeversion.FromServer(info.Major, info.Minor, info.GitVersion)
	if err != nil {
		return kubeversion.Version{}, fmt.Errorf("the API server is %s: %w", info.GitVersion, err)
	}
	return v, nil
}
