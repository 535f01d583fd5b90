// Package helmchart renders a Helm chart offline as "helm template" does (Helm's Go SDK:
// dependencies processed and merged, values merged from files then --set, values.schema.json
// checked, every template rendered, hooks included), so that its Jobs and CronJobs can be linted
// against the template files they come from.
package helmchart

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/strvals"
)

// DefaultReleaseName is the release name "helm template" uses when none is given.
const DefaultReleaseName = "release-name"

// MaxReleaseName is the longest release name Helm accepts.
const MaxReleaseName = 53

// Options say what to render.
type Options struct {
	// ValueFiles are merged in order over the chart's values.yaml (--values).
	ValueFiles []string
	// Set are key=value assignments applied last (--set), in Helm's syntax.
	Set []string
	// ReleaseName and Namespace are .Release.Name and .Release.Namespace (defaults
	// DefaultReleaseName and "default").
	ReleaseName, Namespace string
	// KubeVersion is .Capabilities.KubeVersion ("1.35"); empty: Helm's default.
	KubeVersion string
}

// Template is one rendered template file.
type Template struct {
	// Path is the template's path below the chart's parent directory, as helm template's
	// "# Source:" comments name it ("app/templates/cronjob.yaml").
	Path string
	// Content is the rendered YAML (possibly several documents).
	Content []byte
}

// Render renders the chart in dir; templates that render to nothing, partials and NOTES.txt
// are left out. Templates come sorted by path.
func Render(dir string, o Options) ([]Template, error) {
	ch, err := loader.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("loading the chart %s: %w", dir, err)
	}
	vals := map[string]any{}
	for _, f := range o.ValueFiles {
		v, err := chartutil.ReadValuesFile(f)
		if err != nil {
			return nil, fmt.Errorf("values file %s: %w", f, err)
		}
		vals = mergeMaps(vals, v)
	}
	for _, s := range o.Set {
		if err := strvals.ParseInto(s, vals); err != nil {
			return nil, fmt.Errorf("--set %s: %w", s, err)
		}
	}
	if err := chartutil.ProcessDependenciesWithMerge(ch, vals); err != nil {
		return nil, fmt.Errorf("chart %s: dependencies: %w", dir, err)
	}
	release := chartutil.ReleaseOptions{Name: o.ReleaseName, Namespace: o.Namespace, Revision: 1, IsInstall: true}
	if release.Name == "" {
		release.Name = DefaultReleaseName
	}
	if release.Namespace == "" {
		release.Namespace = "default"
	}
	caps := chartutil.DefaultCapabilities.Copy()
	if o.KubeVersion != "" {
		kv, err := chartutil.ParseKubeVersion("v" + strings.TrimPrefix(o.KubeVersion, "v") + ".0")
		if err != nil {
			return nil, fmt.Errorf("kubernetes version %s: %w", o.KubeVersion, err)
		}
		caps.KubeVersion = *kv
	}
	values, err := chartutil.ToRenderValues(ch, vals, release, caps)
	if err != nil {
		return nil, fmt.Errorf("chart %s: values: %w", dir, err)
	}
	files, err := engine.Render(ch, values)
	if err != nil {
		return nil, fmt.Errorf("rendering the chart %s: %w", dir, err)
	}
	var out []Template
	for name, content := range files {
		base := filepath.Base(name)
		if strings.HasPrefix(base, "_") || strings.EqualFold(base, "NOTES.txt") || strings.TrimSpace(content) == "" {
			continue
		}
		out = append(out, Template{Path: name, Content: []byte(content)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// mergeMaps merges b over a, maps recursively, as Helm merges values files.
func mergeMaps(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if bm, ok := v.(map[string]any); ok {
			if am, ok := out[k].(map[string]any); ok {
				out[k] = mergeMaps(am, bm)
				continue
			}
		}
		out[k] = v
	}
	return out
}
