package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// precommitHook is the part of a .pre-commit-hooks.yaml entry that pre-commit reads.
type precommitHook struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Description   string `json:"description"`
	Entry         string `json:"entry"`
	Language      string `json:"language"`
	Files         string `json:"files"`
	PassFilenames *bool  `json:"pass_filenames"`
	RequireSerial *bool  `json:"require_serial"`
}

// TestPrecommitHook checks the repository's .pre-commit-hooks.yaml and runs its entry the way
// pre-commit does: the entry's words, then the matched file names as arguments.
func TestPrecommitHook(t *testing.T) {
	root := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(root, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []precommitHook
	if err := yaml.UnmarshalStrict(data, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	if len(hooks) != 3 {
		t.Fatalf("want three hooks (golang, system, docker_image), got %d", len(hooks))
	}
	// The system and docker variants run the same command on the same files.
	for i, want := range []struct{ id, language, entry string }{
		{"kubectl-batch-lint-system", "system", "kubectl-batch lint"},
		{"kubectl-batch-lint-docker", "docker_image", "ghcr.io/kubectl-batch/kubectl-batch:latest lint"},
	} {
		v := hooks[i+1]
		if v.ID != want.id || v.Language != want.language || v.Entry != want.entry || v.Name == "" || v.Files != hooks[0].Files ||
			v.PassFilenames == nil || !*v.PassFilenames {
			t.Errorf("hook %+v: want id %s, language %s, entry %q and the golang hook's files", v, want.id, want.language, want.entry)
		}
	}
	h := hooks[0]
	// pre-commit requires id, name, entry and language.
	if h.ID != "kubectl-batch-lint" || h.Name == "" || h.Entry == "" || h.Language != "golang" {
		t.Fatalf("hook %+v: want id kubectl-batch-lint, a name, an entry and language golang", h)
	}
	if h.PassFilenames == nil || !*h.PassFilenames || h.RequireSerial == nil || *h.RequireSerial {
		t.Errorf("want pass_filenames: true and require_serial: false")
	}
	// language golang runs `go install ./...`: the entry's command must be one of the module's
	// commands, and it must be this one.
	words := strings.Fields(h.Entry)
	if _, err := os.Stat(filepath.Join(root, "cmd", words[0], "main.go")); err != nil || words[0] != "kubectl-batch" {
		t.Fatalf("entry %q must start with kubectl-batch (cmd/kubectl-batch): %v", h.Entry, err)
	}
	// files is a Python regular expression; this one is also valid RE2.
	files, err := regexp.Compile(h.Files)
	if err != nil {
		t.Fatalf("files %q: %v", h.Files, err)
	}
	for name, want := range map[string]bool{"deploy/job.yaml": true, "cronjob.yml": true, "list.json": true, "main.go": false, "README.md": false, "job.yaml.tmpl": false} {
		if files.MatchString(name) != want {
			t.Errorf("files %q matches %s: %v, want %v", h.Files, name, !want, want)
		}
	}

	examples := filepath.Join(root, "examples")
	run := func(names ...string) (int, string, string) {
		args := append([]string{}, words[1:]...)
		for _, n := range names {
			if !files.MatchString(n) {
				t.Fatalf("%s does not match files %q", n, h.Files)
			}
			args = append(args, filepath.Join(examples, n))
		}
		return runCLI(t, "", args...)
	}

	code, out, errs := run("bad-cronjob-impossible-schedule.yaml", "bad-cronjob-long-name-short-deadline.yaml")
	if code != ExitFindings || !strings.Contains(out, "bad-cronjob-impossible-schedule.yaml") || !strings.Contains(out, "bad-cronjob-long-name-short-deadline.yaml") {
		t.Errorf("two bad examples: exit %d (want %d), both file names in the output?\nstdout:\n%s\nstderr:\n%s", code, ExitFindings, out, errs)
	}
	code, out, errs = run("good-nightly-report-cronjob.yaml", "bad-cronjob-long-name-short-deadline.yaml")
	if code != ExitFindings || !strings.Contains(out, "bad-cronjob-long-name-short-deadline.yaml") || !strings.Contains(out, "2 resources checked") {
		t.Errorf("a good and a bad example: exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", code, ExitFindings, out, errs)
	}
	code, out, errs = run("good-nightly-report-cronjob.yaml", "good-db-migration-job.yaml")
	if code != ExitOK || !strings.Contains(out, "2 resources checked") {
		t.Errorf("two good examples: exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", code, ExitOK, out, errs)
	}
}
