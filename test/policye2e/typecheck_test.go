//go:build integration

package policye2e

import (
	"context"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"

	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

// TestTypeChecking has the API server type-check every expression of the exported policies
// against the batch/v1 schemas, for configurations that use every kind of expression the
// generator writes. The API server type-checks validations and message expressions only, not
// variables and match conditions; so each policy is applied a second time, unbound, with every
// variable and match condition turned into a validation.
func TestTypeChecking(t *testing.T) {
	for name, cfg := range map[string]string{
		"defaults": "",
		"everything": "ignoreSuppressions: false\n" +
			"policy:\n  minStartingDeadlineSeconds: 30\n" +
			"  immutableCronJobFields: [spec.timeZone, metadata.labels.team, spec.suspend, spec.jobTemplate.spec.template.spec.containers, spec.jobTemplate.spec.template.spec.nodeSelector, spec.jobTemplate.spec.template.spec.serviceAccountName, metadata.namespace]\n" +
			"  immutableJobFields: [spec.ttlSecondsAfterFinished, spec.podFailurePolicy, spec.template.metadata.annotations.owner, metadata.creationTimestamp, spec.template.spec.containers, spec.backoffLimit]\n" +
			"namespaces: {exclude: [sandbox, \"team-*\", \"x[0-9]?\"]}\n",
		"warn modes": "policy: {immutableCronJobFields: [spec.schedule]}\n" +
			"modes: {restart-policy-invalid: warn, starting-deadline-too-short: warn, cronjob-name-too-long: warn, policy-immutable-field: warn}\n",
		"nothing to check": "rules: {restart-policy-invalid: off, cronjob-name-too-long: off, starting-deadline-too-short: off}\n",
	} {
		t.Run(name, func(t *testing.T) {
			prefix := "tc-" + strings.ToLower(rand.String(6))
			stream := export(t, cfg, prefix)
			applyDryRun(t, stream)
			policies, _ := webhooktest.DecodePolicies(t, stream)
			api := env.Client.AdmissionregistrationV1().ValidatingAdmissionPolicies()
			var names []string
			for _, p := range policies {
				full := p.DeepCopy()
				for _, v := range p.Spec.Variables {
					full.Spec.Validations = append(full.Spec.Validations, admissionregistrationv1.Validation{
						Expression: "(" + v.Expression + ") == (" + v.Expression + ")", Message: "variable " + v.Name})
				}
				for _, c := range p.Spec.MatchConditions {
					full.Spec.Validations = append(full.Spec.Validations, admissionregistrationv1.Validation{
						Expression: c.Expression, Message: "match condition " + c.Name})
				}
				for _, obj := range []*admissionregistrationv1.ValidatingAdmissionPolicy{&p, full} {
					if obj == full {
						obj.Name += "-all"
					}
					if _, err := api.Create(context.Background(), obj, metav1.CreateOptions{}); err != nil {
						t.Fatalf("creating %s: %v", obj.Name, err)
					}
					name := obj.Name
					t.Cleanup(func() { _ = api.Delete(context.Background(), name, metav1.DeleteOptions{}) })
					names = append(names, name)
				}
			}
			checkTypes(t, names)
		})
	}
}
