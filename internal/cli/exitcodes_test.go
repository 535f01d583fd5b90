package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericiooptions"
)

// every runnable command, as "kubectl batch" names them.
func runnableCommands() [][]string {
	var out [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		if c.Runnable() && len(path) > 0 {
			out = append(out, path)
		}
		for _, sub := range c.Commands() {
			if sub.Name() == "help" {
				continue
			}
			walk(sub, append(append([]string(nil), path...), sub.Name()))
		}
	}
	walk(NewRootCmd(genericiooptions.NewTestIOStreamsDiscard()), nil)
	return out
}

// Every command's --help ends its description with the one exit-code table.
func TestEveryHelpHasTheExitCodeTable(t *testing.T) {
	cmds := runnableCommands()
	if len(cmds) < 12 {
		t.Fatalf("only %d commands: %v", len(cmds), cmds)
	}
	for _, c := range cmds {
		code, out, _ := runCLI(t, "", append(c, "--help")...)
		if code != 0 || strings.Count(out, exitCodeTable) != 1 {
			t.Errorf("%s --help: exit %d, want the exit-code table once:\n%s", strings.Join(c, " "), code, out)
		}
	}
}

// The help texts, whole, as golden files (go test ./internal/cli -run TestHelpGolden -update).
func TestHelpGolden(t *testing.T) {
	for _, c := range runnableCommands() {
		name := strings.Join(c, "-")
		t.Run(name, func(t *testing.T) {
			_, out, _ := runCLI(t, "", append(c, "--help")...)
			if home, err := os.UserHomeDir(); err == nil && home != "" {
				out = strings.ReplaceAll(out, home, "$HOME") // --cache-dir's default
			}
			assertGolden(t, filepath.Join("testdata", "golden", "help", name+".txt"), out)
		})
	}
}

// The README has the same table.
func TestREADMEHasTheExitCodeTable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, row := range []string{"| 0 | success", "| 1 | a Job failed", "| 2 | usage, input, not-found and API errors", "| 130 | interrupted"} {
		if !strings.Contains(readme, row) {
			t.Errorf("README.md lacks the exit-code row %q", row)
		}
	}
}

func TestInterrupted(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	live := context.Background()
	failed := &ExitError{Code: ExitFindings}
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		code int
		msg  string
	}{
		{"not interrupted, ok", live, nil, 0, ""},
		{"not interrupted, failed", live, failed, ExitFindings, ""},
		{"interrupted, no error", cancelled, nil, ExitInterrupted, "interrupted"},
		{"interrupted, cancelled call", cancelled, &ExitError{Code: ExitUsage, Err: errors.New("get job/x: context canceled")}, ExitInterrupted, "interrupted"},
		{"interrupted with a message", cancelled, &ExitError{Code: ExitUsage, Err: errors.New("interrupted while waiting for job/x")}, ExitInterrupted, "interrupted while waiting for job/x"},
		{"already 130", cancelled, &ExitError{Code: ExitInterrupted, Err: errors.New("interrupted after creating job/x")}, ExitInterrupted, "interrupted after creating job/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := interrupted(tt.ctx, tt.err)
			code := 0
			var ee *ExitError
			if errors.As(err, &ee) {
				code = ee.Code
			}
			if code != tt.code || (tt.msg != "" && err.Error() != tt.msg) {
				t.Errorf("got %v (exit %d), want exit %d %q", err, code, tt.code, tt.msg)
			}
		})
	}
}
