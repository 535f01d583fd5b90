// Command kubectl-batch-webhook serves kubectl-batch's validating admission webhook for batch/v1
// Jobs and CronJobs. See package webhook.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/go-logr/logr"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/kubectl-batch/kubectl-batch/webhook"
)

func main() {
	os.Exit(run())
}

func run() int {
	o := &webhook.Options{}
	fs := flag.NewFlagSet("kubectl-batch-webhook", flag.ContinueOnError)
	fs.StringVar(&o.Host, "bind-address", "", "address the HTTPS webhook listens on (empty: all)")
	fs.IntVar(&o.Port, "port", 9443, "HTTPS port of the webhook")
	fs.StringVar(&o.CertFile, "tls-cert-file", "", "serving certificate (PEM), reloaded when it changes")
	fs.StringVar(&o.KeyFile, "tls-private-key-file", "", "serving key (PEM), reloaded when it changes")
	fs.StringVar(&o.ConfigFile, "config", "", "webhook configuration file (YAML), reloaded when it changes; empty: defaults")
	fs.DurationVar(&o.ConfigPollInterval, "config-poll-interval", 0, "how often the configuration file is checked for changes (default 5s)")
	fs.StringVar(&o.MetricsAddr, "metrics-bind-address", ":8080", "address of /metrics, /healthz and /readyz (plain HTTP; 0 disables)")
	fs.BoolVar(&o.EnableHTTP2, "enable-http2", false, "allow HTTP/2 on the webhook port (off: HTTP/2 Rapid Reset)")
	fs.Int64Var(&o.MaxRequestBytes, "max-request-bytes", 0, "largest AdmissionReview body accepted (default 3 MiB)")
	fs.DurationVar(&o.ReadTimeout, "read-timeout", 0, "time to read a request (default 10s)")
	fs.DurationVar(&o.WriteTimeout, "write-timeout", 0, "time to write a response (default 30s)")
	level := fs.String("log-level", "info", "log level: debug, info, warn, error")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return 2
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(os.Stderr, "error: --log-level: %v\n", err)
		return 2
	}
	o.Logger = slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))
	ctrllog.SetLogger(logr.FromSlogHandler(o.Logger.Handler()))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
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
