//go:build integration

package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/kubectl-batch/kubectl-batch/internal/cli"
	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
)

// complete runs `kubectl-batch __complete ARGS` in-process like run, but puts --kubeconfig
// right after the command name: __complete completes its last argument, which run would make
// the kubeconfig path. It returns the candidates, the directive line and the API requests.
func complete(t *testing.T, args ...string) (candidates []string, directive string, res result) {
	t.Helper()
	res = execute(append([]string{"__complete", args[0], "--kubeconfig", env.Kubeconfig}, args[1:]...))
	for _, l := range strings.Split(strings.TrimSuffix(res.out, "\n"), "\n") {
		if strings.HasPrefix(l, ":") {
			directive = l
		} else if l != "" {
			candidates = append(candidates, l)
		}
	}
	return candidates, directive, res
}

func TestCompletion(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	for _, name := range []string{"alpha", "beta"} {
		if _, err := env.Client.BatchV1().CronJobs(ns).Create(ctx, suspendCronJob(ns, name, nil), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	job := &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "gamma", Namespace: ns},
		Spec: batchv1.JobSpec{Suspend: ptr(true), Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever,
			Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
		}}},
	}
	if _, err := env.Client.BatchV1().Jobs(ns).Create(ctx, job, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		args      []string
		want      string
		directive string
		requests  int
	}{
		// The names of the namespace's CronJobs, with one LIST.
		{[]string{"suspend", "-n", ns, "cronjob/"}, "cronjob/alpha cronjob/beta", ":4", 1},
		{[]string{"suspend", "-n", ns, "cj/b"}, "cj/beta", ":4", 1},
		{[]string{"resume", "--namespace", ns, "job/"}, "job/gamma", ":4", 1},
		// Names already given are not offered again.
		{[]string{"suspend", "-n", ns, "cronjob/alpha", "cronjob/"}, "cronjob/beta", ":4", 1},
		{[]string{"suspend", "-n", ns, "cronjobs", "alpha", ""}, "beta", ":4", 1},
		// Both types fit: the prefixes, no API call, no space after them.
		{[]string{"suspend", "-n", ns, ""}, "cronjob/ job/", ":6", 0},
		// One type fits: straight to its names.
		{[]string{"history", "-n", ns, ""}, "cronjob/alpha cronjob/beta", ":4", 1},
		{[]string{"history", "-n", ns, "cronjob/alpha", ""}, "", ":4", 0},
		{[]string{"history", "-n", ns, "job/"}, "", ":4", 0},
		// With -l, only the type.
		{[]string{"suspend", "-n", ns, "-l", "team=x", "cron"}, "cronjobs", ":4", 0},
		// explain takes both kinds, live.
		{[]string{"explain", "-n", ns, "job/"}, "job/gamma", ":4", 1},
		{[]string{"explain", "-n", ns, "cronjob/a"}, "cronjob/alpha", ":4", 1},
		// -n is honoured: another namespace has none.
		{[]string{"suspend", "-n", "default", "cronjob/"}, "", ":4", 1},
	}
	for _, tt := range tests {
		got, dir, res := complete(t, tt.args...)
		if strings.Join(got, " ") != tt.want || dir != tt.directive || res.code != 0 {
			t.Errorf("__complete %v: %q %s (exit %d), want %q %s\nstderr: %s", tt.args, got, dir, res.code, tt.want, tt.directive, res.err)
		}
		if len(res.requests) != tt.requests {
			t.Errorf("__complete %v: requests %v, want %d", tt.args, res.requests, tt.requests)
		}
		for _, r := range res.requests {
			if !strings.HasPrefix(r, "GET /apis/batch/v1/namespaces/") {
				t.Errorf("__complete %v: unexpected request %s", tt.args, r)
			}
		}
	}

	t.Run("namespace flag", func(t *testing.T) {
		got, _, _ := complete(t, "suspend", "-n", ns[:4])
		found := false
		for _, g := range got {
			found = found || g == ns
		}
		if !found {
			t.Errorf("namespace %s not completed: %v", ns, got)
		}
	})

	t.Run("forbidden: no candidates, no error", func(t *testing.T) {
		got, dir, res := complete(t, "suspend", "-n", ns, "--as", "system:serviceaccount:"+ns+":nobody", "cronjob/")
		if len(got) != 0 || dir != ":4" || res.code != 0 {
			t.Errorf("got %v %s exit %d", got, dir, res.code)
		}
	})

	t.Run("completion scripts", func(t *testing.T) {
		// Not through run: the completion command takes no kubeconfig flags.
		run := func(t *testing.T, args ...string) result {
			var out, errb bytes.Buffer
			streams := genericiooptions.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errb}
			root := cli.NewRootCmdWithFlags(genericclioptions.NewConfigFlags(true), streams)
			root.SetArgs(args)
			code := cli.ExitCode(root.ExecuteContext(context.Background()), streams)
			return result{code: code, out: out.String(), err: errb.String()}
		}
		res := run(t, "completion", "bash")
		if res.code != 0 || !strings.Contains(res.out, "__start_kubectl-batch") || !strings.Contains(res.out, "__complete") {
			t.Errorf("completion bash: exit %d, %d bytes\n%s", res.code, len(res.out), res.err)
		}
		for _, shell := range []string{"zsh", "fish"} {
			if res := run(t, "completion", shell); res.code != 0 || !strings.Contains(res.out, "kubectl-batch") {
				t.Errorf("completion %s: exit %d", shell, res.code)
			}
		}
	})

	t.Run("kubectl plugin script", func(t *testing.T) {
		path := filepath.Join(testenv.RepoRoot(), "hack", "kubectl_complete-batch")
		st, err := os.Stat(path)
		if err != nil || st.Mode()&0o111 == 0 {
			t.Fatalf("%s must exist and be executable: %v", path, err)
		}
		data, _ := os.ReadFile(path)
		if !strings.Contains(string(data), `kubectl-batch __complete "$@"`) {
			t.Errorf("%s does not call kubectl-batch __complete \"$@\":\n%s", path, data)
		}
	})
}
