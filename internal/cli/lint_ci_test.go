package cli

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kubectl-batch/kubectl-batch/internal/report"
)

// junitTotals is the root of JUnit output with its cases' elements counted.
type junitTotals struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Cases    []struct {
			Name    string    `xml:"name,attr"`
			Failure *struct{} `xml:"failure"`
			Error   *struct{} `xml:"error"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// TestLintJUnitAgreesWithExitCode: JUnit's failures are the findings at or above --fail-on and
// its errors the input errors, so failures="0" and errors="0" exactly when lint exits 0.
func TestLintJUnitAgreesWithExitCode(t *testing.T) {
	for _, tc := range []struct {
		name               string
		args               []string
		code               int
		failures, errCount int
	}{
		{"warning below the default --fail-on", []string{"testdata/warning-only.yaml"}, 0, 0, 0},
		{"warning at --fail-on warning", []string{"testdata/warning-only.yaml", "--fail-on", "warning"}, 1, 1, 0},
		{"warning at --fail-on info", []string{"testdata/warning-only.yaml", "--fail-on", "info"}, 1, 1, 0},
		{"error at the default --fail-on", []string{"testdata/tree/cronjob.yaml"}, 1, 1, 0},
		{"error with --fail-on none", []string{"testdata/tree/cronjob.yaml", "--fail-on", "none"}, 0, 0, 0},
		{"input error", []string{"testdata/malformed.yaml", "testdata/tree/cronjob.yaml"}, 2, 1, 1},
		{"input error with --fail-on none", []string{"testdata/malformed.yaml", "testdata/warning-only.yaml", "--fail-on", "none"}, 2, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", append([]string{"lint", "-o", "junit"}, tc.args...)...)
			var root junitTotals
			if err := xml.Unmarshal([]byte(out), &root); err != nil {
				t.Fatalf("not XML: %v\n%s\n%s", err, out, errs)
			}
			if code != tc.code || root.Failures != tc.failures || root.Errors != tc.errCount {
				t.Errorf("exit %d failures=%d errors=%d, want %d, %d and %d\n%s", code, root.Failures, root.Errors, tc.code, tc.failures, tc.errCount, out)
			}
			// The attributes are the elements' counts, suite by suite and in total.
			tests, failures, errors := 0, 0, 0
			for _, s := range root.Suites {
				f, e := 0, 0
				for _, c := range s.Cases {
					if c.Failure != nil {
						f++
					}
					if c.Error != nil {
						e++
					}
				}
				if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e {
					t.Errorf("suite attributes %d/%d/%d, elements %d/%d/%d", s.Tests, s.Failures, s.Errors, len(s.Cases), f, e)
				}
				tests, failures, errors = tests+len(s.Cases), failures+f, errors+e
			}
			if root.Tests != tests || root.Failures != failures || root.Errors != errors {
				t.Errorf("testsuites attributes %d/%d/%d, elements %d/%d/%d", root.Tests, root.Failures, root.Errors, tests, failures, errors)
			}
		})
	}
}

// TestLintListRulesJSON: --list-rules -o json has camelCase keys and the help URIs of SARIF.
func TestLintListRulesJSON(t *testing.T) {
	code, out, errs := runCLI(t, "", "lint", "--list-rules", "-o", "json", "--disable", "job-ttl-missing")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rules []map[string]any
	if err := json.Unmarshal([]byte(out), &rules); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(rules) < 10 {
		t.Fatalf("%d rules", len(rules))
	}
	want := []string{"class", "fix", "helpUri", "id", "rationale", "severity", "summary"}
	byID := map[string]map[string]any{}
	for _, r := range rules {
		if keys := slices.Sorted(maps.Keys(r)); !slices.Equal(keys, want) {
			t.Fatalf("keys %v, want %v", keys, want)
		}
		id, _ := r["id"].(string)
		if r["helpUri"] != report.DocsURL+"#"+id {
			t.Errorf("%s: helpUri %v", id, r["helpUri"])
		}
		byID[id] = r
	}
	if byID["job-ttl-missing"]["severity"] != "off" || byID["restart-policy-invalid"]["class"] != "server" {
		t.Errorf("severity/class: %v / %v", byID["job-ttl-missing"], byID["restart-policy-invalid"])
	}

	// The same URI as SARIF's rule entry.
	_, sarif, _ := runCLI(t, "", "lint", "-f", "testdata/tree/cronjob.yaml", "-o", "sarif")
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(sarif), &log); err != nil {
		t.Fatal(err)
	}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		if byID[r.ID] != nil && byID[r.ID]["helpUri"] != r.HelpURI {
			t.Errorf("%s: SARIF helpUri %q, --list-rules %v", r.ID, r.HelpURI, byID[r.ID]["helpUri"])
		}
	}
}

// TestLintNonManifestDocuments: YAML that is not a Kubernetes object is skipped and counted;
// malformed input still exits 2; --exclude leaves files of directories out.
func TestLintNonManifestDocuments(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.yaml")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	const job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec: {ttlSecondsAfterFinished: 60, template: {spec: {restartPolicy: Never, containers: [{name: c, image: i}]}}}\n"
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		out   []string // substrings of stdout
		err   string   // substring of stderr
	}{
		{"mixed repository", "", []string{"-f", "testdata/mixed", "-R"}, 2,
			[]string{"5 documents skipped (no apiVersion/kind)", "1 input error", "charts/app/templates/cronjob.yaml"}, ""},
		{"exclude a directory tree", "", []string{"-f", "testdata/mixed", "-R", "--exclude", "charts/**"}, 0,
			[]string{"1 resource checked for Kubernetes 1.37, no problems found, 5 documents skipped (no apiVersion/kind)"}, ""},
		{"exclude by a directory's base name", "", []string{"testdata/mixed", "-R", "--exclude", "templates"}, 0, []string{"no problems found"}, ""},
		{"exclude by a file's base name", "", []string{"testdata/mixed", "-R", "--exclude", "cron*.yaml"}, 0, []string{"no problems found"}, ""},
		{"exclude by relative path", "", []string{"testdata/mixed", "-R", "--exclude", "./charts/app/templates/cronjob.yaml"}, 0, []string{"no problems found"}, ""},
		{"exclude leaves other directories", "", []string{"testdata/mixed", "-R", "--exclude", "app/cronjob.yaml"}, 2, []string{"input-error"}, ""},
		{"exclude everything", "", []string{"testdata/mixed", "--exclude", "*"}, 2, []string{"that --exclude leaves (4 excluded)"}, ""},
		{"bad exclude glob", "", []string{"testdata/mixed", "--exclude", "[a"}, 2, nil, `--exclude "[a": syntax error in pattern`},
		{"exclude with --live", "", []string{"--live", "--exclude", "x"}, 2, nil, "--exclude applies to -f directories"},
		{"explicit file is read despite --exclude", "", []string{"testdata/mixed/values.yaml", "--exclude", "values.yaml"}, 0,
			[]string{"1 document skipped (no apiVersion/kind)"}, "Warning: testdata/mixed/values.yaml: no Kubernetes object in this file: 1 document without apiVersion/kind skipped"},
		{"explicit file without objects", "", []string{"testdata/mixed/Chart.yaml", "testdata/tree/clean.yaml"}, 0,
			[]string{"1 resource checked"}, "Warning: testdata/mixed/Chart.yaml: no Kubernetes object in this file"},
		{"explicit empty file", "", []string{empty}, 0, []string{"0 resources checked for Kubernetes 1.37, no problems found"}, "no Kubernetes object in this file: it is empty (or only comments)"},
		{"stdin with a job and values", job + "---\nreplicas: 2\n", []string{"-"}, 0, []string{"1 resource checked for Kubernetes 1.37, no problems found, 1 document skipped (no apiVersion/kind)"}, ""},
		{"stdin with values only", "replicas: 2\n", []string{"-f", "-"}, 0, []string{"1 document skipped"}, "Warning: <stdin>: no Kubernetes object in this file"},
		{"kind of the wrong type", "apiVersion: batch/v1\nkind: [Job]\n", []string{"-"}, 2, []string{"kind must be a string, found a list"}, ""},
		{"verbose lists the documents", job + "---\nreplicas: 2\n", []string{"-", "-v"}, 0, []string{"skipped, no apiVersion/kind:\n  <stdin>:6 (document 2)\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tt.stdin, append([]string{"lint"}, tt.args...)...)
			ok := code == tt.code && strings.Contains(errs, tt.err)
			for _, want := range tt.out {
				ok = ok && strings.Contains(out, want)
			}
			if !ok {
				t.Errorf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s\nwant stdout containing %q and stderr containing %q", code, tt.code, out, errs, tt.out, tt.err)
			}
			if tt.err == "" && strings.Contains(errs, "Warning") {
				t.Errorf("unexpected warning: %s", errs)
			}
		})
	}

	// Text (verbose) and JSON name the skipped documents.
	for _, format := range []string{"text", "json"} {
		t.Run("golden "+format, func(t *testing.T) {
			_, out, _ := runCLI(t, "", "lint", "-f", "testdata/mixed", "-R", "--exclude", "charts/**", "-v", "-o", format)
			assertGolden(t, filepath.Join("testdata", "golden", "lint-mixed."+format), out)
		})
	}
}

// TestLintPrecommitWithOtherYAML: the pre-commit hook passes every staged YAML file; files that
// are not manifests no longer fail the commit.
func TestLintPrecommitWithOtherYAML(t *testing.T) {
	code, out, errs := runCLI(t, "", "lint", "../../examples/good-db-migration-job.yaml", "testdata/mixed/values.yaml", "testdata/mixed/.github/workflows/ci.yaml")
	if code != ExitOK || !strings.Contains(out, "1 resource checked") || !strings.Contains(out, "2 documents skipped (no apiVersion/kind)") {
		t.Errorf("exit %d (want 0)\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// TestLintSuppressionAnnotation: the annotation cannot hide what kube-apiserver rejects, and
// rule IDs it names that do not exist are warned about with the closest rule.
func TestLintSuppressionAnnotation(t *testing.T) {
	const jobWith = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    lint.kubectl-batch.io/ignore: %s\nspec:\n  ttlSecondsAfterFinished: 60\n  template:\n    spec:\n      restartPolicy: %s\n      containers:\n      - {name: c, image: busybox:1.36}\n"
	const cronJob = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\n  annotations:\n    lint.kubectl-batch.io/ignore: starting-deadline-too-short\nspec:\n  schedule: \"0 2 * * *\"\n  timeZone: Etc/UTC\n  startingDeadlineSeconds: 5\n  jobTemplate:\n    spec:\n      ttlSecondsAfterFinished: 60\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - {name: c, image: busybox:1.36}\n"
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		out   []string
		err   string
	}{
		{"server-class rule is not suppressed", fmt.Sprintf(jobWith, "restart-policy-invalid", "Always"), nil, 1,
			[]string{"11:  error    restart-policy-invalid  Job migrate", "(lint.kubectl-batch.io/ignore cannot suppress restart-policy-invalid: kube-apiserver rejects the object regardless)", "1 error"}, ""},
		{"policy-class rule is suppressed", cronJob, nil, 0, []string{"no problems found"}, ""},
		{"unknown rule with a close one", fmt.Sprintf(jobWith, "job-ttl-missin, restart-policy-invalid", "Never"), nil, 0, []string{"no problems found"},
			`Warning: <stdin>:5: Job migrate: annotation lint.kubectl-batch.io/ignore names "job-ttl-missin", which is not a rule, so it suppresses nothing (did you mean "job-ttl-missing"?)`},
		{"unknown rule far from every rule", fmt.Sprintf(jobWith, "zzzzzzzz", "Never"), nil, 0, nil, `names "zzzzzzzz", which is not a rule, so it suppresses nothing (see kubectl batch lint --list-rules)`},
		{"ignoreSuppressions leaves the finding as it is", fmt.Sprintf(jobWith, "restart-policy-invalid", "Always"), []string{"--config", "testdata/ignore-suppressions.yaml"}, 1,
			[]string{"restartPolicy Always is not allowed in a Job: valid values are \"OnFailure\", \"Never\"\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tt.stdin, append([]string{"lint", "-"}, tt.args...)...)
			ok := code == tt.code && strings.Contains(errs, tt.err)
			for _, want := range tt.out {
				ok = ok && strings.Contains(out, want)
			}
			if !ok {
				t.Errorf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s\nwant stdout containing %q and stderr containing %q", code, tt.code, out, errs, tt.out, tt.err)
			}
		})
	}
}

// TestLintSARIFFromSubdirectory: run from a subdirectory of a repository, SARIF names files
// relative to the repository root (%SRCROOT%, defined in originalUriBaseIds); outside a
// repository relative to the working directory.
func TestLintSARIFFromSubdirectory(t *testing.T) {
	job, err := os.ReadFile("testdata/tree/cronjob.yaml")
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if repositoryRootFinder()(root) != "" {
		t.Skip("the temporary directory is inside a git repository")
	}
	sub := filepath.Join(root, "deploy", "batch")
	for _, dir := range []string{filepath.Join(root, ".git"), sub} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(sub, "cronjob.yaml"), job, 0o600); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "plain")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "cronjob.yaml"), job, 0o600); err != nil {
		t.Fatal(err)
	}
	outside, _ = filepath.EvalSymlinks(outside)

	type location struct{ uri, base, baseURI string }
	sarifLocation := func(t *testing.T, args ...string) location {
		t.Helper()
		code, out, errs := runCLI(t, "", append([]string{"lint", "-o", "sarif"}, args...)...)
		if code != 1 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var log struct {
			Runs []struct {
				OriginalURIBaseIDs map[string]struct {
					URI string `json:"uri"`
				} `json:"originalUriBaseIds"`
				Results []struct {
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI       string `json:"uri"`
								URIBaseID string `json:"uriBaseId"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		a := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
		return location{a.URI, a.URIBaseID, log.Runs[0].OriginalURIBaseIDs[a.URIBaseID].URI}
	}
	fileURI := func(dir string) string {
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()
	}

	t.Chdir(sub)
	want := location{"deploy/batch/cronjob.yaml", "%SRCROOT%", fileURI(root)}
	if got := sarifLocation(t, "-f", "cronjob.yaml"); got != want {
		t.Errorf("from %s: %+v, want %+v", sub, got, want)
	}
	t.Chdir(root)
	if got := sarifLocation(t, "-f", "deploy/batch/cronjob.yaml"); got != want {
		t.Errorf("from the root: %+v, want %+v", got, want)
	}
	t.Chdir(outside)
	if got, want := sarifLocation(t, "-f", filepath.Join(sub, "cronjob.yaml")), want; got != want {
		t.Errorf("from outside, a file in the repository: %+v, want %+v", got, want)
	}
	if got, want := sarifLocation(t, "cronjob.yaml"), (location{"cronjob.yaml", "%SRCROOT%", fileURI(outside)}); got != want {
		t.Errorf("outside a repository: %+v, want %+v", got, want)
	}
}

// TestUseColor: NO_COLOR (set and not empty) turns colour off even on a terminal; an explicit
// --color always still wins, as no-color.org asks.
func TestUseColor(t *testing.T) {
	for _, tc := range []struct {
		mode     string
		terminal bool
		noColor  string
		want     bool
	}{
		{"auto", true, "", true},
		{"auto", true, "1", false},
		{"auto", true, "0", false}, // any value but ""
		{"auto", false, "", false},
		{"never", true, "", false},
		{"always", false, "", true},
		{"always", true, "1", true},
	} {
		if got := useColor(tc.mode, tc.terminal, tc.noColor); got != tc.want {
			t.Errorf("useColor(%q, terminal %v, NO_COLOR %q) = %v, want %v", tc.mode, tc.terminal, tc.noColor, got, tc.want)
		}
	}
}

// TestLintNoColor: with NO_COLOR set lint writes no ANSI escapes unless --color always asks.
func TestLintNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	for _, args := range [][]string{{}, {"--color", "auto"}, {"--color", "never"}, {"-o", "github"}} {
		_, out, _ := runCLI(t, "", append([]string{"lint", "testdata/tree/cronjob.yaml"}, args...)...)
		if strings.Contains(out, "\x1b[") {
			t.Errorf("%v: ANSI escapes with NO_COLOR set:\n%q", args, out)
		}
	}
	if _, out, _ := runCLI(t, "", "lint", "testdata/tree/cronjob.yaml", "--color", "always"); !strings.Contains(out, "\x1b[31merror\x1b[0m") {
		t.Errorf("--color always must colour despite NO_COLOR:\n%q", out)
	}
}

// TestExcluded: --exclude globs match a path relative to the -f directory or its base name; "**"
// spans directories, "*" does not.
func TestExcluded(t *testing.T) {
	for _, tc := range []struct {
		glob, rel string
		want      bool
	}{
		{"values.yaml", "values.yaml", true},
		{"values.yaml", "charts/app/values.yaml", true}, // base name
		{"values*.yaml", "charts/app/values-prod.yaml", true},
		{"charts", "charts", true}, // the directory, so nothing below it is read
		{"charts/**", "charts", true},
		{"charts/**", "charts/app/templates/job.yaml", true},
		{"charts/*", "charts/app/templates/job.yaml", false},
		{"charts/*", "charts/app", true},
		{"**/templates/*.yaml", "charts/app/templates/job.yaml", true},
		{"**/templates/*.yaml", "templates/job.yaml", true},
		{"./deploy/job.yaml", "deploy/job.yaml", true},
		{"deploy/", "deploy", true},
		{"deploy/job.yaml", "other/deploy/job.yaml", false},
		{".github", ".github", true},
		{"*.json", "a/b.yaml", false},
		{"[", "[", false}, // malformed: matches nothing (rejected by validateExcludes)
	} {
		if got := excluded([]string{tc.glob}, tc.rel); got != tc.want {
			t.Errorf("excluded(%q, %q) = %v, want %v", tc.glob, tc.rel, got, tc.want)
		}
	}
	if err := validateExcludes([]string{"charts/**", "[a-z]*.yaml"}); err != nil {
		t.Errorf("valid globs rejected: %v", err)
	}
	for _, bad := range []string{"[", "a/[b", " "} {
		if err := validateExcludes([]string{bad}); err == nil {
			t.Errorf("validateExcludes(%q) accepted", bad)
		}
	}
}
