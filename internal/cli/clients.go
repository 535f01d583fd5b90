package cli

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"
	batchclient "k8s.io/client-go/kubernetes/typed/batch/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

// restConfig loads the REST config and the namespace (and whether -n set it) from the standard
// kubectl flags. Errors exit 2.
func restConfig(flags *genericclioptions.ConfigFlags) (*rest.Config, string, bool, error) {
	if err := checkRequestTimeout(flags); err != nil {
		return nil, "", false, err
	}
	if err := checkClusterConfigured(flags); err != nil {
		return nil, "", false, err
	}
	cfg, err := flags.ToRESTConfig()
	if err != nil {
		return nil, "", false, &ExitError{Code: ExitUsage, Err: fmt.Errorf("loading kubeconfig: %w", err)}
	}
	ns, explicit, err := flags.ToRawKubeConfigLoader().Namespace()
	if err != nil {
		return nil, "", false, &ExitError{Code: ExitUsage, Err: fmt.Errorf("reading the namespace from kubeconfig: %w", err)}
	}
	return cfg, ns, explicit, nil
}

// clusterClient builds a clientset for the commands that touch Jobs, CronJobs, pods and events.
func clusterClient(flags *genericclioptions.ConfigFlags) (kubernetes.Interface, string, bool, error) {
	cfg, ns, explicit, err := restConfig(flags)
	if err != nil {
		return nil, "", false, err
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, "", false, &ExitError{Code: ExitUsage, Err: fmt.Errorf("creating the client: %w", err)}
	}
	return client, ns, explicit, nil
}

// batchV1For builds a client for the batch/v1 API only (no discovery of other groups).
func batchV1For(flags *genericclioptions.ConfigFlags) (batchclient.BatchV1Interface, string, error) {
	cfg, ns, _, err := restConfig(flags)
	if err != nil {
		return nil, "", err
	}
	c, err := batchclient.NewForConfig(cfg)
	if err != nil {
		return nil, "", &ExitError{Code: ExitUsage, Err: fmt.Errorf("creating the batch/v1 client: %w", err)}
	}
	return c, ns, nil
}

// oneRef parses the single Job or CronJob argument of command.
func oneRef(command string, args []string, kinds ...jobs.Kind) (jobs.Ref, error) {
	refs, err := jobs.ParseRefs(args, kinds...)
	if err != nil {
		return jobs.Ref{}, usageError("%v", err)
	}
	if len(refs) != 1 {
		what := "one Job or CronJob"
		if len(kinds) == 1 {
			what = "one " + string(kinds[0])
		}
		return jobs.Ref{}, usageError("%s takes %s, got %d", command, what, len(refs))
	}
	return refs[0], nil
}

// checkRequestTimeout refuses a --request-timeout that is neither whole seconds nor a duration,
// as a usage error naming the flag (client-go reports it while loading the kubeconfig).
func checkRequestTimeout(flags *genericclioptions.ConfigFlags) error {
	if flags.Timeout == nil || *flags.Timeout == "" {
		return nil
	}
	v := *flags.Timeout
	if _, err := strconv.Atoi(v); err == nil {
		return nil
	}
	if d, err := time.ParseDuration(v); err == nil && d >= 0 {
		return nil
	}
	return usageError("--request-timeout %q: want a duration such as 30s or 2m, or whole seconds (0: no timeout)", v)
}

// checkClusterConfigured says so when no kubeconfig names a cluster and nothing else points at
// one (--server, in-cluster): client-go would silently try http://localhost:8080.
func checkClusterConfigured(flags *genericclioptions.ConfigFlags) error {
	if flags.APIServer != nil && *flags.APIServer != "" {
		return nil
	}
	if os.Getenv("KUBERNETES_SERVICE_HOST") != "" && os.Getenv("KUBERNETES_SERVICE_PORT") != "" {
		return nil // in a pod: the in-cluster configuration applies
	}
	raw, err := flags.ToRawKubeConfigLoader().RawConfig()
	if err != nil || len(raw.Clusters) > 0 {
		return nil // errors are reported, with their file, when the config is loaded
	}
	where := clientcmd.RecommendedHomeFile
	if flags.KubeConfig != nil && *flags.KubeConfig != "" {
		where = *flags.KubeConfig
	} else if env := os.Getenv(clientcmd.RecommendedConfigPathEnvVar); env != "" {
		where = "$KUBECONFIG (" + env + ")"
	}
	return usageError("no cluster configured: %s names none. Point at a cluster with --kubeconfig FILE, the KUBECONFIG variable or --server URL (kubectl config view shows what kubectl uses)", where)
}
