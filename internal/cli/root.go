// Package cli holds the cobra commands of kubectl-batch. Each command follows kubectl's shape:
// an options struct built by NewCmd..., then Complete (resolve flags and clients), Validate and
// Run. Commands write to the IOStreams they are given, so tests pass buffers.
package cli

import (
	"context"
	"errors"
	"fmt"
	"k8s.io/client-go/rest"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
)

// Exit codes shared by every command.
const (
	ExitOK       = 0
	ExitFindings = 1 // lint: findings at or above --fail-on; wait: the job failed
	ExitUsage    = 2 // usage errors, unreadable input, not found, API errors, timeouts
	// ExitInterrupted (130, SIGINT or SIGTERM) is in exitcodes.go.
)

// ExitError carries a process exit code through cobra. A nil Err means the command already
// reported what happened.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// usageError wraps a message as an exit-2 error.
func usageError(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...)}
}

// argsRunner is a command's options in kubectl's shape: Complete (resolve arguments, flags
// and clients), Validate, Run.
type argsRunner interface {
	Complete(cmd *cobra.Command, args []string) error
	Validate() error
	Run(ctx context.Context) error
}

// runE adapts an options struct to cobra: Complete, then Validate, then Run.
func runE(o argsRunner) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := o.Complete(cmd, args); err != nil {
			return err
		}
		if err := o.Validate(); err != nil {
			return err
		}
		return interrupted(cmd.Context(), o.Run(cmd.Context()))
	}
}

// NewRootCmd builds the "kubectl batch" command tree.
func NewRootCmd(streams genericiooptions.IOStreams) *cobra.Command {
	return NewRootCmdWithFlags(genericclioptions.NewConfigFlags(true), streams)
}

// NewRootCmdWithFlags builds the command tree on the given kubeconfig flags (tests wrap their
// REST config, e.g. to count API calls).
func NewRootCmdWithFlags(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "kubectl-batch",
		Short: "Lint, explain and run Kubernetes Jobs and CronJobs",
		Long: `kubectl batch makes Kubernetes Jobs and CronJobs safe to write and easy to run.

It catches what the API server rejects (a CronJob name over 52 characters, restartPolicy
Always, a schedule that does not parse) and what it silently accepts but is broken
(startingDeadlineSeconds under 10, a schedule that never fires, more than 100 missed runs
after an outage) before anything reaches a cluster.`,
		Annotations:   map[string]string{cobra.CommandDisplayNameAnnotation: "kubectl batch"},
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)
	// A wrong flag points to the help of the command it was given to.
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &ExitError{Code: ExitUsage, Err: &flagError{err: err, command: cmd.CommandPath()}}
	})
	// Server warnings (deprecations, policy warnings) as kubectl prints them ("Warning: ..."),
	// not as client-go's default log lines.
	wrap := flags.WrapConfigFn
	flags.WrapConfigFn = func(c *rest.Config) *rest.Config {
		if wrap != nil {
			c = wrap(c)
		}
		c.WarningHandler = rest.NewWarningWriter(streams.ErrOut, rest.WarningWriterOptions{Deduplicate: true})
		return c
	}
	root.CompletionOptions.DisableDefaultCmd = true // replaced by NewCmdCompletion
	// One command per line.
	root.AddCommand(NewCmdLint(flags, streams))
	root.AddCommand(NewCmdVersion(streams))
	root.AddCommand(NewCmdExplain(flags, streams))
	root.AddCommand(NewCmdTrigger(flags, streams))
	root.AddCommand(NewCmdRun(flags, streams))
	root.AddCommand(NewCmdRerun(flags, streams))
	root.AddCommand(NewCmdWait(flags, streams))
	root.AddCommand(NewCmdLogs(flags, streams))
	root.AddCommand(NewCmdSuspend(flags, streams))
	root.AddCommand(NewCmdResume(flags, streams))
	root.AddCommand(NewCmdHistory(flags, streams))
	root.AddCommand(NewCmdStatus(flags, streams))
	root.AddCommand(NewCmdAlerts(flags, streams))
	root.AddCommand(NewCmdCompletion(streams))
	root.AddCommand(NewCmdPolicy(streams))
	addExitCodeTable(root)
	return root
}

// Execute runs the command line args and returns the process exit code.
func Execute(ctx context.Context, args []string, streams genericiooptions.IOStreams) int {
	root := NewRootCmd(streams)
	root.SetArgs(args)
	return ExitCode(root.ExecuteContext(ctx), streams)
}

// ExitCode reports err (from executing a command) on streams and returns the exit code.
func ExitCode(err error, streams genericiooptions.IOStreams) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintf(streams.ErrOut, "error: %v\n", ee.Err)
		}
		return ee.Code
	}
	// cobra's own errors (unknown flag, unknown command) are usage errors.
	fmt.Fprintf(streams.ErrOut, "error: %v\nSee 'kubectl batch --help' for usage.\n", err)
	return ExitUsage
}

// flagError is a wrong flag, with a pointer to the help of the command it was given to.
type flagError struct {
	err     error
	command string
}

func (e *flagError) Error() string {
	return e.err.Error() + "\nSee '" + e.command + " --help' for usage."
}

func (e *flagError) Unwrap() error { return e.err }
