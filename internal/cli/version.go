package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/kubectl-batch/kubectl-batch/internal/version"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// VersionOptions holds the flags of "kubectl batch version".
type VersionOptions struct {
	Output string
	genericiooptions.IOStreams
}

// NewCmdVersion builds "kubectl batch version".
func NewCmdVersion(streams genericiooptions.IOStreams) *cobra.Command {
	o := &VersionOptions{IOStreams: streams}
	cmd := &cobra.Command{
		Use:     "version",
		Short:   "Print the version of kubectl-batch",
		Example: "  kubectl batch version\n  kubectl batch version -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.Validate(); err != nil {
				return err
			}
			return o.Run()
		},
	}
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "output format: json (default: text)")
	return cmd
}

// Validate checks the output format.
func (o *VersionOptions) Validate() error {
	if o.Output != "" && o.Output != "json" {
		return usageError("--output must be json or empty, got %q", o.Output)
	}
	return nil
}

// Run prints the version.
func (o *VersionOptions) Run() error {
	info := version.Get(kubeversion.Span())
	if o.Output == "json" {
		enc := json.NewEncoder(o.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(info)
	}
	fmt.Fprintf(o.Out, "kubectl-batch %s (commit %s, built %s, %s, %s; rules mirror Kubernetes %s)\n",
		info.Version, orUnknown(info.Commit), orUnknown(info.Date), info.GoVersion, info.Platform, info.KubernetesValidation)
	return nil
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
