//go:build integration

package webhooke2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

// TestRolloutUnderLoadThroughAPIServer replaces the webhook binary twice while kube-apiserver,
// with failurePolicy Fail, sends it reviews from 8 clients creating CronJobs (dry run), half of
// them denied by the webhook. Each replacement is a rollout as Kubernetes does it: the new pod
// is ready on its own address and the same port (127.0.0.3:P, later 127.0.0.2:P again: the
// first pod's address and port), the old one gets SIGTERM, and half a second later (endpoint
// propagation) the Service sends new connections to the new pod; connections already open stay
// with the old pod, as with kube-proxy. No request may fail: every valid CronJob is created and
// every other one is denied by the webhook, never rejected with "failed calling webhook".
func TestRolloutUnderLoadThroughAPIServer(t *testing.T) {
	ns := env.Namespace(t)
	bin := buildBinary(t)
	srv := webhooktest.New(t) // the certificate (for 127.0.0.1, the Service's address) and port P
	args := []string{"--kubeconfig=" + env.Kubeconfig, "--shutdown-drain-period=3s", "--log-level=info"}
	first := runBinary(t, bin, srv, "127.0.0.2", args...)
	svc := startServiceProxy(t, fmt.Sprintf("127.0.0.1:%d", srv.Port), fmt.Sprintf("127.0.0.2:%d", srv.Port))
	register(t, srv, admissionregistrationv1.Fail, ns)
	waitActive(t, ns)

	cfg := rest.CopyConfig(env.Config)
	cfg.QPS, cfg.Burst = 1000, 1000
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	load := startCronJobLoad(t, client, ns, 8)

	roll := func(old *webhookBinary, newHost string) *webhookBinary {
		t.Helper()
		time.Sleep(time.Second) // load on the old pod
		next := runBinary(t, bin, srv, newHost, args...)
		before := load.sent.Load()
		if err := old.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond) // the endpoints controller and kube-proxy catch up
		svc.route(fmt.Sprintf("%s:%d", newHost, srv.Port))
		select {
		case err := <-old.exited:
			if err != nil {
				t.Fatalf("the old webhook's exit after SIGTERM: %v\n%s", err, old.stderr.String())
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the old webhook did not exit 30 s after SIGTERM")
		}
		if !strings.Contains(old.stderr.String(), "draining") {
			t.Errorf("the old webhook did not drain:\n%s", old.stderr.String())
		}
		if during := load.sent.Load() - before; during < 20 {
			t.Errorf("only %d requests during the rollout: the test did not exercise it", during)
		}
		return next
	}
	second := roll(first, "127.0.0.3")
	third := roll(second, "127.0.0.2") // back on the first pod's address and port
	time.Sleep(time.Second)
	load.stop()

	if n := load.failed.Load(); n > 0 {
		t.Errorf("%d of %d requests failed during the rollouts; first: %v", n, load.sent.Load(), load.firstErr.Load())
	}
	if load.denied.Load() == 0 || load.created.Load() == 0 {
		t.Errorf("created %d, denied %d: the load did not go through the webhook both ways", load.created.Load(), load.denied.Load())
	}
	for i, w := range []*webhookBinary{first, second, third} {
		if !strings.Contains(w.stderr.String(), `"verdict":"denied"`) {
			t.Errorf("webhook %d decided nothing: the Service never reached it", i+1)
		}
	}
	t.Logf("%d requests (%d created, %d denied), %d connections through the Service", load.sent.Load(), load.created.Load(), load.denied.Load(), svc.conns.Load())
}

// cronJobLoad creates CronJobs (server-side dry run) from several clients until stopped.
type cronJobLoad struct {
	sent, created, denied, failed atomic.Int64
	firstErr                      atomic.Value
	done                          chan struct{}
	wg                            sync.WaitGroup
}

// startCronJobLoad starts clients goroutines; every other request is a CronJob the webhook
// denies (a 5 s starting deadline). Any other outcome counts as failed.
func startCronJobLoad(t *testing.T, client kubernetes.Interface, ns string, clients int) *cronJobLoad {
	l := &cronJobLoad{done: make(chan struct{})}
	for i := range clients {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for n := 0; ; n++ {
				select {
				case <-l.done:
					return
				default:
				}
				deny := n%2 == 1
				cj := cronJob(ns, fmt.Sprintf("load-%d-%d", i, n), func(cj *batchv1.CronJob) {
					if deny {
						shortDeadline(cj)
					}
				})
				l.sent.Add(1)
				_, err := client.BatchV1().CronJobs(ns).Create(context.Background(), cj, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
				switch {
				case !deny && err == nil:
					l.created.Add(1)
				case deny && err != nil && strings.Contains(err.Error(), "kubectl-batch denied"):
					l.denied.Add(1)
				default:
					if err == nil {
						err = errors.New("a CronJob with a 5 s starting deadline was admitted")
					}
					l.failed.Add(1)
					l.firstErr.CompareAndSwap(nil, err.Error())
				}
			}
		}()
	}
	t.Cleanup(l.stop)
	return l
}

func (l *cronJobLoad) stop() {
	select {
	case <-l.done:
	default:
		close(l.done)
	}
	l.wg.Wait()
}

// serviceProxy stands in for a Service and kube-proxy in front of the webhook's pods (a
// URL-registered webhook must be on 127.0.0.1, and Endpoints may not name loopback addresses,
// so the API server cannot route by itself here). Each new connection goes to the current
// endpoint and stays with it for its lifetime; route changes only where new ones go.
type serviceProxy struct {
	ln       net.Listener
	endpoint atomic.Value // host:port
	conns    atomic.Int64
}

func startServiceProxy(t *testing.T, addr, endpoint string) *serviceProxy {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("the Service's address %s: %v", addr, err)
	}
	p := &serviceProxy{ln: ln}
	p.endpoint.Store(endpoint)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.forward(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return p
}

func (p *serviceProxy) route(endpoint string) { p.endpoint.Store(endpoint) }

// forward splices c to the current endpoint until either side closes. If the endpoint refuses,
// c is closed: the client sees what it would see with no ready pod behind the Service.
func (p *serviceProxy) forward(c net.Conn) {
	defer c.Close()
	p.conns.Add(1)
	b, err := net.DialTimeout("tcp", p.endpoint.Load().(string), 2*time.Second)
	if err != nil {
		return
	}
	defer b.Close()
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(b, c); done <- struct{}{} }()
	go func() { _, _ = io.Copy(c, b); done <- struct{}{} }()
	<-done
}
