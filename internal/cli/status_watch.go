package cli

import (
	"context"

	"github.com/kubectl-batch/kubectl-batch/internal/health"
	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

// watch redraws the table from watches until ctx ends.
func (o *StatusOptions) watch(ctx context.Context, snap *jobs.StatusSnapshot, gaps *health.Gaps) error {
	return usageError("--watch is not implemented yet")
}
