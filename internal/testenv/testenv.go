// Package testenv gives integration tests a real Kubernetes control plane: the one
// hack/testenv.sh runs. The default version (1.37) is a whole control plane (kube-apiserver,
// kube-controller-manager, kube-scheduler, etcd, and kwok as the kubelet of node kwok-node-0);
// the other supported versions are kube-apiserver and etcd only. A running environment
// (hack/testenv.sh up) is reused; otherwise one is started in a temporary directory and stopped
// when the tests end.
//
// Integration tests never skip: when the environment cannot start they fail with the reason.
package testenv

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Env is a running control plane.
type Env struct {
	// Kubeconfig is the path of an admin kubeconfig for the environment.
	Kubeconfig string
	// Config is the REST config of that kubeconfig.
	Config *rest.Config
	// Client is an admin clientset.
	Client kubernetes.Interface
	// BinDir holds kube-apiserver, kubectl and the other binaries of the environment.
	BinDir string
	// Dir is the environment's state directory (logs, pod log file).
	Dir string
	// Version is the Kubernetes minor the environment runs, e.g. "1.37".
	Version string

	stop func() error
}

// RepoRoot finds the repository root from this source file's location.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

func script() string { return filepath.Join(RepoRoot(), "hack", "testenv.sh") }

// DefaultVersion is the Kubernetes minor of the whole control plane (hack/testenv.sh's default).
const DefaultVersion = "1.37"

// Start starts (or reuses) the environment of TESTENV_KUBERNETES_VERSION, by default
// DefaultVersion. Call Stop when done (TestMain does this).
func Start(ctx context.Context) (*Env, error) {
	version := os.Getenv("TESTENV_KUBERNETES_VERSION")
	if version == "" {
		version = DefaultVersion
	}
	return StartVersion(ctx, version)
}

// StartVersion reuses the running environment of that Kubernetes minor (for DefaultVersion the
// one in TESTENV_DIR, default <repo>/.testenv; for the others <repo>/.testenv-<minor>), or starts
// a fresh one in a temporary directory. Call Stop when done.
func StartVersion(ctx context.Context, version string) (*Env, error) {
	dir := filepath.Join(RepoRoot(), ".testenv-"+version)
	if version == DefaultVersion {
		dir = os.Getenv("TESTENV_DIR")
		if dir == "" {
			dir = filepath.Join(RepoRoot(), ".testenv")
		}
	}
	env := &Env{Dir: dir, Version: version, stop: func() error { return nil }}
	run := func(ctx context.Context, dir, verb string) error { return run(ctx, dir, verb, version) }
	if err := run(ctx, dir, "status"); err != nil {
		tmp, err := os.MkdirTemp("", "kubectl-batch-testenv-")
		if err != nil {
			return nil, fmt.Errorf("creating the environment directory: %w", err)
		}
		env.Dir = tmp
		// One retry on fresh ports: a port picked as free can be taken before a component binds it.
		for attempt := 1; attempt <= 2; attempt++ {
			if err = run(ctx, tmp, "up"); err == nil {
				break
			}
			fmt.Fprintf(os.Stderr, "testenv: attempt %d to start the control plane failed: %v\n", attempt, err)
			_ = run(context.Background(), tmp, "down")
		}
		if err != nil {
			_ = os.RemoveAll(tmp)
			return nil, fmt.Errorf("starting the test control plane (hack/testenv.sh up): %w", err)
		}
		env.stop = func() error {
			err := run(context.Background(), tmp, "down")
			_ = os.RemoveAll(tmp)
			return err
		}
	}
	env.Kubeconfig = filepath.Join(env.Dir, "kubeconfig")
	out, err := exec.CommandContext(ctx, "bash", script(), "bindir", "--kubernetes-version", version).Output()
	if err != nil {
		return nil, fmt.Errorf("locating the environment's binaries: %w", err)
	}
	env.BinDir = strings.TrimSpace(string(out))
	env.Config, err = clientcmd.BuildConfigFromFlags("", env.Kubeconfig)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", env.Kubeconfig, err)
	}
	env.Config.QPS, env.Config.Burst = 200, 400
	env.Config.WarningHandler = rest.NoWarnings{}
	env.Client, err = kubernetes.NewForConfig(env.Config)
	if err != nil {
		return nil, fmt.Errorf("creating a client: %w", err)
	}
	return env, nil
}

func run(ctx context.Context, dir, verb, version string) error {
	cmd := exec.CommandContext(ctx, "bash", script(), verb, "--kubernetes-version", version)
	cmd.Env = append(os.Environ(), "TESTENV_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", verb, err, out)
	}
	return nil
}

// Stop stops the environment if Start started it.
func (e *Env) Stop() error { return e.stop() }

// Main is a TestMain body: start the environment, run the tests, stop it. It fails the whole
// run (exit 1) with the reason when the environment cannot start.
func Main(m *testing.M, env **Env) int {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	e, err := Start(ctx)
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: integration tests need the test control plane: %v\n", err)
		return 1
	}
	*env = e
	code := m.Run()
	if err := e.Stop(); err != nil {
		fmt.Fprintf(os.Stderr, "stopping the test control plane: %v\n", err)
	}
	return code
}

// Namespace creates a fresh namespace for t, deleted when t ends.
func (e *Env) Namespace(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	name := "t-" + strings.ToLower(rand.String(8))
	_, err := e.Client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating namespace %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = e.Client.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	return name
}

// Kubectl runs the environment's kubectl (the same version as the server; only the default
// version has one) with its kubeconfig.
func (e *Env) Kubectl(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(e.BinDir, "kubectl"), append([]string{"--kubeconfig", e.Kubeconfig}, args...)...)
	return cmd.CombinedOutput()
}

// StartVersionFor starts (or reuses) the environment of that Kubernetes minor for test t (at
// most 30 minutes, building its binaries if need be), fails t when it cannot, and stops it when
// t ends.
func StartVersionFor(t testing.TB, version string) *Env {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	e, err := StartVersion(ctx, version)
	cancel()
	if err != nil {
		t.Fatalf("starting the Kubernetes %s API server: %v", version, err)
	}
	t.Cleanup(func() {
		if err := e.Stop(); err != nil {
			t.Errorf("stopping the Kubernetes %s API server: %v", version, err)
		}
	})
	return e
}
