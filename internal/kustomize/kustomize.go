// Package kustomize renders a kustomization directory as "kubectl apply -k" does (kubectl's own
// kustomize library, with the options kubectl uses) and says which file each object came from,
// from the origin annotations kustomize records when asked to.
package kustomize

import (
	"fmt"
	"path/filepath"
	"slices"

	"sigs.k8s.io/kustomize/api/konfig"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// Object is one rendered object.
type Object struct {
	// YAML is the object as kubectl apply -k would send it.
	YAML []byte
	// Origin is the file the object was read from, relative to the kustomization directory
	// ("../base/cronjob.yaml"); for a remote base, "REPO//PATH?ref=REF". Empty when kustomize
	// does not know (generated objects).
	Origin string
}

// Render builds the kustomization in dir from the local disk.
func Render(dir string) ([]Object, error) {
	return render(filesys.MakeFsOnDisk(), dir)
}

func render(fs filesys.FileSystem, dir string) ([]Object, error) {
	root, _, err := fs.CleanedAbs(dir)
	if err != nil {
		return nil, fmt.Errorf("kustomization directory %s: %w", dir, err)
	}
	tracking := &originTracking{FileSystem: fs, root: root.String()}
	opts := krusty.MakeDefaultOptions()
	opts.Reorder = krusty.ReorderOptionLegacy // as kubectl's -k
	m, err := krusty.MakeKustomizer(opts).Run(tracking, dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize %s: %w", dir, err)
	}
	var out []Object
	for _, r := range m.Resources() {
		var origin string
		if o, err := r.GetOrigin(); err == nil && o != nil {
			origin = o.Path
			if o.Repo != "" {
				origin = o.Repo + "//" + o.Path + "?ref=" + o.Ref
			}
		}
		out = append(out, Object{Origin: origin})
	}
	if tracking.injected {
		if err := m.RemoveOriginAnnotations(); err != nil {
			return nil, fmt.Errorf("kustomize %s: removing origin annotations: %w", dir, err)
		}
	}
	for i, r := range m.Resources() {
		y, err := r.AsYAML()
		if err != nil {
			return nil, fmt.Errorf("kustomize %s: encoding %s: %w", dir, r.CurId(), err)
		}
		out[i].YAML = y
	}
	return out, nil
}

// originTracking reads the root kustomization with buildMetadata originAnnotations added, so
// that kustomize records each object's file; Render removes the annotations again unless the
// kustomization asked for them itself.
type originTracking struct {
	filesys.FileSystem
	root     string
	injected bool
}

// ReadFile reads path, adding originAnnotations to the root kustomization's buildMetadata.
func (f *originTracking) ReadFile(path string) ([]byte, error) {
	data, err := f.FileSystem.ReadFile(path)
	if err != nil || filepath.Dir(filepath.Clean(path)) != f.root || !slices.Contains(konfig.RecognizedKustomizationFileNames(), filepath.Base(path)) {
		return data, err
	}
	var k map[string]any
	if err := yaml.Unmarshal(data, &k); err != nil || k == nil {
		return data, nil // kustomize reports the problem itself
	}
	meta, _ := k["buildMetadata"].([]any)
	for _, m := range meta {
		if m == types.OriginAnnotations {
			return data, nil
		}
	}
	k["buildMetadata"] = append(meta, types.OriginAnnotations)
	out, err := yaml.Marshal(k)
	if err != nil {
		return data, nil
	}
	f.injected = true
	return out, nil
}
