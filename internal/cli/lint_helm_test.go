package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

type helmFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Fix      string `json:"fix"`
	Object   struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"object"`
	Source struct {
		File      string `json:"file"`
		Line      int    `json:"line"`
		FieldLine int    `json:"fieldLine"`
	} `json:"source"`
}

func lintHelm(t *testing.T, args ...string) (int, []helmFinding, string) {
	t.Helper()
	code, out, errs := runCLI(t, "", append([]string{"lint", "--helm", "../helmchart/testdata/app", "-o", "json"}, args...)...)
	var rep struct {
		Findings []helmFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, errs)
	}
	return code, rep.Findings, errs
}

// TestLintHelmChart: --helm renders the chart offline with --values, --set, --release-name and
// -n, and findings name the template file below the chart directory and the template line that
// writes the field.
func TestLintHelmChart(t *testing.T) {
	code, fs, errs := lintHelm(t, "--values", "../helmchart/testdata/prod-values.yaml", "--set", "image=busybox:1.37", "--release-name", "prod", "-n", "reports")
	if code != 1 || len(fs) != 1 {
		t.Fatalf("exit %d, findings %+v (%s); want 1 and restart-policy-invalid alone", code, fs, errs)
	}
	f := fs[0]
	if f.Rule != "restart-policy-invalid" || f.Source.File != "../helmchart/testdata/app/templates/migrate-hook.yaml" || f.Source.FieldLine != 12 ||
		f.Object.Name != "prod-app-migrate" || f.Object.Namespace != "" {
		t.Errorf("finding %+v", f)
	}
}

// TestLintHelmReleaseNames: without --release-name, names are also checked with the longest
// release name Helm allows; those that break a length limit then are warnings naming the
// template line and expression; with --release-name given, they are not reported.
func TestLintHelmReleaseNames(t *testing.T) {
	code, fs, errs := lintHelm(t)
	if code != 0 {
		t.Fatalf("exit %d: warnings must not fail at the default --fail-on\n%+v\n%s", code, fs, errs)
	}
	want := map[string]int{"cronjob-name-too-long": 4, "job-name-too-long": 5} // rule -> template line
	for _, f := range fs {
		line, ok := want[f.Rule]
		if !ok {
			t.Errorf("unexpected finding %+v", f)
			continue
		}
		if f.Severity != "warning" || f.Source.FieldLine != line || !strings.Contains(f.Message, "53-character release name") ||
			!strings.Contains(f.Fix, `{{ include "app.fullname" . }}`) || !strings.Contains(f.Fix, "trunc") {
			t.Errorf("finding %+v", f)
		}
		delete(want, f.Rule)
	}
	if len(want) > 0 {
		t.Errorf("missing release-name findings: %v", want)
	}
	if _, fs, _ := lintHelm(t, "--release-name", "short"); len(fs) != 0 {
		t.Errorf("with --release-name the release is known, yet: %+v", fs)
	}
}

func TestLintHelmUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"--helm", "x", "-f", "y"}, "--helm renders one chart"},
		{[]string{"--helm", "x", "-k", "y"}, "-k renders one kustomization"},
		{[]string{"-f", "testdata/tree", "--values", "v.yaml"}, "--values, --set and --release-name apply to --helm"},
	} {
		if code, _, errs := runCLI(t, "", append([]string{"lint"}, c.args...)...); code != 2 || !strings.Contains(errs, c.err) {
			t.Errorf("lint %v: exit %d, %q; want 2 and %q", c.args, code, errs, c.err)
		}
	}
	code, out, _ := runCLI(t, "", "lint", "--helm", "testdata/no-chart")
	if code != 2 || !strings.Contains(out, "loading the chart testdata/no-chart") {
		t.Errorf("missing chart: exit %d\n%s", code, out)
	}
}
