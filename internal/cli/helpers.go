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

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// describeAPIError turns API errors into messages that say what was attempted and what to do.
func describeAPIError(err error, verb, resource, ns string) error {
	where := "namespace " + ns
	if ns == "" {
		where = "all namespaces"
	}
	switch {
	case apierrors.IsForbidden(err):
		return fmt.Errorf("forbidden: you need RBAC permission to %s %s.batch in %s: %w", verb, resource, where, err)
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
