package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/kubectl-batch/kubectl-batch/internal/applied"
	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/internal/report"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

var lintExample = `  # Lint every manifest in a directory (and below it with -R)
  kubectl batch lint -f examples/ -R

  # A whole repository, leaving out the Helm charts and the values files
  kubectl batch lint -f . -R --exclude 'charts/**' --exclude 'values*.yaml'

  # Files as arguments, the same as -f for each (how pre-commit and xargs pass them)
  kubectl batch lint job.yaml cronjob.yaml

  # Lint the output of Helm
  helm template ./chart | kubectl batch lint -f -

  # In CI: SARIF for GitHub code scanning, fail on warnings too
  kubectl batch lint -f deploy/ -R -o sarif --fail-on warning > results.sarif

  # Lint the Jobs and CronJobs running in the cluster (read-only)
  kubectl batch lint --live -A

  # The objects of a kustomization, as kubectl apply -k renders them
  kubectl batch lint -k overlays/production

  # The Jobs and CronJobs of a Helm chart, as helm template renders it
  kubectl batch lint --helm charts/app --values prod-values.yaml --release-name prod

  # Before applying: which edits would the server reject as "field is immutable"?
  kubectl batch lint -f job.yaml --against-cluster
  # ... for manifests a GitOps controller applies server-side
  kubectl batch lint -f deploy/ -R --against-cluster --field-manager=argocd-controller

  # List the rules
  kubectl batch lint --list-rules`

// LintOptions holds the flags and resolved state of "kubectl batch lint".
type LintOptions struct {
	Filenames []string
	Args      []string // FILE arguments: each one is linted as if given with -f
	Recursive bool
	Exclude   []string // globs of files and directories not to read from -f directories
	RenderFlags
	Verbose        bool
	Output         string
	FailOn         string
	Enable         []string
	Disable        []string
	ListRules      bool
	ConfigPath     string
	Live           bool
	AllNamespaces  bool
	Selector       string
	AgainstCluster bool
	// FieldManager is --field-manager: whose server-side applies --against-cluster simulates.
	FieldManager string
	// KubernetesVersion is --kubernetes-version.
	KubernetesVersion string
	Color             string

	ConfigFlags *genericclioptions.ConfigFlags
	genericiooptions.IOStreams

	engine  *lint.Engine
	objects []*lint.Object // decoded manifests, kept for --against-cluster
	cfg     lint.Config
	format  report.Format
	failOn  lint.Severity
	color   bool
}

// NewCmdLint builds "kubectl batch lint".
func NewCmdLint(flags *genericclioptions.ConfigFlags, streams genericiooptions.IOStreams) *cobra.Command {
	o := &LintOptions{ConfigFlags: flags, IOStreams: streams, Output: "text", FailOn: "error", Color: "auto"}
	cmd := &cobra.Command{
		Use:   "lint [-f] FILENAME... [-R] | --live | --list-rules",
		Short: "Check Job and CronJob manifests for what the API server rejects and what silently breaks",
		Long: `Check Job and CronJob manifests offline, or the objects in a cluster with --live.

Manifests are given with -f (a file, a directory or - for stdin; repeatable) or as arguments:
"lint a.yaml b.yaml" is "lint -f a.yaml -f b.yaml", and both forms can be mixed.

YAML documents that are not Kubernetes objects (no apiVersion or no kind: Helm values, CI
workflows, {}) are skipped and counted ("3 documents skipped (no apiVersion/kind)"; -v or -o json
lists them), so a directory of mixed YAML can be linted; --exclude leaves files out of directories.

Findings come in three classes: "server" (kube-apiserver rejects the object), "policy" (the
server accepts it but it is broken, e.g. startingDeadlineSeconds under 10) and "advice".
Every finding names the file, line, field, rule and a fix.

Exit codes: 0 no findings at or above --fail-on; 1 findings at or above it; 2 usage or input
errors (unreadable files, malformed YAML, an apiVersion or kind that is not a string). Input
errors never hide the findings of other files. JUnit output counts the findings at or above
--fail-on as failures and input errors as errors, so its counts agree with the exit code.

Rules can be tuned with --enable/--disable, a config file (` + decision.FileName + ` found from the
working directory upward, or --config), and on an object with the annotation
` + lint.IgnoreAnnotation + `: RULE,RULE. The annotation cannot hide a server-class finding:
kube-apiserver rejects the object whatever it says, so lint reports it (and exits 1) all the same.
An annotation naming a rule that does not exist is warned about on stderr.

Colours (text output): --color auto colours a terminal unless NO_COLOR is set (https://no-color.org).`,
		Example: lintExample,
		Args:    cobra.ArbitraryArgs,
		RunE:    runE(o),
	}
	f := cmd.Flags()
	f.StringSliceVarP(&o.Filenames, "filename", "f", nil, "file, directory or - (stdin) to lint; repeatable")
	f.BoolVarP(&o.Recursive, "recursive", "R", false, "process directories recursively")
	f.StringArrayVar(&o.Exclude, "exclude", nil, "leave out files and directories found in -f directories whose path relative to that directory, or base name, matches GLOB (* ? [...] within a path segment, ** for any number of directories); repeatable, e.g. --exclude 'charts/**' --exclude 'values*.yaml'. Files named explicitly are always read")
	f.BoolVarP(&o.Verbose, "verbose", "v", false, "text output: list the documents skipped for having no apiVersion/kind (JSON output always lists them)")
	f.StringVarP(&o.Output, "output", "o", o.Output, "output format: "+strings.Join(report.Formats(), "|"))
	f.StringVar(&o.FailOn, "fail-on", o.FailOn, "exit 1 when a finding has this severity or worse: error|warning|info|none")
	f.StringSliceVar(&o.Enable, "enable", nil, "enable a rule (RULE or RULE=severity); repeatable")
	f.StringSliceVar(&o.Disable, "disable", nil, "disable a rule; repeatable")
	f.BoolVar(&o.ListRules, "list-rules", false, "list the rules with their class and severity, then exit")
	f.StringVar(&o.ConfigPath, "config", "", "configuration file (default: "+decision.FileName+" found from the working directory upward)")
	f.BoolVar(&o.Live, "live", false, "lint the Jobs and CronJobs in the cluster (read-only)")
	f.BoolVarP(&o.AllNamespaces, "all-namespaces", "A", false, "with --live: all namespaces")
	f.StringVarP(&o.Selector, "selector", "l", "", "with --live: label selector")
	f.BoolVar(&o.AgainstCluster, "against-cluster", false, "compare each manifest with the object of the same name in the cluster and report edits the server would reject as immutable")
	o.RenderFlags.add(f, "lint")
	f.StringVar(&o.FieldManager, "field-manager", applied.DefaultFieldManager, "with --against-cluster: the field manager that applies these manifests server-side (kubectl apply --server-side uses \"kubectl\"; e.g. argocd-controller), whose fields missing from a manifest apply would remove")
	f.StringVar(&o.Color, "color", o.Color, "colour text output: auto|always|never")
	addKubernetesVersionFlag(f, &o.KubernetesVersion, true)
	flags.AddFlags(f)
	registerLintCompletions(cmd, flags)
	return cmd
}

// Complete adds the FILE arguments to the -f files, loads the configuration and builds the engine.
func (o *LintOptions) Complete(cmd *cobra.Command, args []string) error {
	o.Args = args
	o.Filenames = append(o.Filenames, o.Args...)
	var err error
	if o.format, err = report.ParseFormat(o.Output); err != nil {
		return usageError("%v", err)
	}
	if strings.EqualFold(o.FailOn, "none") {
		o.failOn = lint.SeverityOff
	} else if o.failOn, err = lint.ParseSeverity(o.FailOn); err != nil || o.failOn == lint.SeverityOff {
		return usageError("--fail-on must be error, warning, info or none, got %q", o.FailOn)
	}
	cfg, err := loadLintConfig(o.ConfigPath)
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	if cfg.Rules == nil {
		cfg.Rules = map[string]lint.Severity{}
	}
	for _, e := range o.Enable {
		id, sev, hasSev := strings.Cut(e, "=")
		s, known := lint.DefaultSeverity(id)
		if !known {
			return usageError("--enable: unknown rule %q (see --list-rules)", id)
		}
		if hasSev {
			if s, err = lint.ParseSeverity(sev); err != nil {
				return usageError("--enable %s: %v", e, err)
			}
		}
		if s == lint.SeverityOff {
			s = lint.SeverityWarning
		}
		cfg.Rules[id] = s
	}
	for _, id := range o.Disable {
		if _, known := lint.DefaultSeverity(id); !known {
			return usageError("--disable: unknown rule %q (see --list-rules)", id)
		}
		cfg.Rules[id] = lint.SeverityOff
	}
	o.cfg = cfg
	if (o.Live || o.AgainstCluster) && !o.ListRules && o.KubernetesVersion == "" && !cfg.KubernetesVersion.Valid() {
		// The cluster's version is read in Run, after Validate.
		if o.engine, err = lint.New(cfg); err != nil {
			return usageError("%v", err)
		}
		o.engine = nil
	} else if o.engine, err = newEngineFor(commandContext(cmd), cfg, o.KubernetesVersion, nil); err != nil {
		return err
	}
	o.color = useColor(o.Color, isTerminal(o.Out), os.Getenv("NO_COLOR"))
	return nil
}

// Validate checks that the flags make sense together.
func (o *LintOptions) Validate() error {
	if o.ListRules {
		return nil
	}
	switch o.Color {
	case "auto", "always", "never":
	default:
		return usageError("--color must be auto, always or never, got %q", o.Color)
	}
	if o.Live && len(o.Args) > 0 {
		return usageError("--live lints the cluster's objects; it cannot be combined with FILE arguments (%s)", strings.Join(o.Args, " "))
	}
	live := ""
	if o.Live {
		live = "--live"
	}
	if err := o.RenderFlags.validate(len(o.Filenames) > 0, live); err != nil {
		return err
	}
	if len(o.Filenames) == 0 && !o.Live && !o.RenderFlags.set() {
		return usageError("nothing to lint: give FILE arguments, -f FILE|DIR|-, -k DIR, --helm CHART_DIR or --live (see 'kubectl batch lint --help')")
	}
	if o.Live && len(o.Filenames) > 0 {
		return usageError("--live lints the cluster's objects; it cannot be combined with -f")
	}
	if o.AgainstCluster && len(o.Filenames) == 0 && !o.RenderFlags.set() {
		return usageError("--against-cluster needs manifests given with -f or as arguments")
	}
	if (o.AllNamespaces || o.Selector != "") && !o.Live {
		return usageError("-A and -l apply to --live only")
	}
	if len(o.Exclude) > 0 && o.Live {
		return usageError("--exclude applies to -f directories; it cannot be combined with --live")
	}
	if err := validateExcludes(o.Exclude); err != nil {
		return err
	}
	return validateStdinOnce(o.Filenames)
}

// Run lints and reports, returning an *ExitError for non-zero exits.
func (o *LintOptions) Run(ctx context.Context) error {
	if o.ListRules {
		return o.listRules()
	}
	var (
		res      report.Result
		warnings []string
		err      error
	)
	if o.engine == nil {
		if o.engine, err = newEngineFor(ctx, o.cfg, o.KubernetesVersion, o.ConfigFlags); err != nil {
			return err
		}
	}
	if o.Live {
		res, warnings, err = o.lintLive(ctx)
		if err != nil {
			return &ExitError{Code: ExitUsage, Err: err}
		}
	} else {
		res, warnings = o.lintFiles(ctx)
		if o.AgainstCluster {
			if err := o.compareWithCluster(ctx, &res); err != nil {
				return &ExitError{Code: ExitUsage, Err: err}
			}
		}
	}
	for _, w := range warnings {
		warn(o.ErrOut, w)
	}
	res.KubernetesVersion = o.engine.KubernetesVersion().String()
	opts := report.Options{Color: o.color, Rules: o.engine.Rules(), FailOn: o.failOn, Verbose: o.Verbose}
	if o.format == report.FormatSARIF {
		opts.RepositoryRoot = repositoryRootFinder()
	}
	if err := report.Write(o.Out, o.format, res, opts); err != nil {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("writing the report: %w", err)}
	}
	if len(res.Errors) > 0 {
		return &ExitError{Code: ExitUsage}
	}
	if res.Failing(o.failOn) > 0 {
		return &ExitError{Code: ExitFindings}
	}
	return nil
}

// lintFiles lints the -f inputs; the warnings are for stderr.
func (o *LintOptions) lintFiles(ctx context.Context) (report.Result, []string) {
	var inputs []input
	var errs []report.InputError
	switch {
	case o.RenderFlags.set():
		inputs, errs = o.RenderFlags.inputs(o.ConfigFlags, o.engine.KubernetesVersion().String())
	default:
		inputs, errs = selectInputs(o.Filenames, inputSelection{recursive: o.Recursive, exclude: o.Exclude}, o.In)
	}
	l := lintAll(ctx, o.engine, inputs, o.AgainstCluster)
	o.objects = l.objects
	l.result.Errors = append(errs, l.result.Errors...)
	if o.Helm != "" && o.ReleaseName == "" && len(errs) == 0 {
		// The release name is only known at install time: check the longest Helm allows.
		fs, err := releaseNameFindings(ctx, o.engine, o.Helm, o.helmOptions(o.ConfigFlags, o.engine.KubernetesVersion().String()), inputs)
		if err != nil {
			l.result.Errors = append(l.result.Errors, report.InputError{File: o.Helm, Message: err.Error()})
		}
		l.result.Findings = append(l.result.Findings, fs...)
		lint.SortFindings(l.result.Findings)
	}
	return l.result, l.warnings
}

func (o *LintOptions) listRules() error {
	w := o.Out
	rules := o.engine.Rules()
	if o.format == report.FormatJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(report.RuleInfos(rules))
	}
	fmt.Fprintf(w, "%-34s %-8s %-8s %s\n", "RULE", "CLASS", "SEVERITY", "SUMMARY")
	for _, r := range rules {
		fmt.Fprintf(w, "%-34s %-8s %-8s %s\n", r.ID, r.Class, r.Severity, r.Summary)
	}
	return nil
}
