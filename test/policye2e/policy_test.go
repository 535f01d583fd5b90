//go:build integration

package policye2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/webhook"
	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

// Namespaces a case can run in.
const (
	checked  = ""         // checked by the policies
	excluded = "excluded" // listed by name in namespaces.exclude
	pattern  = "pattern"  // matched by a pattern in namespaces.exclude
)

// tcase is one request, decided by the policies on kube-apiserver and by the webhook's handler.
type tcase struct {
	name string
	ns   string
	// create is the object of a CREATE.
	create runtime.Object
	// stored is created before the policies are in force; update changes it for an UPDATE.
	stored   runtime.Object
	update   func(runtime.Object)
	deleting bool // the stored object is being deleted (a finalizer holds it)
	// builtin: kube-apiserver's own validation rejects the batch/v1 request before admission;
	// only the mirror shows the policy's verdict.
	builtin bool
	denied  bool     // the expected verdict
	text    []string // in the denial
	warns   []string // in the policy's warnings
}

type scenario struct {
	name   string
	config string // {{excluded}} is replaced by the excluded namespace's name
	cases  []tcase
}

func deadline(s int64) func(*batchv1.CronJob) {
	return func(cj *batchv1.CronJob) { cj.Spec.StartingDeadlineSeconds = ptr.To(s) }
}

func cronChange(f func(*batchv1.CronJob)) func(runtime.Object) {
	return func(o runtime.Object) { f(o.(*batchv1.CronJob)) }
}

func jobChange(f func(*batchv1.Job)) func(runtime.Object) {
	return func(o runtime.Object) { f(o.(*batchv1.Job)) }
}

func relabel(o runtime.Object) {
	m := webhooktest.Meta(o)
	if m.Labels == nil {
		m.Labels = map[string]string{}
	}
	m.Labels["touched"] = rand.String(4)
}

var longName = "reporting-nightly-revenue-summary-export-to-warehouse" // 53 characters

var scenarios = []scenario{{
	name: "defaults",
	cases: []tcase{
		// test/webhooke2e TestShortStartingDeadlineDeniedLikeDryRun
		{name: "short deadline denied", create: cronJob("short", deadline(5)), denied: true,
			text: []string{"CronJob {{ns}}/short", "spec.startingDeadlineSeconds", "is 5, below 10", "rule starting-deadline-too-short", "to proceed: set spec.startingDeadlineSeconds to 10 or more"}},
		// TestValidCronJobAdmittedWithWarnings (the webhook's advice warnings are not exported)
		{name: "valid cronjob admitted", create: cronJob("valid", func(cj *batchv1.CronJob) {
			cj.Spec.TimeZone = nil
			cj.Spec.JobTemplate.Spec.TTLSecondsAfterFinished = nil
		})},
		{name: "deadline 10 admitted", create: cronJob("ten", deadline(10))},
		{name: "deadline unset admitted", create: cronJob("unset", func(cj *batchv1.CronJob) { cj.Spec.StartingDeadlineSeconds = nil })},
		// TestBuiltInRulesRejectedBeforeTheWebhook
		{name: "job restartPolicy Always", create: job("always", func(j *batchv1.Job) { j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways }),
			builtin: true, denied: true, text: []string{"spec.template.spec.restartPolicy: restartPolicy Always is not allowed in a Job", "rule restart-policy-invalid"}},
		{name: "job restartPolicy unset", create: job("unset", func(j *batchv1.Job) { j.Spec.Template.Spec.RestartPolicy = "" }),
			builtin: true, denied: true, text: []string{"restartPolicy Always is not allowed"}},
		{name: "cronjob restartPolicy Always", create: cronJob("always", func(cj *batchv1.CronJob) {
			cj.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways
		}), builtin: true, denied: true, text: []string{"spec.jobTemplate.spec.template.spec.restartPolicy: restartPolicy Always"}},
		{name: "job restartPolicy OnFailure admitted", create: job("onfailure", func(j *batchv1.Job) { j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure })},
		{name: "long name and short deadline", create: cronJob(longName, deadline(5)), builtin: true, denied: true,
			text: []string{"metadata.name: name is 53 characters, over the limit of 52", "; spec.startingDeadlineSeconds: startingDeadlineSeconds is 5"}},
		{name: "name of 52 characters admitted", create: cronJob(longName[:52])},
		{name: "update to a short deadline denied", stored: cronJob("upd"), update: cronChange(deadline(5)), denied: true,
			text: []string{"startingDeadlineSeconds is 5, below 10"}},
		{name: "update of a stored short deadline admitted with a warning", stored: cronJob("ratchet", deadline(5)), update: relabel,
			warns: []string{"starting-deadline-too-short: spec.startingDeadlineSeconds: startingDeadlineSeconds is 5, below 10"}},
		{name: "stored short deadline made shorter", stored: cronJob("ratchet2", deadline(5)), update: cronChange(deadline(3)),
			warns: []string{"startingDeadlineSeconds is 3, below 10"}},
		{name: "stored short deadline fixed", stored: cronJob("ratchet3", deadline(5)), update: cronChange(deadline(60))},
		{name: "stored restartPolicy Always", stored: job("ratchet4", func(j *batchv1.Job) { j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways }),
			update: relabel, builtin: true, warns: []string{"restart-policy-invalid: spec.template.spec.restartPolicy: restartPolicy Always is not allowed"}},
		{name: "object being deleted is not checked", stored: cronJob("deleting"), deleting: true, update: cronChange(deadline(5))},
	},
}, {
	name:   "minimum 30",
	config: "policy: {minStartingDeadlineSeconds: 30}\n",
	cases: []tcase{
		{name: "deadline 20 denied", create: cronJob("twenty", deadline(20)), denied: true,
			text: []string{"startingDeadlineSeconds is 20, below 30", "to proceed: set spec.startingDeadlineSeconds to 30 or more"}},
		{name: "deadline 30 admitted", create: cronJob("thirty", deadline(30))},
	},
}, {
	// test/webhooke2e TestPolicyImmutableFieldUpdateDenied, and more
	name: "immutable fields",
	config: "policy:\n  immutableCronJobFields: [spec.timeZone, metadata.labels.team]\n" +
		"  immutableJobFields: [spec.ttlSecondsAfterFinished, spec.suspend]\n",
	cases: []tcase{
		{name: "label change admitted", stored: cronJob("labels"), update: relabel},
		{name: "time zone change denied", stored: cronJob("zone"), update: cronChange(func(cj *batchv1.CronJob) { cj.Spec.TimeZone = ptr.To("America/New_York") }),
			denied: true, text: []string{`spec.timeZone may not be changed by policy (from "Europe/Berlin" to "America/New_York")`, "delete and recreate the CronJob", "under a new name"}},
		{name: "time zone removal denied", stored: cronJob("zone2"), update: cronChange(func(cj *batchv1.CronJob) { cj.Spec.TimeZone = nil }),
			denied: true, text: []string{`(from "Europe/Berlin" to unset)`}},
		{name: "two fields", stored: cronJob("two", func(cj *batchv1.CronJob) { cj.Labels = map[string]string{"team": "a"} }),
			update: cronChange(func(cj *batchv1.CronJob) { cj.Labels["team"] = "b"; cj.Spec.TimeZone = ptr.To("Etc/UTC") }),
			denied: true, text: []string{`metadata.labels.team may not be changed by policy (from "a" to "b")`, `; spec.timeZone may not be changed`}},
		{name: "label added denied", stored: cronJob("team"), update: cronChange(func(cj *batchv1.CronJob) { cj.Labels = map[string]string{"team": "a"} }),
			denied: true, text: []string{`(from unset to "a")`}},
		{name: "job ttl change denied", stored: job("ttl"), update: jobChange(func(j *batchv1.Job) { j.Spec.TTLSecondsAfterFinished = ptr.To[int32](7200) }),
			denied: true, text: []string{"spec.ttlSecondsAfterFinished may not be changed by policy (from 3600 to 7200)", "delete and recreate the Job"}},
		{name: "job resumed denied", stored: job("resume"), update: jobChange(func(j *batchv1.Job) { j.Spec.Suspend = ptr.To(false) }),
			denied: true, text: []string{"spec.suspend may not be changed by policy (from true to false)"}},
		{name: "create not checked", create: cronJob("new")},
	},
}, {
	name:   "warn mode",
	config: "modes: {starting-deadline-too-short: warn, restart-policy-invalid: warn}\n",
	cases: []tcase{
		{name: "short deadline admitted with a warning", create: cronJob("short", deadline(5)),
			warns: []string{"starting-deadline-too-short: spec.startingDeadlineSeconds: startingDeadlineSeconds is 5, below 10: the CronJob contro..."}}, // cut to 120 characters, as the webhook cuts it
		{name: "restartPolicy Always admitted with a warning", create: job("always", func(j *batchv1.Job) { j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways }),
			builtin: true, warns: []string{"restart-policy-invalid: spec.template.spec.restartPolicy: restartPolicy Always is not allowed in a Job"}},
	},
}, {
	name:   "severity warning",
	config: "rules: {starting-deadline-too-short: warning}\n",
	cases: []tcase{
		{name: "short deadline admitted with a warning", create: cronJob("short", deadline(5)), warns: []string{"startingDeadlineSeconds is 5, below 10"}},
	},
}, {
	name:   "rule off",
	config: "rules: {starting-deadline-too-short: off}\n",
	cases: []tcase{
		{name: "short deadline admitted", create: cronJob("short", deadline(5))},
		{name: "restartPolicy still denied", create: cronJob("always", func(cj *batchv1.CronJob) {
			cj.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways
		}), builtin: true, denied: true, text: []string{"rule restart-policy-invalid"}},
	},
}, {
	name:   "suppressions honoured",
	config: "ignoreSuppressions: false\n",
	cases: []tcase{
		{name: "suppressed", create: cronJob("suppressed", deadline(5), func(cj *batchv1.CronJob) {
			cj.Annotations = map[string]string{"lint.kubectl-batch.io/ignore": "timezone-unset, starting-deadline-too-short"}
		})},
		{name: "another rule suppressed", create: cronJob("other", deadline(5), func(cj *batchv1.CronJob) {
			cj.Annotations = map[string]string{"lint.kubectl-batch.io/ignore": "timezone-unset"}
		}), denied: true, text: []string{"rule starting-deadline-too-short"}},
	},
}, {
	// test/webhooke2e TestExcludedNamespaceNotChecked
	name:   "excluded namespaces",
	config: "namespaces: {exclude: [\"{{excluded}}\", \"px-*\"]}\n",
	cases: []tcase{
		{name: "checked namespace", create: cronJob("short", deadline(5)), denied: true, text: []string{"is 5, below 10"}},
		{name: "excluded by name", ns: excluded, create: cronJob("short", deadline(5))},
		{name: "excluded by pattern", ns: pattern, create: cronJob("short", deadline(5))},
		{name: "excluded by name, restartPolicy", ns: excluded, create: job("always", func(j *batchv1.Job) { j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways }),
			builtin: true},
	},
}}

// TestPolicyMatchesWebhook applies the exported policies of each scenario's configuration and
// checks every case on batch/v1 and on the mirror against the webhook's decision.
func TestPolicyMatchesWebhook(t *testing.T) {
	m := newMirror(t)
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) { runScenario(t, m, sc) })
	}
}

func runScenario(t *testing.T, m *mirror, sc scenario) {
	ctx := context.Background()
	c := newClients(t)
	namespaces := map[string]string{checked: env.Namespace(t), excluded: env.Namespace(t)}
	px := "px-" + strings.ToLower(rand.String(6))
	if _, err := env.Client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: px}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.CoreV1().Namespaces().Delete(context.Background(), px, metav1.DeleteOptions{}) })
	namespaces[pattern] = px

	cfgYAML := strings.ReplaceAll(sc.config, "{{excluded}}", namespaces[excluded])
	cfg := decision.AdmissionDefaults()
	if cfgYAML != "" {
		var err error
		if cfg, err = decision.Parse([]byte(cfgYAML), decision.AdmissionDefaults()); err != nil {
			t.Fatal(err)
		}
	}
	hook, err := webhook.NewHandler(cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}

	// Objects stored before the policies are in force (they may break the rules).
	for _, tc := range sc.cases {
		if tc.stored == nil {
			continue
		}
		ns, kind, name := namespaces[tc.ns], webhooktest.Kind(tc.stored), webhooktest.Meta(tc.stored).Name
		stored := tc.stored.DeepCopyObject()
		if tc.deleting {
			webhooktest.Meta(stored).Finalizers = []string{"e2e.kubectl-batch.io/hold"}
		}
		if !tc.builtin {
			if err := createTyped(c, ns, stored, false); err != nil {
				t.Fatalf("%s: storing %s: %v", tc.name, name, err)
			}
			if tc.deleting {
				t.Cleanup(func() { releaseTyped(c, ns, kind, name) })
				if err := deleteTyped(c, ns, kind, name); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := m.create(c, ns, stored, false); err != nil {
			t.Fatalf("%s: storing %s in the mirror: %v", tc.name, name, err)
		}
		if tc.deleting {
			t.Cleanup(func() { m.release(c, ns, kind, name) })
			if err := m.delete(c, ns, kind, name); err != nil {
				t.Fatal(err)
			}
		}
	}

	prefix := "e2e-" + strings.ToLower(rand.String(6))
	stream := export(t, cfgYAML, prefix)
	applyDryRun(t, stream)
	var all []string
	for _, ns := range namespaces {
		all = append(all, ns)
	}
	policies := apply(t, stream, m, all)
	var real []string
	for _, a := range policies {
		if !a.mirror {
			real = append(real, a.name)
		}
	}
	checkTypes(t, real)
	waitInForce(t, c, m, namespaces[checked], policies)

	for _, tc := range sc.cases {
		t.Run(tc.name, func(t *testing.T) {
			ns := namespaces[tc.ns]
			for _, mirrored := range []bool{false, true} {
				if tc.builtin && !mirrored {
					if tc.create != nil {
						checkBuiltin(t, c, hook, ns, tc)
					}
					continue
				}
				for _, dryRun := range []bool{true, false} {
					where := fmt.Sprintf("batch/v1 (dry run %v)", dryRun)
					if mirrored {
						where = fmt.Sprintf("mirror (dry run %v)", dryRun)
					}
					runCase(t, where, c, m, hook, policies, ns, tc, mirrored, dryRun)
				}
			}
		})
	}
}

// runCase sends the case's request once and compares the policy's verdict with the webhook's.
func runCase(t *testing.T, where string, c *clients, m *mirror, hook *webhook.Handler, policies []applied, ns string, tc tcase, mirrored, dryRun bool) {
	t.Helper()
	var resp admission.Response
	var err error
	for attempt := 0; ; attempt++ {
		c.warnings.Take()
		if tc.create != nil {
			obj := tc.create.DeepCopyObject()
			resp = hook.Handle(context.Background(), request(t, admissionv1.Create, webhooktest.Defaulted(withNamespace(obj, ns)), nil, dryRun))
			if mirrored {
				err = m.create(c, ns, obj, dryRun)
			} else {
				err = createTyped(c, ns, obj, dryRun)
			}
		} else {
			kind, name := webhooktest.Kind(tc.stored), webhooktest.Meta(tc.stored).Name
			var old runtime.Object
			if mirrored {
				old, err = m.get(c, ns, kind, name)
			} else {
				old, err = getTyped(c, ns, kind, name)
			}
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			obj := old.DeepCopyObject()
			tc.update(obj)
			resp = hook.Handle(context.Background(), request(t, admissionv1.Update, obj, old, dryRun))
			if mirrored {
				err = m.update(c, obj, dryRun)
			} else {
				err = updateTyped(c, obj, dryRun)
			}
		}
		if !isConflict(err) || attempt == 5 {
			break
		}
	}
	warns := c.warnings.Take()
	kind := webhooktest.Kind(objectOf(tc))
	policy := func(action string) applied {
		for _, a := range policies {
			if a.kind == kind && a.mirror == mirrored && a.deny == (action == "deny") {
				return a
			}
		}
		t.Fatalf("no %s policy for %s", action, kind)
		return applied{}
	}

	// The verdict: the case's, the webhook's and the policy's.
	if resp.Allowed == tc.denied {
		t.Errorf("%s: the webhook decided allowed=%v (%v), the case expects denied=%v", where, resp.Allowed, resp.Result, tc.denied)
	}
	if !resp.Allowed {
		deny := policy("deny")
		prefix := "ValidatingAdmissionPolicy '" + deny.name + "' with binding '" + deny.name + "' denied request: "
		if err == nil {
			t.Fatalf("%s: the webhook denies, the policy admits; webhook: %s", where, resp.Result.Message)
		}
		if !apierrors.IsForbidden(err) {
			t.Errorf("%s: want 403 Forbidden like the webhook's denial, got %v", where, err)
		}
		_, got, ok := strings.Cut(err.Error(), prefix)
		if !ok {
			t.Fatalf("%s: not denied by %s: %v", where, deny.name, err)
		}
		if got != resp.Result.Message {
			t.Errorf("%s: messages differ\npolicy:  %s\nwebhook: %s", where, got, resp.Result.Message)
		}
		for _, f := range findings(resp.Result.Message) {
			if !strings.Contains(got, f) {
				t.Errorf("%s: the policy's message lacks the webhook's finding %q", where, f)
			}
		}
		for _, want := range tc.text {
			want = strings.ReplaceAll(want, "{{ns}}", ns)
			if !strings.Contains(got, want) {
				t.Errorf("%s: denial %q lacks %q", where, got, want)
			}
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: the webhook admits, the policy does not: %v", where, err)
	}
	// Warnings: the webhook's for the rules the warn policy holds, one for one.
	warn := policy("warn")
	prefix := "Validation failed for ValidatingAdmissionPolicy '" + warn.name + "' with binding '" + warn.name + "': "
	var got, want []string
	for _, w := range warns {
		if line, ok := strings.CutPrefix(w, prefix); ok {
			got = append(got, line)
		} else if strings.Contains(w, "ValidatingAdmissionPolicy") {
			t.Errorf("%s: unexpected policy warning %q", where, w)
		}
	}
	for _, w := range resp.Warnings {
		rule, _, _ := strings.Cut(w, ": ")
		if slices.Contains(warn.rules, rule) {
			want = append(want, w)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: policy warnings %q, webhook warnings %q", where, got, want)
	}
	for _, w := range tc.warns {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, w) }) {
			t.Errorf("%s: warnings %q lack %q", where, got, w)
		}
	}
}

// checkBuiltin: kube-apiserver rejects the batch/v1 object itself, before admission (so neither
// a policy nor a webhook sees it); the webhook's handler decides as the case expects (denied, or
// admitted in a mode or namespace that does not deny).
func checkBuiltin(t *testing.T, c *clients, hook *webhook.Handler, ns string, tc tcase) {
	t.Helper()
	resp := hook.Handle(context.Background(), request(t, admissionv1.Create, webhooktest.Defaulted(withNamespace(tc.create, ns)), nil, true))
	err := createTyped(c, ns, tc.create, true)
	if resp.Allowed == tc.denied {
		t.Errorf("batch/v1: the webhook decided allowed=%v, the case expects denied=%v", resp.Allowed, tc.denied)
	}
	if err == nil || strings.Contains(err.Error(), "ValidatingAdmissionPolicy") || !apierrors.IsInvalid(err) {
		t.Errorf("batch/v1: want the API server's own validation error, got %v", err)
	}
}

func objectOf(tc tcase) runtime.Object {
	if tc.create != nil {
		return tc.create
	}
	return tc.stored
}

// findings splits the webhook's denial into its per-finding texts.
func findings(msg string) []string {
	_, rest, _ := strings.Cut(msg, ": ")
	var out []string
	for _, f := range strings.Split(rest, "; ") {
		if strings.Contains(f, "(rule ") {
			out = append(out, f)
		}
	}
	return out
}
