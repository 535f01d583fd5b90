package webhook

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// ConfigReloader keeps a Handler's configuration in step with a file. It polls the file's
// content (not its mtime or inode): a ConfigMap volume updates by swapping the ..data symlink,
// which a content comparison sees whatever the file system reports. A file that cannot be read
// or parsed keeps the last good configuration in force and is logged once per distinct content.
type ConfigReloader struct {
	// File is the configuration file.
	File string
	// Interval between polls (default 5s).
	Interval time.Duration
	Handler  *Handler
	Log      *slog.Logger
	Metrics  *Metrics
	// Version, when set, is the Kubernetes version decided for whatever the file says
	// (--kubernetes-version); else the file's kubernetesVersion, else ServerVersion.
	Version kubeversion.Version
	// ServerVersion is the version of the API server the webhook serves, read once at start
	// (zero: the newest supported).
	ServerVersion kubeversion.Version

	last []byte // content of the last file seen (good or bad)
}

// Load reads the file once and applies it. It is used at start-up, where a bad file is fatal.
func (r *ConfigReloader) Load() error {
	cfg := decision.AdmissionDefaults()
	var data []byte
	if r.File != "" {
		var err error
		if data, err = os.ReadFile(r.File); err != nil {
			r.Metrics.reloaded(false)
			return fmt.Errorf("reading configuration: %w", err)
		}
		if cfg, err = decision.ParseAdmission(data); err != nil {
			r.Metrics.reloaded(false)
			return fmt.Errorf("%s: %w", r.File, err)
		}
	}
	if err := r.Handler.SetConfig(r.withVersion(cfg)); err != nil {
		r.Metrics.reloaded(false)
		return fmt.Errorf("%s: %w", r.File, err)
	}
	r.last = data
	r.Metrics.reloaded(true)
	return nil
}

// Run polls until ctx ends.
func (r *ConfigReloader) Run(ctx context.Context) {
	if r.File == "" {
		return
	}
	iv := r.Interval
	if iv <= 0 {
		iv = 5 * time.Second
	}
	t := time.NewTicker(iv)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.Poll()
		}
	}
}

// Poll checks the file once and applies it if its content changed.
func (r *ConfigReloader) Poll() {
	data, err := os.ReadFile(r.File)
	if err != nil {
		if r.last != nil {
			r.Log.Error("configuration file unreadable; keeping the last good configuration", "file", r.File, "error", err)
			r.Metrics.reloaded(false)
			r.last = nil
		}
		return
	}
	if r.last != nil && bytes.Equal(data, r.last) {
		return
	}
	r.last = data
	cfg, err := decision.ParseAdmission(data)
	if err == nil {
		err = r.Handler.SetConfig(r.withVersion(cfg))
	}
	if err != nil {
		r.Log.Error("bad configuration file; keeping the last good configuration", "file", r.File, "error", err)
		r.Metrics.reloaded(false)
		return
	}
	r.Log.Info("configuration reloaded", "file", r.File)
	r.Metrics.reloaded(true)
}

// withVersion sets the Kubernetes version cfg decides for: Version, else the file's, else
// ServerVersion.
func (r *ConfigReloader) withVersion(cfg decision.Config) decision.Config {
	switch {
	case r.Version.Valid():
		cfg.KubernetesVersion = r.Version
	case !cfg.KubernetesVersion.Valid():
		cfg.KubernetesVersion = r.ServerVersion
	}
	return cfg
}
