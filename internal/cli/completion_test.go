package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

// offlineFlags points at a kubeconfig that does not exist, so completions that would list
// names from a cluster fall back to what they can offer without one.
func offlineFlags(t *testing.T) *genericclioptions.ConfigFlags {
	flags := genericclioptions.NewConfigFlags(true)
	path := filepath.Join(t.TempDir(), "missing-kubeconfig")
	flags.KubeConfig = &path
	return flags
}

func TestCompleteJobRefsOffline(t *testing.T) {
	flags := offlineFlags(t)
	cmd := &cobra.Command{Use: "x"}
	cmd.Flags().StringP("selector", "l", "", "")
	cmd.Flags().Bool("all", false, "")
	tests := []struct {
		name       string
		complete   cobra.CompletionFunc
		args       []string
		toComplete string
		want       string
		directive  cobra.ShellCompDirective
	}{
		{"both prefixes", completeJobRefs(flags), nil, "", "cronjob/ job/", cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp},
		{"one prefix fits", completeJobRefs(flags), nil, "j", "job/", cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp},
		{"restricted kinds", completeJobRef(flags, jobs.KindCronJob), nil, "", "cronjob/", cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp},
		{"single ref given", completeJobRef(flags, jobs.KindCronJob), []string{"cronjob/a"}, "", "", cobra.ShellCompDirectiveNoFileComp},
		{"more refs", completeJobRefs(flags), []string{"cronjob/a"}, "", "cronjob/ job/", cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp},
		{"wrong kind after slash", completeJobRef(flags, jobs.KindCronJob), nil, "job/", "", cobra.ShellCompDirectiveNoFileComp},
		{"unknown type", completeJobRefs(flags), []string{"deployments"}, "", "", cobra.ShellCompDirectiveNoFileComp},
		{"no cluster: no names", completeJobRefs(flags), nil, "cj/", "", cobra.ShellCompDirectiveNoFileComp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, dir := tt.complete(cmd, tt.args, tt.toComplete)
			if strings.Join(got, " ") != tt.want || dir != tt.directive {
				t.Errorf("got %q %v, want %q %v", got, dir, tt.want, tt.directive)
			}
		})
	}

	t.Run("with -l only the type", func(t *testing.T) {
		sel := &cobra.Command{Use: "x"}
		sel.Flags().StringP("selector", "l", "", "")
		if err := sel.Flags().Set("selector", "team=x"); err != nil {
			t.Fatal(err)
		}
		got, _ := completeJobRefs(flags, jobs.KindCronJob, jobs.KindJob)(sel, nil, "cr")
		if strings.Join(got, " ") != "cronjobs" {
			t.Errorf("got %q, want cronjobs", got)
		}
		got, _ = completeJobRefs(flags)(sel, []string{"cronjobs"}, "")
		if len(got) != 0 {
			t.Errorf("names offered after -l: %q", got)
		}
	})
}

func runRoot(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	streams := genericiooptions.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errb}
	root := NewRootCmdWithFlags(offlineFlags(t), streams)
	root.SetArgs(args)
	return ExitCode(root.Execute(), streams), out.String(), errb.String()
}

func TestCompletionCommand(t *testing.T) {
	for shell, marker := range map[string]string{
		"bash":       "__start_kubectl-batch",
		"zsh":        "#compdef kubectl-batch",
		"fish":       "complete -c kubectl-batch",
		"powershell": "Register-ArgumentCompleter",
	} {
		code, out, errOut := runRoot(t, "completion", shell)
		if code != 0 || !strings.Contains(out, marker) {
			t.Errorf("completion %s: exit %d, stderr %q, output lacks %q", shell, code, errOut, marker)
		}
	}
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		if code, _, errOut := runRoot(t, args...); code != ExitUsage || errOut == "" {
			t.Errorf("%v: exit %d (stderr %q), want %d", args, code, errOut, ExitUsage)
		}
	}
	// Only the explicit command: cobra's default one is disabled, not duplicated.
	n := 0
	root := NewRootCmdWithFlags(offlineFlags(t), genericiooptions.NewTestIOStreamsDiscard())
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d completion commands", n)
	}
}

func TestCompleteFlagValues(t *testing.T) {
	code, out, _ := runRoot(t, "__complete", "suspend", "--dry-run", "")
	if code != 0 || !strings.Contains(out, "client\nserver") {
		t.Errorf("--dry-run values: exit %d\n%s", code, out)
	}
	_, out, _ = runRoot(t, "__complete", "history", "-o", "")
	if !strings.HasPrefix(out, "json\nyaml\n") {
		t.Errorf("history -o values:\n%s", out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", "-o", ""}, "text\njson\nsarif\n"},
		{[]string{"lint", "--fail-on", ""}, "error\nwarning\ninfo\nnone\n"},
		{[]string{"lint", "--disable", "job-ttl"}, "job-ttl-missing\t"},
		{[]string{"lint", "--enable", "schedule-d"}, "schedule-day-of-month-and-week\t"},
		{[]string{"explain", "-o", ""}, "text\njson\n"},
		{[]string{"status", "-o", ""}, "wide\njson\nyaml\n"},
		{[]string{"status", "--fail-on", ""}, "warn\nfail\nnever\n"},
	} {
		_, out, _ := runRoot(t, append([]string{"__complete"}, tc.args...)...)
		if !strings.Contains(out, tc.want) {
			t.Errorf("%v: want %q in\n%s", tc.args, tc.want, out)
		}
	}
	// --context from the kubeconfig, on every command that talks to a cluster.
	kc := unreachableKubeconfig(t)
	for _, cmd := range []string{"lint", "explain", "status", "wait", "trigger", "logs"} {
		_, out, _ := runRoot(t, "__complete", cmd, "--kubeconfig", kc, "--context", "")
		if !strings.HasPrefix(out, "c\n") {
			t.Errorf("%s --context: want the kubeconfig's context c:\n%s", cmd, out)
		}
	}
	_, out, _ = runRoot(t, "__complete", "")
	for _, c := range []string{"suspend", "resume", "history", "completion"} {
		if !strings.Contains(out, c+"\t") {
			t.Errorf("command %s not completed:\n%s", c, out)
		}
	}
}
