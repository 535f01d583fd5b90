//go:build integration

package helm

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

// TestInstallUpgradeKeepsCertificates installs the chart for real (helm install, then helm
// upgrade, then helm uninstall) and checks that the chart-generated CA and serving certificate
// survive the upgrade (the chart looks up its Secret) and stay the configuration's caBundle.
//
// The configuration is scoped to a namespace label no namespace carries, and fails open, so the
// API server never calls the installed webhook (whose pods kwok only pretends to run).
func TestInstallUpgradeKeepsCertificates(t *testing.T) {
	ns := uniqueName("helm-inst-")
	createNamespace(t, ns, nil)
	rel := uniqueName("kbw-")
	full := rel + "-kubectl-batch-webhook"
	args := append([]string{rel, chartDir(), "--namespace", ns},
		setArgs("webhook.failurePolicy=Ignore", "webhook.namespaceSelector.matchLabels.kubectl-batch-helm-test="+uniqueName("nobody-"))...)
	ctx := context.Background()
	vwcs := env.Client.AdmissionregistrationV1().ValidatingWebhookConfigurations()
	t.Cleanup(func() {
		_, _, _ = runHelm(t, "uninstall", rel, "--namespace", ns)
		_ = vwcs.Delete(context.Background(), full, metav1.DeleteOptions{})
	})

	mustHelm(t, append([]string{"install"}, args...)...)
	read := func() (crt, key, ca, bundle []byte) {
		t.Helper()
		s, err := env.Client.CoreV1().Secrets(ns).Get(ctx, full+"-tls", metav1.GetOptions{})
		if err != nil {
			t.Fatalf("the chart's Secret: %v", err)
		}
		vwc, err := vwcs.Get(ctx, full, metav1.GetOptions{})
		if err != nil {
			t.Fatalf("the chart's ValidatingWebhookConfiguration: %v", err)
		}
		return s.Data["tls.crt"], s.Data["tls.key"], s.Data["ca.crt"], vwc.Webhooks[0].ClientConfig.CABundle
	}
	crt1, key1, ca1, bundle1 := read()
	if len(crt1) == 0 || len(key1) == 0 || len(ca1) == 0 || !bytes.Equal(bundle1, ca1) {
		t.Fatalf("after install: caBundle %q, ca.crt %q, tls.crt %d bytes, tls.key %d bytes", bundle1, ca1, len(crt1), len(key1))
	}

	mustHelm(t, append(append([]string{"upgrade"}, args...), "--set", "replicaCount=3")...)
	d, err := env.Client.AppsV1().Deployments(ns).Get(ctx, full, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *d.Spec.Replicas != 3 {
		t.Fatalf("the upgrade did not apply: replicas %d", *d.Spec.Replicas)
	}
	crt2, key2, ca2, bundle2 := read()
	if !bytes.Equal(ca1, ca2) || !bytes.Equal(crt1, crt2) || !bytes.Equal(key1, key2) {
		t.Error("helm upgrade replaced the chart-generated CA or certificate")
	}
	if !bytes.Equal(bundle2, ca1) {
		t.Errorf("after the upgrade the caBundle is not the kept CA")
	}

	mustHelm(t, "uninstall", rel, "--namespace", ns)
	webhooktest.Eventually(t, 30*time.Second, "ValidatingWebhookConfiguration deleted by helm uninstall", func() error {
		_, err := vwcs.Get(ctx, full, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err == nil {
			return errors.New("still there")
		}
		return err
	})
}
