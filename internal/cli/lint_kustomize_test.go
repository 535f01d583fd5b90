package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestLintKustomization: -k lints the objects a kustomization renders (prefix, namespace and
// patches applied), and each finding names the file the object came from and the line there
// (of the field as the base writes it, even when an overlay patched it).
func TestLintKustomization(t *testing.T) {
	code, out, errs := runCLI(t, "", "lint", "-k", "../kustomize/testdata/overlays/prod", "-o", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (findings)\n%s\n%s", code, out, errs)
	}
	var rep struct {
		Findings []struct {
			Rule   string `json:"rule"`
			Object struct {
				Name      string `json:"name"`
				Namespace string `json:"namespace"`
			} `json:"object"`
			Source struct {
				File      string `json:"file"`
				Line      int    `json:"line"`
				FieldLine int    `json:"fieldLine"`
			} `json:"source"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	type place struct {
		file      string
		fieldLine int
	}
	want := map[string]place{ // rule -> where
		"cronjob-name-too-long":  {"../kustomize/testdata/base/cronjob.yaml", 4},
		"restart-policy-invalid": {"../kustomize/testdata/base/job.yaml", 9},
	}
	for _, f := range rep.Findings {
		if w, ok := want[f.Rule]; ok {
			if f.Source.File != w.file || f.Source.FieldLine != w.fieldLine || f.Source.Line != 1 {
				t.Errorf("%s: source %+v, want %s, the object at line 1 and the field at line %d", f.Rule, f.Source, w.file, w.fieldLine)
			}
			if f.Object.Namespace != "reports" || !strings.HasPrefix(f.Object.Name, "production-eu-west-1-analytics-team-01-") {
				t.Errorf("%s: object %+v, want the overlay's namespace and prefix", f.Rule, f.Object)
			}
			delete(want, f.Rule)
		}
	}
	if len(want) > 0 {
		t.Errorf("findings missing: %v\n%s", want, out)
	}

	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"-k", "../kustomize/testdata/overlays/prod", "-f", "testdata/tree"}, "-k renders one kustomization; it cannot be combined with -f"},
		{[]string{"-k", "../kustomize/testdata/overlays/prod", "--live"}, "cannot be combined"},
	} {
		if code, _, errs := runCLI(t, "", append([]string{"lint"}, c.args...)...); code != 2 || !strings.Contains(errs, c.err) {
			t.Errorf("lint %v: exit %d, stderr %q; want 2 and %q", c.args, code, errs, c.err)
		}
	}
	code, out, _ = runCLI(t, "", "lint", "-k", "testdata/no-such-dir")
	if code != 2 || !strings.Contains(out, "testdata/no-such-dir") {
		t.Errorf("missing kustomization: exit %d\n%s", code, out)
	}
}

// TestExplainRendered: explain takes -k and --helm like lint, and names the source file.
func TestExplainRendered(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"-k", "../kustomize/testdata/overlays/prod"}, []string{"CronJob reports/production-eu-west-1-analytics-team-01-nightly-report",
			"from ../kustomize/testdata/base/cronjob.yaml:1", "The API server would reject this CronJob", "Job reports/production-eu-west-1-analytics-team-01-migrate"}},
		{[]string{"--helm", "../helmchart/testdata/app", "--release-name", "prod"}, []string{"CronJob default/prod-app-nightly-report",
			"from ../helmchart/testdata/app/templates/cronjob.yaml:1"}},
	} {
		code, out, errs := runCLI(t, "", append([]string{"explain"}, c.args...)...)
		if code != 0 {
			t.Errorf("explain %v: exit %d\n%s", c.args, code, errs)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("explain %v lacks %q:\n%s", c.args, w, out)
			}
		}
	}
	if code, _, errs := runCLI(t, "", "explain", "-k", "x", "cronjob/y"); code != 2 || !strings.Contains(errs, "cannot be combined") {
		t.Errorf("explain -k with an object: exit %d, %s", code, errs)
	}
}
