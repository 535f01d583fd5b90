package lint

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// fieldPattern is a field path with [*] for every list item (e.g.
// "spec.template.spec.containers[*].restartPolicyRules"), compiled against a Go API type into
// the struct field indexes to follow, so finding it costs no reflection on struct tags.
type fieldPattern struct {
	pattern string
	steps   []patternStep
}

type patternStep struct {
	name  string // JSON name, for the reported path
	index []int  // struct field index path (through inlined structs); nil for "every item"
}

// compilePattern resolves pattern on type t (a struct type such as batchv1.Job).
func compilePattern(t reflect.Type, pattern string) (fieldPattern, error) {
	fp := fieldPattern{pattern: pattern}
	for _, seg := range strings.Split(pattern, ".") {
		name, each := strings.CutSuffix(seg, "[*]")
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return fp, fmt.Errorf("%s: %s is not an object", pattern, name)
		}
		idx := jsonFieldIndex(t, name)
		if idx == nil {
			return fp, fmt.Errorf("%s: %s has no field %q", pattern, t.Name(), name)
		}
		fp.steps = append(fp.steps, patternStep{name: name, index: idx})
		t = t.FieldByIndex(idx).Type
		if each {
			if t.Kind() != reflect.Slice {
				return fp, fmt.Errorf("%s: %s is not a list", pattern, name)
			}
			fp.steps = append(fp.steps, patternStep{})
			t = t.Elem()
		}
	}
	return fp, nil
}

// jsonFieldIndex finds the field of struct type t whose JSON name is name, looking into
// embedded structs without a JSON name (such as Volume's VolumeSource), as encoding/json does.
func jsonFieldIndex(t reflect.Type, name string) []int {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if n == name {
			return []int{i}
		}
		if n == "" && f.Anonymous && f.Type.Kind() == reflect.Struct {
			if sub := jsonFieldIndex(f.Type, name); sub != nil {
				return append([]int{i}, sub...)
			}
		}
	}
	return nil
}

// find calls fn with the concrete path and the value of every set (non-zero) match of the
// pattern in root (a pointer to the compiled type).
func (fp fieldPattern) find(root any, fn func(path string, v reflect.Value)) {
	v := reflect.ValueOf(root)
	fp.walk(v, 0, nil, fn)
}

func (fp fieldPattern) walk(v reflect.Value, i int, path []byte, fn func(string, reflect.Value)) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if i == len(fp.steps) {
		return
	}
	s := fp.steps[i]
	if s.index == nil {
		for j := 0; j < v.Len(); j++ {
			p := append(append(append(path, '['), strconv.Itoa(j)...), ']')
			fp.walkValue(v.Index(j), i+1, p, fn)
		}
		return
	}
	if len(path) > 0 {
		path = append(path, '.')
	}
	fp.walkValue(v.FieldByIndex(s.index), i+1, append(path, s.name...), fn)
}

func (fp fieldPattern) walkValue(v reflect.Value, next int, path []byte, fn func(string, reflect.Value)) {
	if next == len(fp.steps) {
		if !v.IsZero() {
			fn(string(path), v)
		}
		return
	}
	fp.walk(v, next, path, fn)
}
