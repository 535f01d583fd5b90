//go:build integration

package release

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/release"
	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// goreleaserVersion is the GoReleaser the project's .goreleaser.yaml is checked with (v2.18 and
// later need Go 1.27).
const goreleaserVersion = "v2.17.0"

// TestGoreleaserCheckAndSnapshotBuild validates .goreleaser.yaml with `goreleaser check`, builds
// kubectl-batch for linux/amd64 from it as a snapshot and checks that the -X flags reached the
// binary. GoReleaser writes only into a temporary dist directory, never into the checkout.
func TestGoreleaserCheckAndSnapshotBuild(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	root := testenv.RepoRoot()
	gr, err := goreleaserBinary(ctx, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	// Only the paths GoReleaser could write to or read are compared: other work may change the
	// rest of the checkout while the test runs.
	statusBefore := gitOutput(t, root, "status", "--porcelain", "--ignored", "--untracked-files=all", "--", "dist", ".goreleaser.yaml")

	check := exec.CommandContext(ctx, gr, "check", "--config", ".goreleaser.yaml")
	check.Dir = root
	if out, err := check.CombinedOutput(); err != nil || !strings.Contains(string(out), "1 configuration file(s) validated") {
		t.Fatalf("goreleaser check: %v\n%s", err, out)
	}

	// The same configuration with dist/ moved to a temporary directory.
	tmp := t.TempDir()
	config, err := os.ReadFile(filepath.Join(root, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := yaml.Unmarshal(config, &top); err != nil {
		t.Fatal(err)
	}
	if _, ok := top["dist"]; ok {
		t.Fatal(".goreleaser.yaml sets dist; this test moves dist to a temporary directory and expects the default")
	}
	dist := filepath.Join(tmp, "dist")
	tmpConfig := filepath.Join(tmp, "goreleaser.yaml")
	if err := os.WriteFile(tmpConfig, append(config, []byte("\ndist: "+dist+"\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(tmp, "kubectl-batch")
	build := exec.CommandContext(ctx, gr, "build", "--snapshot", "--clean", "--single-target", "--id", "kubectl-batch",
		"--config", tmpConfig, "--output", bin)
	build.Dir = root
	// This checkout has no remote, and without one GoReleaser replaces the whole git state
	// (commit included) by "none" in snapshot mode. CI checkouts have one; give it the project's
	// URL through git's environment configuration, which leaves .git/config alone.
	build.Env = append(withGitConfig(os.Environ(), "remote.origin.url", "https://github.com/kubectl-batch/kubectl-batch.git"),
		"GOOS=linux", "GOARCH=amd64")
	start := time.Now()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("goreleaser build: %v\n%s", err, out)
	}
	t.Logf("goreleaser build --single-target: %s", time.Since(start).Round(time.Second))

	out, err := exec.CommandContext(ctx, bin, "version", "-o", "json").Output()
	if err != nil {
		t.Fatalf("%s version: %v\n%s", bin, err, out)
	}
	var info struct{ Version, Commit, Date, Platform string }
	if err := json.Unmarshal(out, &info); err != nil {
		t.Fatalf("version -o json: %v\n%s", err, out)
	}
	head := strings.TrimSpace(gitOutput(t, root, "rev-parse", "HEAD"))
	// snapshot.version_template is "{{ incpatch .Version }}-snapshot.{{ .ShortCommit }}" and the
	// ldflags add the leading v that hack/dist's versions have.
	m := regexp.MustCompile(`^v\d+\.\d+\.\d+-snapshot\.([0-9a-f]{7,40})$`).FindStringSubmatch(info.Version)
	if m == nil || !strings.HasPrefix(head, m[1]) {
		t.Errorf("version %q: want v<semver>-snapshot.<short commit of %s>", info.Version, head)
	}
	if info.Commit != head {
		t.Errorf("commit %q, want HEAD %s", info.Commit, head)
	}
	if _, err := time.Parse(time.RFC3339, info.Date); err != nil {
		t.Errorf("date %q is not RFC 3339: %v", info.Date, err)
	}
	if info.Platform != "linux/amd64" {
		t.Errorf("platform %q, want linux/amd64", info.Platform)
	}

	// Everything GoReleaser produced is in the temporary dist directory.
	arts, err := os.ReadFile(filepath.Join(dist, "artifacts.json"))
	if err != nil {
		t.Fatal(err)
	}
	var artifacts []struct{ Path string }
	if err := json.Unmarshal(arts, &artifacts); err != nil || len(artifacts) == 0 {
		t.Fatalf("artifacts.json: %v\n%s", err, arts)
	}
	for _, a := range artifacts {
		p := a.Path
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		if rel, err := filepath.Rel(dist, p); err != nil || strings.HasPrefix(rel, "..") {
			t.Errorf("artifact %s is outside the temporary dist %s", a.Path, dist)
		}
	}
	if after := gitOutput(t, root, "status", "--porcelain", "--ignored", "--untracked-files=all", "--", "dist", ".goreleaser.yaml"); after != statusBefore {
		t.Errorf("git status of dist/ and .goreleaser.yaml changed:\nbefore:\n%s\nafter:\n%s", statusBefore, after)
	}
}

// TestGoreleaserKrewMatchesTemplate keeps the krews section of .goreleaser.yaml equal to
// krew/batch.yaml.tmpl, which `make dist` renders.
func TestGoreleaserKrewMatchesTemplate(t *testing.T) {
	root := testenv.RepoRoot()
	manifest, err := release.RenderKrew(filepath.Join(root, "krew", "batch.yaml.tmpl"),
		release.Options{Version: "v0.0.0", KubernetesVersion: kubeversion.Span()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want plugin
	if err := yaml.Unmarshal(manifest, &want); err != nil {
		t.Fatalf("rendered template: %v\n%s", err, manifest)
	}
	data, err := os.ReadFile(filepath.Join(root, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Krews []struct {
			Name             string   `json:"name"`
			IDs              []string `json:"ids"`
			Homepage         string   `json:"homepage"`
			ShortDescription string   `json:"short_description"`
			Description      string   `json:"description"`
			Caveats          string   `json:"caveats"`
		} `json:"krews"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Krews) != 1 {
		t.Fatalf("want one krews entry, got %d", len(cfg.Krews))
	}
	k := cfg.Krews[0]
	got := [][2]string{
		{"name", k.Name}, {"homepage", k.Homepage}, {"short_description", k.ShortDescription},
		{"description", k.Description}, {"caveats", k.Caveats},
	}
	wantFields := []string{want.Metadata.Name, want.Spec.Homepage, want.Spec.ShortDescription, want.Spec.Description, want.Spec.Caveats}
	for i, g := range got {
		if g[1] != wantFields[i] {
			t.Errorf("krews[0].%s differs from krew/batch.yaml.tmpl:\n got: %q\nwant: %q", g[0], g[1], wantFields[i])
		}
	}
	if len(k.IDs) != 1 || k.IDs[0] != "kubectl-batch" {
		t.Errorf("krews[0].ids = %v, want [kubectl-batch] (the webhook archives are not part of the plugin)", k.IDs)
	}
}

// withGitConfig adds one git configuration entry through GIT_CONFIG_COUNT/KEY_n/VALUE_n.
func withGitConfig(env []string, key, value string) []string {
	n := 0
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "GIT_CONFIG_COUNT="); ok {
			n, _ = strconv.Atoi(v)
		}
	}
	return append(env, fmt.Sprintf("GIT_CONFIG_COUNT=%d", n+1),
		fmt.Sprintf("GIT_CONFIG_KEY_%d=%s", n, key), fmt.Sprintf("GIT_CONFIG_VALUE_%d=%s", n, value))
}

func gitOutput(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// goreleaserBinary returns GoReleaser goreleaserVersion from
// ${XDG_CACHE_HOME:-~/.cache}/kubectl-batch/tools/goreleaser-<version>/goreleaser, building it
// there first when it is missing (about 9 minutes on 2 cores, module downloads included).
func goreleaserBinary(ctx context.Context, logf func(string, ...any)) (string, error) {
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("locating the cache directory: %w", err)
		}
		cache = filepath.Join(home, ".cache")
	}
	dir := filepath.Join(cache, "kubectl-batch", "tools", "goreleaser-"+goreleaserVersion)
	bin := filepath.Join(dir, "goreleaser")
	if err := checkGoreleaser(ctx, bin); err == nil {
		return bin, nil
	}
	logf("building goreleaser %s into %s (once; about 9 minutes on 2 cores)", goreleaserVersion, dir)
	start := time.Now()
	if err := buildGoreleaser(ctx, dir, logf); err != nil {
		return "", fmt.Errorf("building goreleaser %s into %s: %w", goreleaserVersion, dir, err)
	}
	logf("built goreleaser in %s", time.Since(start).Round(time.Second))
	if err := checkGoreleaser(ctx, bin); err != nil {
		return "", err
	}
	return bin, nil
}

func checkGoreleaser(ctx context.Context, bin string) error {
	out, err := exec.CommandContext(ctx, bin, "--version").CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s --version: %w\n%s", bin, err, out)
	}
	if !regexp.MustCompile(`GitVersion:\s+` + regexp.QuoteMeta(goreleaserVersion) + `\s`).Match(out) {
		return fmt.Errorf("%s is not goreleaser %s:\n%s", bin, goreleaserVersion, out)
	}
	return nil
}

// msixModule is a dependency of nfpm's experimental MSIX packager that some module proxies (this
// project's machines) refuse to serve.
const msixModule = "go.digitalxero.dev/go-msix"

// buildGoreleaser installs GoReleaser with `go install ...@version`. When that fails only because
// msixModule cannot be downloaded, it builds the same version with nfpm's msix package emptied
// (see buildGoreleaserWithoutMSIX). The binary is moved into dir when complete.
func buildGoreleaser(ctx context.Context, dir string, logf func(string, ...any)) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(dir, ".build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	install := exec.CommandContext(ctx, "go", "install", "github.com/goreleaser/goreleaser/v2@"+goreleaserVersion)
	install.Dir = tmp
	install.Env = append(os.Environ(), "GOBIN="+tmp, "CGO_ENABLED=0", "GOWORK=off")
	out, err := install.CombinedOutput()
	if err != nil {
		if !bytes.Contains(out, []byte(msixModule)) {
			return fmt.Errorf("go install: %w\n%s", err, out)
		}
		logf("go install cannot download %s; building goreleaser %s without nfpm's msix packager", msixModule, goreleaserVersion)
		if err := buildGoreleaserWithoutMSIX(ctx, tmp); err != nil {
			return fmt.Errorf("go install failed (%s is not downloadable) and so did the build without it: %w", msixModule, err)
		}
	}
	return os.Rename(filepath.Join(tmp, "goreleaser"), filepath.Join(dir, "goreleaser"))
}

// buildGoreleaserWithoutMSIX builds GoReleaser into outDir from a temporary module that requires
// it at goreleaserVersion with goreleaser's own go.mod and go.sum (so every dependency has the
// released version) and replaces nfpm by a copy whose msix package is empty. GoReleaser imports
// that package only to register the experimental "msix" nfpm format, which this project does
// not use; `goreleaser --version` says "BuiltBy: ...-without-nfpm-msix".
func buildGoreleaserWithoutMSIX(ctx context.Context, outDir string) error {
	work, err := os.MkdirTemp("", "goreleaser-build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "CGO_ENABLED=0")
	download := func(module string) (string, error) {
		cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", module)
		cmd.Dir, cmd.Env = work, env
		out, err := cmd.Output()
		var m struct{ Dir, Error string }
		if jerr := json.Unmarshal(out, &m); err != nil || jerr != nil || m.Dir == "" {
			return "", fmt.Errorf("go mod download %s: %v %s\n%s", module, err, m.Error, out)
		}
		return m.Dir, nil
	}
	grDir, err := download("github.com/goreleaser/goreleaser/v2@" + goreleaserVersion)
	if err != nil {
		return err
	}
	goMod, err := os.ReadFile(filepath.Join(grDir, "go.mod"))
	if err != nil {
		return err
	}
	nfpmVersion := ""
	var mod strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(goMod))
	for sc.Scan() {
		line := sc.Text()
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "github.com/goreleaser/nfpm/v2" {
			nfpmVersion = f[1]
		}
		if strings.HasPrefix(line, "module ") {
			line = "module goreleaser-build"
		}
		mod.WriteString(line + "\n")
	}
	if nfpmVersion == "" {
		return fmt.Errorf("goreleaser %s's go.mod does not require github.com/goreleaser/nfpm/v2", goreleaserVersion)
	}
	fmt.Fprintf(&mod, "\nrequire github.com/goreleaser/goreleaser/v2 %s\n\nreplace github.com/goreleaser/nfpm/v2 => ./nfpm\n", goreleaserVersion)
	nfpmDir, err := download("github.com/goreleaser/nfpm/v2@" + nfpmVersion)
	if err != nil {
		return err
	}
	if err := os.CopyFS(filepath.Join(work, "nfpm"), os.DirFS(nfpmDir)); err != nil {
		return fmt.Errorf("copying nfpm %s: %w", nfpmVersion, err)
	}
	msix := filepath.Join(work, "nfpm", "msix")
	if err := os.Remove(filepath.Join(msix, "msix_test.go")); err != nil && !os.IsNotExist(err) {
		return err
	}
	stub := "// Package msix is emptied: its dependency " + msixModule + " cannot be downloaded here.\npackage msix\n"
	if err := os.WriteFile(filepath.Join(msix, "msix.go"), []byte(stub), 0o644); err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(grDir, "go.sum"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "go.sum"), sum, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "go.mod"), []byte(mod.String()), 0o644); err != nil {
		return err
	}
	ldflags := "-s -w -X main.version=" + goreleaserVersion + " -X main.builtBy=kubectl-batch-test-without-nfpm-msix"
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", ldflags,
		"-o", filepath.Join(outDir, "goreleaser"), "github.com/goreleaser/goreleaser/v2")
	build.Dir, build.Env = work, env
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}
	return nil
}
