package manifest

import (
	"reflect"
	"strings"

	"github.com/agnivade/levenshtein"

	batchv1 "k8s.io/api/batch/v1"
)

// suggestField returns the known field name closest to the last segment of an unknown field's
// path ("spec.backofLimit" -> "spec.backoffLimit"), or "" when nothing is close.
func suggestField(kind, path string) string {
	var t reflect.Type
	if kind == "CronJob" {
		t = reflect.TypeOf(batchv1.CronJob{})
	} else {
		t = reflect.TypeOf(batchv1.Job{})
	}
	segs := strings.Split(path, ".")
	for _, s := range segs[:len(segs)-1] {
		if i := strings.IndexByte(s, '['); i >= 0 {
			s = s[:i]
		}
		f, ok := jsonField(t, s)
		if !ok {
			return ""
		}
		t = deref(f)
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = deref(t.Elem())
		}
	}
	if t.Kind() != reflect.Struct {
		return ""
	}
	unknown := segs[len(segs)-1]
	best, bestDist := "", len(unknown)/2+2
	for _, name := range jsonFieldNames(t) {
		if d := levenshtein.ComputeDistance(strings.ToLower(unknown), strings.ToLower(name)); d < bestDist {
			best, bestDist = name, d
		}
	}
	if best == "" {
		return ""
	}
	return strings.Join(append(segs[:len(segs)-1:len(segs)-1], best), ".")
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// jsonField finds the struct field whose JSON name is name, looking into inlined structs.
func jsonField(t reflect.Type, name string) (reflect.Type, bool) {
	t = deref(t)
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("json"), ",")
		if tag[0] == "" && (f.Anonymous || len(tag) > 1 && tag[1] == "inline") {
			if ft, ok := jsonField(f.Type, name); ok {
				return ft, true
			}
			continue
		}
		if tag[0] == name {
			return f.Type, true
		}
	}
	return nil, false
}

func jsonFieldNames(t reflect.Type) []string {
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("json"), ",")
		switch {
		case tag[0] == "-":
		case tag[0] == "" && (f.Anonymous || len(tag) > 1 && tag[1] == "inline"):
			names = append(names, jsonFieldNames(deref(f.Type))...)
		case tag[0] != "":
			names = append(names, tag[0])
		}
	}
	return names
}
