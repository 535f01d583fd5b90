package manifest

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	batchv1 "k8s.io/api/batch/v1"
)

// The typed decoder fills a Job or CronJob straight from the YAML node tree, without writing the
// JSON text that strictDecode reads: most manifests are well-formed, and for them this is the
// whole cost of decoding. It accepts exactly the documents that strict JSON decoding accepts
// without a problem, and gives the same result for them; at the first thing that would be a
// problem, or that it does not model (a merge key, a float, an interface or text-unmarshalled
// field, an input near the size limits), it declines and the caller takes the JSON path, which
// reports problems precisely. TestTypedDecodeMatchesJSON and FuzzTypedDecode hold it to that.

// typeInfo is what the typed decoder knows about one Go type.
type typeInfo struct {
	kind reflect.Kind
	typ  reflect.Type
	// unmarshaler: *T implements json.Unmarshaler, so the value is handed its JSON text.
	unmarshaler bool
	// unsupported: the decoder declines any document that sets a value of this type.
	unsupported bool
	elem        *typeInfo            // pointer, slice and map elements
	fields      map[string]fieldInfo // struct fields by JSON name
	nfields     int
}

type fieldInfo struct {
	index   []int
	ordinal int // for duplicate detection
	info    *typeInfo
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// typeTables returns the (immutable, built once) type information for Job and CronJob.
var typeTables = sync.OnceValue(func() map[reflect.Type]*typeInfo {
	seen := map[reflect.Type]*typeInfo{}
	buildTypeInfo(reflect.TypeFor[batchv1.Job](), seen)
	buildTypeInfo(reflect.TypeFor[batchv1.CronJob](), seen)
	return seen
})

func buildTypeInfo(t reflect.Type, seen map[reflect.Type]*typeInfo) *typeInfo {
	if ti, ok := seen[t]; ok {
		return ti
	}
	ti := &typeInfo{kind: t.Kind(), typ: t}
	seen[t] = ti
	if t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(jsonUnmarshalerType) {
		ti.unmarshaler = true
		return ti
	}
	if t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(textUnmarshalerType) {
		ti.unsupported = true
		return ti
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
	case reflect.Pointer:
		ti.elem = buildTypeInfo(t.Elem(), seen)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			ti.unsupported = true // []byte is base64 in JSON
			break
		}
		ti.elem = buildTypeInfo(t.Elem(), seen)
	case reflect.Map:
		if t.Key().Kind() != reflect.String || reflect.PointerTo(t.Key()).Implements(textUnmarshalerType) {
			ti.unsupported = true
			break
		}
		ti.elem = buildTypeInfo(t.Elem(), seen)
	case reflect.Struct:
		ti.fields = map[string]fieldInfo{}
		if !collectFields(t, nil, ti, seen) {
			ti.fields, ti.unsupported = nil, true
		}
	default: // floats, interfaces, arrays, channels, functions
		ti.unsupported = true
	}
	return ti
}

// collectFields adds t's JSON fields to ti the way encoding/json sees them, promoting the fields
// of embedded structs without a JSON name. It reports false for what it does not model: name
// clashes, embedded pointers, the ",string" option.
func collectFields(t reflect.Type, index []int, ti *typeInfo, seen map[reflect.Type]*typeInfo) bool {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(","+opts+",", ",string,") {
			return false
		}
		idx := append(append([]int(nil), index...), i)
		if f.Anonymous && name == "" {
			if f.Type.Kind() != reflect.Struct {
				return false
			}
			if !collectFields(f.Type, idx, ti, seen) {
				return false
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := ti.fields[name]; dup {
			return false
		}
		ti.fields[name] = fieldInfo{index: idx, ordinal: ti.nfields, info: buildTypeInfo(f.Type, seen)}
		ti.nfields++
	}
	return true
}

// typedDecoder decodes one document. Its counters bound the work alias expansion can cause.
type typedDecoder struct {
	tables map[reflect.Type]*typeInfo
	nodes  int
	bytes  int
	raw    bytes.Buffer // JSON text for json.Unmarshaler values
}

// maxTypedBytes keeps the typed decoder well inside the JSON path's size limit (maxJSONBytes),
// so both paths refuse the same documents.
const maxTypedBytes = 1 << 20

// decodeTyped fills target (a *batchv1.Job or *batchv1.CronJob) from n. It reports false when
// the document needs the JSON path; target is then in an unspecified state.
func decodeTyped(n *yaml.Node, target any) bool {
	v := reflect.ValueOf(target).Elem()
	d := &typedDecoder{tables: typeTables()}
	ti := d.tables[v.Type()]
	if ti == nil {
		return false
	}
	return d.value(n, v, ti, 0)
}

func (d *typedDecoder) value(n *yaml.Node, v reflect.Value, ti *typeInfo, depth int) bool {
	if depth >= maxDepth {
		return false
	}
	if d.nodes++; d.nodes > maxNodes {
		return false
	}
	n = resolveAlias(n)
	if n == nil || ti.unsupported {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		kind, text := scalarAsJSON(n)
		if d.bytes += len(text); d.bytes > maxTypedBytes {
			return false
		}
		return d.scalar(n, kind, text, v, ti)
	}
	if ti.unmarshaler {
		return d.unmarshal(n, v)
	}
	switch ti.kind {
	case reflect.Pointer:
		p := reflect.New(ti.elem.typ)
		if !d.value(n, p.Elem(), ti.elem, depth+1) {
			return false
		}
		v.Set(p)
		return true
	case reflect.Struct:
		return n.Kind == yaml.MappingNode && d.object(n, v, ti, depth)
	case reflect.Map:
		return n.Kind == yaml.MappingNode && d.mapping(n, v, ti, depth)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return false
		}
		s := reflect.MakeSlice(ti.typ, len(n.Content), len(n.Content))
		for i, item := range n.Content {
			if !d.value(item, s.Index(i), ti.elem, depth+1) {
				return false
			}
		}
		v.Set(s)
		return true
	}
	return false
}

// scalar stores one scalar as encoding/json would store its JSON literal.
func (d *typedDecoder) scalar(n *yaml.Node, kind jsonScalar, text string, v reflect.Value, ti *typeInfo) bool {
	if kind == jsonNull {
		switch {
		case ti.kind == reflect.Pointer || ti.kind == reflect.Map || ti.kind == reflect.Slice:
			v.SetZero()
			return true
		case ti.unmarshaler:
			return v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON([]byte("null")) == nil
		}
		return true // encoding/json ignores null for other kinds
	}
	if ti.unmarshaler {
		return d.unmarshal(n, v)
	}
	switch ti.kind {
	case reflect.Pointer:
		p := reflect.New(ti.elem.typ)
		if ti.elem.unsupported || !d.scalar(n, kind, text, p.Elem(), ti.elem) {
			return false
		}
		v.Set(p)
		return true
	case reflect.String:
		if kind != jsonString || !utf8.ValidString(text) {
			return false
		}
		v.SetString(text)
		return true
	case reflect.Bool:
		if kind != jsonBool {
			return false
		}
		v.SetBool(text == "true")
		return true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if kind != jsonInt {
			return false
		}
		i, err := strconv.ParseInt(text, 10, 64)
		if err != nil || v.OverflowInt(i) {
			return false
		}
		v.SetInt(i)
		return true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if kind != jsonInt {
			return false
		}
		u, err := strconv.ParseUint(text, 10, 64)
		if err != nil || v.OverflowUint(u) {
			return false
		}
		v.SetUint(u)
		return true
	}
	return false
}

// unmarshal hands a json.Unmarshaler (Quantity, Time, IntOrString) its JSON text, as
// encoding/json does.
func (d *typedDecoder) unmarshal(n *yaml.Node, v reflect.Value) bool {
	d.raw.Reset()
	c := converter{buf: &d.raw}
	if c.value(n) != nil {
		return false
	}
	if d.nodes += c.nodes; d.nodes > maxNodes {
		return false
	}
	if d.bytes += d.raw.Len(); d.bytes > maxTypedBytes {
		return false
	}
	return v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(d.raw.Bytes()) == nil
}

// object fills a struct. Unknown and repeated keys decline (strict decoding reports them).
func (d *typedDecoder) object(n *yaml.Node, v reflect.Value, ti *typeInfo, depth int) bool {
	var seenSmall [2]uint64
	var seen []uint64
	if ti.nfields <= 128 {
		seen = seenSmall[:]
	} else {
		seen = make([]uint64, (ti.nfields+63)/64)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || isMergeKey(k) {
			return false
		}
		f, ok := ti.fields[k.Value]
		if !ok {
			return false
		}
		if seen[f.ordinal/64]&(1<<(f.ordinal%64)) != 0 {
			return false
		}
		seen[f.ordinal/64] |= 1 << (f.ordinal % 64)
		if d.bytes += len(k.Value); d.bytes > maxTypedBytes {
			return false
		}
		if !d.value(n.Content[i+1], fieldByIndex(v, f.index), f.info, depth+1) {
			return false
		}
	}
	return true
}

// fieldByIndex is reflect.Value.FieldByIndex for paths without pointers.
func fieldByIndex(v reflect.Value, index []int) reflect.Value {
	if len(index) == 1 {
		return v.Field(index[0])
	}
	for _, i := range index {
		v = v.Field(i)
	}
	return v
}

// mapping fills a map with string keys. A repeated key declines.
func (d *typedDecoder) mapping(n *yaml.Node, v reflect.Value, ti *typeInfo, depth int) bool {
	if ti.typ == stringMapType {
		return d.stringMap(n, v)
	}
	m := reflect.MakeMapWithSize(ti.typ, len(n.Content)/2)
	keyType := ti.typ.Key()
	plainKeys := keyType == reflect.TypeFor[string]()
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || isMergeKey(k) || !utf8.ValidString(k.Value) || !stringKey(k) {
			return false
		}
		if d.bytes += len(k.Value); d.bytes > maxTypedBytes {
			return false
		}
		key := reflect.ValueOf(k.Value)
		if !plainKeys {
			key = key.Convert(keyType)
		}
		if m.MapIndex(key).IsValid() {
			return false
		}
		elem := reflect.New(ti.elem.typ).Elem()
		if !d.value(n.Content[i+1], elem, ti.elem, depth+1) {
			return false
		}
		m.SetMapIndex(key, elem)
	}
	v.Set(m)
	return true
}

var stringMapType = reflect.TypeFor[map[string]string]()

// stringMap is mapping for map[string]string (labels, annotations, selectors), without
// reflection.
func (d *typedDecoder) stringMap(n *yaml.Node, v reflect.Value) bool {
	m := make(map[string]string, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || isMergeKey(k) || !utf8.ValidString(k.Value) || !stringKey(k) {
			return false
		}
		if _, dup := m[k.Value]; dup {
			return false
		}
		if d.nodes++; d.nodes > maxNodes {
			return false
		}
		val := resolveAlias(n.Content[i+1])
		if val == nil || val.Kind != yaml.ScalarNode {
			return false
		}
		kind, text := scalarAsJSON(val)
		if kind != jsonString || !utf8.ValidString(text) {
			return false // null values, numbers and booleans: left to the JSON path
		}
		if d.bytes += len(k.Value) + len(text); d.bytes > maxTypedBytes {
			return false
		}
		m[k.Value] = text
	}
	v.Set(reflect.ValueOf(m))
	return true
}

// stringKey reports whether kubectl's YAML reader keeps the key's text as it is (not a plain
// boolean, number or null, which mapKey converts): other keys are left to the JSON path.
func stringKey(k *yaml.Node) bool {
	kind, _ := scalarAsJSON(k)
	return kind == jsonString
}

func isMergeKey(k *yaml.Node) bool {
	return k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0)
}
