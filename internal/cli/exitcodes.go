package cli

// The exit codes of every command, as one table: in each command's --help (addExitCodeTable)
// and in the README.

import (
	"context"
	"errors"
	"strings"

	"github.com/spf13/cobra"
)

// ExitInterrupted is the exit code after SIGINT or SIGTERM (128 + SIGINT, as shells report it).
const ExitInterrupted = 130

// exitCodeTable is the one table of exit codes, the same for every command.
const exitCodeTable = `Exit codes (the same for every kubectl batch command):
  0    success
  1    a Job failed (wait; trigger, run and rerun with --wait or --logs; logs -f), or
       lint findings at or above --fail-on (lint, run), or verdicts at or above
       --fail-on (status)
  2    usage, input, not-found and API errors, and --timeout reached
  130  interrupted (SIGINT or SIGTERM); a Job already created keeps running`

// addExitCodeTable appends the exit-code table to the help of cmd and of every command below it.
func addExitCodeTable(cmd *cobra.Command) {
	if cmd.Runnable() && !strings.Contains(cmd.Long, exitCodeTable) {
		long := cmd.Long
		if long == "" {
			long = cmd.Short
		}
		cmd.Long = strings.TrimRight(long, "\n") + "\n\n" + exitCodeTable
	}
	for _, c := range cmd.Commands() {
		addExitCodeTable(c)
	}
}

// interrupted turns the result of a command whose context was cancelled (SIGINT, SIGTERM) into
// exit code 130, keeping its message; err is returned as it is when ctx was not cancelled.
func interrupted(ctx context.Context, err error) error {
	if ctx == nil || !errors.Is(ctx.Err(), context.Canceled) {
		return err
	}
	var ee *ExitError
	switch {
	case errors.As(err, &ee) && ee.Code == ExitInterrupted:
		return err
	case err != nil && strings.HasPrefix(unwrapExit(err).Error(), "interrupted"):
		return &ExitError{Code: ExitInterrupted, Err: unwrapExit(err)}
	}
	return &ExitError{Code: ExitInterrupted, Err: errors.New("interrupted")}
}

// unwrapExit returns the message error of an *ExitError, else err.
func unwrapExit(err error) error {
	var ee *ExitError
	if errors.As(err, &ee) && ee.Err != nil {
		return ee.Err
	}
	return err
}
