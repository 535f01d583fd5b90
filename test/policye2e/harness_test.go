//go:build integration

package policye2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	batchv1 "k8s.io/api/batch/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/kubectl-batch/kubectl-batch/internal/admissionpolicy"
	"github.com/kubectl-batch/kubectl-batch/internal/cli"
	"github.com/kubectl-batch/kubectl-batch/lint"
	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

// probeAnnotation on an object makes the policy named by its value fail: the test's way to see
// that a policy is in force (the API server loads policies and bindings asynchronously).
const probeAnnotation = "e2e.kubectl-batch.io/probe"

// clients are a clientset and a dynamic client that record warnings.
type clients struct {
	typed    kubernetes.Interface
	dyn      dynamic.Interface
	warnings *webhooktest.Warnings
}

func newClients(t *testing.T) *clients {
	t.Helper()
	cfg := rest.CopyConfig(env.Config)
	w := &webhooktest.Warnings{}
	cfg.WarningHandler = w
	typed, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &clients{typed: typed, dyn: dyn, warnings: w}
}

// export runs "kubectl batch policy export" in-process with configuration cfgYAML.
func export(t *testing.T, cfgYAML, prefix string, extra ...string) []byte {
	t.Helper()
	file := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(file, []byte(cfgYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	args := append([]string{"policy", "export", "--config", file, "--name", prefix}, extra...)
	code := cli.Execute(context.Background(), args, genericiooptions.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errb})
	if code != 0 {
		t.Fatalf("kubectl batch %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.Bytes()
}

// applied is a policy in force on the control plane.
type applied struct {
	name   string
	kind   string // Job or CronJob
	deny   bool   // a deny policy (else warn)
	mirror bool   // applies to the mirror CRDs
	rules  []string
}

// applyDryRun checks that "kubectl apply --dry-run=server" accepts the export as printed.
func applyDryRun(t *testing.T, stream []byte) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "policies.yaml")
	if err := os.WriteFile(file, stream, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := env.Kubectl(context.Background(), "apply", "--dry-run=server", "-f", file); err != nil {
		t.Fatalf("kubectl apply --dry-run=server: %v\n%s", err, out)
	}
}

// apply creates the export's policies and bindings, and copies of them for the mirror CRDs, with
// the bindings limited to namespaces (the control plane is shared with other tests; the exported
// namespace selector stays in place, ANDed with this one). Every policy gets a last validation
// that fails for objects annotated with probeAnnotation: its name. They are deleted when t ends.
func apply(t *testing.T, stream []byte, m *mirror, namespaces []string) []applied {
	t.Helper()
	ctx := context.Background()
	policies, bindings := webhooktest.DecodePolicies(t, stream)
	api := env.Client.AdmissionregistrationV1()
	var out []applied
	for _, toMirror := range []bool{false, true} {
		for _, p := range policies {
			p := *p.DeepCopy()
			var b admissionregistrationv1.ValidatingAdmissionPolicyBinding
			for _, x := range bindings {
				if x.Spec.PolicyName == p.Name {
					b = *x.DeepCopy()
				}
			}
			a := applied{name: p.Name, deny: strings.HasSuffix(p.Name, "-deny"), mirror: toMirror,
				rules: strings.Split(p.Annotations[admissionpolicy.RulesAnnotation], ",")}
			a.kind = lint.KindJob
			if p.Spec.MatchConstraints.ResourceRules[0].Resources[0] == "cronjobs" {
				a.kind = lint.KindCronJob
			}
			if toMirror {
				a.name += "-mirror"
				p.Spec.MatchConstraints.ResourceRules[0].APIGroups = []string{m.group}
			}
			p.Name, b.Name, b.Spec.PolicyName = a.name, a.name, a.name
			p.Spec.Validations = append(p.Spec.Validations, admissionregistrationv1.Validation{
				Expression: fmt.Sprintf("!(has(object.metadata.annotations) && %q in object.metadata.annotations && object.metadata.annotations[%q] == %q)",
					probeAnnotation, probeAnnotation, a.name),
				Message: "probe " + a.name,
			})
			sel := b.Spec.MatchResources.NamespaceSelector
			sel.MatchExpressions = append(sel.MatchExpressions, metav1.LabelSelectorRequirement{
				Key: "kubernetes.io/metadata.name", Operator: metav1.LabelSelectorOpIn, Values: namespaces})
			if _, err := api.ValidatingAdmissionPolicies().Create(ctx, &p, metav1.CreateOptions{}); err != nil {
				t.Fatalf("creating policy %s: %v", p.Name, err)
			}
			t.Cleanup(func() {
				_ = api.ValidatingAdmissionPolicies().Delete(context.Background(), p.Name, metav1.DeleteOptions{})
			})
			if _, err := api.ValidatingAdmissionPolicyBindings().Create(ctx, &b, metav1.CreateOptions{}); err != nil {
				t.Fatalf("creating binding %s: %v", b.Name, err)
			}
			t.Cleanup(func() {
				_ = api.ValidatingAdmissionPolicyBindings().Delete(context.Background(), b.Name, metav1.DeleteOptions{})
			})
			out = append(out, a)
		}
	}
	return out
}

// checkTypes waits for the API server's type checking of the policies and fails on any
// expression warning.
func checkTypes(t *testing.T, names []string) {
	t.Helper()
	api := env.Client.AdmissionregistrationV1().ValidatingAdmissionPolicies()
	for _, name := range names {
		eventually(t, "type checking of "+name, func() error {
			p, err := api.Get(context.Background(), name, metav1.GetOptions{})
			if err != nil {
				return err
			}
			if p.Status.ObservedGeneration != p.Generation || p.Status.TypeChecking == nil {
				return fmt.Errorf("not type-checked yet (observed generation %d of %d)", p.Status.ObservedGeneration, p.Generation)
			}
			for _, w := range p.Status.TypeChecking.ExpressionWarnings {
				t.Errorf("%s: %s: %s", name, w.FieldRef, w.Warning)
			}
			return nil
		})
	}
}

// waitInForce waits until every policy fails its probe: dry-run creates of an otherwise valid
// object annotated with the policy's name are denied (deny policies) or warned about (warn).
func waitInForce(t *testing.T, c *clients, m *mirror, ns string, policies []applied) {
	t.Helper()
	for _, a := range policies {
		eventually(t, "policy "+a.name+" in force", func() error {
			var obj runtime.Object = job("probe")
			if a.kind == lint.KindCronJob {
				obj = cronJob("probe")
			}
			webhooktest.Meta(obj).Annotations = map[string]string{probeAnnotation: a.name}
			c.warnings.Take()
			var err error
			if a.mirror {
				err = m.create(c, ns, obj, true)
			} else {
				err = createTyped(c, ns, obj, true)
			}
			want := "ValidatingAdmissionPolicy '" + a.name + "'"
			if a.deny {
				if err == nil || !strings.Contains(err.Error(), want) {
					return fmt.Errorf("probe not denied: %v", err)
				}
				return nil
			}
			if err != nil {
				return fmt.Errorf("probe of a warn policy: %v", err)
			}
			for _, w := range c.warnings.Take() {
				if strings.Contains(w, want) {
					return nil
				}
			}
			return fmt.Errorf("no warning from the probe")
		})
	}
}

// eventually retries f until it returns nil or 60 seconds pass.
func eventually(t *testing.T, what string, f func() error) {
	t.Helper()
	webhooktest.Eventually(t, 60*time.Second, what, f)
}

// mirror is a pair of CRDs, kinds Job and CronJob without a schema, in a group of its own.
type mirror struct {
	group string
}

var crdGVR = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// newMirror creates the mirror CRDs and deletes them when t ends.
func newMirror(t *testing.T) *mirror {
	t.Helper()
	ctx := context.Background()
	m := &mirror{group: "m" + strings.ToLower(rand.String(6)) + ".e2e.kubectl-batch.io"}
	dyn, err := dynamic.NewForConfig(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{lint.KindJob, lint.KindCronJob} {
		plural := strings.ToLower(kind) + "s"
		name := plural + "." + m.group
		crd := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
			"metadata": map[string]any{"name": name},
			"spec": map[string]any{
				"group": m.group, "scope": "Namespaced",
				"names": map[string]any{"kind": kind, "plural": plural, "singular": strings.ToLower(kind), "listKind": kind + "List"},
				"versions": []any{map[string]any{
					"name": "v1", "served": true, "storage": true,
					"schema": map[string]any{"openAPIV3Schema": map[string]any{
						"type": "object",
						"properties": map[string]any{
							"spec":   map[string]any{"type": "object", "x-kubernetes-preserve-unknown-fields": true},
							"status": map[string]any{"type": "object", "x-kubernetes-preserve-unknown-fields": true},
						},
					}},
				}},
			},
		}}
		if _, err := dyn.Resource(crdGVR).Create(ctx, crd, metav1.CreateOptions{}); err != nil {
			t.Fatalf("creating CRD %s: %v", name, err)
		}
		t.Cleanup(func() { _ = dyn.Resource(crdGVR).Delete(context.Background(), name, metav1.DeleteOptions{}) })
		eventually(t, "CRD "+name+" established", func() error {
			u, err := dyn.Resource(crdGVR).Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return err
			}
			conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
			for _, c := range conds {
				if c, ok := c.(map[string]any); ok && c["type"] == "Established" && c["status"] == "True" {
					return nil
				}
			}
			return fmt.Errorf("not established")
		})
	}
	// The resources are served once discovery has them; a list call tells.
	for _, kind := range []string{lint.KindJob, lint.KindCronJob} {
		eventually(t, "mirror "+kind+" served", func() error {
			_, err := dyn.Resource(m.gvr(kind)).Namespace("default").List(ctx, metav1.ListOptions{})
			return err
		})
	}
	return m
}

func (m *mirror) gvr(kind string) schema.GroupVersionResource {
	return schema.GroupVersionResource{Group: m.group, Version: "v1", Resource: strings.ToLower(kind) + "s"}
}

// toMirror turns a Job or CronJob into a mirror object, with the API server's defaults applied
// (the mirror CRDs have none).
func (m *mirror) toMirror(obj runtime.Object) *unstructured.Unstructured {
	b, err := json.Marshal(obj)
	if err != nil {
		panic(err)
	}
	u := &unstructured.Unstructured{}
	if err := json.Unmarshal(b, &u.Object); err != nil {
		panic(err)
	}
	u.SetAPIVersion(m.group + "/v1")
	delete(u.Object, "status")
	return u
}

// fromMirror turns a mirror object back into a batch/v1 Job or CronJob.
func fromMirror(u *unstructured.Unstructured) runtime.Object {
	v := u.DeepCopy()
	v.SetAPIVersion("batch/v1")
	b, err := json.Marshal(v.Object)
	if err != nil {
		panic(err)
	}
	var obj runtime.Object = &batchv1.Job{}
	if u.GetKind() == lint.KindCronJob {
		obj = &batchv1.CronJob{}
	}
	if err := json.Unmarshal(b, obj); err != nil {
		panic(err)
	}
	return obj
}

// create creates the defaulted obj in the mirror.
func (m *mirror) create(c *clients, ns string, obj runtime.Object, dryRun bool) error {
	u := m.toMirror(webhooktest.Defaulted(withNamespace(obj, ns)))
	_, err := c.dyn.Resource(m.gvr(u.GetKind())).Namespace(ns).Create(context.Background(), u, createOpts(dryRun))
	return err
}

func (m *mirror) get(c *clients, ns, kind, name string) (runtime.Object, error) {
	u, err := c.dyn.Resource(m.gvr(kind)).Namespace(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return fromMirror(u), nil
}

func (m *mirror) update(c *clients, obj runtime.Object, dryRun bool) error {
	u := m.toMirror(obj)
	_, err := c.dyn.Resource(m.gvr(u.GetKind())).Namespace(u.GetNamespace()).Update(context.Background(), u, updateOpts(dryRun))
	return err
}

func (m *mirror) delete(c *clients, ns, kind, name string) error {
	return c.dyn.Resource(m.gvr(kind)).Namespace(ns).Delete(context.Background(), name, metav1.DeleteOptions{})
}

func (m *mirror) release(c *clients, ns, kind, name string) {
	patch := []byte(`{"metadata":{"finalizers":null}}`)
	_, _ = c.dyn.Resource(m.gvr(kind)).Namespace(ns).Patch(context.Background(), name, "application/merge-patch+json", patch, metav1.PatchOptions{})
}

func createOpts(dryRun bool) metav1.CreateOptions {
	if dryRun {
		return metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}
	}
	return metav1.CreateOptions{}
}

func updateOpts(dryRun bool) metav1.UpdateOptions {
	if dryRun {
		return metav1.UpdateOptions{DryRun: []string{metav1.DryRunAll}}
	}
	return metav1.UpdateOptions{}
}

// createTyped creates a batch/v1 Job or CronJob.
func createTyped(c *clients, ns string, obj runtime.Object, dryRun bool) error {
	ctx := context.Background()
	var err error
	switch o := withNamespace(obj, ns).(type) {
	case *batchv1.Job:
		_, err = c.typed.BatchV1().Jobs(ns).Create(ctx, o, createOpts(dryRun))
	case *batchv1.CronJob:
		_, err = c.typed.BatchV1().CronJobs(ns).Create(ctx, o, createOpts(dryRun))
	}
	return err
}

func getTyped(c *clients, ns, kind, name string) (runtime.Object, error) {
	ctx := context.Background()
	var obj runtime.Object
	var err error
	if kind == lint.KindJob {
		var j *batchv1.Job
		j, err = c.typed.BatchV1().Jobs(ns).Get(ctx, name, metav1.GetOptions{})
		obj = j
	} else {
		var cj *batchv1.CronJob
		cj, err = c.typed.BatchV1().CronJobs(ns).Get(ctx, name, metav1.GetOptions{})
		obj = cj
	}
	if err != nil {
		return nil, err
	}
	setTypeMeta(obj)
	return obj, nil
}

func updateTyped(c *clients, obj runtime.Object, dryRun bool) error {
	ctx := context.Background()
	var err error
	switch o := obj.(type) {
	case *batchv1.Job:
		_, err = c.typed.BatchV1().Jobs(o.Namespace).Update(ctx, o, updateOpts(dryRun))
	case *batchv1.CronJob:
		_, err = c.typed.BatchV1().CronJobs(o.Namespace).Update(ctx, o, updateOpts(dryRun))
	}
	return err
}

func deleteTyped(c *clients, ns, kind, name string) error {
	ctx := context.Background()
	if kind == lint.KindJob {
		return c.typed.BatchV1().Jobs(ns).Delete(ctx, name, metav1.DeleteOptions{})
	}
	return c.typed.BatchV1().CronJobs(ns).Delete(ctx, name, metav1.DeleteOptions{})
}

func releaseTyped(c *clients, ns, kind, name string) {
	ctx := context.Background()
	patch := []byte(`{"metadata":{"finalizers":null}}`)
	if kind == lint.KindJob {
		_, _ = c.typed.BatchV1().Jobs(ns).Patch(ctx, name, "application/merge-patch+json", patch, metav1.PatchOptions{})
		return
	}
	_, _ = c.typed.BatchV1().CronJobs(ns).Patch(ctx, name, "application/merge-patch+json", patch, metav1.PatchOptions{})
}

// setTypeMeta fills apiVersion and kind, which clients leave empty on typed objects.
func setTypeMeta(obj runtime.Object) {
	switch o := obj.(type) {
	case *batchv1.Job:
		o.APIVersion, o.Kind = "batch/v1", lint.KindJob
	case *batchv1.CronJob:
		o.APIVersion, o.Kind = "batch/v1", lint.KindCronJob
	}
}

func withNamespace(obj runtime.Object, ns string) runtime.Object {
	obj = obj.DeepCopyObject()
	webhooktest.Meta(obj).Namespace = ns
	setTypeMeta(obj)
	return obj
}

// request builds the admission request the API server sends the webhook for obj (and old on
// UPDATE), dry run or not.
func request(t *testing.T, op admissionv1.Operation, obj, old runtime.Object, dryRun bool) admission.Request {
	t.Helper()
	req := webhooktest.Request(t, op, obj, old)
	req.DryRun = ptr.To(dryRun)
	return req
}

func isConflict(err error) bool { return apierrors.IsConflict(err) }

func cronJob(name string, mutate ...func(*batchv1.CronJob)) *batchv1.CronJob {
	return webhooktest.CronJob("", name, mutate...)
}

// job is a suspended Job (no pods, so the Job controller leaves it mostly alone).
func job(name string, mutate ...func(*batchv1.Job)) *batchv1.Job {
	suspend := func(j *batchv1.Job) { j.Spec.Suspend = ptr.To(true) }
	return webhooktest.Job("", name, append([]func(*batchv1.Job){suspend}, mutate...)...)
}
