//go:build integration

package webhooke2e

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/utils/ptr"

	"github.com/kubectl-batch/kubectl-batch/webhook"
	"github.com/kubectl-batch/kubectl-batch/webhook/testcert"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// hook is a webhook server running in the test process.
type hook struct {
	port   int
	ca     []byte
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// startHook serves the webhook on 127.0.0.1 with configuration cfgYAML until stop or the end of t.
func startHook(t *testing.T, cfgYAML string) *hook {
	t.Helper()
	dir := t.TempDir()
	certs, err := testcert.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgFile, []byte(cfgYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	port, err := testcert.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	h := &hook{port: port, ca: certs.CAPEM, logs: &syncBuffer{}, done: make(chan error, 1)}
	o := &webhook.Options{Host: "127.0.0.1", Port: port, CertFile: certs.CertFile, KeyFile: certs.KeyFile,
		ConfigFile: cfgFile, MetricsAddr: "0", Logger: slog.New(slog.NewJSONHandler(h.logs, nil))}
	if err := o.Complete(); err != nil {
		t.Fatal(err)
	}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- o.Run(ctx) }()
	select {
	case <-o.Ready():
	case err := <-h.done:
		t.Fatalf("webhook stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("webhook not ready")
	}
	t.Cleanup(h.stop)
	return h
}

func (h *hook) stop() {
	h.cancel()
	if h.done != nil {
		<-h.done
		h.done = nil
	}
}

// register creates a ValidatingWebhookConfiguration for batch/v1 jobs and cronjobs, CREATE and
// UPDATE, limited to namespaces, and deletes it when t ends.
func register(t *testing.T, h *hook, policy admissionregistrationv1.FailurePolicyType, namespaces ...string) string {
	t.Helper()
	name := "kubectl-batch-e2e-" + strings.ToLower(rand.String(6))
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{
			Name: "jobs.kubectl-batch.io",
			ClientConfig: admissionregistrationv1.WebhookClientConfig{
				URL:      ptr.To(fmt.Sprintf("https://127.0.0.1:%d%s", h.port, webhook.Path)),
				CABundle: h.ca,
			},
			Rules: []admissionregistrationv1.RuleWithOperations{{
				Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update},
				Rule: admissionregistrationv1.Rule{APIGroups: []string{"batch"}, APIVersions: []string{"v1"},
					Resources: []string{"jobs", "cronjobs"}, Scope: ptr.To(admissionregistrationv1.NamespacedScope)},
			}},
			FailurePolicy:           ptr.To(policy),
			SideEffects:             ptr.To(admissionregistrationv1.SideEffectClassNone),
			AdmissionReviewVersions: []string{"v1"},
			TimeoutSeconds:          ptr.To[int32](5),
			NamespaceSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{
				Key: "kubernetes.io/metadata.name", Operator: metav1.LabelSelectorOpIn, Values: namespaces,
			}}},
		}},
	}
	ctx := context.Background()
	if _, err := env.Client.AdmissionregistrationV1().ValidatingWebhookConfigurations().Create(ctx, vwc, metav1.CreateOptions{}); err != nil {
		t.Fatalf("registering the webhook: %v", err)
	}
	t.Cleanup(func() {
		_ = env.Client.AdmissionregistrationV1().ValidatingWebhookConfigurations().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	return name
}

// setFailurePolicy changes the failure policy of a registered configuration.
func setFailurePolicy(t *testing.T, name string, policy admissionregistrationv1.FailurePolicyType) {
	t.Helper()
	ctx := context.Background()
	c := env.Client.AdmissionregistrationV1().ValidatingWebhookConfigurations()
	vwc, err := c.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	vwc.Webhooks[0].FailurePolicy = ptr.To(policy)
	if _, err := c.Update(ctx, vwc, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// warnings collects the warning headers a client receives.
type warnings struct {
	mu   sync.Mutex
	list []string
}

func (w *warnings) HandleWarningHeader(_ int, _ string, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.list = append(w.list, text)
}

func (w *warnings) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.list
	w.list = nil
	return out
}

func clientWithWarnings(t *testing.T) (kubernetes.Interface, *warnings) {
	t.Helper()
	cfg := rest.CopyConfig(env.Config)
	w := &warnings{}
	cfg.WarningHandler = w
	c, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, w
}

func cronJob(ns, name string, mutate func(*batchv1.CronJob)) *batchv1.CronJob {
	cj := &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: batchv1.CronJobSpec{
			Schedule:                "30 2 * * *",
			StartingDeadlineSeconds: ptr.To[int64](60),
			ConcurrencyPolicy:       batchv1.ForbidConcurrent,
			JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{
				BackoffLimit:            ptr.To[int32](2),
				TTLSecondsAfterFinished: ptr.To[int32](3600),
				Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
					RestartPolicy: corev1.RestartPolicyNever,
					Containers:    []corev1.Container{{Name: "report", Image: "registry.example.com/reporting/nightly:2.3.0"}},
				}},
			}},
		},
	}
	if mutate != nil {
		mutate(cj)
	}
	return cj
}

func shortDeadline(cj *batchv1.CronJob) { cj.Spec.StartingDeadlineSeconds = ptr.To[int64](5) }

// eventually retries f until it returns nil (the API server picks up webhook configurations
// asynchronously) or 20 seconds pass.
func eventually(t *testing.T, what string, f func() error) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// expectDenied creates cj (server-side dry-run when dryRun) and wants the webhook's denial.
func createErr(c kubernetes.Interface, cj *batchv1.CronJob, dryRun bool) error {
	opts := metav1.CreateOptions{}
	if dryRun {
		opts.DryRun = []string{metav1.DryRunAll}
	}
	_, err := c.BatchV1().CronJobs(cj.Namespace).Create(context.Background(), cj, opts)
	return err
}

// waitActive waits until the webhook registered for ns denies a short deadline.
func waitActive(t *testing.T, ns string) {
	t.Helper()
	eventually(t, "webhook not called", func() error {
		err := createErr(env.Client, cronJob(ns, "probe", shortDeadline), true)
		if err == nil || !strings.Contains(err.Error(), "kubectl-batch denied") {
			return fmt.Errorf("dry-run create of a denied CronJob: %v", err)
		}
		return nil
	})
}

func TestShortStartingDeadlineDeniedLikeDryRun(t *testing.T) {
	ns := env.Namespace(t)
	h := startHook(t, "")
	register(t, h, admissionregistrationv1.Fail, ns)
	waitActive(t, ns)
	for _, dry := range []bool{true, false} {
		err := createErr(env.Client, cronJob(ns, "nightly", shortDeadline), dry)
		if err == nil {
			t.Fatalf("dryRun=%v: created", dry)
		}
		for _, want := range []string{`admission webhook "jobs.kubectl-batch.io" denied the request`, "CronJob " + ns + "/nightly",
			"spec.startingDeadlineSeconds", "is 5, below 10", "rule starting-deadline-too-short", "to proceed: set spec.startingDeadlineSeconds to 10 or more"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("dryRun=%v: error %q lacks %q", dry, err, want)
			}
		}
	}
	if !strings.Contains(h.logs.String(), `"dryRun":true`) || !strings.Contains(h.logs.String(), `"dryRun":false`) {
		t.Errorf("decision log lacks dry-run and real requests:\n%s", h.logs.String())
	}
}

func TestValidCronJobAdmittedWithWarnings(t *testing.T) {
	ns := env.Namespace(t)
	h := startHook(t, "")
	register(t, h, admissionregistrationv1.Fail, ns)
	waitActive(t, ns)
	c, w := clientWithWarnings(t)
	valid := func(cj *batchv1.CronJob) { cj.Spec.JobTemplate.Spec.TTLSecondsAfterFinished = nil } // advice only
	for _, dry := range []bool{true, false} {
		w.take()
		if err := createErr(c, cronJob(ns, "nightly", valid), dry); err != nil {
			t.Fatalf("dryRun=%v: %v", dry, err)
		}
		got := w.take()
		var tz bool
		for _, s := range got {
			if len([]rune(s)) > webhook.MaxWarningLength {
				t.Errorf("warning over %d characters: %q", webhook.MaxWarningLength, s)
			}
			tz = tz || strings.HasPrefix(s, "timezone-unset: spec.timeZone")
		}
		if !tz {
			t.Errorf("dryRun=%v: warnings %q lack timezone-unset", dry, got)
		}
	}
}

func TestPolicyImmutableFieldUpdateDenied(t *testing.T) {
	ns := env.Namespace(t)
	h := startHook(t, "policy:\n  immutableCronJobFields: [spec.timeZone]\n")
	register(t, h, admissionregistrationv1.Fail, ns)
	waitActive(t, ns)
	ctx := context.Background()
	cjs := env.Client.BatchV1().CronJobs(ns)
	cj, err := cjs.Create(ctx, cronJob(ns, "nightly", func(cj *batchv1.CronJob) { cj.Spec.TimeZone = ptr.To("Europe/Berlin") }), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cj.Labels = map[string]string{"team": "reporting"}
	if cj, err = cjs.Update(ctx, cj, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("label change denied: %v", err)
	}
	cj.Spec.TimeZone = ptr.To("America/New_York")
	_, err = cjs.Update(ctx, cj, metav1.UpdateOptions{})
	if err == nil {
		t.Fatal("time zone change admitted")
	}
	for _, want := range []string{"spec.timeZone", "may not be changed by policy", "delete and recreate the CronJob", "under a new name"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if !strings.Contains(h.logs.String(), `"operation":"UPDATE","dryRun":false,"verdict":"denied","denied":["policy-immutable-field"]`) {
		t.Errorf("decision log:\n%s", h.logs.String())
	}
}

func TestExcludedNamespaceNotChecked(t *testing.T) {
	checked, excluded := env.Namespace(t), env.Namespace(t)
	h := startHook(t, fmt.Sprintf("namespaces:\n  exclude: [%s]\n", excluded))
	register(t, h, admissionregistrationv1.Fail, checked, excluded)
	waitActive(t, checked)
	if err := createErr(env.Client, cronJob(excluded, "nightly", shortDeadline), false); err != nil {
		t.Fatalf("excluded namespace checked: %v", err)
	}
	if !strings.Contains(h.logs.String(), `"object":"`+excluded+`/nightly","operation":"CREATE","dryRun":false,"verdict":"skipped"`) {
		t.Errorf("the webhook was not called for the excluded namespace, or did not skip it:\n%s", h.logs.String())
	}
}

func TestFailurePolicyWithWebhookStopped(t *testing.T) {
	ns := env.Namespace(t)
	h := startHook(t, "")
	name := register(t, h, admissionregistrationv1.Ignore, ns)
	waitActive(t, ns)
	h.stop()
	// Ignore: the API server admits when it cannot call the webhook.
	eventually(t, "failurePolicy Ignore with the webhook stopped", func() error {
		return createErr(env.Client, cronJob(ns, "ignored", shortDeadline), true)
	})
	if err := createErr(env.Client, cronJob(ns, "ignored", shortDeadline), false); err != nil {
		t.Fatalf("failurePolicy Ignore: %v", err)
	}
	// Fail: the API server denies.
	setFailurePolicy(t, name, admissionregistrationv1.Fail)
	eventually(t, "failurePolicy Fail with the webhook stopped", func() error {
		err := createErr(env.Client, cronJob(ns, "failed", nil), false)
		if err == nil {
			_ = env.Client.BatchV1().CronJobs(ns).Delete(context.Background(), "failed", metav1.DeleteOptions{})
			return fmt.Errorf("admitted")
		}
		if !strings.Contains(err.Error(), `failed calling webhook "jobs.kubectl-batch.io"`) {
			return fmt.Errorf("unexpected error: %v", err)
		}
		return nil
	})
}

// TestBuiltInRulesRejectedBeforeTheWebhook documents why some denials never reach the webhook on
// a real cluster: kube-apiserver validates restartPolicy itself, before validating webhooks run.
// (The handler tests prove the webhook denies such objects too.)
func TestBuiltInRulesRejectedBeforeTheWebhook(t *testing.T) {
	ns := env.Namespace(t)
	h := startHook(t, "")
	register(t, h, admissionregistrationv1.Fail, ns)
	waitActive(t, ns)
	job := &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "always", Namespace: ns},
		Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyAlways,
			Containers:    []corev1.Container{{Name: "m", Image: "busybox"}},
		}}},
	}
	_, err := env.Client.BatchV1().Jobs(ns).Create(context.Background(), job, metav1.CreateOptions{})
	if err == nil || strings.Contains(err.Error(), "admission webhook") || !strings.Contains(err.Error(), "restartPolicy") {
		t.Fatalf("want the server's own restartPolicy error, got %v", err)
	}
	if strings.Contains(h.logs.String(), ns+`/always`) {
		t.Errorf("the webhook was called for an object the server rejects first:\n%s", h.logs.String())
	}
}
