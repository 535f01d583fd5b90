package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

// TestPolicyExportGolden pins the policies of the default configuration.
func TestPolicyExportGolden(t *testing.T) {
	golden, err := filepath.Abs(filepath.Join("testdata", "golden", "policy-export.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir()) // no .kubectl-batch.yaml found upward
	code, out, errs := runCLI(t, "", "policy", "export")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	assertGolden(t, golden, out)
	policies, bindings := webhooktest.DecodePolicies(t, []byte(out))
	if len(policies) != 4 || len(bindings) != 4 {
		t.Errorf("%d policies, %d bindings; want 4 and 4", len(policies), len(bindings))
	}
}

func TestPolicyExportJSON(t *testing.T) {
	t.Chdir(t.TempDir())
	code, out, errs := runCLI(t, "", "policy", "export", "-o", "json", "--name", "team-a", "--failure-policy", "Ignore", "--validation-actions", "warn,Audit")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var list struct {
		APIVersion, Kind string
		Items            []json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	if list.APIVersion != "v1" || list.Kind != "List" || len(list.Items) != 8 {
		t.Fatalf("%s %s with %d items", list.APIVersion, list.Kind, len(list.Items))
	}
	if strings.Contains(out, `\u0026`) || strings.Contains(out, `"status"`) {
		t.Error("JSON escapes && or carries an empty status")
	}
	var p admissionregistrationv1.ValidatingAdmissionPolicy
	var b admissionregistrationv1.ValidatingAdmissionPolicyBinding
	if err := json.Unmarshal(list.Items[0], &p); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(list.Items[1], &b); err != nil {
		t.Fatal(err)
	}
	if p.Name != "team-a-jobs-deny" || *p.Spec.FailurePolicy != admissionregistrationv1.Ignore {
		t.Errorf("policy %s, failurePolicy %s", p.Name, *p.Spec.FailurePolicy)
	}
	if b.Spec.PolicyName != p.Name || len(b.Spec.ValidationActions) != 2 || b.Spec.ValidationActions[0] != "Warn" || b.Spec.ValidationActions[1] != "Audit" {
		t.Errorf("binding %s for %s, actions %v", b.Name, b.Spec.PolicyName, b.Spec.ValidationActions)
	}
}

func TestPolicyExportConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	export := func(t *testing.T, args ...string) (policies []admissionregistrationv1.ValidatingAdmissionPolicy, bindings []admissionregistrationv1.ValidatingAdmissionPolicyBinding, stderr string) {
		t.Helper()
		code, out, errs := runCLI(t, "", append([]string{"policy", "export"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		policies, bindings = webhooktest.DecodePolicies(t, []byte(out))
		return policies, bindings, errs
	}
	exprs := func(p admissionregistrationv1.ValidatingAdmissionPolicy) string {
		var b strings.Builder
		for _, v := range p.Spec.Variables {
			b.WriteString(v.Expression + "\n")
		}
		return b.String()
	}
	byName := func(ps []admissionregistrationv1.ValidatingAdmissionPolicy, name string) admissionregistrationv1.ValidatingAdmissionPolicy {
		for _, p := range ps {
			if p.Name == name {
				return p
			}
		}
		t.Fatalf("no policy %s", name)
		return admissionregistrationv1.ValidatingAdmissionPolicy{}
	}

	t.Run("rule off", func(t *testing.T) {
		ps, _, _ := export(t, "--config", write("off.yaml", "rules: {starting-deadline-too-short: off}\n"))
		for _, p := range ps {
			if strings.Contains(exprs(p), "startingDeadlineSeconds") {
				t.Errorf("%s checks a rule that is off", p.Name)
			}
		}
	})
	t.Run("minimum seconds", func(t *testing.T) {
		ps, _, _ := export(t, "--config", write("min.yaml", "policy: {minStartingDeadlineSeconds: 30}\n"))
		if e := exprs(byName(ps, "kubectl-batch-cronjobs-deny")); !strings.Contains(e, "object.spec.startingDeadlineSeconds < 30") || !strings.Contains(e, "below 30") {
			t.Errorf("does not use 30:\n%s", e)
		}
	})
	t.Run("immutable fields", func(t *testing.T) {
		ps, _, _ := export(t, "--config", write("imm.yaml", "policy: {immutableCronJobFields: [spec.timeZone]}\n"))
		e := exprs(byName(ps, "kubectl-batch-cronjobs-deny"))
		if !strings.Contains(e, "request.operation == 'UPDATE'") || !strings.Contains(e, "oldObject.spec.timeZone != object.spec.timeZone") {
			t.Errorf("no oldObject check:\n%s", e)
		}
	})
	t.Run("warn mode", func(t *testing.T) {
		ps, bs, _ := export(t, "--config", write("warn.yaml", "modes: {starting-deadline-too-short: warn}\n"))
		if strings.Contains(exprs(byName(ps, "kubectl-batch-cronjobs-deny")), "startingDeadlineSeconds") {
			t.Error("a rule in mode warn denies")
		}
		if !strings.Contains(exprs(byName(ps, "kubectl-batch-cronjobs-warn")), "object.spec.startingDeadlineSeconds < 10") {
			t.Error("the warn policy lacks the rule")
		}
		for _, b := range bs {
			if b.Name == "kubectl-batch-cronjobs-warn" && (len(b.Spec.ValidationActions) != 1 || b.Spec.ValidationActions[0] != admissionregistrationv1.Warn) {
				t.Errorf("warn binding actions %v", b.Spec.ValidationActions)
			}
		}
	})
	t.Run("found upward, webhook keys", func(t *testing.T) {
		sub := filepath.Join(dir, "a", "b")
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		write(".kubectl-batch.yaml", "namespaces: {exclude: [sandbox]}\nmodes: {job-ttl-missing: deny}\n")
		t.Chdir(sub)
		_, bs, errs := export(t)
		if got := bs[0].Spec.MatchResources.NamespaceSelector.MatchExpressions[0].Values; strings.Join(got, ",") != "kube-node-lease,kube-system,sandbox" {
			t.Errorf("excluded namespaces %v", got)
		}
		if !strings.Contains(errs, "warning: rule job-ttl-missing is in mode deny, but the exported policy cannot check it") {
			t.Errorf("stderr %q", errs)
		}
	})
}

func TestPolicyExportUsageErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("rulez: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	badField := filepath.Join(dir, "field.yaml")
	if err := os.WriteFile(badField, []byte("policy: {immutableCronJobFields: [spec.timezone]}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		err  string
	}{
		{[]string{"policy", "export", "--config", bad}, "bad.yaml: reading configuration"},
		{[]string{"policy", "export", "--config", badField}, `field.yaml: policy.immutableCronJobFields: field path "spec.timezone": CronJobSpec has no field "timezone" (did you mean "timeZone"?)`},
		{[]string{"policy", "export", "--config", filepath.Join(dir, "missing.yaml")}, "reading configuration"},
		{[]string{"policy", "export", "-o", "table"}, "--output must be yaml or json"},
		{[]string{"policy", "export", "--failure-policy", "Sometimes"}, "--failure-policy must be Fail or Ignore"},
		{[]string{"policy", "export", "--validation-actions", "Block"}, `"Block" is not Deny, Warn or Audit`},
		{[]string{"policy", "export", "--validation-actions", "Deny,Warn"}, "cannot be combined"},
		{[]string{"policy", "export", "--name", "Bad_Name"}, "does not make valid object names"},
		{[]string{"policy", "export", "extra"}, "unknown command"},
		{[]string{"policy", "export", "--no-such-flag"}, "unknown flag"},
		{[]string{"policy", "frobnicate"}, "unknown command"},
	} {
		code, out, errs := runCLI(t, "", tt.args...)
		if code != ExitUsage || !strings.Contains(errs, tt.err) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errs, ExitUsage, tt.err)
		}
	}
	if code, out, _ := runCLI(t, "", "policy"); code != 0 || !strings.Contains(out, "export") {
		t.Errorf("policy without a subcommand: exit %d, output %q; want help", code, out)
	}
	if code, out, _ := runCLI(t, "", "policy", "export", "--help"); code != 0 || !strings.Contains(out, "kubectl batch policy export | kubectl apply -f -") {
		t.Errorf("help: exit %d, output %q", code, out)
	}
}
