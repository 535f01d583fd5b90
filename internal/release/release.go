// Package release cross-compiles kubectl-batch, packs the binaries the way krew installs them
// (tar.gz, zip on Windows, each with LICENSE) and renders the krew plugin manifest with the
// archives' checksums. `make dist` drives it through hack/dist.
package release

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"text/template"
	"time"
)

// Platform is one os/arch pair to build for.
type Platform struct {
	OS, Arch string
}

// DefaultPlatforms are the krew platforms kubectl-batch ships for.
func DefaultPlatforms() []Platform {
	return []Platform{
		{"linux", "amd64"}, {"linux", "arm64"},
		{"darwin", "amd64"}, {"darwin", "arm64"},
		{"windows", "amd64"}, {"windows", "arm64"},
	}
}

// Options describe one release build.
type Options struct {
	// RepoRoot is the module root (where go.mod, LICENSE and krew/ are).
	RepoRoot string
	// OutDir receives the archives, checksums.txt and the krew manifest batch.yaml.
	OutDir    string
	Version   string // semantic version with a leading v, e.g. v0.1.0
	Commit    string
	Date      string // RFC 3339
	Platforms []Platform
	// BaseURL is where the archives will be downloaded from (https); the archive name is appended.
	BaseURL string
	// KubernetesVersion is named in the manifest's caveats.
	KubernetesVersion string
}

// Artifact is one packed archive.
type Artifact struct {
	Platform
	// File is the archive's path; Name its base name.
	File, Name string
	// Bin is the binary's name inside the archive.
	Bin    string
	SHA256 string
	URI    string
}

// Build cross-compiles, packs and writes the manifest. It returns the artifacts in platform order.
func Build(ctx context.Context, o Options) ([]Artifact, error) {
	if !strings.HasPrefix(o.Version, "v") {
		return nil, fmt.Errorf("version %q must start with v (e.g. v0.1.0)", o.Version)
	}
	if !strings.HasPrefix(o.BaseURL, "https://") {
		return nil, fmt.Errorf("base URL %q must be https", o.BaseURL)
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", o.OutDir, err)
	}
	license, err := os.ReadFile(filepath.Join(o.RepoRoot, "LICENSE"))
	if err != nil {
		return nil, fmt.Errorf("reading LICENSE: %w", err)
	}
	var arts []Artifact
	for _, p := range o.Platforms {
		a, err := buildOne(ctx, o, p, license)
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %w", p.OS, p.Arch, err)
		}
		arts = append(arts, a)
	}
	var sums strings.Builder
	for _, a := range arts {
		fmt.Fprintf(&sums, "%s  %s\n", a.SHA256, a.Name)
	}
	if err := os.WriteFile(filepath.Join(o.OutDir, "checksums.txt"), []byte(sums.String()), 0o644); err != nil {
		return nil, fmt.Errorf("writing checksums: %w", err)
	}
	manifest, err := RenderKrew(filepath.Join(o.RepoRoot, "krew", "batch.yaml.tmpl"), o, arts)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(o.OutDir, "batch.yaml"), manifest, 0o644); err != nil {
		return nil, fmt.Errorf("writing the krew manifest: %w", err)
	}
	return arts, nil
}

func buildOne(ctx context.Context, o Options, p Platform, license []byte) (Artifact, error) {
	bin := "kubectl-batch"
	if p.OS == "windows" {
		bin += ".exe"
	}
	tmp, err := os.MkdirTemp("", "kubectl-batch-dist-")
	if err != nil {
		return Artifact{}, err
	}
	defer os.RemoveAll(tmp)
	binPath := filepath.Join(tmp, bin)
	pkg := "github.com/kubectl-batch/kubectl-batch/internal/version"
	ldflags := fmt.Sprintf("-s -w -X %s.Version=%s -X %s.Commit=%s -X %s.Date=%s", pkg, o.Version, pkg, o.Commit, pkg, o.Date)
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", ldflags, "-o", binPath, "./cmd/kubectl-batch")
	cmd.Dir = o.RepoRoot
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+p.OS, "GOARCH="+p.Arch)
	if out, err := cmd.CombinedOutput(); err != nil {
		return Artifact{}, fmt.Errorf("go build: %w\n%s", err, out)
	}
	binary, err := os.ReadFile(binPath)
	if err != nil {
		return Artifact{}, err
	}
	base := fmt.Sprintf("kubectl-batch_%s_%s_%s", o.Version, p.OS, p.Arch)
	var data []byte
	if p.OS == "windows" {
		base += ".zip"
		data, err = packZip(map[string][]byte{bin: binary, "LICENSE": license})
	} else {
		base += ".tar.gz"
		data, err = packTarGz(map[string][]byte{bin: binary, "LICENSE": license})
	}
	if err != nil {
		return Artifact{}, fmt.Errorf("packing: %w", err)
	}
	file := filepath.Join(o.OutDir, base)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		return Artifact{}, err
	}
	sum := sha256.Sum256(data)
	return Artifact{Platform: p, File: file, Name: base, Bin: bin, SHA256: hex.EncodeToString(sum[:]),
		URI: strings.TrimSuffix(o.BaseURL, "/") + "/" + base}, nil
}

// fixedTime keeps archives reproducible.
var fixedTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

func packTarGz(files map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, name := range sortedKeys(files) {
		mode := int64(0o644)
		if !strings.HasSuffix(name, "LICENSE") {
			mode = 0o755
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: mode, Size: int64(len(files[name])), ModTime: fixedTime, Typeflag: tar.TypeReg}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(files[name]); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func packZip(files map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range sortedKeys(files) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: fixedTime})
		if err != nil {
			return nil, err
		}
		if _, err := io.Copy(w, bytes.NewReader(files[name])); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// RenderKrew fills the krew manifest template with the version and the artifacts.
func RenderKrew(templatePath string, o Options, arts []Artifact) ([]byte, error) {
	text, err := os.ReadFile(templatePath)
	if err != nil {
		return nil, fmt.Errorf("reading the krew template: %w", err)
	}
	tmpl, err := template.New("krew").Option("missingkey=error").Parse(string(text))
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", templatePath, err)
	}
	var buf bytes.Buffer
	data := struct {
		Version, KubernetesVersion string
		Platforms                  []Artifact
	}{o.Version, o.KubernetesVersion, arts}
	if err := tmpl.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("rendering the krew manifest: %w", err)
	}
	return buf.Bytes(), nil
}
