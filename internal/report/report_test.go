package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixture has two files (one of them stdin), an error, a warning, an info, an input error, and a
// finding without a field line; timezone-unset is deliberately missing from fixtureRules.
func fixture() Result {
	return Result{
		Findings: []lint.Finding{
			{
				RuleID: "schedule-invalid", Severity: lint.SeverityError, Class: lint.ClassServer,
				Path: "spec.schedule", Message: `"0 25 * * *": hour 25 is out of range (0-23)`,
				Fix:    `use a five-field cron expression, e.g. "0 2 * * *"`,
				Object: lint.ObjectRef{APIVersion: "batch/v1", Kind: "CronJob", Namespace: "batch", Name: "nightly-report"},
				Source: lint.Source{File: "jobs/nightly.yaml", Document: 1, Line: 1, FieldLine: 9},
			},
			{
				RuleID: "job-ttl-missing", Severity: lint.SeverityWarning, Class: lint.ClassAdvice,
				Path: "spec.ttlSecondsAfterFinished", Message: "not set: finished Pods and the Job stay until deleted by hand",
				Fix:    "set spec.ttlSecondsAfterFinished, e.g. 86400",
				Object: lint.ObjectRef{APIVersion: "batch/v1", Kind: "Job", Namespace: "batch", Name: "cleanup"},
				Source: lint.Source{File: "jobs/nightly.yaml", Document: 2, Line: 24},
			},
			{
				RuleID: "timezone-unset", Severity: lint.SeverityInfo, Class: lint.ClassAdvice,
				Path: "spec.timeZone", Message: "no time zone: the schedule follows the controller manager's zone",
				Fix:    `set spec.timeZone, e.g. "Etc/UTC"`,
				Object: lint.ObjectRef{APIVersion: "batch/v1", Kind: "CronJob", Name: "hourly-sync"},
				Source: lint.Source{File: "-", Document: 1, Line: 1, FieldLine: 6},
			},
		},
		Errors: []InputError{
			{File: "-", Line: 12, Message: "yaml: line 12: could not find expected ':'"},
		},
		Resources: 3,
		Skipped:   2,
		Files:     2,
	}
}

var fixtureRules = []lint.Rule{
	{
		ID: "schedule-invalid", Summary: "The schedule is not a valid cron expression",
		Severity: lint.SeverityError, Class: lint.ClassServer,
		Rationale: "The API server rejects a CronJob whose schedule does not parse.",
		Fix:       "Write five fields (minute hour day-of-month month day-of-week) or a macro such as @daily.",
	},
	{
		ID: "job-ttl-missing", Summary: "Finished Jobs are never cleaned up",
		Severity: lint.SeverityWarning, Class: lint.ClassAdvice,
		Rationale: "Without ttlSecondsAfterFinished, finished Jobs and their Pods pile up in etcd.",
		Fix:       "Set spec.ttlSecondsAfterFinished.",
	},
}

func render(t *testing.T, f Format, r Result, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, f, r, o); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return b.String()
}

// goldenOptions are the options of the golden outputs: a fixed working directory outside any
// repository, so SARIF's base URI does not depend on where the test runs.
var goldenOptions = Options{Rules: fixtureRules, FailOn: lint.SeverityError, WorkingDir: "/src/project"}

func TestGolden(t *testing.T) {
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			got := render(t, f, fixture(), goldenOptions)
			path := filepath.Join("testdata", string(f)+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/report/ -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s output differs from %s (run with -update and review the diff):\n%s", f, path, got)
			}
		})
	}
}

func TestTextColor(t *testing.T) {
	plain := render(t, FormatText, fixture(), Options{})
	if strings.Contains(plain, "\x1b[") {
		t.Errorf("colour codes without Color:\n%q", plain)
	}
	col := render(t, FormatText, fixture(), Options{Color: true})
	for _, want := range []string{
		ansiBold + "jobs/nightly.yaml" + ansiReset,
		ansiRed + "error" + ansiReset,
		ansiYellow + "warning" + ansiReset,
		ansiCyan + "info" + ansiReset,
	} {
		if !strings.Contains(col, want) {
			t.Errorf("coloured text lacks %q:\n%s", want, col)
		}
	}
	strip := strings.NewReplacer(ansiReset, "", ansiBold, "", ansiRed, "", ansiGreen, "", ansiYellow, "", ansiCyan, "")
	if strip.Replace(col) != plain {
		t.Errorf("colour changes more than colours:\n%s\n---\n%s", strip.Replace(col), plain)
	}
}

func TestSARIF(t *testing.T) {
	out := render(t, FormatSARIF, fixture(), Options{Rules: fixtureRules})
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name           string `json:"name"`
					InformationURI string `json:"informationUri"`
					Rules          []struct {
						ID                   string            `json:"id"`
						Name                 string            `json:"name"`
						ShortDescription     map[string]string `json:"shortDescription"`
						FullDescription      map[string]string `json:"fullDescription"`
						Help                 map[string]string `json:"help"`
						HelpURI              string            `json:"helpUri"`
						DefaultConfiguration map[string]string `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    *string           `json:"ruleId"`
				RuleIndex *int              `json:"ruleIndex"`
				Level     string            `json:"level"`
				Message   map[string]string `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if log.Schema != "https://json.schemastore.org/sarif-2.1.0.json" || log.Version != "2.1.0" {
		t.Errorf("schema/version = %q %q", log.Schema, log.Version)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "kubectl-batch" || d.InformationURI == "" {
		t.Errorf("driver = %q %q", d.Name, d.InformationURI)
	}
	ids := map[string]bool{}
	for _, r := range d.Rules {
		ids[r.ID] = true
		if r.ID == "" || r.Name == "" || r.ShortDescription["text"] == "" || r.FullDescription["text"] == "" ||
			r.Help["text"] == "" || r.Help["markdown"] == "" || r.DefaultConfiguration["level"] == "" {
			t.Errorf("rule %q lacks metadata: %+v", r.ID, r)
		}
		if want := "https://github.com/kubectl-batch/kubectl-batch/blob/main/docs/rules.md#" + r.ID; r.HelpURI != want {
			t.Errorf("rule %q helpUri = %q, want %q", r.ID, r.HelpURI, want)
		}
	}
	for _, id := range []string{"schedule-invalid", "job-ttl-missing", "timezone-unset", "input-error"} {
		if !ids[id] {
			t.Errorf("driver.rules lacks %q", id)
		}
	}
	if len(run.Results) != 4 {
		t.Fatalf("%d results, want 4", len(run.Results))
	}
	levels := map[string]int{}
	for _, r := range run.Results {
		if r.RuleID == nil || r.RuleIndex == nil {
			t.Fatalf("result without ruleId/ruleIndex: %+v", r)
		}
		if *r.RuleIndex < 0 || *r.RuleIndex >= len(d.Rules) || d.Rules[*r.RuleIndex].ID != *r.RuleID {
			t.Errorf("result %q has ruleIndex %d", *r.RuleID, *r.RuleIndex)
		}
		levels[r.Level]++
		if r.Message["text"] == "" || len(r.Locations) != 1 {
			t.Errorf("result %q: message %q, %d locations", *r.RuleID, r.Message["text"], len(r.Locations))
			continue
		}
		pl := r.Locations[0].PhysicalLocation
		if pl.Region.StartLine < 1 {
			t.Errorf("result %q: startLine %d", *r.RuleID, pl.Region.StartLine)
		}
		if pl.ArtifactLocation.URIBaseID != "%SRCROOT%" || pl.ArtifactLocation.URI == "" || pl.ArtifactLocation.URI == "-" {
			t.Errorf("result %q: artifactLocation %+v", *r.RuleID, pl.ArtifactLocation)
		}
	}
	if levels["error"] != 2 || levels["warning"] != 1 || levels["note"] != 1 {
		t.Errorf("levels = %v", levels)
	}
	if !strings.Contains(out, `"text": "CronJob batch/nightly-report: spec.schedule: `) {
		t.Errorf("message does not name the object and path:\n%s", out)
	}
}

// TestSARIFArtifacts: artifact URIs are relative to the repository root of their file (found
// from any working directory), else to the working directory; each base is named in
// originalUriBaseIds.
func TestSARIFArtifacts(t *testing.T) {
	repoRoots := func(roots ...string) func(string) string {
		return func(dir string) string {
			for _, r := range roots {
				if dir == r || strings.HasPrefix(dir, r+"/") {
					return r
				}
			}
			return ""
		}
	}
	type place struct{ uri, base string }
	for _, tc := range []struct {
		name  string
		wd    string
		roots []string
		files []string
		want  []place
		bases map[string]string
	}{{
		name: "outside a repository: relative to the working directory", wd: "/home/u/work",
		files: []string{"-", "jobs/a.yaml", "./jobs/a.yaml", "jobs//x/../a b.yaml", "/home/u/work/testdata/x.yaml", "/elsewhere/x.yaml"},
		want: []place{{"stdin", "%SRCROOT%"}, {"jobs/a.yaml", "%SRCROOT%"}, {"jobs/a.yaml", "%SRCROOT%"}, {"jobs/a%20b.yaml", "%SRCROOT%"},
			{"testdata/x.yaml", "%SRCROOT%"}, {"file:///elsewhere/x.yaml", ""}},
		bases: map[string]string{"%SRCROOT%": "file:///home/u/work/"},
	}, {
		name: "from a subdirectory of a repository", wd: "/repo/deploy/batch", roots: []string{"/repo"},
		files: []string{"job.yaml", "../../charts/x.yaml", "/repo/README.yaml", "-"},
		want:  []place{{"deploy/batch/job.yaml", "%SRCROOT%"}, {"charts/x.yaml", "%SRCROOT%"}, {"README.yaml", "%SRCROOT%"}, {"stdin", "%SRCROOT%"}},
		bases: map[string]string{"%SRCROOT%": "file:///repo/"},
	}, {
		name: "working directory outside, files in a repository", wd: "/tmp", roots: []string{"/repo"},
		files: []string{"/repo/a/job.yaml", "local.yaml"},
		want:  []place{{"a/job.yaml", "%SRCROOT%"}, {"local.yaml", "WORKDIR"}},
		bases: map[string]string{"%SRCROOT%": "file:///repo/", "WORKDIR": "file:///tmp/"},
	}, {
		name: "two repositories, the working directory's first", wd: "/one", roots: []string{"/one", "/two"},
		files: []string{"/two/b.yaml", "a.yaml"},
		want:  []place{{"b.yaml", "SRCROOT2"}, {"a.yaml", "%SRCROOT%"}},
		bases: map[string]string{"%SRCROOT%": "file:///one/", "SRCROOT2": "file:///two/"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if filepath.Separator != '/' {
				t.Skip("slash paths")
			}
			o := Options{WorkingDir: tc.wd}
			if tc.roots != nil {
				o.RepositoryRoot = repoRoots(tc.roots...)
			}
			a := newSARIFArtifacts(o)
			for _, f := range tc.files {
				a.add(f, false)
			}
			bases := a.assignBaseIDs()
			for i, f := range tc.files {
				p := a.location(f, false)
				if got := (place{p.uri, p.baseID}); got != tc.want[i] {
					t.Errorf("%s: got %+v, want %+v", f, got, tc.want[i])
				}
			}
			got := map[string]string{}
			for id, b := range bases {
				got[id] = b.URI
			}
			if !maps.Equal(got, tc.bases) {
				t.Errorf("originalUriBaseIds = %v, want %v", got, tc.bases)
			}
		})
	}
}

// TestSARIFFingerprintIgnoresWorkingDirectory: the same finding has the same fingerprint
// whether lint ran at the repository root or in a subdirectory.
func TestSARIFFingerprintIgnoresWorkingDirectory(t *testing.T) {
	if filepath.Separator != '/' {
		t.Skip("slash paths")
	}
	root := func(string) string { return "/repo" }
	f := fixture().Findings[0]
	fromRoot, fromSub := f, f
	fromSub.Source.File = "nightly.yaml"
	fromRoot.Source.File = "jobs/nightly.yaml"
	a := render(t, FormatSARIF, Result{Findings: []lint.Finding{fromRoot}}, Options{WorkingDir: "/repo", RepositoryRoot: root})
	b := render(t, FormatSARIF, Result{Findings: []lint.Finding{fromSub}}, Options{WorkingDir: "/repo/jobs", RepositoryRoot: root})
	if a != b {
		t.Errorf("SARIF differs by working directory:\n%s\n---\n%s", a, b)
	}
}

func TestJUnitParses(t *testing.T) {
	out := render(t, FormatJUnit, fixture(), Options{FailOn: lint.SeverityError})
	var root junitSuites
	if err := xml.Unmarshal([]byte(out), &root); err != nil {
		t.Fatalf("JUnit is not XML: %v\n%s", err, out)
	}
	// Three resources with findings and one input error; all three fixture resources have
	// findings, so no summary case.
	if root.Tests != 4 || root.Failures != 1 || root.Errors != 1 {
		t.Errorf("tests=%d failures=%d errors=%d, want 4, 1 and 1", root.Tests, root.Failures, root.Errors)
	}
	if len(root.Suites) != 2 || root.Suites[0].Name != "jobs/nightly.yaml" || root.Suites[1].Name != "<stdin>" {
		t.Fatalf("suites = %+v", root.Suites)
	}
	c := root.Suites[0].Cases[0]
	if c.Name != "CronJob batch/nightly-report (document 1)" || c.Classname != "jobs/nightly.yaml" || c.Failure == nil ||
		c.Failure.Type != "schedule-invalid" || !strings.HasPrefix(c.Failure.Message, "schedule-invalid: ") ||
		!strings.Contains(c.Failure.Text, "jobs/nightly.yaml:9") || !strings.Contains(c.Failure.Text, "fix: ") {
		t.Errorf("first case = %+v", c)
	}
	if w := root.Suites[0].Cases[1]; w.Failure != nil || w.SystemOut == nil || !strings.Contains(w.SystemOut.Text, "job-ttl-missing") {
		t.Errorf("warning case = %+v", w)
	}
	if e := root.Suites[1].Cases[0]; e.Failure != nil || e.Error == nil || e.Error.Type != InputErrorRule || root.Suites[1].Errors != 1 {
		t.Errorf("input error case = %+v (suite errors %d)", e, root.Suites[1].Errors)
	}

	r := fixture()
	r.Resources = 5
	r.Findings = append(r.Findings, r.Findings[0])
	r.Findings[3].RuleID = "other-rule"
	out = render(t, FormatJUnit, r, Options{FailOn: lint.SeverityError})
	root = junitSuites{}
	if err := xml.Unmarshal([]byte(out), &root); err != nil {
		t.Fatal(err)
	}
	if root.Tests != 5 || root.Failures != 1 || root.Errors != 1 {
		t.Errorf("tests=%d failures=%d errors=%d, want 5, 1 and 1:\n%s", root.Tests, root.Failures, root.Errors, out)
	}
	if f := root.Suites[0].Cases[0].Failure; f == nil || !strings.HasSuffix(f.Message, "(+1 more)") || !strings.Contains(f.Text, "other-rule") {
		t.Errorf("two errors on one resource: %+v", f)
	}
	last := root.Suites[len(root.Suites)-1]
	if last.Name != "kubectl-batch" || len(last.Cases) != 1 || last.Cases[0].Name != "2 resources without findings" {
		t.Errorf("summary suite = %+v", last)
	}
}

// TestJUnitFollowsFailOn: a resource fails exactly when it has a finding at or above --fail-on,
// so failures="0" exactly when the run exits 0 for its findings; input errors are <error>s.
func TestJUnitFollowsFailOn(t *testing.T) {
	for _, tc := range []struct {
		failOn   lint.Severity
		failures int // resources failing: the error CronJob, the warning Job, the info CronJob
		failType []string
	}{
		{lint.SeverityOff, 0, nil},
		{lint.SeverityError, 1, []string{"schedule-invalid"}},
		{lint.SeverityWarning, 2, []string{"schedule-invalid", "job-ttl-missing"}},
		{lint.SeverityInfo, 3, []string{"schedule-invalid", "job-ttl-missing", "timezone-unset"}},
	} {
		t.Run(tc.failOn.String(), func(t *testing.T) {
			r := fixture()
			var root junitSuites
			if err := xml.Unmarshal([]byte(render(t, FormatJUnit, r, Options{FailOn: tc.failOn})), &root); err != nil {
				t.Fatal(err)
			}
			if root.Failures != tc.failures || root.Errors != len(r.Errors) || (root.Failures > 0) != (r.Failing(tc.failOn) > 0) {
				t.Errorf("failures=%d errors=%d, want %d and %d (Failing=%d)", root.Failures, root.Errors, tc.failures, len(r.Errors), r.Failing(tc.failOn))
			}
			var types []string
			sumF, sumE, sumT := 0, 0, 0
			for _, s := range root.Suites {
				f, e := 0, 0
				for _, c := range s.Cases {
					if c.Failure != nil {
						f++
						types = append(types, c.Failure.Type)
						if c.Error != nil {
							t.Errorf("case %q has a failure and an error", c.Name)
						}
					}
					if c.Error != nil {
						e++
					}
					if c.Failure == nil && c.SystemOut == nil && c.Error == nil && strings.Contains(c.Name, "document") {
						t.Errorf("case %q lost its findings", c.Name)
					}
				}
				if s.Failures != f || s.Errors != e || s.Tests != len(s.Cases) {
					t.Errorf("suite %q: attributes tests=%d failures=%d errors=%d, elements %d %d %d", s.Name, s.Tests, s.Failures, s.Errors, len(s.Cases), f, e)
				}
				sumF, sumE, sumT = sumF+f, sumE+e, sumT+len(s.Cases)
			}
			if root.Failures != sumF || root.Errors != sumE || root.Tests != sumT {
				t.Errorf("testsuites attributes %d/%d/%d, suites sum to %d/%d/%d", root.Tests, root.Failures, root.Errors, sumT, sumF, sumE)
			}
			if !slices.Equal(types, tc.failType) {
				t.Errorf("failure types %v, want %v", types, tc.failType)
			}
		})
	}
}

func TestFailing(t *testing.T) {
	r := fixture()
	for th, want := range map[lint.Severity]int{lint.SeverityOff: 0, lint.SeverityError: 1, lint.SeverityWarning: 2, lint.SeverityInfo: 3} {
		if got := r.Failing(th); got != want {
			t.Errorf("Failing(%s) = %d, want %d", th, got, want)
		}
	}
}

// TestGitHubLiveObjects: objects read from the cluster have no file; the annotation names the
// object in its title and has no file= property.
func TestGitHubLiveObjects(t *testing.T) {
	r := Result{Resources: 1, Findings: []lint.Finding{{
		RuleID: "job-ttl-missing", Severity: lint.SeverityWarning, Path: "spec.ttlSecondsAfterFinished", Message: "not set",
		Fix: "set it", Object: lint.ObjectRef{Kind: "Job", Namespace: "batch", Name: "cleanup"}, Source: lint.Source{File: ClusterSource},
	}}}
	got := strings.SplitN(render(t, FormatGitHub, r, Options{}), "\n", 2)[0]
	if want := "::warning title=job-ttl-missing%3A Job batch/cleanup::not set (spec.ttlSecondsAfterFinished) — set it"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// A file that happens to be called "cluster" is a file (it has document numbers).
	r.Findings[0].Source = lint.Source{File: "cluster", Document: 1, Line: 4}
	got = strings.SplitN(render(t, FormatGitHub, r, Options{}), "\n", 2)[0]
	if !strings.HasPrefix(got, "::warning file=cluster,line=4,title=job-ttl-missing::") {
		t.Errorf("file named cluster: %s", got)
	}
}

// TestNonManifestDocuments: documents without apiVersion/kind are counted in the summary and JSON, and
// listed in JSON and in verbose text.
func TestNonManifestDocuments(t *testing.T) {
	r := Result{Resources: 1, Files: 3, NonManifestDocuments: []SkippedDocument{
		{File: "deploy/values.yaml", Document: 1, Line: 1}, {File: ".github/workflows/ci.yaml", Document: 1, Line: 2}, {File: "-", Document: 3, Line: 20},
	}}
	const summaryLine = "1 resource checked, no problems found, 3 documents skipped (no apiVersion/kind)\n"
	if got := render(t, FormatText, r, Options{}); got != summaryLine {
		t.Errorf("text = %q, want %q", got, summaryLine)
	}
	want := "skipped, no apiVersion/kind:\n  deploy/values.yaml:1 (document 1)\n  .github/workflows/ci.yaml:2 (document 1)\n  <stdin>:20 (document 3)\n\n" + summaryLine
	if got := render(t, FormatText, r, Options{Verbose: true}); got != want {
		t.Errorf("verbose text = %q\nwant            %q", got, want)
	}
	var js struct {
		NonManifestDocuments []SkippedDocument `json:"nonManifestDocuments"`
		Summary              map[string]any    `json:"summary"`
	}
	if err := json.Unmarshal([]byte(render(t, FormatJSON, r, Options{})), &js); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(js.NonManifestDocuments, r.NonManifestDocuments) || js.Summary["nonManifestDocuments"] != 3.0 {
		t.Errorf("json = %+v", js)
	}
	one := Result{NonManifestDocuments: r.NonManifestDocuments[:1]}
	if got := summary(one, false); got != "0 resources checked, no problems found, 1 document skipped (no apiVersion/kind)" {
		t.Errorf("summary = %q", got)
	}
}

// TestRuleInfosJSON: --list-rules -o json uses the report's camelCase keys and SARIF's help URIs.
func TestRuleInfosJSON(t *testing.T) {
	b, err := json.Marshal(RuleInfos(fixtureRules))
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0]["id"] != "job-ttl-missing" || got[1]["id"] != "schedule-invalid" {
		t.Fatalf("rules = %s", b)
	}
	keys := slices.Sorted(maps.Keys(got[0]))
	if want := []string{"class", "fix", "helpUri", "id", "rationale", "severity", "summary"}; !slices.Equal(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
	if got[0]["helpUri"] != helpURI("job-ttl-missing") || got[0]["severity"] != "warning" || got[0]["class"] != "advice" {
		t.Errorf("rule = %v", got[0])
	}
}

func TestGitHubEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\nb", "a%0Ab", "a%0Ab"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"k: v, w", "k: v, w", "k%3A v%2C w"},
		{"%0A", "%250A", "%250A"},
		{"C:\\jobs,a.yaml", "C:\\jobs,a.yaml", "C%3A\\jobs%2Ca.yaml"},
		{"", "", ""},
	} {
		if got := EscapeData(tc.in); got != tc.data {
			t.Errorf("EscapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := EscapeProperty(tc.in); got != tc.prop {
			t.Errorf("EscapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
	r := Result{Resources: 1, Findings: []lint.Finding{{
		RuleID: "r", Severity: lint.SeverityWarning, Message: "line one\nline two: 50%",
		Object: lint.ObjectRef{Kind: "Job", Name: "j"},
		Source: lint.Source{File: "dir,1/a:b.yaml", Line: 3},
	}}}
	got := strings.SplitN(render(t, FormatGitHub, r, Options{}), "\n", 2)[0]
	if want := "::warning file=dir%2C1/a%3Ab.yaml,line=3,title=r::line one%0Aline two: 50%25"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestNoFindings(t *testing.T) {
	r := Result{Resources: 4, Skipped: 1, Files: 2}
	if got, want := render(t, FormatText, r, Options{}), "4 resources checked, no problems found, 1 skipped (not Jobs or CronJobs)\n"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	if got, want := render(t, FormatGitHub, r, Options{}), "4 resources checked, no problems found, 1 skipped (not Jobs or CronJobs)\n"; got != want {
		t.Errorf("github = %q, want %q", got, want)
	}

	var js map[string]any
	if err := json.Unmarshal([]byte(render(t, FormatJSON, r, Options{})), &js); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"findings", "inputErrors"} {
		if a, ok := js[k].([]any); !ok || len(a) != 0 {
			t.Errorf("json %s = %#v, want []", k, js[k])
		}
	}
	if s := js["summary"].(map[string]any); s["resources"] != 4.0 || s["skipped"] != 1.0 || s["errors"] != 0.0 {
		t.Errorf("json summary = %v", s)
	}

	out := render(t, FormatSARIF, r, Options{})
	if !strings.Contains(out, `"results": []`) || !strings.Contains(out, `"rules": []`) {
		t.Errorf("SARIF without findings must have empty arrays:\n%s", out)
	}

	var root junitSuites
	if err := xml.Unmarshal([]byte(render(t, FormatJUnit, r, Options{FailOn: lint.SeverityError})), &root); err != nil {
		t.Fatal(err)
	}
	if root.Tests != 1 || root.Failures != 0 || len(root.Suites) != 1 || root.Suites[0].Cases[0].Name != "all resources (4 resources checked)" {
		t.Errorf("junit = %+v", root)
	}
}

func TestSummary(t *testing.T) {
	one := func(s lint.Severity) lint.Finding { return lint.Finding{Severity: s} }
	for _, tc := range []struct {
		r    Result
		want string
	}{
		{Result{}, "0 resources checked, no problems found"},
		{Result{Resources: 1}, "1 resource checked, no problems found"},
		{Result{Resources: 1, Findings: []lint.Finding{one(lint.SeverityError)}}, "1 resource checked, 1 error, 0 warnings, 0 info"},
		{
			Result{Resources: 3, Skipped: 4, Findings: []lint.Finding{one(lint.SeverityError), one(lint.SeverityError), one(lint.SeverityWarning)}, Errors: []InputError{{}}},
			"3 resources checked, 2 errors, 1 warning, 0 info, 4 skipped (not Jobs or CronJobs), 1 input error",
		},
		{
			Result{Resources: 2, Findings: []lint.Finding{one(lint.SeverityWarning), one(lint.SeverityWarning), one(lint.SeverityInfo)}, Errors: []InputError{{}, {}}},
			"2 resources checked, 0 errors, 2 warnings, 1 info, 2 input errors",
		},
		{Result{Errors: []InputError{{}}}, "0 resources checked, 0 errors, 0 warnings, 0 info, 1 input error"},
	} {
		if got := summary(tc.r, false); got != tc.want {
			t.Errorf("summary = %q\nwant      %q", got, tc.want)
		}
	}
}

func TestCounts(t *testing.T) {
	r := fixture()
	if r.ErrorCount() != 1 || r.WarningCount() != 1 || r.InfoCount() != 1 || r.Worst() != lint.SeverityError {
		t.Errorf("counts = %d %d %d worst %v", r.ErrorCount(), r.WarningCount(), r.InfoCount(), r.Worst())
	}
	if (Result{}).Worst() != lint.SeverityOff {
		t.Error("Worst of nothing is not off")
	}
}

func TestParseFormat(t *testing.T) {
	for _, name := range Formats() {
		f, err := ParseFormat(strings.ToUpper(name))
		if err != nil || string(f) != name {
			t.Errorf("ParseFormat(%q) = %q, %v", name, f, err)
		}
	}
	if f, err := ParseFormat(""); err != nil || f != FormatText {
		t.Errorf("ParseFormat(\"\") = %q, %v", f, err)
	}
	if _, err := ParseFormat("yaml"); err == nil || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("ParseFormat(yaml) error = %v", err)
	}
	if Formats()[0] != "text" {
		t.Errorf("default format is not first: %v", Formats())
	}
	if err := Write(&bytes.Buffer{}, "yaml", Result{}, Options{}); err == nil {
		t.Error("Write with an unknown format did not fail")
	}
}

func TestJUnitHostileText(t *testing.T) {
	r := Result{Resources: 1, Findings: []lint.Finding{{
		RuleID: "r", Severity: lint.SeverityError, Message: "bad \x00\x1b byte ]]> end <&>",
		Object: lint.ObjectRef{Kind: "Job", Name: "j\"<"}, Source: lint.Source{File: "a&b.yaml", Line: 2},
	}, {
		RuleID: "w", Severity: lint.SeverityWarning, Message: "also ]]> here\x07",
		Object: lint.ObjectRef{Kind: "Job", Name: "j\"<"}, Source: lint.Source{File: "a&b.yaml", Line: 3},
	}}}
	var root junitSuites
	if err := xml.Unmarshal([]byte(render(t, FormatJUnit, r, Options{FailOn: lint.SeverityError})), &root); err != nil {
		t.Fatal(err)
	}
	c := root.Suites[0].Cases[0]
	if root.Suites[0].Name != "a&b.yaml" || c.Name != "Job j\"<" || !strings.Contains(c.Failure.Text, "]]> end <&>") ||
		!strings.Contains(c.SystemOut.Text, "also ]]> here") {
		t.Errorf("round trip = %+v / %+v / %+v", root.Suites[0].Name, c, c.Failure)
	}
}

func TestTextInputErrorPlacement(t *testing.T) {
	f := func(line int) lint.Finding {
		return lint.Finding{RuleID: "r", Severity: lint.SeverityWarning, Message: "m", Object: lint.ObjectRef{Kind: "Job", Name: "j"}, Source: lint.Source{File: "a.yaml", Line: line}}
	}
	r := Result{
		Findings: []lint.Finding{f(3), f(10), f(20)},
		Errors:   []InputError{{File: "a.yaml", Line: 15, Message: "e15"}, {File: "a.yaml", Message: "e0"}, {File: "b.yaml", Line: 1, Message: "only"}, {File: "a.yaml", Line: 99, Message: "e99"}},
	}
	out := render(t, FormatText, r, Options{})
	var order []string
	for _, l := range strings.Split(out, "\n") {
		if fs := strings.Fields(l); len(fs) > 2 && strings.HasSuffix(fs[0], ":") {
			order = append(order, fs[0]+fs[len(fs)-1])
		}
	}
	want := "-:e0 3:m 10:m 15:e15 20:m 99:e99 1:only"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("order = %s\nwant    %s\n%s", got, want, out)
	}
	if !strings.Contains(out, "\nb.yaml\n") {
		t.Errorf("file with only an input error has no group:\n%s", out)
	}
}

// TestCodeClimateFields: every issue has what GitLab's Code Quality widget requires (a
// description, check name, fingerprint, a severity GitLab knows, a path and a line from 1), and
// fingerprints are unique within a report.
func TestCodeClimateFields(t *testing.T) {
	var issues []map[string]any
	if err := json.Unmarshal([]byte(render(t, FormatCodeClimate, fixture(), goldenOptions)), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) == 0 {
		t.Fatal("no issues")
	}
	seen := map[string]bool{}
	for _, is := range issues {
		for _, k := range []string{"description", "check_name", "fingerprint", "severity"} {
			if s, _ := is[k].(string); s == "" {
				t.Errorf("issue without %s: %v", k, is)
			}
		}
		switch is["severity"] {
		case "info", "minor", "major", "critical", "blocker":
		default:
			t.Errorf("severity %v is not one GitLab knows", is["severity"])
		}
		loc, _ := is["location"].(map[string]any)
		lines, _ := loc["lines"].(map[string]any)
		if p, _ := loc["path"].(string); p == "" || lines["begin"].(float64) < 1 {
			t.Errorf("bad location %v", loc)
		}
		fp := is["fingerprint"].(string)
		if seen[fp] {
			t.Errorf("fingerprint %s repeated", fp)
		}
		seen[fp] = true
	}
}

// TestJSONStreamsAsOneDocument: the findings, encoded one at a time, make the same bytes as the
// whole report encoded at once, with findings and without.
func TestJSONStreamsAsOneDocument(t *testing.T) {
	type whole struct {
		Findings             []lint.Finding    `json:"findings"`
		InputErrors          []InputError      `json:"inputErrors"`
		NonManifestDocuments []SkippedDocument `json:"nonManifestDocuments"`
		Summary              jsonSummary       `json:"summary"`
	}
	for _, r := range []Result{fixture(), {Files: 1, Resources: 1}} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		w := whole{Findings: r.Findings, InputErrors: r.Errors, NonManifestDocuments: r.NonManifestDocuments, Summary: jsonSummary{
			KubernetesVersion: r.KubernetesVersion, Files: r.Files, Resources: r.Resources, Errors: r.ErrorCount(), Warnings: r.WarningCount(),
			Info: r.InfoCount(), Skipped: r.Skipped, NonManifestDocuments: len(r.NonManifestDocuments), InputErrors: len(r.Errors)}}
		if w.Findings == nil {
			w.Findings = []lint.Finding{}
		}
		if w.InputErrors == nil {
			w.InputErrors = []InputError{}
		}
		if w.NonManifestDocuments == nil {
			w.NonManifestDocuments = []SkippedDocument{}
		}
		if err := enc.Encode(w); err != nil {
			t.Fatal(err)
		}
		if got := render(t, FormatJSON, r, Options{}); got != want.String() {
			t.Errorf("streamed JSON differs from the whole document:\n%s\nwant:\n%s", got, want.String())
		}
	}
}

// junitSuites and junitSuite decode the JUnit documents writeJUnit encodes piece by piece.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}
