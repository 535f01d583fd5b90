package cli

import (
	"github.com/spf13/pflag"
	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/kubectl-batch/kubectl-batch/internal/helmchart"
	"github.com/kubectl-batch/kubectl-batch/internal/report"
)

// RenderFlags are the inputs that are rendered before they are read, shared by lint and
// explain: -k (a kustomization, as kubectl apply -k renders it) and --helm (a chart, as helm
// template renders it, with --values, --set and --release-name).
type RenderFlags struct {
	Kustomize   string
	Helm        string
	HelmValues  []string
	HelmSet     []string
	ReleaseName string
}

// add registers the flags; verb names what the command does with the objects ("lint").
func (r *RenderFlags) add(f *pflag.FlagSet, verb string) {
	f.StringVarP(&r.Kustomize, "kustomize", "k", "", verb+" the objects of a kustomization directory as 'kubectl apply -k' renders them; findings name the file each object came from")
	f.StringVar(&r.Helm, "helm", "", verb+" the Jobs and CronJobs of a Helm chart directory as 'helm template' renders it (offline); findings name the template")
	f.StringArrayVar(&r.HelmValues, "values", nil, "with --helm: a values file merged over the chart's values.yaml; repeatable")
	f.StringArrayVar(&r.HelmSet, "set", nil, "with --helm: a value as helm's --set takes it (key=value, a.b=c, list={x,y}); repeatable")
	f.StringVar(&r.ReleaseName, "release-name", "", "with --helm: the release name (default \""+helmchart.DefaultReleaseName+"\", as helm template)")
}

// set reports whether -k or --helm was given.
func (r *RenderFlags) set() bool { return r.Kustomize != "" || r.Helm != "" }

// validate checks the flags together with the other inputs' (-f files or FILE arguments, and
// --live or object arguments, named by other).
func (r *RenderFlags) validate(files bool, other string) error {
	if r.Kustomize != "" && (files || other != "" || r.Helm != "") {
		return usageError("-k renders one kustomization; it cannot be combined with -f, FILE arguments, --helm%s", orOther(other))
	}
	if r.Helm != "" && (files || other != "") {
		return usageError("--helm renders one chart; it cannot be combined with -f, FILE arguments%s", orOther(other))
	}
	if r.Helm == "" && (len(r.HelmValues) > 0 || len(r.HelmSet) > 0 || r.ReleaseName != "") {
		return usageError("--values, --set and --release-name apply to --helm CHART_DIR")
	}
	return nil
}

func orOther(other string) string {
	if other == "" {
		return ""
	}
	return " or " + other
}

// helmOptions are the chart rendering options: the flags, the namespace (-n) and the
// Kubernetes version decided for.
func (r *RenderFlags) helmOptions(flags *genericclioptions.ConfigFlags, kubeVersion string) helmchart.Options {
	ns := ""
	if flags != nil && flags.Namespace != nil {
		ns = *flags.Namespace
	}
	return helmchart.Options{ValueFiles: r.HelmValues, Set: r.HelmSet, ReleaseName: r.ReleaseName, Namespace: ns, KubeVersion: kubeVersion}
}

// inputs renders what the flags name.
func (r *RenderFlags) inputs(flags *genericclioptions.ConfigFlags, kubeVersion string) ([]input, []report.InputError) {
	if r.Kustomize != "" {
		return kustomizeInputs(r.Kustomize)
	}
	return helmInputs(r.Helm, r.helmOptions(flags, kubeVersion))
}
