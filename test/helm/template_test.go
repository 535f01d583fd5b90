//go:build integration

package helm

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/webhook"
	"github.com/kubectl-batch/kubectl-batch/webhook/testcert"
)

// release is the release name the value sets render with; fullname is the objects' name.
const (
	release  = "kbw"
	fullname = "kbw-kubectl-batch-webhook"
)

// valueSet is a set of chart values and what its rendering must contain.
type valueSet struct {
	name  string
	args  func(t *testing.T) []string
	check func(t *testing.T, ns string, objs []object)
}

func fixedArgs(args ...string) func(*testing.T) []string {
	return func(*testing.T) []string { return args }
}

// caBundleArgs are the webhook.url values with a CA made for the test.
func caBundleArgs(t *testing.T) []string {
	certs, err := testcert.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return setArgs("webhook.url=https://127.0.0.1:9443"+webhook.Path, "webhook.caBundle="+base64.StdEncoding.EncodeToString(certs.CAPEM))
}

// customValues is a values file changing what an admin is likely to change.
const customValues = `
replicaCount: 3
resources:
  requests: {cpu: 100m, memory: 128Mi}
  limits: {cpu: "1", memory: 512Mi}
podAntiAffinity: hard
topologySpread:
  whenUnsatisfiable: DoNotSchedule
webhook:
  excludedNamespaces: [team-sandbox, ci-scratch, kube-system]
  optOutLabel: {key: example.com/batch-policy, value: exempt}
config:
  rules:
    timezone-unset: off
  modes:
    job-ttl-missing: deny
    history-limit-large: off
  policy:
    minStartingDeadlineSeconds: 30
    missedRunsWindow: 12h
    immutableCronJobFields: [spec.timeZone]
  namespaces:
    exclude: ["sandbox-*"]
`

func valueSets() []valueSet {
	return []valueSet{
		{name: "defaults", args: fixedArgs(), check: func(t *testing.T, ns string, objs []object) {
			checkServer(t, ns, objs, 2)
			if has(objs, "NetworkPolicy") {
				t.Error("a NetworkPolicy by default")
			}
			checkPDB(t, objs, true)
			checkSpread(t, objs, corev1.ScheduleAnyway)
			vwc := checkVWC(t, ns, objs, admissionregistrationv1.Fail, nil, "kubectl-batch.io/webhook", "disabled")
			checkGeneratedCerts(t, ns, objs, vwc)
			for _, k := range []string{"Certificate", "Issuer", "ServiceMonitor"} {
				if has(objs, k) {
					t.Errorf("defaults render a %s: %v", k, kinds(objs))
				}
			}
			cfg := checkConfig(t, objs)
			if !cfg.IgnoreSuppressions || len(cfg.Modes) != 0 || len(cfg.Rules) != 0 {
				t.Errorf("default configuration is not the webhook's default: %+v", cfg)
			}
			var d appsv1.Deployment
			decode(t, find(t, objs, "Deployment", fullname), &d)
			if got := d.Spec.Template.Spec.Containers[0].Image; got != "ghcr.io/kubectl-batch/kubectl-batch-webhook:0.1.0" {
				t.Errorf("image %s, want the appVersion tag", got)
			}
			if d.Spec.Template.Spec.Affinity != nil {
				t.Errorf("affinity by default: %+v", d.Spec.Template.Spec.Affinity)
			}
			checkVersionAndDrain(t, d, "", "10s", 45)
		}},
		{name: "network-policy", args: fixedArgs("--set", "networkPolicy.enabled=true",
			"--set-json", `networkPolicy.metricsFrom=[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"monitoring"}}}]`),
			check: func(t *testing.T, ns string, objs []object) {
				var np networkingv1.NetworkPolicy
				decode(t, find(t, objs, "NetworkPolicy", fullname), &np)
				if np.Spec.PodSelector.MatchLabels["app.kubernetes.io/instance"] != release || len(np.Spec.Ingress) != 2 {
					t.Fatalf("network policy: %+v", np.Spec)
				}
				webhookRule, metricsRule := np.Spec.Ingress[0], np.Spec.Ingress[1]
				if webhookRule.Ports[0].Port.IntValue() != 9443 || len(webhookRule.From) != 0 {
					t.Errorf("webhook port rule %+v, want 9443 open to all", webhookRule)
				}
				if metricsRule.Ports[0].Port.IntValue() != 8080 || len(metricsRule.From) != 1 ||
					metricsRule.From[0].NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"] != "monitoring" {
					t.Errorf("metrics port rule %+v, want 8080 from the monitoring namespace", metricsRule)
				}
			}},
		{name: "kubernetes-version", args: fixedArgs("--set-string", "kubernetesVersion=1.33", "--set", "shutdownDrainPeriod=20s", "--set", "terminationGracePeriodSeconds=60"),
			check: func(t *testing.T, ns string, objs []object) {
				var d appsv1.Deployment
				decode(t, find(t, objs, "Deployment", fullname), &d)
				checkVersionAndDrain(t, d, "1.33", "20s", 60)
			}},
		{name: "cert-manager", args: fixedArgs(setArgs("certManager.enabled=true")...), check: func(t *testing.T, ns string, objs []object) {
			checkServer(t, ns, objs, 2)
			vwc := checkVWC(t, ns, objs, admissionregistrationv1.Fail, nil, "kubectl-batch.io/webhook", "disabled")
			checkCertManager(t, ns, objs, vwc, fullname+"-ca", "Issuer")
			// The chain the chart creates: self-signed Issuer -> CA Certificate -> CA Issuer.
			var selfSigned, caIssuer, caCert map[string]any
			decode(t, find(t, objs, "Issuer", fullname+"-selfsigned"), &selfSigned)
			decode(t, find(t, objs, "Issuer", fullname+"-ca"), &caIssuer)
			decode(t, find(t, objs, "Certificate", fullname+"-ca"), &caCert)
			if _, ok := field(selfSigned, "spec", "selfSigned").(map[string]any); !ok {
				t.Errorf("self-signed issuer: %v", selfSigned)
			}
			if field(caCert, "spec", "isCA") != true || field(caCert, "spec", "issuerRef", "name") != fullname+"-selfsigned" ||
				field(caIssuer, "spec", "ca", "secretName") != field(caCert, "spec", "secretName") {
				t.Errorf("CA chain broken:\nCA certificate %v\nCA issuer %v", caCert, caIssuer)
			}
		}},
		{name: "cert-manager-cluster-issuer", args: fixedArgs(setArgs("certManager.enabled=true", "certManager.issuerRef.name=corp-ca",
			"certManager.issuerRef.kind=ClusterIssuer")...), check: func(t *testing.T, ns string, objs []object) {
			vwc := checkVWC(t, ns, objs, admissionregistrationv1.Fail, nil, "kubectl-batch.io/webhook", "disabled")
			checkCertManager(t, ns, objs, vwc, "corp-ca", "ClusterIssuer")
			if has(objs, "Issuer") {
				t.Errorf("an existing issuer was given, but the chart creates one: %v", kinds(objs))
			}
		}},
		{name: "url", args: caBundleArgs, check: func(t *testing.T, ns string, objs []object) {
			// An external server: the configuration and its ConfigMap, nothing that runs a server.
			var got []string
			for _, o := range objs {
				got = append(got, o.Kind)
			}
			slices.Sort(got)
			if want := []string{"ConfigMap", "ValidatingWebhookConfiguration"}; !slices.Equal(got, want) {
				t.Errorf("url mode renders %v, want only %v", kinds(objs), want)
			}
			vwc := checkVWC(t, ns, objs, admissionregistrationv1.Fail, nil, "kubectl-batch.io/webhook", "disabled")
			cc := vwc.Webhooks[0].ClientConfig
			if cc.Service != nil || cc.URL == nil || *cc.URL != "https://127.0.0.1:9443"+webhook.Path {
				t.Errorf("clientConfig %+v, want the url", cc)
			}
			if b, _ := pem.Decode(cc.CABundle); b == nil || b.Type != "CERTIFICATE" {
				t.Errorf("caBundle is not the PEM CA: %q", cc.CABundle)
			}
			checkConfig(t, objs)
		}},
		{name: "service-monitor", args: fixedArgs(setArgs("serviceMonitor.enabled=true", "serviceMonitor.labels.release=prometheus")...),
			check: func(t *testing.T, ns string, objs []object) {
				checkServer(t, ns, objs, 2)
				var sm map[string]any
				decode(t, find(t, objs, "ServiceMonitor", fullname), &sm)
				var svc corev1.Service
				decode(t, find(t, objs, "Service", fullname), &svc)
				if field(sm, "metadata", "labels", "release") != "prometheus" {
					t.Errorf("ServiceMonitor labels: %v", field(sm, "metadata", "labels"))
				}
				sel, _ := field(sm, "spec", "selector", "matchLabels").(map[string]any)
				if len(sel) == 0 {
					t.Fatalf("ServiceMonitor without selector: %v", sm)
				}
				for k, v := range sel {
					if svc.Labels[k] != v {
						t.Errorf("ServiceMonitor selects %s=%v, the Service has %q", k, v, svc.Labels[k])
					}
				}
				eps, _ := field(sm, "spec", "endpoints").([]any)
				if len(eps) != 1 || field(eps[0].(map[string]any), "port") != "metrics" || field(eps[0].(map[string]any), "path") != "/metrics" {
					t.Errorf("endpoints %v", eps)
				}
				if !slices.ContainsFunc(svc.Spec.Ports, func(p corev1.ServicePort) bool {
					return p.Name == "metrics" && p.TargetPort == intstr.FromString("metrics")
				}) {
					t.Errorf("Service has no metrics port: %+v", svc.Spec.Ports)
				}
			}},
		{name: "failure-policy-ignore", args: fixedArgs(setArgs("webhook.failurePolicy=Ignore")...), check: func(t *testing.T, ns string, objs []object) {
			checkVWC(t, ns, objs, admissionregistrationv1.Ignore, nil, "kubectl-batch.io/webhook", "disabled")
		}},
		{name: "custom", args: func(t *testing.T) []string {
			f := filepath.Join(t.TempDir(), "values.yaml")
			if err := os.WriteFile(f, []byte(customValues), 0o644); err != nil {
				t.Fatal(err)
			}
			return []string{"-f", f}
		}, check: func(t *testing.T, ns string, objs []object) {
			checkServer(t, ns, objs, 3)
			checkPDB(t, objs, true)
			checkSpread(t, objs, corev1.DoNotSchedule)
			checkVWC(t, ns, objs, admissionregistrationv1.Fail, []string{"team-sandbox", "ci-scratch"}, "example.com/batch-policy", "exempt")
			var d appsv1.Deployment
			decode(t, find(t, objs, "Deployment", fullname), &d)
			res := d.Spec.Template.Spec.Containers[0].Resources
			if res.Requests.Cpu().String() != "100m" || res.Requests.Memory().String() != "128Mi" ||
				res.Limits.Cpu().String() != "1" || res.Limits.Memory().String() != "512Mi" {
				t.Errorf("resources %+v", res)
			}
			aff := d.Spec.Template.Spec.Affinity
			if aff == nil || aff.PodAntiAffinity == nil || len(aff.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution) != 1 ||
				aff.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].TopologyKey != "kubernetes.io/hostname" {
				t.Errorf("podAntiAffinity hard: %+v", aff)
			}
			cfg := checkConfig(t, objs)
			if cfg.Modes["job-ttl-missing"] != decision.ModeDeny || cfg.Modes["history-limit-large"] != decision.ModeOff ||
				cfg.Policy.MinStartingDeadlineSeconds != 30 || cfg.Policy.MissedRunsWindow.Duration != 12*time.Hour ||
				!slices.Equal(cfg.Namespaces.Exclude, []string{"sandbox-*"}) || !cfg.IgnoreSuppressions {
				t.Errorf("configuration not rendered from values: %+v", cfg)
			}
		}},
		{name: "single-replica", args: fixedArgs(setArgs("replicaCount=1")...), check: func(t *testing.T, ns string, objs []object) {
			checkServer(t, ns, objs, 1)
			checkPDB(t, objs, false)
		}},
	}
}

// field walks nested maps.
func field(m map[string]any, path ...string) any {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[p]
	}
	return cur
}

// checkServer checks the Deployment, ServiceAccount and Service that run the webhook.
func checkServer(t *testing.T, ns string, objs []object, replicas int32) {
	t.Helper()
	var d appsv1.Deployment
	decode(t, find(t, objs, "Deployment", fullname), &d)
	if d.Namespace != ns {
		t.Errorf("Deployment namespace %q, want %q", d.Namespace, ns)
	}
	if d.Spec.Replicas == nil || *d.Spec.Replicas != replicas {
		t.Errorf("replicas %v, want %d", d.Spec.Replicas, replicas)
	}
	ps := d.Spec.Template.Spec
	// The service account token: see checkVersionAndDrain (only to read the server's version).
	psc := ps.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.SeccompProfile == nil ||
		psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Errorf("pod securityContext %+v", psc)
	}
	if len(ps.Containers) != 1 {
		t.Fatalf("containers: %d", len(ps.Containers))
	}
	c := ps.Containers[0]
	sc := c.SecurityContext
	if sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || sc.Capabilities == nil ||
		!slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) != 0 ||
		sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Errorf("container securityContext %+v", sc)
	}
	if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() ||
		c.Resources.Limits.Cpu().IsZero() || c.Resources.Limits.Memory().IsZero() {
		t.Errorf("requests and limits: %+v", c.Resources)
	}
	// The flags of cmd/kubectl-batch-webhook, pointing at the mounted Secret and ConfigMap.
	mounts := map[string]string{}
	for _, m := range c.VolumeMounts {
		mounts[m.Name] = m.MountPath
		if !m.ReadOnly {
			t.Errorf("volume %s is mounted writable", m.Name)
		}
	}
	vols := map[string]corev1.Volume{}
	for _, v := range ps.Volumes {
		vols[v.Name] = v
		if v.EmptyDir != nil || v.HostPath != nil {
			t.Errorf("volume %s: the server writes no files and needs no writable volume", v.Name)
		}
	}
	tlsVol, cfgVol := vols["tls"], vols["config"]
	if tlsVol.Secret == nil || tlsVol.Secret.SecretName != fullname+"-tls" || cfgVol.ConfigMap == nil || cfgVol.ConfigMap.Name != fullname+"-config" {
		t.Fatalf("volumes %+v", ps.Volumes)
	}
	for _, want := range []string{"--port=9443", "--tls-cert-file=" + mounts["tls"] + "/tls.crt", "--tls-private-key-file=" + mounts["tls"] + "/tls.key",
		"--config=" + mounts["config"] + "/config.yaml", "--metrics-bind-address=:8080", "--log-level=info"} {
		if !slices.Contains(c.Args, want) {
			t.Errorf("args %q lack %s", c.Args, want)
		}
	}
	ports := map[string]int32{}
	for _, p := range c.Ports {
		ports[p.Name] = p.ContainerPort
	}
	if ports["webhook"] != 9443 || ports["metrics"] != 8080 {
		t.Errorf("container ports %+v", c.Ports)
	}
	for probe, want := range map[*corev1.Probe]string{c.LivenessProbe: "/healthz", c.ReadinessProbe: "/readyz"} {
		if probe == nil || probe.HTTPGet == nil || probe.HTTPGet.Path != want || probe.HTTPGet.Port != intstr.FromString("metrics") {
			t.Errorf("probe %s: %+v", want, probe)
		}
	}
	var sa corev1.ServiceAccount
	decode(t, find(t, objs, "ServiceAccount", ps.ServiceAccountName), &sa)
	if sa.AutomountServiceAccountToken == nil || *sa.AutomountServiceAccountToken {
		t.Error("ServiceAccount automounts its token")
	}
	var svc corev1.Service
	decode(t, find(t, objs, "Service", fullname), &svc)
	for k, v := range d.Spec.Selector.MatchLabels {
		if svc.Spec.Selector[k] != v || d.Spec.Template.Labels[k] != v {
			t.Errorf("selector %s=%s: Service %q, pod template %q", k, v, svc.Spec.Selector[k], d.Spec.Template.Labels[k])
		}
	}
	if !slices.ContainsFunc(svc.Spec.Ports, func(p corev1.ServicePort) bool {
		return p.Name == "webhook" && p.Port == 443 && p.TargetPort == intstr.FromString("webhook")
	}) {
		t.Errorf("Service ports %+v", svc.Spec.Ports)
	}
}

func checkPDB(t *testing.T, objs []object, want bool) {
	t.Helper()
	if !want {
		if has(objs, "PodDisruptionBudget") {
			t.Errorf("a PodDisruptionBudget with a single replica would block node drains: %v", kinds(objs))
		}
		return
	}
	var pdb policyv1.PodDisruptionBudget
	decode(t, find(t, objs, "PodDisruptionBudget", fullname), &pdb)
	var d appsv1.Deployment
	decode(t, find(t, objs, "Deployment", fullname), &d)
	if pdb.Spec.MinAvailable == nil || *pdb.Spec.MinAvailable != intstr.FromInt32(1) || pdb.Spec.MaxUnavailable != nil {
		t.Errorf("PDB minAvailable %v, maxUnavailable %v; want minAvailable 1", pdb.Spec.MinAvailable, pdb.Spec.MaxUnavailable)
	}
	if pdb.Spec.Selector == nil || !mapsEqual(pdb.Spec.Selector.MatchLabels, d.Spec.Selector.MatchLabels) {
		t.Errorf("PDB selector %v, Deployment selector %v", pdb.Spec.Selector, d.Spec.Selector)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func checkSpread(t *testing.T, objs []object, when corev1.UnsatisfiableConstraintAction) {
	t.Helper()
	var d appsv1.Deployment
	decode(t, find(t, objs, "Deployment", fullname), &d)
	tsc := d.Spec.Template.Spec.TopologySpreadConstraints
	if len(tsc) != 1 || tsc[0].TopologyKey != "kubernetes.io/hostname" || tsc[0].WhenUnsatisfiable != when || tsc[0].MaxSkew != 1 ||
		tsc[0].LabelSelector == nil || !mapsEqual(tsc[0].LabelSelector.MatchLabels, d.Spec.Selector.MatchLabels) {
		t.Errorf("topologySpreadConstraints %+v, want hostname, %s, selecting the pods", tsc, when)
	}
}

// checkVWC checks the ValidatingWebhookConfiguration's fixed fields, failurePolicy and
// namespaceSelector (always kube-system, kube-node-lease and ns, plus extraExcluded, and the
// opt-out label).
func checkVWC(t *testing.T, ns string, objs []object, policy admissionregistrationv1.FailurePolicyType, extraExcluded []string,
	optOutKey, optOutValue string) *admissionregistrationv1.ValidatingWebhookConfiguration {
	t.Helper()
	var vwc admissionregistrationv1.ValidatingWebhookConfiguration
	decode(t, find(t, objs, "ValidatingWebhookConfiguration", fullname), &vwc)
	if len(vwc.Webhooks) != 1 {
		t.Fatalf("webhooks: %d", len(vwc.Webhooks))
	}
	w := vwc.Webhooks[0]
	if w.Name != "jobs.kubectl-batch.io" {
		t.Errorf("webhook name %q", w.Name)
	}
	if !slices.Equal(w.AdmissionReviewVersions, []string{"v1"}) {
		t.Errorf("admissionReviewVersions %q", w.AdmissionReviewVersions)
	}
	if w.SideEffects == nil || *w.SideEffects != admissionregistrationv1.SideEffectClassNone {
		t.Errorf("sideEffects %v", w.SideEffects)
	}
	if w.TimeoutSeconds == nil || *w.TimeoutSeconds != 5 {
		t.Errorf("timeoutSeconds %v", w.TimeoutSeconds)
	}
	if w.MatchPolicy == nil || *w.MatchPolicy != admissionregistrationv1.Equivalent {
		t.Errorf("matchPolicy %v", w.MatchPolicy)
	}
	if w.FailurePolicy == nil || *w.FailurePolicy != policy {
		t.Errorf("failurePolicy %v, want %s", w.FailurePolicy, policy)
	}
	if len(w.Rules) != 1 {
		t.Fatalf("rules %+v", w.Rules)
	}
	r := w.Rules[0]
	if !slices.Equal(r.APIGroups, []string{"batch"}) || !slices.Equal(r.APIVersions, []string{"v1"}) ||
		!slices.Equal(r.Resources, []string{"jobs", "cronjobs"}) || r.Scope == nil || *r.Scope != admissionregistrationv1.NamespacedScope ||
		!slices.Equal(r.Operations, []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update}) {
		t.Errorf("rule %+v", r)
	}
	if cc := w.ClientConfig; cc.Service != nil {
		if cc.Service.Name != fullname || cc.Service.Namespace != ns || cc.Service.Path == nil || *cc.Service.Path != webhook.Path ||
			cc.Service.Port == nil || *cc.Service.Port != 443 {
			t.Errorf("clientConfig.service %+v, want %s/%s:443%s", cc.Service, ns, fullname, webhook.Path)
		}
	}
	sel := w.NamespaceSelector
	if sel == nil {
		t.Fatal("no namespaceSelector")
	}
	wantExcluded := append([]string{"kube-system", "kube-node-lease", ns}, extraExcluded...)
	var names, optOut *metav1.LabelSelectorRequirement
	for i, e := range sel.MatchExpressions {
		switch e.Key {
		case "kubernetes.io/metadata.name":
			names = &sel.MatchExpressions[i]
		case optOutKey:
			optOut = &sel.MatchExpressions[i]
		}
	}
	if names == nil || names.Operator != metav1.LabelSelectorOpNotIn || !slices.Equal(names.Values, wantExcluded) {
		t.Errorf("namespaceSelector %+v: want kubernetes.io/metadata.name NotIn %q", sel, wantExcluded)
	}
	if optOut == nil || optOut.Operator != metav1.LabelSelectorOpNotIn || !slices.Equal(optOut.Values, []string{optOutValue}) {
		t.Errorf("namespaceSelector %+v: want %s NotIn [%s]", sel, optOutKey, optOutValue)
	}
	return &vwc
}

// checkGeneratedCerts checks the chart-generated Secret: a key pair whose certificate a CA signed
// for the Service's DNS names, and that CA in the configuration's caBundle.
func checkGeneratedCerts(t *testing.T, ns string, objs []object, vwc *admissionregistrationv1.ValidatingWebhookConfiguration) {
	t.Helper()
	var s corev1.Secret
	decode(t, find(t, objs, "Secret", fullname+"-tls"), &s)
	if s.Type != corev1.SecretTypeTLS {
		t.Errorf("Secret type %q", s.Type)
	}
	caPEM := s.Data["ca.crt"]
	if got := vwc.Webhooks[0].ClientConfig.CABundle; string(got) != string(caPEM) || len(got) == 0 {
		t.Errorf("caBundle %q is not the Secret's ca.crt %q", got, caPEM)
	}
	pair, err := tls.X509KeyPair(s.Data["tls.crt"], s.Data["tls.key"])
	if err != nil {
		t.Fatalf("tls.crt and tls.key: %v", err)
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(caPEM)
	if block == nil {
		t.Fatalf("ca.crt is not PEM: %q", caPEM)
	}
	ca, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if !ca.IsCA {
		t.Error("ca.crt is not a CA")
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	for _, name := range []string{fullname + "." + ns + ".svc", fullname + "." + ns + ".svc.cluster.local"} {
		if _, err := leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
			t.Errorf("serving certificate for %s: %v", name, err)
		}
	}
	if _, err := leaf.Verify(x509.VerifyOptions{DNSName: fullname + ".other.svc", Roots: roots}); err == nil {
		t.Error("the serving certificate is valid for another namespace's Service name")
	}
	if days := time.Until(leaf.NotAfter).Hours() / 24; days < 3640 || days > 3660 {
		t.Errorf("certificate valid %.0f more days, want generatedCerts.validityDays 3650", days)
	}
}

// checkCertManager checks the serving Certificate (issued for the Service names into the Secret
// the Deployment mounts, by issuer) and the CA injection into the configuration.
func checkCertManager(t *testing.T, ns string, objs []object, vwc *admissionregistrationv1.ValidatingWebhookConfiguration, issuer, issuerKind string) {
	t.Helper()
	if has(objs, "Secret") {
		t.Errorf("cert-manager mode renders a Secret: %v", kinds(objs))
	}
	if got := vwc.Annotations["cert-manager.io/inject-ca-from"]; got != ns+"/"+fullname {
		t.Errorf("inject-ca-from %q, want %s/%s", got, ns, fullname)
	}
	if len(vwc.Webhooks[0].ClientConfig.CABundle) != 0 {
		t.Error("cert-manager mode renders a caBundle (the injector owns it)")
	}
	var cert map[string]any
	decode(t, find(t, objs, "Certificate", fullname), &cert)
	if field(cert, "spec", "secretName") != fullname+"-tls" {
		t.Errorf("Certificate secretName %v, the Deployment mounts %s-tls", field(cert, "spec", "secretName"), fullname)
	}
	dns, _ := field(cert, "spec", "dnsNames").([]any)
	if len(dns) != 2 || dns[0] != fullname+"."+ns+".svc" || dns[1] != fullname+"."+ns+".svc.cluster.local" {
		t.Errorf("dnsNames %v", dns)
	}
	if field(cert, "spec", "issuerRef", "name") != issuer || field(cert, "spec", "issuerRef", "kind") != issuerKind {
		t.Errorf("issuerRef %v, want %s %s", field(cert, "spec", "issuerRef"), issuerKind, issuer)
	}
}

// checkConfig parses the ConfigMap's config.yaml as the webhook does.
func checkConfig(t *testing.T, objs []object) decision.Config {
	t.Helper()
	var cm corev1.ConfigMap
	decode(t, find(t, objs, "ConfigMap", fullname+"-config"), &cm)
	cfg, err := decision.ParseAdmission([]byte(cm.Data["config.yaml"]))
	if err != nil {
		t.Fatalf("the webhook rejects the rendered configuration: %v\n%s", err, cm.Data["config.yaml"])
	}
	return cfg
}

func TestLint(t *testing.T) {
	for _, strict := range []bool{false, true} {
		args := []string{"lint", chartDir()}
		if strict {
			args = append(args, "--strict")
		}
		out := mustHelm(t, args...)
		if !strings.Contains(out, "1 chart(s) linted, 0 chart(s) failed") {
			t.Errorf("helm %s:\n%s", strings.Join(args, " "), out)
		}
	}
	// Each value set lints strictly too.
	for _, vs := range valueSets() {
		t.Run(vs.name, func(t *testing.T) {
			out := mustHelm(t, append([]string{"lint", chartDir(), "--strict", "--namespace", "kbw-system"}, vs.args(t)...)...)
			if strings.Contains(out, "[WARNING]") || strings.Contains(out, "[ERROR]") {
				t.Errorf("helm lint:\n%s", out)
			}
		})
	}
}

func TestTemplate(t *testing.T) {
	for _, vs := range valueSets() {
		t.Run(vs.name, func(t *testing.T) {
			const ns = "kbw-system"
			objs := render(t, release, ns, vs.args(t)...)
			for _, o := range objs {
				if o.Kind != "ValidatingWebhookConfiguration" && o.Namespace != ns {
					t.Errorf("%s/%s is in namespace %q, want the release namespace", o.Kind, o.Name, o.Namespace)
				}
				var m struct {
					Metadata metav1.ObjectMeta `json:"metadata"`
				}
				if err := yaml.Unmarshal(o.YAML, &m); err != nil {
					t.Fatal(err)
				}
				if m.Metadata.Labels["app.kubernetes.io/instance"] != release || m.Metadata.Labels["app.kubernetes.io/managed-by"] != "Helm" {
					t.Errorf("%s/%s labels %v", o.Kind, o.Name, m.Metadata.Labels)
				}
			}
			vs.check(t, ns, objs)
		})
	}
}

// TestTemplateGeneratesFreshCertificates documents that helm template cannot look up the
// cluster's Secret: every rendering has a new CA (an install or upgrade keeps it, see
// TestInstallUpgradeKeepsCertificates).
func TestTemplateGeneratesFreshCertificates(t *testing.T) {
	ca := func() string {
		var s corev1.Secret
		decode(t, find(t, render(t, release, "kbw-system"), "Secret", fullname+"-tls"), &s)
		return string(s.Data["ca.crt"])
	}
	if first, second := ca(), ca(); first == second {
		t.Error("two renderings share a CA")
	}
}

func TestBadValuesFailWithSchemaMessage(t *testing.T) {
	const schemaErr = "values don't meet the specifications of the schema(s) in the following chart(s)"
	pemCA := base64.StdEncoding.EncodeToString([]byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"))
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"negative replicas", setArgs("replicaCount=-1"), []string{schemaErr, "at '/replicaCount': minimum: got -1, want 1"}},
		{"failure policy", setArgs("webhook.failurePolicy=Sometimes"), []string{schemaErr, "at '/webhook/failurePolicy': value must be one of 'Fail', 'Ignore'"}},
		{"unknown key", setArgs("replicas=3"), []string{schemaErr, "additional properties 'replicas' not allowed"}},
		{"unknown nested key", setArgs("webhook.failurePolicyy=Ignore"), []string{schemaErr, "at '/webhook': additional properties 'failurePolicyy' not allowed"}},
		{"timeout", setArgs("webhook.timeoutSeconds=60"), []string{schemaErr, "at '/webhook/timeoutSeconds': maximum: got 60, want 30"}},
		{"url without caBundle", setArgs("webhook.url=https://webhook.example.com:9443" + webhook.Path), []string{schemaErr, "at '/webhook/caBundle'"}},
		{"plain http url", setArgs("webhook.url=http://webhook.example.com"+webhook.Path, "webhook.caBundle="+pemCA), []string{schemaErr, "at '/webhook/url'"}},
		{"caBundle not PEM", setArgs("webhook.url=https://webhook.example.com"+webhook.Path, "webhook.caBundle=bm90IGEgY2VydA=="),
			[]string{"webhook.caBundle must be the base64 encoding of a PEM CA certificate"}},
		{"url and cert-manager", setArgs("webhook.url=https://webhook.example.com"+webhook.Path, "webhook.caBundle="+pemCA, "certManager.enabled=true"),
			[]string{"webhook.url (an externally managed webhook) and certManager.enabled exclude each other"}},
		{"rule mode", setArgs("config.modes.job-ttl-missing=sometimes"), []string{schemaErr, "at '/config/modes/job-ttl-missing'", "value must be one of 'deny', 'warn', 'off'"}},
		{"config key", setArgs("config.policy.minStartingDeadline=30"), []string{schemaErr, "at '/config/policy': additional properties 'minStartingDeadline' not allowed"}},
		{"excluded namespace", setArgs("webhook.excludedNamespaces={Team_A}"), []string{schemaErr, "at '/webhook/excludedNamespaces/0'"}},
		{"anti-affinity", setArgs("podAntiAffinity=always"), []string{schemaErr, "at '/podAntiAffinity': value must be one of 'none', 'soft', 'hard'"}},
		{"kubernetes version", []string{"--set-string", "kubernetesVersion=1.31"}, []string{schemaErr, "at '/kubernetesVersion'"}},
		{"pdb", setArgs("podDisruptionBudget.minAvailable=0"), []string{schemaErr, "at '/podDisruptionBudget/minAvailable': minimum: got 0, want 1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// helm template, and helm install (dry-run on the server, so nothing is installed
			// should the values pass): both must stop at the values.
			for _, cmd := range [][]string{
				{"template", release, chartDir(), "--namespace", "kbw-system"},
				{"install", uniqueName("kbw-bad-"), chartDir(), "--namespace", "default", "--dry-run=server"},
			} {
				out, errOut, err := runHelm(t, append(cmd, c.args...)...)
				if err == nil {
					t.Fatalf("helm %s accepted %q:\n%s", cmd[0], c.args, out)
				}
				for _, w := range c.want {
					if !strings.Contains(errOut, w) {
						t.Errorf("helm %s %q: error lacks %q:\n%s", cmd[0], c.args, w, errOut)
					}
				}
			}
		})
	}
}

// checkVersionAndDrain: the webhook decides for version (empty: the API server's, which needs
// the service account token for GET /version, else no token), drains for drain on SIGTERM and
// has grace seconds to finish.
func checkVersionAndDrain(t *testing.T, d appsv1.Deployment, version, drain string, grace int64) {
	t.Helper()
	spec := d.Spec.Template.Spec
	args := strings.Join(spec.Containers[0].Args, " ")
	wantArg := "--kubernetes-version=" + version
	if version == "" {
		if strings.Contains(args, "--kubernetes-version") {
			t.Errorf("--kubernetes-version without kubernetesVersion: %s", args)
		}
	} else if !strings.Contains(args, wantArg) {
		t.Errorf("args %s lack %s", args, wantArg)
	}
	if mount := spec.AutomountServiceAccountToken; mount == nil || *mount != (version == "") {
		t.Errorf("automountServiceAccountToken %v with kubernetesVersion %q (the token is needed only to read the server's version)", mount, version)
	}
	if !strings.Contains(args, "--max-connections=1024") {
		t.Errorf("args %s lack --max-connections=1024", args)
	}
	if !strings.Contains(args, "--shutdown-drain-period="+drain) {
		t.Errorf("args %s lack --shutdown-drain-period=%s", args, drain)
	}
	if g := spec.TerminationGracePeriodSeconds; g == nil || *g != grace {
		t.Errorf("terminationGracePeriodSeconds %v, want %d", g, grace)
	}
}
