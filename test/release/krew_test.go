//go:build integration

// Package release tests the release artifacts: the archives `make dist` builds and the krew
// manifest that installs them. krew itself cannot be installed here, so the manifest is checked
// against krew's published rules and installed the way krew does (unpack, put on PATH).
package release

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/release"
	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
)

// plugin is the part of krew's v1alpha2 Plugin type the rules below look at.
type plugin struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		Version          string `json:"version"`
		Homepage         string `json:"homepage"`
		ShortDescription string `json:"shortDescription"`
		Description      string `json:"description"`
		Caveats          string `json:"caveats"`
		Platforms        []struct {
			Selector struct {
				MatchLabels map[string]string `json:"matchLabels"`
			} `json:"selector"`
			URI    string `json:"uri"`
			SHA256 string `json:"sha256"`
			Bin    string `json:"bin"`
		} `json:"platforms"`
	} `json:"spec"`
}

var (
	semver = regexp.MustCompile(`^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
	hex64  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

func TestDistAndKrewManifest(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	out := t.TempDir()
	const version = "v0.1.0-test"
	arts, err := release.Build(ctx, release.Options{
		RepoRoot: testenv.RepoRoot(), OutDir: out, Version: version, Commit: "abc123", Date: "2026-11-23T00:00:00Z",
		Platforms: release.DefaultPlatforms(), BaseURL: "https://github.com/kubectl-batch/kubectl-batch/releases/download/" + version,
		KubernetesVersion: "1.32 to 1.37",
	})
	if err != nil {
		t.Fatal(err)
	}
	manifestPath := filepath.Join(out, "batch.yaml")
	data, err := os.ReadFile(manifestPath)
	if err != nil {
		t.Fatal(err)
	}
	var p plugin
	if err := yaml.UnmarshalStrict(data, &p); err != nil {
		t.Fatalf("manifest does not decode strictly: %v\n%s", err, data)
	}
	// krew's rules (krew's pkg/index/validation).
	if p.APIVersion != "krew.googlecontainertools.github.com/v1alpha2" || p.Kind != "Plugin" {
		t.Errorf("apiVersion/kind = %s/%s", p.APIVersion, p.Kind)
	}
	if p.Metadata.Name != "batch" || strings.TrimSuffix(filepath.Base(manifestPath), ".yaml") != p.Metadata.Name {
		t.Errorf("metadata.name %q must be batch and equal the file name %s", p.Metadata.Name, filepath.Base(manifestPath))
	}
	if !semver.MatchString(p.Spec.Version) || p.Spec.Version != version {
		t.Errorf("spec.version %q is not the semantic version %s", p.Spec.Version, version)
	}
	if p.Spec.ShortDescription == "" || len(p.Spec.ShortDescription) > 50 || p.Spec.Description == "" || !strings.HasPrefix(p.Spec.Homepage, "https://") {
		t.Errorf("shortDescription (<= 50 chars), description and an https homepage are required: %+v", p.Spec)
	}
	if len(p.Spec.Platforms) != 6 {
		t.Fatalf("want 6 platforms (linux, darwin, windows on amd64 and arm64), got %d", len(p.Spec.Platforms))
	}
	byName := map[string]release.Artifact{}
	for _, a := range arts {
		byName[filepath.Base(a.URI)] = a
	}
	seen := map[string]bool{}
	for i, pl := range p.Spec.Platforms {
		osName, arch := pl.Selector.MatchLabels["os"], pl.Selector.MatchLabels["arch"]
		key := osName + "/" + arch
		if len(pl.Selector.MatchLabels) != 2 || !map[string]bool{"linux": true, "darwin": true, "windows": true}[osName] ||
			!map[string]bool{"amd64": true, "arm64": true}[arch] {
			t.Errorf("platform %d: selector %v must be exactly os and arch", i, pl.Selector.MatchLabels)
		}
		if seen[key] {
			t.Errorf("two platforms match %s", key)
		}
		seen[key] = true
		if !strings.HasPrefix(pl.URI, "https://") {
			t.Errorf("%s: uri %q is not https", key, pl.URI)
		}
		if !hex64.MatchString(pl.SHA256) {
			t.Errorf("%s: sha256 %q is not 64 lowercase hex digits", key, pl.SHA256)
		}
		a, ok := byName[filepath.Base(pl.URI)]
		if !ok {
			t.Errorf("%s: no archive %s was built", key, filepath.Base(pl.URI))
			continue
		}
		archive, err := os.ReadFile(a.File)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(archive)
		if hex.EncodeToString(sum[:]) != pl.SHA256 {
			t.Errorf("%s: sha256 in the manifest differs from the archive's", key)
		}
		files := archiveFiles(t, a.File, archive)
		if _, ok := files[pl.Bin]; !ok || pl.Bin != a.Bin {
			t.Errorf("%s: bin %q is not in the archive (it holds %v)", key, pl.Bin, keys(files))
		}
		if _, ok := files["LICENSE"]; !ok {
			t.Errorf("%s: archive has no LICENSE", key)
		}
		if osName == "windows" != strings.HasSuffix(a.File, ".zip") {
			t.Errorf("%s: windows archives are zip, the others tar.gz: %s", key, a.Name)
		}
	}

	// Install as krew does: unpack the linux/amd64 archive into a directory on PATH.
	var linux release.Artifact
	for _, a := range arts {
		if a.OS == "linux" && a.Arch == "amd64" {
			linux = a
		}
	}
	archive, _ := os.ReadFile(linux.File)
	binDir := t.TempDir()
	for name, content := range archiveFiles(t, linux.File, archive) {
		if err := os.WriteFile(filepath.Join(binDir, name), content, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	kubectl := kubectlBinary(t)
	env := append(os.Environ(), "PATH="+binDir+":/usr/bin:/bin", "KUBECONFIG=/dev/null")
	list := exec.CommandContext(ctx, kubectl, "plugin", "list")
	list.Env = env
	listOut, err := list.CombinedOutput()
	if err != nil || !strings.Contains(string(listOut), filepath.Join(binDir, "kubectl-batch")) {
		t.Errorf("kubectl plugin list does not show the installed plugin: %v\n%s", err, listOut)
	}
	ver := exec.CommandContext(ctx, kubectl, "batch", "version", "-o", "json")
	ver.Env = env
	verOut, err := ver.Output()
	if err != nil {
		t.Fatalf("kubectl batch version: %v\n%s", err, verOut)
	}
	var info struct{ Version, Commit string }
	if err := json.Unmarshal(verOut, &info); err != nil || info.Version != version || info.Commit != "abc123" {
		t.Errorf("kubectl batch version -o json = %s (%v); want version %s and commit abc123 from -ldflags", verOut, err, version)
	}
}

// kubectlBinary is the test control plane's kubectl (the same version as its server).
func kubectlBinary(t *testing.T) string {
	out, err := exec.Command("bash", filepath.Join(testenv.RepoRoot(), "hack", "testenv.sh"), "bindir").Output()
	if err != nil {
		t.Fatalf("locating kubectl: %v", err)
	}
	k := filepath.Join(strings.TrimSpace(string(out)), "kubectl")
	if _, err := os.Stat(k); err != nil {
		t.Fatalf("kubectl not built (run hack/testenv.sh build): %v", err)
	}
	return k
}

func archiveFiles(t *testing.T, name string, data []byte) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	if strings.HasSuffix(name, ".zip") {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			files[f.Name] = b
		}
		return files
	}
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, _ := io.ReadAll(tr)
		files[h.Name] = b
	}
	return files
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
