//go:build integration

package webhooke2e

import (
	"context"
	"fmt"
	"strings"
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

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

// register creates a ValidatingWebhookConfiguration for batch/v1 jobs and cronjobs, CREATE and
// UPDATE, limited to namespaces, and deletes it when t ends.
func register(t *testing.T, h *webhooktest.Server, policy admissionregistrationv1.FailurePolicyType, namespaces ...string) string {
	t.Helper()
	return registerOn(t, env.Client, h, policy, namespaces...)
}

// registerOn is register on the API server of client.
func registerOn(t *testing.T, client kubernetes.Interface, h *webhooktest.Server, policy admissionregistrationv1.FailurePolicyType, namespaces ...string) string {
	t.Helper()
	name := "kubectl-batch-e2e-" + strings.ToLower(rand.String(6))
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{
			Name: "jobs.kubectl-batch.io",
			ClientConfig: admissionregistrationv1.WebhookClientConfig{
				URL:      ptr.To(h.URL()),
				CABundle: h.CABundle(),
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
	if _, err := client.AdmissionregistrationV1().ValidatingWebhookConfigurations().Create(ctx, vwc, metav1.CreateOptions{}); err != nil {
		t.Fatalf("registering the webhook: %v", err)
	}
	t.Cleanup(func() {
		_ = client.AdmissionregistrationV1().ValidatingWebhookConfigurations().Delete(context.Background(), name, metav1.DeleteOptions{})
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

func clientWithWarnings(t *testing.T) (kubernetes.Interface, *webhooktest.Warnings) {
	t.Helper()
	cfg := rest.CopyConfig(env.Config)
	w := &webhooktest.Warnings{}
	cfg.WarningHandler = w
	c, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, w
}

// cronJob is webhooktest's CronJob in ns without spec.timeZone (the webhook advises setting it),
// changed by mutate when not nil.
func cronJob(ns, name string, mutate func(*batchv1.CronJob)) *batchv1.CronJob {
	cj := webhooktest.CronJob(ns, name, func(cj *batchv1.CronJob) { cj.Spec.TimeZone = nil })
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
	webhooktest.Eventually(t, 20*time.Second, what, f)
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
	h := webhooktest.Start(t, "")
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
	if !strings.Contains(h.Logs.String(), `"dryRun":true`) || !strings.Contains(h.Logs.String(), `"dryRun":false`) {
		t.Errorf("decision log lacks dry-run and real requests:\n%s", h.Logs.String())
	}
}

func TestValidCronJobAdmittedWithWarnings(t *testing.T) {
	ns := env.Namespace(t)
	h := webhooktest.Start(t, "")
	register(t, h, admissionregistrationv1.Fail, ns)
	waitActive(t, ns)
	c, w := clientWithWarnings(t)
	valid := func(cj *batchv1.CronJob) { cj.Spec.JobTemplate.Spec.TTLSecondsAfterFinished = nil } // advice only
	for _, dry := range []bool{true, false} {
		w.Take()
		if err := createErr(c, cronJob(ns, "nightly", valid), dry); err != nil {
			t.Fatalf("dryRun=%v: %v", dry, err)
		}
		got := w.Take()
		var tz bool
		for _, s := range got {
			if len([]rune(s)) > decision.MaxWarningLength {
				t.Errorf("warning over %d characters: %q", decision.MaxWarningLength, s)
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
	h := webhooktest.Start(t, webhooktest.ConfigHeader+"policy:\n  immutableCronJobFields: [spec.timeZone]\n")
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
	if !strings.Contains(h.Logs.String(), `"operation":"UPDATE","dryRun":false,"verdict":"denied","denied":["policy-immutable-field"]`) {
		t.Errorf("decision log:\n%s", h.Logs.String())
	}
}

func TestExcludedNamespaceNotChecked(t *testing.T) {
	checked, excluded := env.Namespace(t), env.Namespace(t)
	h := webhooktest.Start(t, webhooktest.ConfigHeader+fmt.Sprintf("namespaces:\n  exclude: [%s]\n", excluded))
	register(t, h, admissionregistrationv1.Fail, checked, excluded)
	waitActive(t, checked)
	if err := createErr(env.Client, cronJob(excluded, "nightly", shortDeadline), false); err != nil {
		t.Fatalf("excluded namespace checked: %v", err)
	}
	if !strings.Contains(h.Logs.String(), `"object":"`+excluded+`/nightly","operation":"CREATE","dryRun":false,"verdict":"skipped"`) {
		t.Errorf("the webhook was not called for the excluded namespace, or did not skip it:\n%s", h.Logs.String())
	}
}

func TestFailurePolicyWithWebhookStopped(t *testing.T) {
	ns := env.Namespace(t)
	h := webhooktest.Start(t, "")
	name := register(t, h, admissionregistrationv1.Ignore, ns)
	waitActive(t, ns)
	h.Stop()
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
	h := webhooktest.Start(t, "")
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
	if strings.Contains(h.Logs.String(), ns+`/always`) {
		t.Errorf("the webhook was called for an object the server rejects first:\n%s", h.Logs.String())
	}
}
