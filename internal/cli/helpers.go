package cli

// Helpers shared by several commands.

import (
	"errors"
	"fmt"
	"io"
	"os"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// loadLintConfig reads the lint part of the configuration file: path (--config), or else
// decision.FileName found from the working directory upward. The admission keys of the same file
// (modes, namespaces) are accepted and not used.
func loadLintConfig(path string) (lint.Config, error) {
	cfg, _, err := decision.LoadFor(path, decision.Config{})
	return cfg.Config, err
}

// useColor decides --color: "always" and "never" as said; "auto" colours a terminal unless
// noColor (the NO_COLOR environment variable, https://no-color.org) is set to anything but "".
// An explicit --color always wins over NO_COLOR, as no-color.org asks of command-line flags.
func useColor(mode string, terminal bool, noColor string) bool {
	switch mode {
	case "always":
		return true
	case "auto":
		return terminal && noColor == ""
	}
	return false
}

// warn writes kubectl's kind of warning to w: "Warning: " and the message.
func warn(w io.Writer, msg string) {
	fmt.Fprintln(w, "Warning: "+msg)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// describeAPIError turns API errors into messages that say what was attempted and what to do.
// resource is as RBAC names it: jobs and cronjobs are in the batch group (jobs.batch), pods
// and events in the core group (plain pods, events).
func describeAPIError(err error, verb, resource, ns string) error {
	where := "namespace " + ns
	if ns == "" {
		where = "all namespaces"
	}
	rbacName := resource
	if resource == "jobs" || resource == "cronjobs" {
		rbacName += ".batch"
	}
	switch {
	case apierrors.IsForbidden(err):
		return fmt.Errorf("forbidden: you need RBAC permission to %s %s in %s: %w", verb, rbacName, where, err)
	case apierrors.IsUnauthorized(err):
		return fmt.Errorf("unauthorized: check your kubeconfig credentials: %w", err)
	}
	return fmt.Errorf("%s %s in %s: %w", verb, resource, where, err)
}

// apiError makes an error of the cluster (already described with jobs.DescribeError) exit 2.
func apiError(err error) error {
	var ee *ExitError
	if errors.As(err, &ee) {
		return err
	}
	return &ExitError{Code: ExitUsage, Err: err}
}
