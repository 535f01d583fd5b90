// Package applied computes the object "kubectl apply" would leave in the cluster when a manifest
// is applied over a live object, including the fields apply removes because the manifest no
// longer has them: client-side apply's three-way merge with the last-applied-configuration
// annotation, and server-side apply's removal of fields the applier owned (managedFields) that
// no other manager owns. Objects that neither way applied get the manifest merged over the live
// object, removing nothing (what kubectl does without the annotation).
package applied

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

// LastAppliedAnnotation is where client-side apply keeps the manifest it last applied.
const LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

// DefaultFieldManager is the field manager of "kubectl apply --server-side".
const DefaultFieldManager = "kubectl"

// How says which kind of apply Merge simulated.
type How string

// The ways Merge simulates an apply.
const (
	ClientSide How = "client-side apply (last-applied-configuration)"
	ServerSide How = "server-side apply (managedFields)"
	MergeOnly  How = "merge (no record of a previous apply)"
)

// Merge returns, decoded into into (a pointer to the object's Go type, e.g. *batchv1.Job), what
// applying manifest over live leaves: with live's last-applied annotation, client-side apply's
// three-way merge; else, when fieldManager applied live server-side, the manifest merged over
// live minus the fields that manager owned and the manifest dropped (unless another manager owns
// them too); else the manifest merged over live. live and manifest are objects of into's type.
func Merge(live, manifest metav1.Object, fieldManager string, into any) (How, error) {
	liveJSON, err := json.Marshal(live)
	if err != nil {
		return "", fmt.Errorf("encoding the live object: %w", err)
	}
	manifestJSON, err := json.Marshal(manifest)
	if err != nil {
		return "", fmt.Errorf("encoding the manifest: %w", err)
	}
	if fieldManager == "" {
		fieldManager = DefaultFieldManager
	}
	if last, ok := live.GetAnnotations()[LastAppliedAnnotation]; ok && last != "" {
		return ClientSide, clientSide(liveJSON, []byte(last), manifestJSON, into)
	}
	var owned *fieldpath.Set
	others := fieldpath.NewSet()
	for _, e := range live.GetManagedFields() {
		if e.FieldsV1 == nil {
			continue
		}
		s := fieldpath.NewSet()
		if err := s.FromJSON(e.FieldsV1.GetRawReader()); err != nil {
			return "", fmt.Errorf("reading the managedFields of %q: %w", e.Manager, err)
		}
		if e.Manager == fieldManager && e.Operation == metav1.ManagedFieldsOperationApply {
			owned = s
		} else {
			others = others.Union(s)
		}
	}
	merged, err := strategicpatch.StrategicMergePatch(liveJSON, manifestJSON, into)
	if err != nil {
		return "", fmt.Errorf("merging the manifest into the live object: %w", err)
	}
	how := MergeOnly
	if owned != nil {
		how = ServerSide
		if merged, err = dropReleased(merged, manifestJSON, owned, others); err != nil {
			return "", err
		}
	}
	if err := json.Unmarshal(merged, into); err != nil {
		return "", fmt.Errorf("decoding the applied object: %w", err)
	}
	return how, nil
}

// clientSide is kubectl apply's client-side computation: a three-way strategic merge patch from
// the last applied manifest, the new manifest (which carries itself as the annotation) and the
// live object, applied to the live object.
func clientSide(liveJSON, lastJSON, manifestJSON []byte, into any) error {
	modified, err := withLastApplied(manifestJSON)
	if err != nil {
		return err
	}
	meta, err := strategicpatch.NewPatchMetaFromStruct(into)
	if err != nil {
		return fmt.Errorf("patch metadata: %w", err)
	}
	patch, err := strategicpatch.CreateThreeWayMergePatch(lastJSON, modified, liveJSON, meta, true)
	if err != nil {
		return fmt.Errorf("computing the apply patch: %w", err)
	}
	merged, err := strategicpatch.StrategicMergePatch(liveJSON, patch, into)
	if err != nil {
		return fmt.Errorf("applying the apply patch: %w", err)
	}
	if err := json.Unmarshal(merged, into); err != nil {
		return fmt.Errorf("decoding the applied object: %w", err)
	}
	return nil
}

// withLastApplied sets the last-applied annotation of the manifest to the manifest itself, as
// kubectl does before computing the patch.
func withLastApplied(manifestJSON []byte) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(manifestJSON, &m); err != nil {
		return nil, fmt.Errorf("decoding the manifest: %w", err)
	}
	meta, _ := m["metadata"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
		m["metadata"] = meta
	}
	ann, _ := meta["annotations"].(map[string]any)
	if ann == nil {
		ann = map[string]any{}
		meta["annotations"] = ann
	}
	ann[LastAppliedAnnotation] = string(manifestJSON)
	return json.Marshal(m)
}

// dropReleased removes from merged every path owned (by the applier) that the manifest no longer
// has, unless others own that path or something below it: server-side apply removes such fields.
func dropReleased(merged, manifestJSON []byte, owned, others *fieldpath.Set) ([]byte, error) {
	var obj, manifest any
	if err := json.Unmarshal(merged, &obj); err != nil {
		return nil, fmt.Errorf("decoding the merged object: %w", err)
	}
	if err := json.Unmarshal(manifestJSON, &manifest); err != nil {
		return nil, fmt.Errorf("decoding the manifest: %w", err)
	}
	var released []fieldpath.Path
	owned.Iterate(func(p fieldpath.Path) {
		if len(p) == 0 || isMetadata(p) || has(manifest, p) || ownedAtOrBelow(others, p) {
			return
		}
		released = append(released, p.Copy())
	})
	// Shallowest first: a removed element takes its fields with it (removing a keyed element's
	// key field first would leave the element unfindable).
	slices.SortFunc(released, func(a, b fieldpath.Path) int { return len(a) - len(b) })
	for _, p := range released {
		obj = remove(obj, p)
	}
	return json.Marshal(obj)
}

// isMetadata reports paths under metadata: apply's handling of labels and annotations does not
// bear on what the server rejects as immutable, and managedFields bookkeeping is the server's.
func isMetadata(p fieldpath.Path) bool {
	return p[0].FieldName != nil && *p[0].FieldName == "metadata"
}

// ownedAtOrBelow reports whether s holds p or a path below it.
func ownedAtOrBelow(s *fieldpath.Set, p fieldpath.Path) bool {
	found := false
	s.Iterate(func(q fieldpath.Path) {
		if !found && len(q) >= len(p) && q[:len(p)].Equals(p) {
			found = true
		}
	})
	return found
}

// has reports whether the JSON value v has path p.
func has(v any, p fieldpath.Path) bool {
	for _, pe := range p {
		next, ok := step(v, pe)
		if !ok {
			return false
		}
		v = next
	}
	return true
}

// step follows one path element in a JSON value.
func step(v any, pe fieldpath.PathElement) (any, bool) {
	switch {
	case pe.FieldName != nil:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		next, ok := m[*pe.FieldName]
		return next, ok
	case pe.Key != nil || pe.Value != nil || pe.Index != nil:
		list, ok := v.([]any)
		if !ok {
			return nil, false
		}
		if i := find(list, pe); i >= 0 {
			return list[i], true
		}
		return nil, false
	}
	return nil, false
}

// find returns the index of the list element pe names, or -1.
func find(list []any, pe fieldpath.PathElement) int {
	switch {
	case pe.Index != nil:
		if *pe.Index < len(list) {
			return *pe.Index
		}
	case pe.Value != nil:
		want := (*pe.Value).Unstructured()
		for i, e := range list {
			if jsonEqual(e, want) {
				return i
			}
		}
	case pe.Key != nil:
		for i, e := range list {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			match := true
			for _, f := range *pe.Key {
				if !jsonEqual(m[f.Name], f.Value.Unstructured()) {
					match = false
					break
				}
			}
			if match {
				return i
			}
		}
	}
	return -1
}

// remove returns v without path p (v itself when p is not there).
func remove(v any, p fieldpath.Path) any {
	if len(p) == 0 {
		return v
	}
	pe := p[0]
	switch {
	case pe.FieldName != nil:
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		if len(p) == 1 {
			delete(m, *pe.FieldName)
			return m
		}
		if child, ok := m[*pe.FieldName]; ok {
			m[*pe.FieldName] = remove(child, p[1:])
		}
		return m
	default:
		list, ok := v.([]any)
		if !ok {
			return v
		}
		i := find(list, pe)
		if i < 0 {
			return v
		}
		if len(p) == 1 {
			return slices.Delete(list, i, i+1)
		}
		list[i] = remove(list[i], p[1:])
		return list
	}
}

// jsonEqual compares decoded JSON with a value from a field path, whose numbers may be int64
// where encoding/json gives float64.
func jsonEqual(a, b any) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}
