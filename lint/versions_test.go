package lint_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kubectl-batch/kubectl-batch/lint"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

func versionFindings(t *testing.T, minor string, yaml string) []lint.Finding {
	t.Helper()
	v, err := kubeversion.Parse(minor)
	if err != nil {
		t.Fatal(err)
	}
	e, err := lint.New(lint.Config{KubernetesVersion: v})
	if err != nil {
		t.Fatal(err)
	}
	return e.Check(context.Background(), decodeBytes(t, "v.yaml", []byte(yaml))[0])
}

func has(fs []lint.Finding, rule, path string) bool {
	for _, f := range fs {
		if f.RuleID == rule && f.Path == path {
			return true
		}
	}
	return false
}

const versionJob = `apiVersion: batch/v1
kind: Job
metadata: {name: v, namespace: default}
spec:
  template:
    spec:
      restartPolicy: Never
%s      containers:
      - name: c
        image: busybox:1.36
%s`

func TestVersionDifferences(t *testing.T) {
	cases := []struct {
		name, pod, container string
		// per version 1.32..1.37: the rule expected at path ("" none)
		rule, path string
		want       [6]bool
	}{
		{"hostnameOverride unknown before 1.34", "      hostnameOverride: box\n", "", lint.RuleUnknownField, "spec.template.spec.hostnameOverride",
			[6]bool{true, true, false, false, false, false}},
		{"hostnameOverride dropped in 1.34", "      hostnameOverride: box\n", "", lint.RuleFieldIgnored, "spec.template.spec.hostnameOverride",
			[6]bool{false, false, true, false, false, false}},
		{"emptyDir.mode dropped in 1.37, unknown before", "      volumes: [{name: s, emptyDir: {mode: 448}}]\n", "", lint.RuleUnknownField, "spec.template.spec.volumes[0].emptyDir.mode",
			[6]bool{true, true, true, true, true, false}},
		{"podCertificate.userAnnotations unknown only where podCertificate is known (1.34)", "      volumes: [{name: s, projected: {sources: [{podCertificate: {signerName: example.com/s, keyType: ED25519, credentialBundlePath: c.pem, userAnnotations: {a.io/b: c}}}]}}]\n", "", lint.RuleUnknownField, "spec.template.spec.volumes[0].projected.sources[0].podCertificate.userAnnotations",
			[6]bool{false, false, true, false, false, false}},
		{"podCertificate unknown before 1.34", "      volumes: [{name: s, projected: {sources: [{podCertificate: {signerName: example.com/s, keyType: ED25519, credentialBundlePath: c.pem, userAnnotations: {a.io/b: c}}}]}}]\n", "", lint.RuleUnknownField, "spec.template.spec.volumes[0].projected.sources[0].podCertificate",
			[6]bool{true, true, false, false, false, false}},
		{"init container restartPolicy Never dropped by 1.34 only", "      initContainers: [{name: i, image: busybox, restartPolicy: Never}]\n", "", lint.RuleFieldIgnored, "spec.template.spec.initContainers[0].restartPolicy",
			[6]bool{false, false, true, false, false, false}},
		{"sidecar restartPolicy Always kept by 1.34", "      initContainers: [{name: i, image: busybox, restartPolicy: Always}]\n", "", lint.RuleFieldIgnored, "spec.template.spec.initContainers[0].restartPolicy",
			[6]bool{false, false, false, false, false, false}},
		{"emptyDir.mode ignored by 1.37", "      volumes: [{name: s, emptyDir: {mode: 448}}]\n", "", lint.RuleFieldIgnored, "spec.template.spec.volumes[0].emptyDir.mode",
			[6]bool{false, false, false, false, false, true}},
		{"container restartPolicy forbidden before 1.34", "", "        restartPolicy: Never\n", "container-invalid", "spec.template.spec.containers[0].restartPolicy",
			[6]bool{true, true, false, false, false, false}},
		{"container restartPolicy dropped in 1.34", "", "        restartPolicy: Never\n", lint.RuleFieldIgnored, "spec.template.spec.containers[0].restartPolicy",
			[6]bool{false, false, true, false, false, false}},
		{"DNS search '.' strict in 1.32", "      dnsConfig: {searches: [\".\"]}\n", "", "pod-template-invalid", "spec.template.spec.dnsConfig.searches[0]",
			[6]bool{true, false, false, false, false, false}},
		{"leading-zero IP from 1.36", "      hostAliases: [{ip: \"010.0.0.1\", hostnames: [a.example]}]\n", "", "pod-template-invalid", "spec.template.spec.hostAliases[0].ip",
			[6]bool{false, false, false, false, true, true}},
		{"image volume reference required in 1.37", "      volumes: [{name: img, image: {pullPolicy: Always}}]\n", "", "volume-invalid", "spec.template.spec.volumes[0].image.reference",
			[6]bool{false, false, false, false, false, true}},
		{"image volume dropped before 1.35", "      volumes: [{name: img, image: {reference: busybox}}]\n", "", lint.RuleFieldIgnored, "spec.template.spec.volumes[0].image",
			[6]bool{true, true, true, false, false, false}},
		{"shareProcessNamespace path moved in 1.37", "      hostPID: true\n      shareProcessNamespace: true\n", "", "security-context-invalid", "spec.template.spec.shareProcessNamespace",
			[6]bool{false, false, false, false, false, true}},
		{"empty clusterTrustBundle validated in 1.37", "      volumes: [{name: p, projected: {sources: [{clusterTrustBundle: {}}]}}]\n", "", "volume-invalid", "spec.template.spec.volumes[0].projected.sources[0].clusterTrustBundle.path",
			[6]bool{false, false, false, false, false, true}},
	}
	for _, c := range cases {
		for i, v := range kubeversion.Supported() {
			fs := versionFindings(t, v.String(), strings.Replace(strings.Replace(versionJob, "%s", c.pod, 1), "%s", c.container, 1))
			if got := has(fs, c.rule, c.path); got != c.want[i] {
				t.Errorf("%s, Kubernetes %s: %s at %s reported %v, want %v\n%v", c.name, v, c.rule, c.path, got, c.want[i], fs)
			}
		}
	}
}

// TestVersionTable: one cell per supported version in every row, and the rows that docs/versions.md
// is made of show the differences the engine applies (spot checks against the engine's inputs).
func TestVersionTable(t *testing.T) {
	rows := lint.VersionTable()
	want := map[string][]string{
		"`spec.scheduling`":                               {"unknown", "unknown", "unknown", "unknown", "unknown", "dropped"},
		"`spec.template.spec.hostnameOverride`":           {"unknown", "unknown", "dropped", "yes", "yes", "yes"},
		"pod template: SleepZero":                         {"-", "on", "on", "on", "on", "on"},
		"Job update: MutablePodResourcesForSuspendedJobs": {"-", "-", "-", "-", "on", "on"},
	}
	seen := map[string]bool{}
	for _, r := range rows {
		if len(r.Cells) != len(kubeversion.Supported()) {
			t.Errorf("%s: %d cells, want one per supported version", r.Subject, len(r.Cells))
		}
		if r.Doc == "" {
			t.Errorf("%s: no description", r.Subject)
		}
		if w, ok := want[r.Subject]; ok {
			seen[r.Subject] = true
			if strings.Join(r.Cells, " ") != strings.Join(w, " ") {
				t.Errorf("%s: cells %v, want %v", r.Subject, r.Cells, w)
			}
		}
	}
	for s := range want {
		if !seen[s] {
			t.Errorf("no row %s", s)
		}
	}
}

// TestFieldRemovedSinceIsDroppedByItsVersion: PodSpec.workloadRef exists only in 1.35, whose
// server drops it (GenericWorkload is off); this build's API types lack it, so the decoder
// calls it unknown, which is right for every other version.
func TestFieldRemovedSinceIsDroppedByItsVersion(t *testing.T) {
	const pod = "      workloadRef: {name: w, podGroup: g}\n"
	for _, minor := range []string{"1.34", "1.35", "1.36", "1.37"} {
		fs := versionFindings(t, minor, fmt.Sprintf(versionJob, pod, ""))
		unknown := has(fs, lint.RuleUnknownField, "spec.template.spec.workloadRef")
		ignored := has(fs, lint.RuleFieldIgnored, "spec.template.spec.workloadRef")
		if want := minor == "1.35"; ignored != want || unknown == want {
			t.Errorf("%s: unknown-field %v, field-ignored %v", minor, unknown, ignored)
		}
	}
	// No supported version turns on the gate of a field this build cannot read.
	for _, f := range kubeversion.Fields() {
		if !f.ExistsIn(kubeversion.Default()) && f.Path == "spec.template.spec.workloadRef" {
			for _, v := range kubeversion.Supported() {
				if v.Has(f) && v.Enabled(kubeversion.GateGenericWorkload) {
					t.Errorf("%s has workloadRef with its gate on: lint cannot validate it", v)
				}
			}
		}
	}
}
