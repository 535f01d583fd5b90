package cli

import (
	"context"
	"fmt"

	"github.com/spf13/pflag"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/discovery"

	"github.com/kubectl-batch/kubectl-batch/lint"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// addKubernetesVersionFlag adds --kubernetes-version. live says what the default is when the
// command talks to a cluster.
func addKubernetesVersionFlag(f *pflag.FlagSet, p *string, live bool) {
	def := fmt.Sprintf("default: kubernetesVersion in the configuration file, else %s", kubeversion.Default())
	if live {
		def = "default: kubernetesVersion in the configuration file, else the version of the cluster's API server (one /version call), or " + kubeversion.Default().String() + " offline"
	}
	f.StringVar(p, "kubernetes-version", "", fmt.Sprintf("Kubernetes version (MAJOR.MINOR, %s) whose API server the rules decide for (%s)", kubeversion.SupportedList(), def))
}

// resolveKubernetesVersion picks the version to decide for: the flag, else the configuration
// file's, else (when the command talks to a cluster: flags non-nil) the API server's, else the
// default. An unsupported version is a usage error that lists the supported ones.
func resolveKubernetesVersion(ctx context.Context, flag string, fromConfig kubeversion.Version, flags *genericclioptions.ConfigFlags) (kubeversion.Version, error) {
	if flag != "" {
		v, err := kubeversion.Parse(flag)
		if err != nil {
			return kubeversion.Version{}, usageError("--kubernetes-version: %v", err)
		}
		return v, nil
	}
	if fromConfig.Valid() {
		return fromConfig, nil
	}
	if flags == nil {
		return kubeversion.Default(), nil
	}
	return serverKubernetesVersion(ctx, flags)
}

// serverKubernetesVersion asks the cluster's API server for its version (GET /version).
func serverKubernetesVersion(ctx context.Context, flags *genericclioptions.ConfigFlags) (kubeversion.Version, error) {
	cfg, _, _, err := restConfig(flags)
	if err != nil {
		return kubeversion.Version{}, err
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return kubeversion.Version{}, &ExitError{Code: ExitUsage, Err: fmt.Errorf("creating the discovery client: %w", err)}
	}
	info, err := dc.ServerVersionWithContext(ctx)
	if err != nil {
		return kubeversion.Version{}, &ExitError{Code: ExitUsage, Err: fmt.Errorf("reading the API server's version (GET /version; or set --kubernetes-version): %w", err)}
	}
	v, err := kubeversion.FromServer(info.Major, info.Minor, info.GitVersion)
	if err != nil {
		return kubeversion.Version{}, usageError("the cluster's API server is %s: %v; choose the nearest with --kubernetes-version", info.GitVersion, err)
	}
	return v, nil
}

// commandContext is cmd's context, or the background context when the command was not run
// through cobra's Execute (tests).
func commandContext(cmd interface{ Context() context.Context }) context.Context {
	if cmd != nil {
		if ctx := cmd.Context(); ctx != nil {
			return ctx
		}
	}
	return context.Background()
}

// newEngineFor builds the rule engine of cfg for the Kubernetes version resolveKubernetesVersion
// picks.
func newEngineFor(ctx context.Context, cfg lint.Config, flag string, cluster *genericclioptions.ConfigFlags) (*lint.Engine, error) {
	v, err := resolveKubernetesVersion(ctx, flag, cfg.KubernetesVersion, cluster)
	if err != nil {
		return nil, err
	}
	cfg.KubernetesVersion = v
	e, err := lint.New(cfg)
	if err != nil {
		return nil, usageError("%v", err)
	}
	return e, nil
}
