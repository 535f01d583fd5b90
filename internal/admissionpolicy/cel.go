package admissionpolicy

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"unicode"
)

// CEL roots of a ValidatingAdmissionPolicy expression.
const (
	object    = "object"
	oldObject = "oldObject"

	isCreate = "request.operation == 'CREATE'"
	isUpdate = "request.operation == 'UPDATE'"
)

// quote renders s as a single-quoted CEL string literal.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '\'':
			b.WriteString(`\'`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if unicode.IsControl(r) {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// part is a piece of a message: literal text, or a CEL expression of type string.
type part struct {
	lit string
	cel string
}

// text is a message as a concatenation of parts. Keeping literals apart from computed values
// lets the tests compare a template with the webhook's wording without a CEL interpreter.
type text []part

func lit(s string) text   { return text{{lit: s}} }
func value(e string) text { return text{{cel: e}} }

func cat(ts ...text) text {
	var out text
	for _, t := range ts {
		for _, p := range t {
			if p.cel == "" && len(out) > 0 && out[len(out)-1].cel == "" {
				out[len(out)-1].lit += p.lit
				continue
			}
			out = append(out, p)
		}
	}
	return out
}

// hasPrefix reports whether the text starts with the literal s.
func (t text) hasPrefix(s string) bool {
	return len(t) > 0 && t[0].cel == "" && strings.HasPrefix(t[0].lit, s)
}

// CEL renders the text as a CEL string expression.
func (t text) CEL() string {
	parts := make([]string, 0, len(t))
	for _, p := range t {
		switch {
		case p.cel != "" && strings.ContainsAny(p.cel, " ?"):
			parts = append(parts, "("+p.cel+")")
		case p.cel != "":
			parts = append(parts, p.cel)
		default:
			parts = append(parts, quote(p.lit))
		}
	}
	if len(parts) == 0 {
		return "''"
	}
	return strings.Join(parts, " + ")
}

// celReserved are the property names CEL escapes as __name__ (see the ValidatingAdmissionPolicy
// documentation of Validation.expression).
var celReserved = map[string]bool{"true": true, "false": true, "null": true, "in": true, "as": true,
	"break": true, "const": true, "continue": true, "else": true, "for": true, "function": true, "if": true,
	"import": true, "let": true, "loop": true, "package": true, "namespace": true, "return": true}

// celProperty escapes a JSON property name for field selection in a CEL expression.
func celProperty(name string) string {
	if celReserved[name] {
		return "__" + name + "__"
	}
	r := strings.NewReplacer("__", "__underscores__", ".", "__dot__", "-", "__dash__", "/", "__slash__")
	return r.Replace(name)
}

// step is one segment of a resolved field path.
type step struct {
	name   string
	mapKey bool // a key of a map (labels, annotations, nodeSelector...), not a struct field
}

// fieldRef is a dotted field path (as lint reports and configures them: "spec.timeZone",
// "metadata.labels.team") resolved against the Go type of a Job or CronJob, so that it can be
// written as CEL with presence guards.
type fieldRef struct {
	path  string
	steps []step
	leaf  reflect.Type
}

// resolveField resolves path against the Go type t (batchv1.Job or batchv1.CronJob) the way
// lint's policy-immutable-field rule walks the object's JSON: struct fields by their JSON name,
// map values by key. Paths into lists are errors: lint never finds a value there.
func resolveField(t reflect.Type, path string) (fieldRef, error) {
	ref := fieldRef{path: path}
	cur := t
	for _, seg := range strings.Split(path, ".") {
		if seg == "" {
			return fieldRef{}, fmt.Errorf("field path %q has an empty segment", path)
		}
		for cur.Kind() == reflect.Pointer {
			cur = cur.Elem()
		}
		switch cur.Kind() {
		case reflect.Struct:
			f, ok := jsonField(cur, seg)
			if !ok {
				return fieldRef{}, fmt.Errorf("field path %q: %s has no field %q%s", path, cur.Name(), seg, suggestField(cur, seg))
			}
			ref.steps = append(ref.steps, step{name: seg})
			cur = f.Type
		case reflect.Map:
			if cur.Key().Kind() != reflect.String {
				return fieldRef{}, fmt.Errorf("field path %q: %q is not a field", path, seg)
			}
			ref.steps = append(ref.steps, step{name: seg, mapKey: true})
			cur = cur.Elem()
		case reflect.Slice, reflect.Array:
			return fieldRef{}, fmt.Errorf("field path %q goes into a list before %q: only object fields and map keys can be compared", path, seg)
		default:
			return fieldRef{}, fmt.Errorf("field path %q: %q is below a %s value, which has no fields", path, seg, cur.Kind())
		}
	}
	for cur.Kind() == reflect.Pointer {
		cur = cur.Elem()
	}
	ref.leaf = cur
	return ref, nil
}

// mustField resolves a path the generator itself uses; a failure is a bug in the rule table.
func mustField(t reflect.Type, path string) fieldRef {
	f, err := resolveField(t, path)
	if err != nil {
		panic(err)
	}
	return f
}

// jsonField finds the struct field serialised under name, looking into inlined structs.
func jsonField(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		if tag == "" && (f.Anonymous || strings.Contains(","+opts+",", ",inline,")) {
			inner := f.Type
			for inner.Kind() == reflect.Pointer {
				inner = inner.Elem()
			}
			if inner.Kind() == reflect.Struct {
				if g, ok := jsonField(inner, name); ok {
					return g, true
				}
			}
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		if tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func suggestField(t reflect.Type, seg string) string {
	for i := 0; i < t.NumField(); i++ {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if tag != "" && tag != "-" && strings.EqualFold(tag, seg) {
			return fmt.Sprintf(" (did you mean %q?)", tag)
		}
	}
	return ""
}

// access renders the field under root ("object" or "oldObject").
func (f fieldRef) access(root string) string {
	var b strings.Builder
	b.WriteString(root)
	for _, s := range f.steps {
		if s.mapKey {
			b.WriteString("[" + quote(s.name) + "]")
		} else {
			b.WriteString("." + celProperty(s.name))
		}
	}
	return b.String()
}

// present renders a guard that is true when the field and all its parents are set: has() for
// struct fields, "in" for map keys.
func (f fieldRef) present(root string) string {
	guards := make([]string, 0, len(f.steps))
	parent := fieldRef{}
	for i, s := range f.steps {
		parent.steps = f.steps[:i]
		if s.mapKey {
			guards = append(guards, quote(s.name)+" in "+parent.access(root))
		} else {
			guards = append(guards, "has("+fieldRef{steps: f.steps[:i+1]}.access(root)+")")
		}
	}
	return strings.Join(guards, " && ")
}

var (
	jsonMarshaler = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
)

// shown renders (as a CEL string expression) the field's value under root the way lint's shortJSON does in
// policy-immutable-field messages: "unset" when absent, JSON for strings, numbers and booleans
// (strings cut to 60 characters). Structured values are abbreviated: CEL cannot write JSON.
func (f fieldRef) shown(root string) string {
	a := f.access(root)
	var v string
	switch k := f.leaf.Kind(); {
	case reflect.PointerTo(f.leaf).Implements(jsonMarshaler) || f.leaf.Implements(jsonMarshaler):
		v = quote("...")
	case k == reflect.String:
		s := `'"' + ` + a + `.replace('\\', '\\\\').replace('"', '\\"').replace('<', '\\u003c').replace('>', '\\u003e').replace('&', '\\u0026') + '"'`
		v = "(" + s + ").size() > 60 ? (" + s + ").substring(0, 57) + '...' : " + s
	case k == reflect.Bool, k >= reflect.Int && k <= reflect.Uint64:
		v = "string(" + a + ")"
	case k == reflect.Slice || k == reflect.Array:
		v = quote("[...]")
	default:
		v = quote("{...}")
	}
	return f.present(root) + " ? (" + v + ") : 'unset'"
}

// changed renders a condition that is true when the field differs between oldObject and object,
// including when it is set on one side only.
func (f fieldRef) changed() string {
	return "(" + f.present(oldObject) + ") != (" + f.present(object) + ") || (" + f.present(object) + ") && " +
		f.access(oldObject) + " != " + f.access(object)
}

// camel turns a rule ID into a CEL identifier: restart-policy-invalid -> restartPolicyInvalid.
func camel(id string) string {
	var b strings.Builder
	upper := false
	for _, r := range id {
		switch {
		case r == '-' || r == '_' || r == '.':
			upper = true
		case upper:
			b.WriteRune(unicode.ToUpper(r))
			upper = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// identifier turns a field path into an identifier part: spec.timeZone -> SpecTimeZone.
func identifier(path string) string {
	var b strings.Builder
	upper := true
	for _, r := range path {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if upper {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
			upper = false
		default:
			upper = true
		}
	}
	return b.String()
}
