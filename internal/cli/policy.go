package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/kubectl-batch/kubectl-batch/internal/admissionpolicy"
	"github.com/kubectl-batch/kubectl-batch/internal/decision"
)

// NewCmdPolicy builds "kubectl batch policy", the parent of the admission policy commands.
func NewCmdPolicy(streams genericiooptions.IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Admission policies that enforce kubectl-batch's rules without the webhook",
		Long: `Admission policies that enforce kubectl-batch's rules in the cluster without running the
webhook: kube-apiserver evaluates them itself (ValidatingAdmissionPolicy, Kubernetes 1.30+).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(NewCmdPolicyExport(streams))
	return cmd
}

var policyExportExample = `  # Enforce the deny rules in the cluster (as a cluster admin)
  kubectl batch policy export | kubectl apply -f -

  # With the webhook's configuration file (modes, namespaces.exclude, immutable fields, ...)
  kubectl batch policy export --config webhook.yaml | kubectl apply -f -

  # Roll out gently: warn and audit, deny nothing yet
  kubectl batch policy export --validation-actions Warn,Audit | kubectl apply -f -

  # Review before applying; as a v1 List in JSON
  kubectl batch policy export | kubectl apply --dry-run=server -f -
  kubectl batch policy export -o json

  # Remove the policies
  kubectl delete validatingadmissionpolicies,validatingadmissionpolicybindings -l ` + admissionpolicy.ManagedByLabel + `=` + admissionpolicy.DefaultName

// PolicyExportOptions holds the flags of "kubectl batch policy export".
type PolicyExportOptions struct {
	ConfigPath        string
	Output            string
	Name              string
	FailurePolicy     string
	ValidationActions []string
	// KubernetesVersion is --kubernetes-version.
	KubernetesVersion string

	genericiooptions.IOStreams

	config     decision.Config
	configFile string
	genOpts    admissionpolicy.Options
}

// NewCmdPolicyExport builds "kubectl batch policy export".
func NewCmdPolicyExport(streams genericiooptions.IOStreams) *cobra.Command {
	o := &PolicyExportOptions{IOStreams: streams, Output: "yaml", Name: admissionpolicy.DefaultName,
		FailurePolicy: string(admissionregistrationv1.Fail), ValidationActions: []string{string(admissionregistrationv1.Deny)}}
	cmd := &cobra.Command{
		Use:   "export [--config FILE] [-o yaml|json]",
		Short: "Print ValidatingAdmissionPolicies that enforce the webhook's deny rules with CEL",
		Long: `Print ValidatingAdmissionPolicies and their bindings (admissionregistration.k8s.io/v1) whose
CEL expressions make kube-apiserver enforce what the kubectl-batch webhook denies, without
running the webhook. The output is ready for "kubectl apply -f -" (Kubernetes 1.30 or later).

The policies come from the same rule engine and configuration as "kubectl batch lint" and the
webhook: --config FILE, else ` + decision.FileName + ` found from the working directory upward (the
webhook's keys modes and namespaces.exclude are honoured too).

Four policies, each with a binding, always with the same names:
  PREFIX-jobs-deny, PREFIX-cronjobs-deny   rules in mode deny (validationActions [Deny])
  PREFIX-jobs-warn, PREFIX-cronjobs-warn   rules in mode warn, and on UPDATE the deny findings
                                           the stored object already had (as the webhook does)
Re-run the command and apply again after changing the configuration.

The policies check in CEL: restartPolicy (Never or OnFailure), CronJob names of at most 52
characters, startingDeadlineSeconds at least policy.minStartingDeadlineSeconds, and the fields of
policy.immutableJobFields and policy.immutableCronJobFields on UPDATE. The other server-class
rules need no policy: kube-apiserver rejects such objects itself. Advice rules (warnings such as
job-ttl-missing) are not exported; a rule the configuration sets to deny or warn that the policy
cannot check is reported on stderr.

Namespaces kube-system and kube-node-lease and the configured namespaces.exclude are not checked.`,
		Example: policyExportExample,
		Args:    cobra.NoArgs,
		RunE:    runE(o),
	}
	f := cmd.Flags()
	f.StringVar(&o.ConfigPath, "config", "", "configuration file (default: "+decision.FileName+" found from the working directory upward)")
	f.StringVarP(&o.Output, "output", "o", o.Output, "output format: yaml (a multi-document stream) or json (a v1 List)")
	f.StringVar(&o.Name, "name", o.Name, "prefix of the policies' and bindings' names")
	f.StringVar(&o.FailurePolicy, "failure-policy", o.FailurePolicy, "what the API server does when an expression cannot be evaluated: Fail or Ignore")
	f.StringSliceVar(&o.ValidationActions, "validation-actions", o.ValidationActions, "validationActions of the deny policies' bindings: Deny, or Warn and/or Audit to roll out without denying")
	addKubernetesVersionFlag(f, &o.KubernetesVersion, false)
	return cmd
}

// Complete reads the configuration.
func (o *PolicyExportOptions) Complete(cmd *cobra.Command, _ []string) error {
	cfg, path, err := decision.LoadFor(o.ConfigPath, decision.AdmissionDefaults())
	if err != nil {
		return usageError("%v", err)
	}
	if cfg.KubernetesVersion, err = resolveKubernetesVersion(commandContext(cmd), o.KubernetesVersion, cfg.KubernetesVersion, nil); err != nil {
		return err
	}
	o.config, o.configFile = cfg, path
	return nil
}

// Validate checks the flags.
func (o *PolicyExportOptions) Validate() error {
	if o.Output != "yaml" && o.Output != "json" {
		return usageError("--output must be yaml or json, got %q", o.Output)
	}
	fp := admissionregistrationv1.FailurePolicyType(o.FailurePolicy)
	if fp != admissionregistrationv1.Fail && fp != admissionregistrationv1.Ignore {
		return usageError("--failure-policy must be Fail or Ignore, got %q", o.FailurePolicy)
	}
	o.genOpts = admissionpolicy.Options{Name: o.Name, FailurePolicy: fp}
	for _, a := range o.ValidationActions {
		var action admissionregistrationv1.ValidationAction
		switch strings.ToLower(strings.TrimSpace(a)) {
		case "deny":
			action = admissionregistrationv1.Deny
		case "warn":
			action = admissionregistrationv1.Warn
		case "audit":
			action = admissionregistrationv1.Audit
		default:
			return usageError("--validation-actions: %q is not Deny, Warn or Audit", a)
		}
		o.genOpts.DenyActions = append(o.genOpts.DenyActions, action)
	}
	if len(o.genOpts.DenyActions) == 0 {
		return usageError("--validation-actions must name at least one of Deny, Warn, Audit")
	}
	return nil
}

// Run generates the policies and prints them.
func (o *PolicyExportOptions) Run(_ context.Context) error {
	res, err := admissionpolicy.Generate(o.config, o.genOpts)
	if err != nil {
		where := ""
		if o.configFile != "" {
			where = o.configFile + ": "
		}
		return usageError("%s%v", where, err)
	}
	for _, r := range res.NotExported() {
		fmt.Fprintf(o.ErrOut, "warning: rule %s is in mode %s, but the exported policy cannot check it (only the webhook can)\n", r.ID, r.Mode)
	}
	objs := printable(res)
	if o.Output == "json" {
		list := struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Items      []any  `json:"items"`
		}{"v1", "List", objs}
		enc := json.NewEncoder(o.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // CEL's && stays readable
		return enc.Encode(list)
	}
	// Through JSON (the objects' field order and names) to YAML nodes; yaml.v3 writes the
	// multi-line CEL expressions as literal blocks and does not fold long lines.
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	for _, obj := range objs {
		b, err := json.Marshal(obj)
		if err != nil {
			return err
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(b, &doc); err != nil {
			return err
		}
		plainStyle(&doc)
		if err := enc.Encode(&doc); err != nil {
			return err
		}
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err = o.Out.Write(buf.Bytes())
	return err
}

// policyOut and bindingOut print a policy and a binding as kubectl does: apiVersion first, no
// (empty) status.
type policyOut struct {
	APIVersion string                                                `json:"apiVersion"`
	Kind       string                                                `json:"kind"`
	Metadata   metav1.ObjectMeta                                     `json:"metadata"`
	Spec       admissionregistrationv1.ValidatingAdmissionPolicySpec `json:"spec"`
}

type bindingOut struct {
	APIVersion string                                                       `json:"apiVersion"`
	Kind       string                                                       `json:"kind"`
	Metadata   metav1.ObjectMeta                                            `json:"metadata"`
	Spec       admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec `json:"spec"`
}

// printable returns the objects to print, in the order to apply them.
func printable(res *admissionpolicy.Result) []any {
	var out []any
	for _, obj := range res.Objects() {
		switch o := obj.(type) {
		case *admissionregistrationv1.ValidatingAdmissionPolicy:
			out = append(out, policyOut{o.APIVersion, o.Kind, o.ObjectMeta, o.Spec})
		case *admissionregistrationv1.ValidatingAdmissionPolicyBinding:
			out = append(out, bindingOut{o.APIVersion, o.Kind, o.ObjectMeta, o.Spec})
		}
	}
	return out
}

// plainStyle lets the encoder choose each scalar's style (JSON's are all double-quoted).
func plainStyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plainStyle(c)
	}
}
