//go:build integration

// Package e2e runs kubectl-batch's cluster commands against the real test control plane.
package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/rest"

	"github.com/kubectl-batch/kubectl-batch/internal/cli"
	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { os.Exit(testenv.Main(m, &env)) }

// requestLog records the API requests a command makes.
type requestLog struct {
	mu   sync.Mutex
	reqs []string
}

func (l *requestLog) add(r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = append(l.reqs, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery)
}

func (l *requestLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.reqs...)
}

type roundTripper struct {
	next http.RoundTripper
	log  *requestLog
}

func (rt roundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.log.add(r)
	return rt.next.RoundTrip(r)
}

// result of one in-process run of kubectl-batch.
type result struct {
	code     int
	out, err string
	requests []string
}

// run executes `kubectl batch ARGS` in-process against the test environment.
func run(t *testing.T, args ...string) result {
	t.Helper()
	return execute(withKubeconfig(args))
}

// withKubeconfig adds --kubeconfig to args, before a "--" that starts a command to run.
func withKubeconfig(args []string) []string {
	if dash := slices.Index(args, "--"); dash >= 0 {
		return slices.Concat(args[:dash], []string{"--kubeconfig", env.Kubeconfig}, args[dash:])
	}
	return append(slices.Clone(args), "--kubeconfig", env.Kubeconfig)
}

// execute runs the command line args (which must name the kubeconfig) in-process and records
// the API requests it makes.
func execute(args []string) result {
	var out, errb bytes.Buffer
	return executeWith(context.Background(), args, &out, &errb)
}

// executeWith is execute with a context (cancel it to interrupt the command) and the writers
// for its output, which a test may read while it runs.
func executeWith(ctx context.Context, args []string, out, errOut interface {
	io.Writer
	fmt.Stringer
}) result {
	log := &requestLog{}
	flags := genericclioptions.NewConfigFlags(true)
	flags.WrapConfigFn = func(c *rest.Config) *rest.Config {
		c.Wrap(func(rt http.RoundTripper) http.RoundTripper { return roundTripper{next: rt, log: log} })
		return c
	}
	streams := genericiooptions.IOStreams{In: strings.NewReader(""), Out: out, ErrOut: errOut}
	root := cli.NewRootCmdWithFlags(flags, streams)
	root.SetArgs(args)
	code := cli.ExitCode(root.ExecuteContext(ctx), streams)
	return result{code: code, out: out.String(), err: errOut.String(), requests: log.all()}
}
