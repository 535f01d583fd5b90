//go:build integration

package helm

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

// cronJob is webhooktest's CronJob in ns with startingDeadlineSeconds startingDeadline.
func cronJob(ns, name string, startingDeadline int64) *batchv1.CronJob {
	return webhooktest.CronJob(ns, name, func(cj *batchv1.CronJob) { cj.Spec.StartingDeadlineSeconds = ptr.To(startingDeadline) })
}

func createCronJob(cj *batchv1.CronJob, dryRun bool) error {
	opts := metav1.CreateOptions{}
	if dryRun {
		opts.DryRun = []string{metav1.DryRunAll}
	}
	_, err := env.Client.BatchV1().CronJobs(cj.Namespace).Create(context.Background(), cj, opts)
	return err
}

// TestURLModeDeniesBadCronJob renders the chart with webhook.url pointing at a webhook served by
// this process, registers only the rendered ValidatingWebhookConfiguration with the API server,
// and checks what it decides: a CronJob whose startingDeadlineSeconds the controller cannot meet
// is denied with the webhook's message, a good one is admitted, and the namespaces the chart
// excludes (the release namespace, webhook.excludedNamespaces, the opt-out label) are never sent
// to the webhook.
//
// The server runs with the configuration file the chart renders into its ConfigMap
// (config.policy.minStartingDeadlineSeconds 30 here), so the test also proves that file drives
// the real server. A 53-character CronJob name is not used: kube-apiserver itself rejects names
// over 52 characters before validating webhooks run (rule cronjob-name-too-long is class server).
func TestURLModeDeniesBadCronJob(t *testing.T) {
	// The chart needs the webhook's URL and CA to render the configuration the server runs with.
	srv := webhooktest.New(t)
	// The configuration applies cluster-wide apart from the exclusions; the shared test control
	// plane may serve other tests, so it is scoped to namespaces carrying this run's label.
	scope := uniqueName("run-")
	labels := func(extra ...string) map[string]string {
		m := map[string]string{"kubectl-batch-helm-test": scope}
		for i := 0; i+1 < len(extra); i += 2 {
			m[extra[i]] = extra[i+1]
		}
		return m
	}
	releaseNS, checked, optedOut, excluded := uniqueName("helm-rel-"), uniqueName("helm-chk-"), uniqueName("helm-opt-"), uniqueName("helm-exc-")
	createNamespace(t, releaseNS, labels())
	createNamespace(t, checked, labels())
	createNamespace(t, optedOut, labels("kubectl-batch.io/webhook", "disabled"))
	createNamespace(t, excluded, labels())

	rel := uniqueName("kbw-")
	url := srv.URL()
	objs := render(t, rel, releaseNS, setArgs(
		"webhook.url="+url,
		"webhook.caBundle="+base64.StdEncoding.EncodeToString(srv.CABundle()),
		"webhook.failurePolicy=Fail",
		"webhook.excludedNamespaces={"+excluded+"}",
		"webhook.namespaceSelector.matchLabels.kubectl-batch-helm-test="+scope,
		"config.policy.minStartingDeadlineSeconds=30",
	)...)

	var cm corev1.ConfigMap
	decode(t, find(t, objs, "ConfigMap", rel+"-kubectl-batch-webhook-config"), &cm)
	srv.Start(cm.Data["config.yaml"])
	logs := srv.Logs

	var vwc admissionregistrationv1.ValidatingWebhookConfiguration
	decode(t, find(t, objs, "ValidatingWebhookConfiguration", ""), &vwc)
	if vwc.Webhooks[0].ClientConfig.URL == nil || *vwc.Webhooks[0].ClientConfig.URL != url {
		t.Fatalf("rendered clientConfig %+v, want url %s", vwc.Webhooks[0].ClientConfig, url)
	}
	ctx := context.Background()
	vwcs := env.Client.AdmissionregistrationV1().ValidatingWebhookConfigurations()
	if _, err := vwcs.Create(ctx, &vwc, metav1.CreateOptions{}); err != nil {
		t.Fatalf("registering the rendered configuration: %v", err)
	}
	// Cleanups run last-in first-out: the configuration goes before the server stops.
	t.Cleanup(func() { _ = vwcs.Delete(context.Background(), vwc.Name, metav1.DeleteOptions{}) })

	// The API server picks up configurations asynchronously: wait until it calls the webhook.
	webhooktest.Eventually(t, 30*time.Second, "the API server calling the webhook", func() error {
		err := createCronJob(cronJob(checked, "probe", 5), true)
		if err == nil || !strings.Contains(err.Error(), "kubectl-batch denied") {
			return fmt.Errorf("dry-run create of a bad CronJob: %v", err)
		}
		return nil
	})

	err := createCronJob(cronJob(checked, "nightly", 5), false)
	if err == nil {
		t.Fatal("a CronJob with startingDeadlineSeconds 5 was admitted")
	}
	for _, want := range []string{`admission webhook "jobs.kubectl-batch.io" denied the request`, "CronJob " + checked + "/nightly",
		"spec.startingDeadlineSeconds", "is 5, below 30", "rule starting-deadline-too-short"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("denial %q lacks %q", err, want)
		}
	}
	// 20 seconds passes the server's built-in minimum (10) but not the chart's config (30).
	if err := createCronJob(cronJob(checked, "nightly", 20), false); err == nil || !strings.Contains(err.Error(), "is 20, below 30") {
		t.Errorf("the chart's configuration (minStartingDeadlineSeconds 30) is not in force: %v", err)
	}
	if err := createCronJob(cronJob(checked, "nightly", 60), false); err != nil {
		t.Errorf("a good CronJob was denied: %v", err)
	}

	// Namespaces the chart excludes admit the bad CronJob, and the webhook never hears of them.
	for _, ns := range []string{optedOut, releaseNS, excluded} {
		if err := createCronJob(cronJob(ns, "nightly", 5), false); err != nil {
			t.Errorf("namespace %s is excluded by the chart, but the CronJob was denied: %v", ns, err)
		}
		if strings.Contains(logs.String(), `"`+ns+`/`) {
			t.Errorf("the API server sent namespace %s to the webhook:\n%s", ns, logs.String())
		}
	}
	if !strings.Contains(logs.String(), `"object":"`+checked+`/nightly","operation":"CREATE","dryRun":false,"verdict":"denied"`) {
		t.Errorf("decision log lacks the denial:\n%s", logs.String())
	}
}
