package kubeversion

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]string{"1.33": "1.33", "v1.37": "1.37", "1.32.13": "1.32", "v1.36.3": "1.36", " 1.35 ": "1.35"} {
		v, err := Parse(in)
		if err != nil || v.String() != want {
			t.Errorf("Parse(%q) = %v, %v; want %s", in, v, err, want)
		}
	}
	for in, msg := range map[string]string{
		"1.31":   "unsupported Kubernetes version 1.31 (supported: 1.32, 1.33, 1.34, 1.35, 1.36, 1.37)",
		"1.38":   "unsupported Kubernetes version 1.38",
		"2.0":    "bad Kubernetes version",
		"1":      "bad Kubernetes version",
		"1.x":    "bad Kubernetes version",
		"":       "bad Kubernetes version",
		"1.33.x": "bad Kubernetes version",
	} {
		if _, err := Parse(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("Parse(%q) error %v; want one containing %q", in, err, msg)
		}
	}
}

func TestFromServer(t *testing.T) {
	cases := []struct{ major, minor, git, want string }{
		{"1", "33", "v1.33.13", "1.33"},
		{"1", "34+", "v1.34.4-eks-4f2a1b7", "1.34"},
		{"", "", "v1.36.3-gke.100", "1.36"},
	}
	for _, c := range cases {
		v, err := FromServer(c.major, c.minor, c.git)
		if err != nil || v.String() != c.want {
			t.Errorf("FromServer(%q, %q, %q) = %v, %v; want %s", c.major, c.minor, c.git, v, err, c.want)
		}
	}
	if _, err := FromServer("1", "30", "v1.30.2"); err == nil {
		t.Error("a 1.30 server must be unsupported")
	}
}

func TestJSON(t *testing.T) {
	var c struct {
		V Version `json:"v,omitzero"`
	}
	for _, in := range []string{`{"v":"1.33"}`, `{"v":1.33}`} {
		if err := json.Unmarshal([]byte(in), &c); err != nil || c.V.String() != "1.33" {
			t.Errorf("%s: %v %v", in, c.V, err)
		}
	}
	if err := json.Unmarshal([]byte(`{"v":"1.29"}`), &c); err == nil {
		t.Error("1.29 must not unmarshal")
	}
	b, _ := json.Marshal(c)
	if string(b) != `{"v":"1.33"}` {
		t.Errorf("marshal: %s", b)
	}
	c.V = Version{}
	if b, _ = json.Marshal(c); string(b) != `{}` {
		t.Errorf("zero version marshals to %s; want it omitted", b)
	}
}

// TestGateDefaults spot-checks the generated table against defaults read by hand from upstream's
// pkg/features of each version.
func TestGateDefaults(t *testing.T) {
	cases := []struct {
		g    Gate
		want [6]bool // 1.32 .. 1.37
	}{
		{GateUserNamespacesSupport, [6]bool{false, true, true, true, true, true}},
		{GatePodLevelResources, [6]bool{false, false, true, true, true, true}},
		{GateImageVolume, [6]bool{false, false, false, true, true, true}},
		{GateContainerRestartRules, [6]bool{false, false, false, true, true, true}},
		{GateClusterTrustBundleProjection, [6]bool{false, false, false, false, false, true}},
		{GateMutablePodResourcesForSuspendedJobs, [6]bool{false, false, false, false, true, true}},
		{GateRelaxedDNSSearchValidation, [6]bool{false, true, true, true, true, true}}, // removed in 1.37 after GA
		{GateContainerStopSignals, [6]bool{false, false, false, false, false, false}},
	}
	for _, c := range cases {
		for i, v := range Supported() {
			if got := v.Enabled(c.g); got != c.want[i] {
				t.Errorf("%s in %s: %v, want %v", c.g, v, got, c.want[i])
			}
		}
	}
}

func TestFields(t *testing.T) {
	has := map[string]string{}
	for _, f := range Fields() {
		has[f.Kind+" "+f.Path] = f.Range()
	}
	for k, want := range map[string]string{
		"Job spec.scheduling":                                                   "1.37 and later",
		"Job spec.template.spec.hostnameOverride":                               "1.34 and later",
		"Job spec.template.spec.workloadRef":                                    "1.35 only",
		"Job spec.template.spec.containers[*].restartPolicyRules":               "1.34 and later",
		"Job spec.template.spec.containers[*].env[*].valueFrom.fileKeyRef":      "1.34 and later",
		"Job spec.template.spec.volumes[*].emptyDir.mode":                       "1.37 and later",
		"Job spec.template.spec.containers[*].lifecycle.stopSignal":             "1.33 and later",
		"Job spec.template.spec.volumes[*].projected.sources[*].podCertificate": "1.34 and later",
	} {
		if has[k] != want {
			t.Errorf("%s: %q, want %q", k, has[k], want)
		}
	}
}
