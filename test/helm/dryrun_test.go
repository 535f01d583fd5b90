//go:build integration

package helm

import (
	"context"
	"fmt"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/webhook/webhooktest"
)

var crdGVR = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// stubCRD is a minimal CustomResourceDefinition: the kind, served at v1, with any content
// (x-kubernetes-preserve-unknown-fields). The test cluster has neither cert-manager nor the
// Prometheus Operator; these stubs let the API server accept (and dry-run) the chart's
// Certificate, Issuer and ServiceMonitor objects. They check the group, version, kind, scope and
// metadata of those objects, not their spec (the template tests check that).
func stubCRD(group, kind, plural string) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1",
		"kind":       "CustomResourceDefinition",
		"metadata":   map[string]any{"name": plural + "." + group},
		"spec": map[string]any{
			"group": group,
			"scope": "Namespaced",
			"names": map[string]any{"kind": kind, "plural": plural, "singular": lower(kind), "listKind": kind + "List"},
			"versions": []any{map[string]any{
				"name": "v1", "served": true, "storage": true,
				"schema": map[string]any{"openAPIV3Schema": map[string]any{
					"type": "object", "x-kubernetes-preserve-unknown-fields": true,
				}},
			}},
		},
	}}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// installStubCRDs creates the stub CRDs that do not exist yet, waits until they are established,
// and deletes the ones it created when t ends.
func installStubCRDs(t *testing.T, dyn dynamic.Interface) {
	t.Helper()
	ctx := context.Background()
	crds := dyn.Resource(crdGVR)
	for _, crd := range []*unstructured.Unstructured{
		stubCRD("cert-manager.io", "Certificate", "certificates"),
		stubCRD("cert-manager.io", "Issuer", "issuers"),
		stubCRD("monitoring.coreos.com", "ServiceMonitor", "servicemonitors"),
	} {
		name := crd.GetName()
		_, err := crds.Create(ctx, crd, metav1.CreateOptions{})
		switch {
		case apierrors.IsAlreadyExists(err):
			t.Logf("CRD %s exists already; using it and leaving it in place", name)
		case err != nil:
			t.Fatalf("creating CRD %s: %v", name, err)
		default:
			t.Cleanup(func() { _ = crds.Delete(context.Background(), name, metav1.DeleteOptions{}) })
		}
		webhooktest.Eventually(t, 30*time.Second, "CRD "+name+" established", func() error {
			got, err := crds.Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return err
			}
			conds, _, _ := unstructured.NestedSlice(got.Object, "status", "conditions")
			for _, c := range conds {
				if m, ok := c.(map[string]any); ok && m["type"] == "Established" && m["status"] == "True" {
					return nil
				}
			}
			return fmt.Errorf("not established: %v", conds)
		})
	}
}

// TestServerSideDryRun renders every value set and applies each object with server-side apply
// and dryRun=All (strict field validation) to the test kube-apiserver: the API server must accept
// every object, and none may be stored.
func TestServerSideDryRun(t *testing.T) {
	dyn, err := dynamic.NewForConfig(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	dc, err := discovery.NewDiscoveryClientForConfig(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	installStubCRDs(t, dyn)
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))
	for _, vs := range valueSets() {
		t.Run(vs.name, func(t *testing.T) {
			ns := uniqueName("helm-dry-")
			createNamespace(t, ns, nil)
			objs := render(t, release, ns, vs.args(t)...)
			if len(objs) == 0 {
				t.Fatal("nothing rendered")
			}
			for _, o := range objs {
				applyDryRun(t, dyn, mapper, o)
			}
			// Dry-run stored nothing.
			for _, o := range objs {
				if o.Kind == "ValidatingWebhookConfiguration" {
					_, err := env.Client.AdmissionregistrationV1().ValidatingWebhookConfigurations().Get(context.Background(), o.Name, metav1.GetOptions{})
					if !apierrors.IsNotFound(err) {
						t.Errorf("ValidatingWebhookConfiguration %s after a dry run: %v", o.Name, err)
					}
				}
			}
			if _, err := env.Client.AppsV1().Deployments(ns).Get(context.Background(), fullname, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
				t.Errorf("Deployment after a dry run: %v", err)
			}
		})
	}
}

// applyDryRun server-side applies o with dryRun=All and strict field validation.
func applyDryRun(t *testing.T, dyn dynamic.Interface, mapper *restmapper.DeferredDiscoveryRESTMapper, o object) {
	t.Helper()
	gvk := schema.FromAPIVersionAndKind(o.APIVersion, o.Kind)
	var mapping *meta.RESTMapping
	// A CRD created a moment ago may not be in discovery yet: reset the cache and retry.
	webhooktest.Eventually(t, 30*time.Second, "REST mapping of "+gvk.String(), func() error {
		var err error
		mapping, err = mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
		if err != nil {
			mapper.Reset()
		}
		return err
	})
	body, err := yaml.YAMLToJSON(o.YAML)
	if err != nil {
		t.Fatal(err)
	}
	var ri dynamic.ResourceInterface = dyn.Resource(mapping.Resource)
	if mapping.Scope.Name() == meta.RESTScopeNameNamespace {
		if o.Namespace == "" {
			t.Errorf("%s/%s is namespaced but has no metadata.namespace", o.Kind, o.Name)
		}
		ri = dyn.Resource(mapping.Resource).Namespace(o.Namespace)
	} else if o.Namespace != "" {
		t.Errorf("%s/%s is cluster-scoped but has metadata.namespace %q", o.Kind, o.Name, o.Namespace)
	}
	_, err = ri.Patch(context.Background(), o.Name, types.ApplyPatchType, body, metav1.PatchOptions{
		DryRun: []string{metav1.DryRunAll}, FieldManager: "kubectl-batch-chart-test", Force: ptr.To(true),
		FieldValidation: metav1.FieldValidationStrict,
	})
	if err != nil {
		t.Errorf("server-side apply (dry run) of %s/%s: %v", o.Kind, o.Name, err)
	}
}
