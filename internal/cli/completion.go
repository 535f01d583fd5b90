package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
	"github.com/kubectl-batch/kubectl-batch/internal/report"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// completionTimeout bounds the one API call a completion makes, so a slow or unreachable
// cluster never hangs the shell.
const completionTimeout = 5 * time.Second

var completionExample = `  # bash (needs the bash-completion package)
  source <(kubectl-batch completion bash)
  kubectl-batch completion bash > /etc/bash_completion.d/kubectl-batch

  # zsh
  kubectl-batch completion zsh > "${fpath[1]}/_kubectl-batch"

  # fish
  kubectl-batch completion fish > ~/.config/fish/completions/kubectl-batch.fish

  # "kubectl batch <TAB>" (kubectl 1.26+): put the kubectl_complete-batch script on PATH next to
  # kubectl-batch (make install does this); kubectl's own completion then calls it.`

// NewCmdCompletion builds "kubectl batch completion bash|zsh|fish|powershell".
func NewCmdCompletion(streams genericiooptions.IOStreams) *cobra.Command {
	shells := []string{"bash", "zsh", "fish", "powershell"}
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		Long: `Print the completion script of kubectl-batch for a shell. It completes commands, flags, and the
names of Jobs and CronJobs from the cluster (one list call, honouring --kubeconfig, --context
and -n).

Completion of "kubectl batch ..." goes through kubectl instead: kubectl 1.26 and later run the
executable kubectl_complete-batch from PATH, which calls "kubectl-batch __complete".`,
		Example:               completionExample,
		ValidArgs:             shells,
		DisableFlagsInUseLine: true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("give one shell: %s", strings.Join(shells, ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			var err error
			switch args[0] {
			case "bash":
				err = root.GenBashCompletionV2(streams.Out, true)
			case "zsh":
				err = root.GenZshCompletion(streams.Out)
			case "fish":
				err = root.GenFishCompletion(streams.Out, true)
			case "powershell":
				err = root.GenPowerShellCompletionWithDesc(streams.Out)
			default:
				return usageError("unsupported shell %q: use %s", args[0], strings.Join(shells, ", "))
			}
			if err != nil {
				return &ExitError{Code: ExitUsage, Err: fmt.Errorf("writing the %s completion script: %w", args[0], err)}
			}
			return nil
		},
	}
}

// completeJobRefs returns a ValidArgsFunction for commands that take any number of Job and
// CronJob arguments of the given kinds (all kinds when none are given), in kubectl's forms
// TYPE/NAME... or TYPE NAME.... It offers the prefixes (cronjob/, job/) and then the names from
// the cluster, with a single LIST (object metadata only) in the namespace chosen by the
// partially parsed -n/--kubeconfig/--context flags. Names already on the command line are
// left out. With -l or --all set only the type is completed.
func completeJobRefs(flags *genericclioptions.ConfigFlags, kinds ...jobs.Kind) cobra.CompletionFunc {
	return jobRefCompleter(flags, 0, kinds)
}

// completeJobRef is completeJobRefs for commands that take exactly one argument.
func completeJobRef(flags *genericclioptions.ConfigFlags, kinds ...jobs.Kind) cobra.CompletionFunc {
	return jobRefCompleter(flags, 1, kinds)
}

// jobRefCompleter completes up to maxRefs references (0: no limit).
func jobRefCompleter(flags *genericclioptions.ConfigFlags, maxRefs int, kinds []jobs.Kind) cobra.CompletionFunc {
	if len(kinds) == 0 {
		kinds = []jobs.Kind{jobs.KindCronJob, jobs.KindJob}
	}
	allowed := func(k jobs.Kind) bool {
		for _, a := range kinds {
			if a == k {
				return true
			}
		}
		return false
	}
	const noFiles = cobra.ShellCompDirectiveNoFileComp
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		many := selectsMany(cmd)
		// TYPE NAME... form: the first argument is a bare type.
		if len(args) > 0 && !strings.Contains(args[0], "/") {
			kind, err := jobs.ParseKind(args[0])
			if err != nil || !allowed(kind) || many || (maxRefs > 0 && len(args) > maxRefs) {
				return nil, noFiles
			}
			return completeNames(cmd, flags, kind, "", toComplete, args[1:]), noFiles
		}
		if maxRefs > 0 && len(args) >= maxRefs {
			return nil, noFiles
		}
		// TYPE/NAME: complete the name after the type the user wrote (cj/, cronjob/, job/, ...).
		if typ, _, ok := strings.Cut(toComplete, "/"); ok {
			kind, err := jobs.ParseKind(typ)
			if err != nil || !allowed(kind) || many {
				return nil, noFiles
			}
			return completeNames(cmd, flags, kind, typ+"/", toComplete, args), noFiles
		}
		if many {
			// suspend cronjobs -l x: only the type.
			var out []cobra.Completion
			for _, k := range kinds {
				if p := (jobs.Ref{Kind: k}).Resource(); strings.HasPrefix(p, toComplete) {
					out = append(out, p)
				}
			}
			return out, noFiles
		}
		var prefixes []string
		for _, k := range kinds {
			if p := strings.ToLower(string(k)) + "/"; strings.HasPrefix(p, toComplete) {
				prefixes = append(prefixes, p)
			}
		}
		if len(prefixes) == 1 {
			// Only one type fits: go straight to its names.
			kind, _ := jobs.ParseKind(strings.TrimSuffix(prefixes[0], "/"))
			if names := completeNames(cmd, flags, kind, prefixes[0], prefixes[0], args); len(names) > 0 {
				return names, noFiles
			}
		}
		return prefixes, cobra.ShellCompDirectiveNoSpace | noFiles
	}
}

// selectsMany reports whether the command's -l/--selector or --all flag is set.
func selectsMany(cmd *cobra.Command) bool {
	for _, name := range []string{"selector", "all"} {
		if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
			return true
		}
	}
	return false
}

// completeNames lists the objects of kind and returns prefix+name for those whose prefix+name
// starts with toComplete, leaving out the names already given in args (as NAME or TYPE/NAME).
func completeNames(cmd *cobra.Command, flags *genericclioptions.ConfigFlags, kind jobs.Kind, prefix, toComplete string, args []string) []cobra.Completion {
	given := map[string]bool{}
	for _, a := range args {
		if typ, name, ok := strings.Cut(a, "/"); ok {
			if k, err := jobs.ParseKind(typ); err == nil && k == kind {
				given[name] = true
			}
		} else {
			given[a] = true
		}
	}
	names, err := listNames(cmd.Context(), flags, kind)
	if err != nil {
		cobra.CompDebugln(err.Error(), false)
		return nil
	}
	var out []cobra.Completion
	for _, n := range names {
		if !given[n] && strings.HasPrefix(prefix+n, toComplete) {
			out = append(out, prefix+n)
		}
	}
	return out
}

// listNames returns the names of the objects of kind in the flags' namespace, sorted, with one
// metadata-only LIST.
func listNames(ctx context.Context, flags *genericclioptions.ConfigFlags, kind jobs.Kind) ([]string, error) {
	cfg, ns, _, err := restConfig(flags)
	if err != nil {
		return nil, err
	}
	ref := jobs.Ref{Kind: kind}
	gvr := schema.GroupVersionResource{Group: "batch", Version: "v1", Resource: ref.Resource()}
	list, err := listMetadata(ctx, cfg, gvr, ns)
	if err != nil {
		return nil, jobs.DescribeError(err, "list", ref, ns)
	}
	names := make([]string, 0, len(list.Items))
	for _, it := range list.Items {
		names = append(names, it.Name)
	}
	sort.Strings(names)
	return names, nil
}

// listMetadata is the one metadata-only LIST a completion makes (of gvr in namespace ns; ""
// for cluster-scoped resources), bounded by completionTimeout.
func listMetadata(ctx context.Context, cfg *rest.Config, gvr schema.GroupVersionResource, ns string) (*metav1.PartialObjectMetadataList, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, completionTimeout)
	defer cancel()
	client, err := metadata.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("creating the metadata client: %w", err)
	}
	return client.Resource(gvr).Namespace(ns).List(ctx, metav1.ListOptions{})
}

// registerKubeFlagCompletions completes the values of -n/--namespace (one LIST of namespaces)
// and --context (from the kubeconfig, no API call) on a command that has the kubeconfig flags.
func registerKubeFlagCompletions(cmd *cobra.Command, flags *genericclioptions.ConfigFlags) {
	if cmd.Flags().Lookup("namespace") != nil {
		_ = cmd.RegisterFlagCompletionFunc("namespace", func(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			cfg, err := flags.ToRESTConfig()
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			list, err := listMetadata(cmd.Context(), cfg, schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}, "")
			if err != nil {
				cobra.CompDebugln(err.Error(), false)
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, it := range list.Items {
				if strings.HasPrefix(it.Name, toComplete) {
					out = append(out, it.Name)
				}
			}
			sort.Strings(out)
			return out, cobra.ShellCompDirectiveNoFileComp
		})
	}
	if cmd.Flags().Lookup("context") != nil {
		_ = cmd.RegisterFlagCompletionFunc("context", func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			raw, err := flags.ToRawKubeConfigLoader().RawConfig()
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for name := range raw.Contexts {
				if strings.HasPrefix(name, toComplete) {
					out = append(out, name)
				}
			}
			sort.Strings(out)
			return out, cobra.ShellCompDirectiveNoFileComp
		})
	}
}

// registerSuspendFlagCompletions completes the flag values of suspend and resume.
func registerSuspendFlagCompletions(cmd *cobra.Command, flags *genericclioptions.ConfigFlags, outputs []string) {
	_ = cmd.RegisterFlagCompletionFunc("dry-run", cobra.FixedCompletions([]cobra.Completion{"none", "client", "server"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(outputs, cobra.ShellCompDirectiveNoFileComp))
	registerKubeFlagCompletions(cmd, flags)
}

// registerHistoryFlagCompletions completes the flag values of history.
func registerHistoryFlagCompletions(cmd *cobra.Command, flags *genericclioptions.ConfigFlags) {
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]cobra.Completion{"json", "yaml"}, cobra.ShellCompDirectiveNoFileComp))
	registerKubeFlagCompletions(cmd, flags)
}

// registerExplainCompletions completes explain's arguments (live Jobs and CronJobs) and flag
// values.
func registerExplainCompletions(cmd *cobra.Command, flags *genericclioptions.ConfigFlags) {
	cmd.ValidArgsFunction = completeJobRefs(flags, jobs.KindCronJob, jobs.KindJob)
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]cobra.Completion{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	registerKubeFlagCompletions(cmd, flags)
}

// registerLintCompletions completes lint's flag values: formats, severities, rule IDs.
func registerLintCompletions(cmd *cobra.Command, flags *genericclioptions.ConfigFlags) {
	noFiles := cobra.ShellCompDirectiveNoFileComp
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(report.Formats(), noFiles))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]cobra.Completion{"error", "warning", "info", "none"}, noFiles))
	_ = cmd.RegisterFlagCompletionFunc("color", cobra.FixedCompletions([]cobra.Completion{"auto", "always", "never"}, noFiles))
	ruleIDs := func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, r := range lint.DefaultRules() {
			if strings.HasPrefix(r.ID, toComplete) {
				out = append(out, cobra.CompletionWithDesc(r.ID, r.Summary))
			}
		}
		return out, noFiles
	}
	_ = cmd.RegisterFlagCompletionFunc("enable", ruleIDs)
	_ = cmd.RegisterFlagCompletionFunc("disable", ruleIDs)
	registerKubeFlagCompletions(cmd, flags)
}

// registerStatusCompletions completes status' flag values.
func registerStatusCompletions(cmd *cobra.Command, flags *genericclioptions.ConfigFlags) {
	noFiles := cobra.ShellCompDirectiveNoFileComp
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]cobra.Completion{"wide", "json", "yaml"}, noFiles))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]cobra.Completion{"warn", "fail", "never"}, noFiles))
	registerKubeFlagCompletions(cmd, flags)
}
