//go:build integration

package action

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kubectl-batch/kubectl-batch/internal/release"
)

const testVersion = "v0.1.0-action"

// serveRelease builds the linux/amd64 release archive and checksums.txt as a release does, and
// serves them from 127.0.0.1 at URL/VERSION/FILE; it returns URL and the release directory.
func serveRelease(t *testing.T) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	root := t.TempDir()
	dir := filepath.Join(root, testVersion)
	if _, err := release.Build(ctx, release.Options{
		RepoRoot: repoRoot(t), OutDir: dir, Version: testVersion, Commit: "abc123", Date: "2026-12-03T00:00:00Z",
		Platforms: []release.Platform{{OS: "linux", Arch: "amd64"}}, BaseURL: "https://example.invalid/" + testVersion,
		KubernetesVersion: "1.32 to 1.37",
	}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(root)), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String(), dir
}

// runScript runs hack/action/NAME with env (plus RUNNER_* and GITHUB_* files in a temporary
// directory) and returns its exit code, output, and the step outputs it wrote.
func runScript(t *testing.T, name string, env ...string) (int, string, map[string]string, string) {
	t.Helper()
	tmp := t.TempDir()
	ghOut, ghPath := filepath.Join(tmp, "output"), filepath.Join(tmp, "path")
	cmd := exec.Command(filepath.Join(repoRoot(t), "hack", "action", name))
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), append([]string{"RUNNER_OS=Linux", "RUNNER_ARCH=X64", "RUNNER_TEMP=" + tmp,
		"GITHUB_OUTPUT=" + ghOut, "GITHUB_PATH=" + ghPath}, env...)...)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{}
	data, _ := os.ReadFile(ghOut)
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			outputs[k] = v
		}
	}
	path, _ := os.ReadFile(ghPath)
	return code, string(out), outputs, strings.TrimSpace(string(path))
}

// TestActionScripts installs the release through hack/action/install.sh (checksum verified;
// a tampered archive is refused) and lints through hack/action/lint.sh: findings give exit
// code 1 and GitHub annotations, a clean file 0, input errors 2, and sarif: true a SARIF file;
// the script itself always succeeds so that the upload step runs.
func TestActionScripts(t *testing.T) {
	url, dir := serveRelease(t)
	code, out, _, binDir := runScript(t, "install.sh", "INPUT_VERSION="+testVersion, "INPUT_DOWNLOAD_URL="+url)
	if code != 0 || !strings.Contains(out, "kubectl-batch "+testVersion) {
		t.Fatalf("install: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(binDir, "kubectl-batch")); err != nil {
		t.Fatalf("GITHUB_PATH names %q without kubectl-batch: %v", binDir, err)
	}
	pathEnv := "PATH=" + binDir + string(os.PathListSeparator) + os.Getenv("PATH")

	clean := filepath.Join(t.TempDir(), "clean.yaml")
	if err := os.WriteFile(clean, []byte("apiVersion: batch/v1\nkind: Job\nmetadata: {name: ok}\nspec: {ttlSecondsAfterFinished: 60, template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox:1.36}]}}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		env      []string
		exitCode string
		output   string // in the log
		sarif    bool
	}{
		{"findings", []string{"INPUT_PATHS=examples/bad-cronjob-long-name-short-deadline.yaml"}, "1", "::error file=examples/bad-cronjob-long-name-short-deadline.yaml", false},
		{"clean", []string{"INPUT_PATHS=" + clean}, "0", "no problems found", false},
		{"nothing fails at fail-on none", []string{"INPUT_PATHS=examples/good-nightly-report-cronjob.yaml examples/good-db-migration-job.yaml", "INPUT_FAIL_ON=none", "INPUT_FORMAT=text"}, "0", "resources checked", false},
		{"input error", []string{"INPUT_PATHS=examples/no-such-file.yaml"}, "2", "no-such-file.yaml", false},
		{"kustomize and sarif", []string{"INPUT_KUSTOMIZE=internal/kustomize/testdata/overlays/prod", "INPUT_SARIF=true", "INPUT_FORMAT=text"}, "1", "base/cronjob.yaml", true},
		{"helm chart with values", []string{"INPUT_HELM=internal/helmchart/testdata/app", "INPUT_ARGS=--values internal/helmchart/testdata/prod-values.yaml --release-name prod", "INPUT_FORMAT=text"},
			"1", "internal/helmchart/testdata/app/templates/migrate-hook.yaml", false},
		{"extra args", []string{"INPUT_PATHS=examples", "INPUT_ARGS=--exclude bad-*", "INPUT_FORMAT=text"}, "0", "resources checked", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, outputs, _ := runScript(t, "lint.sh", append([]string{pathEnv}, c.env...)...)
			if code != 0 {
				t.Errorf("lint.sh exited %d: the step must succeed so the SARIF upload runs\n%s", code, out)
			}
			if outputs["exit-code"] != c.exitCode || !strings.Contains(out, c.output) {
				t.Errorf("exit-code %q (want %s), log lacks %q:\n%s", outputs["exit-code"], c.exitCode, c.output, out)
			}
			if c.sarif {
				data, err := os.ReadFile(outputs["sarif-file"])
				var log struct {
					Version string `json:"version"`
					Runs    []struct {
						Results []json.RawMessage `json:"results"`
					} `json:"runs"`
				}
				if err != nil || json.Unmarshal(data, &log) != nil || log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
					t.Errorf("sarif-file %q: %v\n%.300s", outputs["sarif-file"], err, data)
				}
			} else if _, ok := outputs["sarif-file"]; ok {
				t.Error("a SARIF file without sarif: true")
			}
		})
	}

	// A tampered archive is refused.
	archive := filepath.Join(dir, "kubectl-batch_"+testVersion+"_linux_amd64.tar.gz")
	data, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(archive, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _, binDir = runScript(t, "install.sh", "INPUT_VERSION="+testVersion, "INPUT_DOWNLOAD_URL="+url)
	if code == 0 || !strings.Contains(out, "checksum mismatch") || binDir != "" {
		t.Errorf("tampered archive: exit %d, PATH %q\n%s", code, binDir, out)
	}
	code, out, _, _ = runScript(t, "install.sh", "INPUT_VERSION=v9.9.9", "INPUT_DOWNLOAD_URL="+url)
	if code == 0 || !strings.Contains(out, "downloading") {
		t.Errorf("missing release: exit %d\n%s", code, out)
	}
}
