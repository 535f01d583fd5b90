package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/webhook"
	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

// sharedConfig uses every key of the configuration file: lint's and admission's.
const sharedConfig = `# .kubectl-batch.yaml, read by lint, explain, run, policy export and the webhook
rules:
  job-ttl-missing: off
policy:
  minStartingDeadlineSeconds: 30
  immutableCronJobFields: [spec.timeZone]
modes:
  timezone-unset: deny
namespaces:
  exclude: ["sandbox-*"]
ignoreSuppressions: false
`

// TestOneConfigFileForEveryFrontEnd: one .kubectl-batch.yaml with lint keys and admission keys
// (modes, namespaces) is read by every front end, and each applies the part that is its own.
// Before the decision layer, lint and explain rejected the admission keys ("unknown field
// modes").
func TestOneConfigFileForEveryFrontEnd(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, decision.FileName)
	if err := os.WriteFile(cfgPath, []byte(sharedConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	// No TTL (job-ttl-missing, off), no time zone (timezone-unset: a warning for lint, a denial in
	// admission), a deadline of 20 s (over lint's default minimum, under the file's 30).
	cj := webhooktest.CronJob("team-a", "nightly-report", func(c *batchv1.CronJob) {
		c.Spec.TimeZone = nil
		c.Spec.StartingDeadlineSeconds = ptr.To[int64](20)
		c.Spec.JobTemplate.Spec.TTLSecondsAfterFinished = nil
	})
	data, err := yaml.Marshal(cj)
	if err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "cronjob.yaml")
	if err := os.WriteFile(manifest, data, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)

	t.Run("lint", func(t *testing.T) {
		for _, args := range [][]string{{"lint", "-f", manifest}, {"lint", "-f", manifest, "--config", cfgPath}} {
			code, out, errs := runCLI(t, "", append(args, "-o", "json")...)
			if code != 1 || !strings.Contains(out, `"starting-deadline-too-short"`) || !strings.Contains(out, `"timezone-unset"`) || strings.Contains(out, "job-ttl-missing") {
				t.Errorf("%v: exit %d (want 1: the file's minimum of 30 flags 20 s, job-ttl-missing off)\nstdout %s\nstderr %s", args, code, out, errs)
			}
		}
	})
	t.Run("explain", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "explain", "-f", manifest, "-o", "json")
		var list struct {
			Items []struct {
				Findings []struct {
					Rule string `json:"rule"`
				} `json:"findings"`
			} `json:"items"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list.Items) != 1 {
			t.Fatalf("exit %d, stderr %q, stdout %s", code, errs, out)
		}
		rules := map[string]bool{}
		for _, f := range list.Items[0].Findings {
			rules[f.Rule] = true
		}
		if !rules["starting-deadline-too-short"] || rules["job-ttl-missing"] {
			t.Errorf("explain did not apply the file's lint part: findings %v\n%s", rules, out)
		}
	})
	t.Run("policy export", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "policy", "export")
		if code != 0 {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		ps, bs := webhooktest.DecodePolicies(t, []byte(out))
		var exprs strings.Builder
		for _, p := range ps {
			for _, v := range p.Spec.Variables {
				exprs.WriteString(v.Expression + "\n")
			}
		}
		if !strings.Contains(exprs.String(), "object.spec.startingDeadlineSeconds < 30") || !strings.Contains(exprs.String(), "oldObject.spec.timeZone") {
			t.Errorf("the export did not apply the file's policy values:\n%s", exprs.String())
		}
		var conds strings.Builder
		for _, b := range bs {
			for _, c := range b.Spec.MatchResources.NamespaceSelector.MatchExpressions {
				conds.WriteString(strings.Join(c.Values, ",") + "\n")
			}
		}
		for _, p := range ps {
			for _, m := range p.Spec.MatchConditions {
				conds.WriteString(m.Expression + "\n")
			}
		}
		if !strings.Contains(conds.String(), "sandbox-") {
			t.Errorf("the export did not exclude sandbox-*:\n%s", conds.String())
		}
	})
	t.Run("webhook", func(t *testing.T) {
		cfg, _, err := decision.Load(cfgPath, decision.AdmissionDefaults())
		if err != nil {
			t.Fatal(err)
		}
		h, err := webhook.NewHandler(cfg, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp := h.Handle(context.Background(), webhooktest.Request(t, admissionv1.Create, cj, nil))
		if resp.Allowed || !strings.Contains(resp.Result.Message, "timezone-unset") || !strings.Contains(resp.Result.Message, "below 30") {
			t.Errorf("team-a: allowed %v, message %q; want a denial for timezone-unset (mode deny) and the 30 s minimum", resp.Allowed, resp.Result.Message)
		}
		sandbox := cj.DeepCopy()
		sandbox.Namespace = "sandbox-1"
		if resp := h.Handle(context.Background(), webhooktest.Request(t, admissionv1.Create, sandbox, nil)); !resp.Allowed {
			t.Errorf("sandbox-1 is excluded but the request was denied: %q", resp.Result.Message)
		}
	})
}
