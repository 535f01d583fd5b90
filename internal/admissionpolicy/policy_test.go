package admissionpolicy

import (
	"context"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/lint"
	"github.com/kubectl-batch/kubectl-batch/webhook"
	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

// The rules the issue names must be written in CEL.
var mustTranslate = []string{"restart-policy-invalid", "cronjob-name-too-long", "starting-deadline-too-short", lint.RulePolicyImmutable}

// TestEveryDenyRuleExported: every rule the webhook denies by default (server and policy class
// at error severity) is written in CEL or left to kube-apiserver (server class), so that a new
// deny rule cannot be forgotten silently.
func TestEveryDenyRuleExported(t *testing.T) {
	known := map[string]lint.Rule{}
	for _, r := range lint.DefaultRules() {
		known[r.ID] = r
		denies := (lint.Finding{RuleID: r.ID, Class: r.Class, Severity: r.Severity}).Denies()
		_, cel := translations[r.ID]
		switch {
		case r.Class == lint.ClassPolicy && !cel:
			t.Errorf("policy-class rule %s has no CEL translation (kube-apiserver accepts what it finds, so only the policy can deny it): add it to translations in rules.go", r.ID)
		case denies && CoverageOf(r.ID) == CoverageNone:
			t.Errorf("rule %s denies in the webhook but the exported policy neither checks it in CEL nor leaves it to kube-apiserver", r.ID)
		case r.Class == lint.ClassServer && !cel && CoverageOf(r.ID) != CoverageAPIServer:
			t.Errorf("server-class rule %s: coverage %s, want %s", r.ID, CoverageOf(r.ID), CoverageAPIServer)
		case r.Class == lint.ClassAdvice && CoverageOf(r.ID) != CoverageNone:
			t.Errorf("advice rule %s: coverage %s, want %s", r.ID, CoverageOf(r.ID), CoverageNone)
		}
	}
	for id := range translations {
		if _, ok := known[id]; !ok {
			t.Errorf("translations: unknown rule %s", id)
		}
	}
	for _, id := range mustTranslate {
		if translations[id] == nil {
			t.Errorf("%s: no CEL translation", id)
		}
	}
}

// TestDefaultPlan: which checks the default configuration puts in which policy.
func TestDefaultPlan(t *testing.T) {
	_, plans, err := plan(decision.AdmissionDefaults())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, p := range plans {
		for _, it := range p.deny {
			got[p.resource+"-deny"] = append(got[p.resource+"-deny"], it.rule)
		}
		for _, it := range p.warn {
			got[p.resource+"-warn"] = append(got[p.resource+"-warn"], it.rule)
		}
	}
	want := map[string][]string{
		"jobs-deny":     {"restart-policy-invalid"},
		"jobs-warn":     {"restart-policy-invalid"}, // the ratchet
		"cronjobs-deny": {"cronjob-name-too-long", "restart-policy-invalid", "starting-deadline-too-short"},
		"cronjobs-warn": {"restart-policy-invalid", "starting-deadline-too-short"},
	}
	for k, w := range want {
		if !slices.Equal(got[k], w) {
			t.Errorf("%s: %v, want %v", k, got[k], w)
		}
	}
}

// cronJob and job are webhooktest's objects in namespace reporting.
func cronJob(name string, mutate ...func(*batchv1.CronJob)) *batchv1.CronJob {
	return webhooktest.CronJob("reporting", name, mutate...)
}

func job(name string, mutate ...func(*batchv1.Job)) *batchv1.Job {
	return webhooktest.Job("reporting", name, mutate...)
}

func deadline(s int64) func(*batchv1.CronJob) {
	return func(cj *batchv1.CronJob) { cj.Spec.StartingDeadlineSeconds = ptr.To(s) }
}

func cronRestart(p corev1.RestartPolicy) func(*batchv1.CronJob) {
	return func(cj *batchv1.CronJob) { cj.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy = p }
}

func jobRestart(p corev1.RestartPolicy) func(*batchv1.Job) {
	return func(j *batchv1.Job) { j.Spec.Template.Spec.RestartPolicy = p }
}

// finding is a finding the policy must report like the webhook: the wording (alternative) of
// its message and the values its CEL parts compute.
type finding struct {
	rule, path string
	alt        int
	values     []string
}

// render writes a check's message (one alternative) with the values the CEL parts compute.
func render(t *testing.T, c check, f finding) string {
	t.Helper()
	if f.alt >= len(c.message) {
		t.Fatalf("%s %s: no wording %d", f.rule, f.path, f.alt)
	}
	var b strings.Builder
	n := 0
	for _, p := range c.message[f.alt].msg {
		if p.cel == "" {
			b.WriteString(p.lit)
			continue
		}
		if n >= len(f.values) {
			t.Fatalf("%s %s: more computed parts than values %q", f.rule, f.path, f.values)
		}
		b.WriteString(f.values[n])
		n++
	}
	if n != len(f.values) {
		t.Fatalf("%s %s: %d computed parts, %d values", f.rule, f.path, n, len(f.values))
	}
	return b.String()
}

// cut is the policy's truncation of warnings (and the webhook's): runes, "..." at the end.
func cut(s string) string {
	r := []rune(s)
	if len(r) <= decision.MaxWarningLength {
		return s
	}
	return string(r[:decision.MaxWarningLength-3]) + "..."
}

func findItem(t *testing.T, items []item, f finding) item {
	t.Helper()
	for _, it := range items {
		if it.rule == f.rule && it.path == f.path {
			return it
		}
	}
	t.Fatalf("the policy has no check for %s at %s", f.rule, f.path)
	return item{}
}

var longSA = strings.Repeat("s", 70)

// TestMessagesMatchWebhook runs the webhook's handler on probe requests and compares its verdict,
// its denial message and its warnings with what the generated policies say for the same
// findings. (Whether the CEL conditions find them is proven on kube-apiserver by
// test/policye2e.)
func TestMessagesMatchWebhook(t *testing.T) {
	immutable := "policy:\n  immutableCronJobFields: [spec.timeZone, metadata.labels.team, spec.suspend, spec.jobTemplate.spec.template.spec.serviceAccountName]\n  immutableJobFields: [spec.ttlSecondsAfterFinished]\n"
	tests := []struct {
		name   string
		config string
		op     admissionv1.Operation
		obj    runtime.Object
		old    runtime.Object
		raw    bool // send obj without the server's defaults
		deny   []finding
		warn   []finding
	}{
		{name: "short deadline", obj: cronJob("nightly", deadline(5)),
			deny: []finding{{"starting-deadline-too-short", "spec.startingDeadlineSeconds", 0, []string{"5"}}}},
		{name: "deadline 10 is fine", obj: cronJob("nightly", deadline(10))},
		{name: "deadline 0", obj: cronJob("nightly", deadline(0)),
			deny: []finding{{"starting-deadline-too-short", "spec.startingDeadlineSeconds", 0, []string{"0"}}}},
		{name: "three findings in the webhook's order", obj: cronJob("reporting-nightly-revenue-summary-export-to-warehouse", deadline(5), cronRestart(corev1.RestartPolicyAlways)),
			deny: []finding{
				{"cronjob-name-too-long", "metadata.name", 0, []string{"53"}},
				{"restart-policy-invalid", "spec.jobTemplate.spec.template.spec.restartPolicy", 1, nil},
				{"starting-deadline-too-short", "spec.startingDeadlineSeconds", 0, []string{"5"}},
			}},
		{name: "name of 52 characters", obj: cronJob(strings.Repeat("a", 52))},
		{name: "job restartPolicy Always", obj: job("migrate", jobRestart(corev1.RestartPolicyAlways)),
			deny: []finding{{"restart-policy-invalid", "spec.template.spec.restartPolicy", 1, nil}}},
		{name: "job restartPolicy unsupported", obj: job("migrate", jobRestart("Sometimes")),
			deny: []finding{{"restart-policy-invalid", "spec.template.spec.restartPolicy", 2, []string{"Sometimes"}}}},
		{name: "job restartPolicy unset, undefaulted", obj: job("migrate", jobRestart("")), raw: true,
			deny: []finding{{"restart-policy-invalid", "spec.template.spec.restartPolicy", 0, nil}}},
		{name: "minimum 30", config: "policy: {minStartingDeadlineSeconds: 30}\n", obj: cronJob("nightly", deadline(20)),
			deny: []finding{{"starting-deadline-too-short", "spec.startingDeadlineSeconds", 0, []string{"20"}}}},
		{name: "update to a short deadline", op: admissionv1.Update, old: cronJob("nightly", deadline(50)), obj: cronJob("nightly", deadline(5)),
			deny: []finding{{"starting-deadline-too-short", "spec.startingDeadlineSeconds", 0, []string{"5"}}}},
		{name: "ratchet: the stored object had it", op: admissionv1.Update, old: cronJob("nightly", deadline(5)), obj: cronJob("nightly", deadline(3)),
			warn: []finding{{"starting-deadline-too-short", "spec.startingDeadlineSeconds", 0, []string{"3"}}}},
		{name: "ratchet for restartPolicy", op: admissionv1.Update, old: job("migrate", jobRestart(corev1.RestartPolicyAlways)), obj: job("migrate", jobRestart(corev1.RestartPolicyAlways)),
			warn: []finding{{"restart-policy-invalid", "spec.template.spec.restartPolicy", 1, nil}}},
		{name: "long name on update is not checked", op: admissionv1.Update, old: cronJob(strings.Repeat("a", 60)), obj: cronJob(strings.Repeat("a", 60), deadline(30))},
		{name: "immutable time zone", config: immutable, op: admissionv1.Update, old: cronJob("nightly"),
			obj:  cronJob("nightly", func(cj *batchv1.CronJob) { cj.Spec.TimeZone = ptr.To("America/New_York") }),
			deny: []finding{{lint.RulePolicyImmutable, "spec.timeZone", 0, []string{`"Europe/Berlin"`, `"America/New_York"`}}}},
		{name: "immutable field unset", config: immutable, op: admissionv1.Update, old: cronJob("nightly"),
			obj:  cronJob("nightly", func(cj *batchv1.CronJob) { cj.Spec.TimeZone = nil }),
			deny: []finding{{lint.RulePolicyImmutable, "spec.timeZone", 0, []string{`"Europe/Berlin"`, "unset"}}}},
		{name: "immutable label, bool and long string", config: immutable, op: admissionv1.Update,
			old: cronJob("nightly", func(cj *batchv1.CronJob) { cj.Labels = map[string]string{"team": "a"} }),
			obj: cronJob("nightly", func(cj *batchv1.CronJob) {
				cj.Labels = map[string]string{"team": "b"}
				cj.Spec.Suspend = ptr.To(true)
				cj.Spec.JobTemplate.Spec.Template.Spec.ServiceAccountName = longSA
			}),
			deny: []finding{
				{lint.RulePolicyImmutable, "metadata.labels.team", 0, []string{`"a"`, `"b"`}},
				{lint.RulePolicyImmutable, "spec.jobTemplate.spec.template.spec.serviceAccountName", 0, []string{"unset", `"` + longSA[:56] + "..."}},
				{lint.RulePolicyImmutable, "spec.suspend", 0, []string{"false", "true"}}, // defaulted to false,
			}},
		{name: "other changes are fine", config: immutable, op: admissionv1.Update, old: cronJob("nightly"),
			obj: cronJob("nightly", func(cj *batchv1.CronJob) { cj.Labels = map[string]string{"other": "x"}; cj.Spec.Schedule = "0 3 * * *" })},
		{name: "immutable job field", config: immutable, op: admissionv1.Update, old: job("migrate"),
			obj:  job("migrate", func(j *batchv1.Job) { j.Spec.TTLSecondsAfterFinished = ptr.To[int32](7200) }),
			deny: []finding{{lint.RulePolicyImmutable, "spec.ttlSecondsAfterFinished", 0, []string{"3600", "7200"}}}},
		{name: "warn mode", config: "modes: {starting-deadline-too-short: warn}\n", obj: cronJob("nightly", deadline(5)),
			warn: []finding{{"starting-deadline-too-short", "spec.startingDeadlineSeconds", 0, []string{"5"}}}},
		{name: "severity warning", config: "rules: {starting-deadline-too-short: warning}\n", obj: cronJob("nightly", deadline(5)),
			warn: []finding{{"starting-deadline-too-short", "spec.startingDeadlineSeconds", 0, []string{"5"}}}},
		{name: "restartPolicy in warn mode", config: "modes: {restart-policy-invalid: warn}\n", obj: job("migrate", jobRestart(corev1.RestartPolicyAlways)),
			warn: []finding{{"restart-policy-invalid", "spec.template.spec.restartPolicy", 1, nil}}},
		{name: "immutable field in warn mode", config: immutable + "modes: {policy-immutable-field: warn}\n", op: admissionv1.Update, old: job("migrate"),
			obj:  job("migrate", func(j *batchv1.Job) { j.Spec.TTLSecondsAfterFinished = nil }),
			warn: []finding{{lint.RulePolicyImmutable, "spec.ttlSecondsAfterFinished", 0, []string{"3600", "unset"}}}},
		{name: "rule off", config: "rules: {starting-deadline-too-short: off}\n", obj: cronJob("nightly", deadline(5))},
		{name: "suppressed when honoured", config: "ignoreSuppressions: false\n",
			obj: cronJob("nightly", deadline(5), func(cj *batchv1.CronJob) {
				cj.Annotations = map[string]string{lint.IgnoreAnnotation: "timezone-unset, starting-deadline-too-short"}
			})},
		{name: "annotation ignored by default", obj: cronJob("nightly", deadline(5), func(cj *batchv1.CronJob) {
			cj.Annotations = map[string]string{lint.IgnoreAnnotation: "starting-deadline-too-short"}
		}), deny: []finding{{"starting-deadline-too-short", "spec.startingDeadlineSeconds", 0, []string{"5"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := decision.AdmissionDefaults()
			if tt.config != "" {
				var err error
				if cfg, err = decision.Parse([]byte(tt.config), decision.AdmissionDefaults()); err != nil {
					t.Fatal(err)
				}
			}
			h, err := webhook.NewHandler(cfg, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			op := tt.op
			if op == "" {
				op = admissionv1.Create
			}
			obj, old := tt.obj, tt.old
			if !tt.raw {
				obj = webhooktest.Defaulted(obj)
				if old != nil {
					old = webhooktest.Defaulted(old)
				}
			}
			resp := h.Handle(context.Background(), webhooktest.Request(t, op, obj, old))

			_, plans, err := plan(cfg)
			if err != nil {
				t.Fatal(err)
			}
			kind := obj.GetObjectKind().GroupVersionKind().Kind
			var p kindPlan
			for _, kp := range plans {
				if kp.kind == kind {
					p = kp
				}
			}
			m := webhooktest.Meta(obj)
			if len(tt.deny) == 0 {
				if !resp.Allowed {
					t.Fatalf("webhook denied: %s", resp.Result.Message)
				}
			} else {
				var texts []string
				for _, f := range tt.deny {
					texts = append(texts, render(t, denialText(findItem(t, p.deny, f).check), f))
				}
				want := "kubectl-batch denied " + kind + " " + m.Namespace + "/" + m.Name + ": " + strings.Join(texts, "; ")
				if resp.Allowed {
					t.Fatalf("webhook admitted; the policy denies with %q", want)
				}
				if resp.Result.Message != want {
					t.Errorf("webhook: %s\npolicy:  %s", resp.Result.Message, want)
				}
			}
			wantWarn := map[string]bool{}
			for _, f := range tt.warn {
				w := cut(render(t, warningText(findItem(t, p.warn, f).check), f))
				wantWarn[w] = true
				if !slices.Contains(resp.Warnings, w) {
					t.Errorf("webhook warnings %q lack the policy's %q", resp.Warnings, w)
				}
			}
			for _, w := range resp.Warnings {
				rule, _, _ := strings.Cut(w, ": ")
				if translations[rule] != nil && !wantWarn[w] {
					t.Errorf("webhook warns %q; the policy does not", w)
				}
			}
		})
	}
}

func TestConfigHonoured(t *testing.T) {
	gen := func(t *testing.T, yaml string, opts Options) *Result {
		t.Helper()
		cfg, err := decision.Parse([]byte(yaml), decision.AdmissionDefaults())
		if err != nil {
			t.Fatal(err)
		}
		res, err := Generate(cfg, opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	policy := func(res *Result, name string) admissionregistrationv1.ValidatingAdmissionPolicy {
		for _, p := range res.Policies {
			if p.Name == name {
				return p
			}
		}
		t.Fatalf("no policy %s", name)
		return admissionregistrationv1.ValidatingAdmissionPolicy{}
	}
	exprs := func(p admissionregistrationv1.ValidatingAdmissionPolicy) string {
		var b strings.Builder
		for _, v := range p.Spec.Variables {
			b.WriteString(v.Name + ": " + v.Expression + "\n")
		}
		for _, v := range p.Spec.Validations {
			b.WriteString(v.Expression + "\n")
		}
		return b.String()
	}

	t.Run("defaults", func(t *testing.T) {
		res := gen(t, "", Options{})
		var names []string
		for _, o := range res.Objects() {
			names = append(names, o.GetObjectKind().GroupVersionKind().Kind+"/"+metaName(o))
		}
		want := []string{"ValidatingAdmissionPolicy/kubectl-batch-jobs-deny", "ValidatingAdmissionPolicyBinding/kubectl-batch-jobs-deny",
			"ValidatingAdmissionPolicy/kubectl-batch-jobs-warn", "ValidatingAdmissionPolicyBinding/kubectl-batch-jobs-warn",
			"ValidatingAdmissionPolicy/kubectl-batch-cronjobs-deny", "ValidatingAdmissionPolicyBinding/kubectl-batch-cronjobs-deny",
			"ValidatingAdmissionPolicy/kubectl-batch-cronjobs-warn", "ValidatingAdmissionPolicyBinding/kubectl-batch-cronjobs-warn"}
		if !slices.Equal(names, want) {
			t.Errorf("objects %v, want %v", names, want)
		}
		for _, p := range res.Policies {
			if p.Spec.ParamKind != nil || *p.Spec.FailurePolicy != admissionregistrationv1.Fail ||
				*p.Spec.MatchConstraints.MatchPolicy != admissionregistrationv1.Equivalent {
				t.Errorf("%s: paramKind %v, failurePolicy %v, matchPolicy %v", p.Name, p.Spec.ParamKind, *p.Spec.FailurePolicy, *p.Spec.MatchConstraints.MatchPolicy)
			}
			if strings.Contains(exprs(p), "lint.kubectl-batch.io/ignore") {
				t.Errorf("%s honours the ignore annotation, but the webhook ignores it by default", p.Name)
			}
		}
		for _, b := range res.Bindings {
			sel := b.Spec.MatchResources.NamespaceSelector.MatchExpressions[0]
			if sel.Operator != metav1.LabelSelectorOpNotIn || !slices.Equal(sel.Values, []string{"kube-node-lease", "kube-system"}) {
				t.Errorf("%s: namespace selector %+v", b.Name, sel)
			}
			want := admissionregistrationv1.Deny
			if strings.HasSuffix(b.Name, "-warn") {
				want = admissionregistrationv1.Warn
			}
			if !slices.Equal(b.Spec.ValidationActions, []admissionregistrationv1.ValidationAction{want}) {
				t.Errorf("%s: validationActions %v", b.Name, b.Spec.ValidationActions)
			}
		}
		if got := policy(res, "kubectl-batch-cronjobs-deny").Annotations[RulesAnnotation]; got != "cronjob-name-too-long,restart-policy-invalid,starting-deadline-too-short" {
			t.Errorf("rules annotation %q", got)
		}
		if len(res.NotExported()) != 0 {
			t.Errorf("not exported: %v", res.NotExported())
		}
	})
	t.Run("rule off", func(t *testing.T) {
		res := gen(t, "rules: {starting-deadline-too-short: off}\n", Options{})
		for _, p := range res.Policies {
			if strings.Contains(exprs(p), "startingDeadlineSeconds") {
				t.Errorf("%s still checks startingDeadlineSeconds:\n%s", p.Name, exprs(p))
			}
		}
		res = gen(t, "modes: {restart-policy-invalid: off, cronjob-name-too-long: off, starting-deadline-too-short: off}\n", Options{})
		p := policy(res, "kubectl-batch-cronjobs-deny")
		if len(p.Spec.Validations) != 1 || p.Spec.Validations[0].Expression != "true" || len(p.Spec.Variables) != 0 {
			t.Errorf("a policy with nothing to check: %+v", p.Spec)
		}
	})
	t.Run("minimum seconds", func(t *testing.T) {
		res := gen(t, "policy: {minStartingDeadlineSeconds: 30}\n", Options{})
		e := exprs(policy(res, "kubectl-batch-cronjobs-deny"))
		if !strings.Contains(e, "object.spec.startingDeadlineSeconds < 30") || strings.Contains(e, "< 10") {
			t.Errorf("expressions do not use 30:\n%s", e)
		}
		if !strings.Contains(e, "below 30") || !strings.Contains(e, "to 30 or more") {
			t.Errorf("message does not use 30:\n%s", e)
		}
	})
	t.Run("immutable fields", func(t *testing.T) {
		res := gen(t, "policy:\n  immutableCronJobFields: [spec.timeZone, metadata.labels.team]\n  immutableJobFields: [spec.activeDeadlineSeconds]\n", Options{})
		cj := exprs(policy(res, "kubectl-batch-cronjobs-deny"))
		for _, want := range []string{
			"oldObject.spec.timeZone != object.spec.timeZone",
			"(has(oldObject.spec) && has(oldObject.spec.timeZone)) != (has(object.spec) && has(object.spec.timeZone))",
			"oldObject.metadata.labels['team'] != object.metadata.labels['team']",
			"'team' in oldObject.metadata.labels",
		} {
			if !strings.Contains(cj, want) {
				t.Errorf("cronjobs-deny lacks %q:\n%s", want, cj)
			}
		}
		if j := exprs(policy(res, "kubectl-batch-jobs-deny")); !strings.Contains(j, "oldObject.spec.activeDeadlineSeconds != object.spec.activeDeadlineSeconds") || strings.Contains(j, "timeZone") {
			t.Errorf("jobs-deny:\n%s", j)
		}
		if w := exprs(policy(res, "kubectl-batch-cronjobs-warn")); strings.Contains(w, "immutable") {
			t.Errorf("immutable fields never ratchet, but the warn policy has them:\n%s", w)
		}
	})
	t.Run("warn mode", func(t *testing.T) {
		res := gen(t, "modes: {starting-deadline-too-short: warn}\n", Options{})
		if strings.Contains(exprs(policy(res, "kubectl-batch-cronjobs-deny")), "startingDeadlineSeconds") {
			t.Error("a rule in mode warn is in the deny policy")
		}
		w := policy(res, "kubectl-batch-cronjobs-warn")
		if !strings.Contains(exprs(w), "object.spec.startingDeadlineSeconds < 10") || strings.Contains(exprs(w), "oldObject.spec.startingDeadlineSeconds") {
			t.Errorf("warn policy:\n%s", exprs(w))
		}
		for _, b := range res.Bindings {
			if b.Name == "kubectl-batch-cronjobs-warn" && !slices.Equal(b.Spec.ValidationActions, []admissionregistrationv1.ValidationAction{admissionregistrationv1.Warn}) {
				t.Errorf("warn binding: %v", b.Spec.ValidationActions)
			}
		}
	})
	t.Run("namespaces and suppressions", func(t *testing.T) {
		res := gen(t, "ignoreSuppressions: false\nnamespaces: {exclude: [sandbox, \"team-*\", kube-system]}\n", Options{})
		sel := res.Bindings[0].Spec.MatchResources.NamespaceSelector.MatchExpressions[0]
		if !slices.Equal(sel.Values, []string{"kube-node-lease", "kube-system", "sandbox"}) {
			t.Errorf("excluded namespaces %v", sel.Values)
		}
		p := policy(res, "kubectl-batch-cronjobs-deny")
		var conds []string
		for _, c := range p.Spec.MatchConditions {
			conds = append(conds, c.Name+": "+c.Expression)
		}
		if !slices.Contains(conds, `namespace-not-excluded: !(request.namespace.matches('^team-[^/]*$'))`) {
			t.Errorf("match conditions %q", conds)
		}
		if !strings.Contains(exprs(p), "object.metadata.annotations['lint.kubectl-batch.io/ignore'].split(',').exists(r, r.trim() == 'starting-deadline-too-short')") {
			t.Errorf("ignore annotation not honoured:\n%s", exprs(p))
		}
	})
	t.Run("options", func(t *testing.T) {
		res := gen(t, "", Options{Name: "team-a", FailurePolicy: admissionregistrationv1.Ignore,
			DenyActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Warn, admissionregistrationv1.Audit}})
		if res.Policies[0].Name != "team-a-jobs-deny" || *res.Policies[0].Spec.FailurePolicy != admissionregistrationv1.Ignore {
			t.Errorf("policy %s, failurePolicy %s", res.Policies[0].Name, *res.Policies[0].Spec.FailurePolicy)
		}
		if got := res.Bindings[0].Spec.ValidationActions; !slices.Equal(got, []admissionregistrationv1.ValidationAction{"Warn", "Audit"}) {
			t.Errorf("deny binding actions %v", got)
		}
	})
	t.Run("not exported", func(t *testing.T) {
		res := gen(t, "modes: {job-ttl-missing: deny, schedule-invalid: warn}\nrules: {timezone-unset: warning}\n", Options{})
		var got []string
		for _, r := range res.NotExported() {
			got = append(got, r.ID+"="+string(r.Mode))
		}
		if !slices.Equal(got, []string{"job-ttl-missing=deny", "timezone-unset=warn"}) {
			t.Errorf("not exported: %v", got)
		}
	})
}

func metaName(o runtime.Object) string {
	switch v := o.(type) {
	case *admissionregistrationv1.ValidatingAdmissionPolicy:
		return v.Name
	case *admissionregistrationv1.ValidatingAdmissionPolicyBinding:
		return v.Name
	}
	return ""
}

func TestErrors(t *testing.T) {
	for _, tt := range []struct {
		config string
		opts   Options
		want   string
	}{
		{"policy: {immutableCronJobFields: [spec.timezone]}\n", Options{}, `CronJobSpec has no field "timezone" (did you mean "timeZone"?)`},
		{"policy: {immutableJobFields: [spec.template.spec.containers.image]}\n", Options{}, "goes into a list"},
		{"policy: {immutableJobFields: [spec.suspend.x]}\n", Options{}, "below a bool value"},
		{"", Options{Name: "Bad_Name"}, "does not make valid object names"},
		{"", Options{FailurePolicy: "Sometimes"}, "Fail or Ignore"},
		{"", Options{DenyActions: []admissionregistrationv1.ValidationAction{"Deny", "Warn"}}, "cannot be combined"},
		{"", Options{DenyActions: []admissionregistrationv1.ValidationAction{"Block"}}, "Deny, Warn or Audit"},
	} {
		cfg := decision.AdmissionDefaults()
		if tt.config != "" {
			var err error
			if cfg, err = decision.Parse([]byte(tt.config), decision.AdmissionDefaults()); err != nil {
				t.Fatal(err)
			}
		}
		_, err := Generate(cfg, tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q %+v: error %v, want %q", tt.config, tt.opts, err, tt.want)
		}
	}
}

func TestResolveField(t *testing.T) {
	cj := mustField(reflectType(batchv1.CronJob{}), "metadata.labels.team")
	if got := cj.access("object"); got != "object.metadata.labels['team']" {
		t.Errorf("access %s", got)
	}
	if got := cj.present("object"); got != "has(object.metadata) && has(object.metadata.labels) && 'team' in object.metadata.labels" {
		t.Errorf("present %s", got)
	}
	ns := mustField(reflectType(batchv1.Job{}), "metadata.namespace")
	if got := ns.access("oldObject"); got != "oldObject.metadata.__namespace__" {
		t.Errorf("reserved word: %s", got)
	}
	if got := celProperty("x-prop.a/b__c"); got != "x__dash__prop__dot__a__slash__b__underscores__c" {
		t.Errorf("escaping: %s", got)
	}
	if got := quote("it's a \\ \"test\"\n"); got != `'it\'s a \\ "test"\n'` {
		t.Errorf("quote: %s", got)
	}
}

func TestGlobToRegexp(t *testing.T) {
	names := []string{"team-a", "team-", "team", "sandbox", "x1", "x12", "xa", "a-b", "a*b", "ab", "b", "c-d", "prod-eu-1"}
	for _, p := range []string{"team-*", "sandbox", "x[0-9]", "x[0-9]?", "a\\*b", "[^a-b]", "[a-c]-d", "*-eu-?", "*", "?"} {
		re := regexp.MustCompile(globToRegexp(p))
		for _, n := range names {
			want, err := path.Match(p, n)
			if err != nil {
				t.Fatal(err)
			}
			if got := re.MatchString(n); got != want {
				t.Errorf("pattern %q (regexp %s) on %q: %v, path.Match %v", p, re, n, got, want)
			}
		}
	}
}

func reflectType(v any) reflect.Type { return reflect.TypeOf(v) }
