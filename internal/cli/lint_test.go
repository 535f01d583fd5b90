package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
)

var update = flag.Bool("update", false, "rewrite golden files")

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	streams := genericiooptions.IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errb}
	code = Execute(context.Background(), args, streams)
	return code, out.String(), errb.String()
}

func TestLintExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string // substring of stdout
		err  string // substring of stderr
	}{
		{"clean file", []string{"lint", "-f", "testdata/tree/clean.yaml"}, 0, "1 resource checked for Kubernetes 1.37, no problems found", ""},
		{"policy error", []string{"lint", "-f", "testdata/tree/cronjob.yaml"}, 1, "starting-deadline-too-short", ""},
		{"fail-on none", []string{"lint", "-f", "testdata/tree/cronjob.yaml", "--fail-on", "none"}, 0, "starting-deadline-too-short", ""},
		{"warning below fail-on error", []string{"lint", "-f", "testdata/warning-only.yaml"}, 0, "restart-on-failure-with-backoff", ""},
		{"warning at fail-on warning", []string{"lint", "-f", "testdata/warning-only.yaml", "--fail-on", "warning"}, 1, "restart-on-failure-with-backoff", ""},
		{"disabled rule", []string{"lint", "-f", "testdata/tree/cronjob.yaml", "--disable", "starting-deadline-too-short"}, 0, "", ""},
		{"enable with severity", []string{"lint", "-f", "testdata/warning-only.yaml", "--enable", "restart-on-failure-with-backoff=error"}, 1, "error    restart-on-failure-with-backoff", ""},
		{"malformed input still reports other files", []string{"lint", "-f", "testdata/malformed.yaml", "-f", "testdata/tree/cronjob.yaml"}, 2, "starting-deadline-too-short", ""},
		{"missing file", []string{"lint", "-f", "testdata/nope.yaml", "-f", "testdata/tree/clean.yaml"}, 2, "no such file or directory", ""},
		{"no input", []string{"lint"}, 2, "", "nothing to lint"},
		{"bad output", []string{"lint", "-f", "testdata/tree/clean.yaml", "-o", "xml"}, 2, "", "xml"},
		{"bad fail-on", []string{"lint", "-f", "testdata/tree/clean.yaml", "--fail-on", "fatal"}, 2, "", "--fail-on"},
		{"unknown rule", []string{"lint", "-f", "testdata/tree/clean.yaml", "--disable", "nope"}, 2, "", `unknown rule "nope"`},
		{"unknown flag", []string{"lint", "--frobnicate"}, 2, "", "unknown flag"},
		{"field of a newer version", []string{"lint", "-f", "testdata/hostname-override.yaml", "--kubernetes-version", "1.33"}, 1, `unknown field "spec.template.spec.hostnameOverride": Kubernetes 1.33 has no such field (it exists in 1.34 and later)`, ""},
		{"field dropped by the version", []string{"lint", "-f", "testdata/hostname-override.yaml", "--kubernetes-version", "v1.34.4", "--fail-on", "warning"}, 1, "field-ignored", ""},
		{"field known to the default version", []string{"lint", "-f", "testdata/hostname-override.yaml"}, 0, "1 resource checked for Kubernetes 1.37, no problems found", ""},
		{"version from the config file", []string{"lint", "-f", "testdata/hostname-override.yaml", "--config", "testdata/kv/config.yaml"}, 1, "Kubernetes 1.33 has no such field", ""},
		{"flag over the config file", []string{"lint", "-f", "testdata/hostname-override.yaml", "--config", "testdata/kv/config.yaml", "--kubernetes-version", "1.35"}, 0, "for Kubernetes 1.35, no problems found", ""},
		{"unsupported version", []string{"lint", "-f", "testdata/tree/clean.yaml", "--kubernetes-version", "1.31"}, 2, "", "unsupported Kubernetes version 1.31 (supported: 1.32, 1.33, 1.34, 1.35, 1.36, 1.37)"},
		{"unsupported version in the config file", []string{"lint", "-f", "testdata/tree/clean.yaml", "--config", "testdata/kv/bad.yaml"}, 2, "", "unsupported Kubernetes version 1.29"},
		{"selector without live", []string{"lint", "-f", "testdata/tree/clean.yaml", "-l", "a=b"}, 2, "", "--live"},
		{"list rules", []string{"lint", "--list-rules"}, 0, "restart-policy-invalid", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errs, tt.err) {
				t.Errorf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s\nwant stdout containing %q and stderr containing %q", code, tt.code, out, errs, tt.out, tt.err)
			}
		})
	}
}

// TestLintFileArguments: FILE arguments are linted as if each were given with -f (pre-commit
// and xargs pass files that way).
func TestLintFileArguments(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		out   []string // substrings of stdout
		err   string   // substring of stderr
	}{
		{"one file", "", []string{"lint", "testdata/tree/cronjob.yaml"}, 1, []string{"testdata/tree/cronjob.yaml", "starting-deadline-too-short"}, ""},
		{"two files", "", []string{"lint", "testdata/tree/clean.yaml", "testdata/warning-only.yaml"}, 0, []string{"restart-on-failure-with-backoff", "2 resources checked"}, ""},
		{"mixed with -f", "", []string{"lint", "-f", "testdata/tree/cronjob.yaml", "testdata/warning-only.yaml"}, 1, []string{"starting-deadline-too-short", "restart-on-failure-with-backoff", "2 resources checked"}, ""},
		{"directory with -R", "", []string{"lint", "testdata/tree", "-R"}, 1, []string{"restart-policy-invalid", "3 resources checked"}, ""},
		{"stdin as -", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec: {template: {spec: {restartPolicy: Always, containers: [{name: c, image: i}]}}}\n", []string{"lint", "-"}, 1, []string{"restart-policy-invalid"}, ""},
		{"missing file still reports the others", "", []string{"lint", "testdata/nope.yaml", "testdata/tree/cronjob.yaml"}, 2, []string{"no such file or directory", "starting-deadline-too-short"}, ""},
		{"live with file arguments", "", []string{"lint", "--live", "testdata/tree/clean.yaml"}, 2, nil, "cannot be combined with FILE arguments"},
		{"stdin twice", "", []string{"lint", "-f", "-", "-"}, 2, nil, "only once"},
		{"no input names arguments", "", []string{"lint", "-o", "json"}, 2, nil, "give FILE arguments, -f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tt.stdin, tt.args...)
			ok := code == tt.code && strings.Contains(errs, tt.err)
			for _, want := range tt.out {
				ok = ok && strings.Contains(out, want)
			}
			if !ok {
				t.Errorf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s\nwant stdout containing %q and stderr containing %q", code, tt.code, out, errs, tt.out, tt.err)
			}
		})
	}

	// The same report as with -f, in the same order.
	_, withArgs, _ := runCLI(t, "", "lint", "testdata/tree/cronjob.yaml", "testdata/warning-only.yaml", "-o", "json")
	_, withFlags, _ := runCLI(t, "", "lint", "-f", "testdata/tree/cronjob.yaml", "-f", "testdata/warning-only.yaml", "-o", "json")
	if withArgs != withFlags {
		t.Errorf("FILE arguments and -f give different reports:\n--- arguments\n%s\n--- -f\n%s", withArgs, withFlags)
	}
}

func TestLintStdin(t *testing.T) {
	data, err := os.ReadFile("testdata/tree/cronjob.yaml")
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, string(data), "lint", "-f", "-", "-o", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	var rep struct {
		Findings []struct {
			Rule   string `json:"rule"`
			Source struct {
				File      string `json:"file"`
				FieldLine int    `json:"fieldLine"`
			} `json:"source"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	for _, f := range rep.Findings {
		if f.Rule == "starting-deadline-too-short" && f.Source.File == "-" && f.Source.FieldLine == 9 {
			return
		}
	}
	t.Errorf("no starting-deadline-too-short finding at -:9 in %s", out)
}

func TestLintDirectories(t *testing.T) {
	_, flat, _ := runCLI(t, "", "lint", "-f", "testdata/tree", "-o", "json", "--fail-on", "none")
	_, deep, _ := runCLI(t, "", "lint", "-f", "testdata/tree", "-R", "-o", "json", "--fail-on", "none")
	summary := func(s string) (resources, skipped int) {
		var rep struct {
			Summary struct{ Resources, Skipped int } `json:"summary"`
		}
		if err := json.Unmarshal([]byte(s), &rep); err != nil {
			t.Fatalf("json: %v\n%s", err, s)
		}
		return rep.Summary.Resources, rep.Summary.Skipped
	}
	if r, s := summary(flat); r != 2 || s != 1 {
		t.Errorf("without -R: %d resources, %d skipped; want 2 and 1", r, s)
	}
	if r, _ := summary(deep); r != 3 {
		t.Errorf("with -R: %d resources; want 3 (the .txt file is not read)", r)
	}
	if !strings.Contains(deep, "restart-policy-invalid") {
		t.Errorf("nested file not linted:\n%s", deep)
	}
}

func TestLintConfigFileDiscovery(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "deep", "er")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := "rules:\n  starting-deadline-too-short: warning\npolicy:\n  minStartingDeadlineSeconds: 3\n"
	if err := os.WriteFile(filepath.Join(dir, decision.FileName), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	manifest, err := filepath.Abs("testdata/tree/cronjob.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	// minStartingDeadlineSeconds 3 makes 5 acceptable.
	code, out, _ := runCLI(t, "", "lint", "-f", manifest)
	if code != 0 || strings.Contains(out, "starting-deadline-too-short") {
		t.Errorf("config from a parent directory not applied: exit %d\n%s", code, out)
	}
	// --config wins over discovery.
	other := filepath.Join(dir, "strict.yaml")
	if err := os.WriteFile(other, []byte("policy:\n  minStartingDeadlineSeconds: 10\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCLI(t, "", "lint", "-f", manifest, "--config", other); code != 1 {
		t.Errorf("--config not applied: exit %d", code)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("rulez: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "", "lint", "-f", manifest, "--config", bad); code != 2 || !strings.Contains(errs, "bad.yaml") {
		t.Errorf("bad config: exit %d, stderr %q; want 2 naming the file", code, errs)
	}
}

// TestLintGolden pins the human and machine outputs for a fixed input.
func TestLintGolden(t *testing.T) {
	for _, format := range []string{"text", "json", "github"} {
		t.Run(format, func(t *testing.T) {
			_, out, _ := runCLI(t, "", "lint", "-f", "testdata/tree", "-R", "-o", format, "--disable", "missed-runs-limit,concurrent-runs-pile-up,schedule-never-fires,schedule-day-of-month-and-week")
			assertGolden(t, filepath.Join("testdata", "golden", "lint."+format), out)
		})
	}
}

// assertGolden compares out with the golden file (rewritten first with -update; review the
// diff before committing it).
func assertGolden(t *testing.T, golden, out string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(out), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update and review the file)", err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", golden, out, want)
	}
}
