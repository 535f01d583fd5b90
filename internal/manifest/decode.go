// Package manifest turns manifest bytes (multi-document YAML, JSON, kind: List) into lint.Objects
// that remember where each field came from. It reads YAML with the same scalar rules kubectl uses
// (YAML 1.1 booleans such as "yes" included) and decodes strictly, like `kubectl apply`'s default
// field validation: unknown fields and values of the wrong type become problems naming the field.
package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	batchv1 "k8s.io/api/batch/v1"
	sigsjson "sigs.k8s.io/json"

	"github.com/kubectl-batch/kubectl-batch/internal/fastyaml"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// InputError is a document that could not be read at all (malformed YAML or JSON, no kind).
type InputError struct {
	File     string
	Document int
	Line     int
	Message  string
}

// Error implements error.
func (e *InputError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc += ":" + strconv.Itoa(e.Line)
	}
	if e.Document > 0 {
		return fmt.Sprintf("%s (document %d): %s", loc, e.Document, e.Message)
	}
	return fmt.Sprintf("%s: %s", loc, e.Message)
}

// Result is what one input yields.
type Result struct {
	Objects []*lint.Object
	// Skipped counts well-formed documents of other kinds (Deployments, ConfigMaps, ...).
	Skipped int
	Errors  []*InputError
}

// Decode reads every document in data. file names the source in findings ("-" for stdin).
// It never panics on bad input: unreadable documents become InputErrors and the rest is still read.
func Decode(file string, data []byte) Result {
	var res Result
	res.Skipped, res.Errors = Stream(file, data, func(obj *lint.Object) { res.Objects = append(res.Objects, obj) })
	return res
}

// Stream is Decode handing each object to fn as soon as it is read, in document order, so a
// caller that checks and drops objects keeps only one document's tree in memory. It returns the
// number of skipped documents and the input errors.
func Stream(file string, data []byte, fn func(*lint.Object)) (skipped int, errs []*InputError) {
	docNum := 0
	var res Result
	for _, chunk := range splitDocuments(data) {
		if isBlank(chunk.text) {
			continue
		}
		docNum++
		root, err := parseYAML(chunk.text)
		if err != nil {
			res.Errors = append(res.Errors, &InputError{File: file, Document: docNum,
				Line: chunk.line + yamlErrorLine(err) - 1, Message: "malformed YAML: " + cleanYAMLError(err)})
			continue
		}
		if root.Kind == 0 || len(root.Content) == 0 {
			docNum--
			continue // only comments
		}
		d := &docDecoder{file: file, doc: docNum, lineOffset: chunk.line - 1}
		d.top(root.Content[0], &res)
		for _, obj := range res.Objects {
			fn(obj)
		}
		clear(res.Objects)
		res.Objects = res.Objects[:0]
	}
	return res.Skipped, res.Errors
}

// parseYAML parses one document: the fast parser for the YAML manifests are usually written in,
// yaml.v3 for everything else (anchors, tags, multi-line scalars, errors).
func parseYAML(doc []byte) (*yaml.Node, error) {
	if n, err := fastyaml.Parse(doc); err == nil {
		return n, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, err
	}
	return &root, nil
}

type chunk struct {
	text []byte
	line int // 1-based line of the chunk's first line in the file
}

// splitDocuments cuts a YAML stream at "---" and "..." lines so a malformed document does not
// hide the ones after it.
func splitDocuments(data []byte) []chunk {
	var out []chunk
	start, startLine, line := 0, 1, 1
	for i := 0; i < len(data); {
		end := bytes.IndexByte(data[i:], '\n')
		next := len(data)
		if end >= 0 {
			next = i + end + 1
		}
		l := bytes.TrimRight(data[i:next], "\r\n")
		if isSeparator(l) {
			out = append(out, chunk{text: data[start:i], line: startLine})
			start, startLine = next, line+1
			if bytes.HasPrefix(l, []byte("---")) {
				// "--- {json}" or "--- !tag" keeps content on the separator line.
				if rest := bytes.TrimSpace(l[3:]); len(rest) > 0 && rest[0] != '#' {
					start, startLine = i+3, line
				}
			}
		}
		i = next
		line++
	}
	out = append(out, chunk{text: data[start:], line: startLine})
	return out
}

func isSeparator(l []byte) bool {
	if bytes.HasPrefix(l, []byte("---")) {
		return len(l) == 3 || l[3] == ' ' || l[3] == '\t'
	}
	return bytes.Equal(bytes.TrimRight(l, " \t"), []byte("..."))
}

// isBlank reports whether b has only blank lines and comments.
func isBlank(b []byte) bool {
	atLineStart := true
	for _, c := range b {
		switch {
		case c == '\n':
			atLineStart = true
		case c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
		case !atLineStart:
			// inside a comment
		case c == '#':
			atLineStart = false
		case c >= 0x80:
			return isBlankUnicode(b) // other white space (U+0085, U+00A0, ...)
		default:
			return false
		}
	}
	return true
}

func isBlankUnicode(b []byte) bool {
	for _, l := range bytes.Split(b, []byte("\n")) {
		t := bytes.TrimSpace(l)
		if len(t) > 0 && t[0] != '#' {
			return false
		}
	}
	return true
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

func yamlErrorLine(err error) int {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 1
}

func cleanYAMLError(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	s = yamlLineRE.ReplaceAllString(s, "")
	s = strings.TrimPrefix(strings.TrimSpace(s), ": ")
	return strings.Join(strings.Fields(s), " ")
}

type docDecoder struct {
	file       string
	doc        int
	lineOffset int
}

func (d *docDecoder) inputError(n *yaml.Node, format string, args ...any) *InputError {
	line := 0
	if n != nil {
		line = n.Line + d.lineOffset
	}
	return &InputError{File: d.file, Document: d.doc, Line: line, Message: fmt.Sprintf(format, args...)}
}

// top handles one document's root node: an object, or a List of objects.
func (d *docDecoder) top(n *yaml.Node, res *Result) {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		res.Errors = append(res.Errors, d.inputError(n, "expected a Kubernetes object (a mapping with apiVersion and kind), found %s", nodeKindName(n)))
		return
	}
	apiVersion, kind := scalarField(n, "apiVersion"), scalarField(n, "kind")
	if kind == "" {
		res.Errors = append(res.Errors, d.inputError(n, "object has no kind (apiVersion %q)", apiVersion))
		return
	}
	if strings.HasSuffix(kind, "List") {
		if items := mapValue(n, "items"); items != nil {
			items = resolveAlias(items)
			if items.Kind != yaml.SequenceNode {
				res.Errors = append(res.Errors, d.inputError(items, "%s.items must be a list", kind))
				return
			}
			for i, item := range items.Content {
				d.object(resolveAlias(item), fmt.Sprintf("items[%d]", i), res)
			}
			return
		}
	}
	d.object(n, "", res)
}

// object decodes one mapping node as a Job or CronJob; other kinds are counted as skipped.
func (d *docDecoder) object(n *yaml.Node, prefix string, res *Result) {
	if n.Kind != yaml.MappingNode {
		res.Errors = append(res.Errors, d.inputError(n, "%s: expected an object, found %s", prefix, nodeKindName(n)))
		return
	}
	apiVersion, kind := scalarField(n, "apiVersion"), scalarField(n, "kind")
	if kind != lint.KindJob && kind != lint.KindCronJob {
		if kind == "" {
			res.Errors = append(res.Errors, d.inputError(n, "%s: object has no kind", prefix))
			return
		}
		res.Skipped++
		return
	}
	group, version := splitAPIVersion(apiVersion)
	if group != "batch" && group != "" {
		res.Skipped++ // a custom resource that happens to be called Job
		return
	}
	var problems []lint.Problem
	switch {
	case apiVersion == "batch/v1":
	case apiVersion == "batch/v1beta1" && kind == lint.KindCronJob:
		problems = append(problems, lint.Problem{RuleID: lint.RuleAPIVersionRemoved, Path: "apiVersion",
			Message: "batch/v1beta1 CronJob was removed in Kubernetes 1.25; the server no longer serves it",
			Fix:     "set apiVersion: batch/v1 (the fields are the same)"})
	case apiVersion == "":
		problems = append(problems, lint.Problem{RuleID: lint.RuleAPIVersionUnknown, Path: "apiVersion",
			Message: "apiVersion is missing", Fix: "set apiVersion: batch/v1"})
	default:
		problems = append(problems, lint.Problem{RuleID: lint.RuleAPIVersionUnknown, Path: "apiVersion",
			Message: fmt.Sprintf("apiVersion %q does not serve %s (version %q of group %q is unknown)", apiVersion, kind, version, group),
			Fix:     "set apiVersion: batch/v1"})
	}

	obj := &lint.Object{APIVersion: apiVersion, Positions: &positions{root: n, offset: d.lineOffset},
		Source: lint.Source{File: d.file, Document: d.doc, Line: n.Line + d.lineOffset}}
	var target any
	if kind == lint.KindJob {
		obj.Job = &batchv1.Job{}
		target = obj.Job
	} else {
		obj.CronJob = &batchv1.CronJob{}
		target = obj.CronJob
	}
	if !decodeTyped(n, target) {
		// Something to report, or something the typed decoder does not model: decode the JSON
		// text strictly, which names every unknown and mistyped field.
		reset(target)
		var buf bytes.Buffer
		buf.Grow(1024)
		c := converter{buf: &buf, offset: d.lineOffset}
		if err := c.value(n); err != nil {
			res.Errors = append(res.Errors, d.inputError(n, "%s", err.Error()))
			return
		}
		problems = append(problems, strictDecode(buf.Bytes(), target, kind)...)
	}
	obj.Problems = problems
	res.Objects = append(res.Objects, obj)
}

func splitAPIVersion(v string) (group, version string) {
	if i := strings.LastIndexByte(v, '/'); i >= 0 {
		return v[:i], v[i+1:]
	}
	return "", v
}

var typeErrorRE = regexp.MustCompile(`cannot unmarshal (\S+) into Go (?:struct field \S*?\.|value of type )(\S*?)(?: of type (\S+))?$`)

// maxTypeErrors bounds how many mistyped fields one object reports.
const maxTypeErrors = 20

// strictDecode unmarshals JSON into target the way kube-apiserver's strict field validation does
// and turns unknown, duplicate and mistyped fields into problems. encoding/json stops checking
// strictly at the first type error, so each mistyped field is removed and decoding repeated:
// every type error and every unknown field is reported.
func strictDecode(data []byte, target any, kind string) []lint.Problem {
	var problems []lint.Problem
	var generic any // decoded lazily, only when a type error needs removing
	for attempt := 0; ; attempt++ {
		strictErrs, err := sigsjson.UnmarshalStrict(data, target)
		if err == nil {
			problems = append(problems, strictProblems(strictErrs, kind)...)
			return problems
		}
		m := typeErrorRE.FindStringSubmatch(err.Error())
		if m == nil || attempt >= maxTypeErrors {
			problems = append(problems, lint.Problem{RuleID: lint.RuleWrongType,
				Message: "cannot decode " + kind + ": " + strings.TrimPrefix(err.Error(), "json: ")})
			return problems
		}
		got, path, want := m[1], m[2], m[3]
		if generic == nil {
			if json.Unmarshal(data, &generic) != nil {
				return problems
			}
		}
		indexed, removed := removeField(generic, strings.Split(path, "."), "")
		if !removed {
			problems = append(problems, lint.Problem{RuleID: lint.RuleWrongType, Path: path,
				Message: fmt.Sprintf("%s must be %s, not a %s", path, describeGoType(want), got)})
			return problems
		}
		problems = append(problems, lint.Problem{RuleID: lint.RuleWrongType, Path: indexed,
			Message: fmt.Sprintf("%s must be %s, not a %s", indexed, describeGoType(want), got),
			Fix:     fmt.Sprintf("write %s as %s (numbers and booleans without quotes)", indexed, describeGoType(want))})
		if data, err = json.Marshal(generic); err != nil {
			return problems
		}
		reset(target)
	}
}

// reset zeroes a pointer's target before decoding again.
func reset(target any) {
	switch t := target.(type) {
	case *batchv1.Job:
		*t = batchv1.Job{}
	case *batchv1.CronJob:
		*t = batchv1.CronJob{}
	}
}

// removeField deletes the field at segs from decoded JSON, descending into every element of
// lists on the way (JSON type errors name the field without list indexes). It returns the path
// of the first occurrence removed, with list indexes, and whether anything was removed.
func removeField(v any, segs []string, prefix string) (string, bool) {
	switch t := v.(type) {
	case map[string]any:
		child, ok := t[segs[0]]
		if !ok {
			return "", false
		}
		p := segs[0]
		if prefix != "" {
			p = prefix + "." + segs[0]
		}
		if len(segs) == 1 {
			delete(t, segs[0])
			return p, true
		}
		return removeField(child, segs[1:], p)
	case []any:
		for i, item := range t {
			// Only the first offender: the next attempt reports the others.
			if p, ok := removeField(item, segs, fmt.Sprintf("%s[%d]", prefix, i)); ok {
				return p, true
			}
		}
	}
	return "", false
}

func strictProblems(strictErrs []error, kind string) []lint.Problem {
	var problems []lint.Problem
	for _, se := range strictErrs {
		path := ""
		if fe, ok := se.(sigsjson.FieldError); ok {
			path = fe.FieldPath()
		}
		msg := strings.TrimPrefix(se.Error(), "json: ")
		if strings.HasPrefix(msg, "unknown field") {
			p := lint.Problem{RuleID: lint.RuleUnknownField, Path: path,
				Message: fmt.Sprintf("unknown field %q: kubectl apply (strict field validation) rejects it", path)}
			if s := suggestField(kind, path); s != "" {
				p.Fix = fmt.Sprintf("did you mean %q?", s)
			}
			problems = append(problems, p)
			continue
		}
		problems = append(problems, lint.Problem{RuleID: lint.RuleUnknownField, Path: path, Message: msg})
	}
	return problems
}

func describeGoType(t string) string {
	switch {
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint"):
		return "an integer"
	case t == "bool":
		return "a boolean (true or false)"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map"):
		return "a map"
	case t == "":
		return "another type"
	}
	return "an object (" + t + ")"
}

// converter writes a yaml.Node tree as JSON.
type converter struct {
	buf    *bytes.Buffer
	offset int
	depth  int
	nodes  int
}

// Limits that keep hostile documents ("billion laughs" alias bombs, deep nesting) cheap.
const (
	maxDepth     = 200
	maxNodes     = 200000
	maxJSONBytes = 32 << 20
)

func (c *converter) value(n *yaml.Node) error {
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxDepth {
		return fmt.Errorf("document nested deeper than %d levels", maxDepth)
	}
	if c.nodes++; c.nodes > maxNodes || c.buf.Len() > maxJSONBytes {
		return fmt.Errorf("document expands to more than %d values or %d MiB (YAML aliases?); not read", maxNodes, maxJSONBytes>>20)
	}
	n = resolveAlias(n)
	if n == nil {
		c.buf.WriteString("null")
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		return c.mapping(n)
	case yaml.SequenceNode:
		c.buf.WriteByte('[')
		for i, item := range n.Content {
			if i > 0 {
				c.buf.WriteByte(',')
			}
			if err := c.value(item); err != nil {
				return err
			}
		}
		c.buf.WriteByte(']')
		return nil
	case yaml.ScalarNode:
		c.scalar(n)
		return nil
	}
	return fmt.Errorf("line %d: unsupported YAML node", n.Line+c.offset)
}

func (c *converter) mapping(n *yaml.Node) error {
	c.buf.WriteByte('{')
	first := true
	var err error
	eachPair(n, func(k, v *yaml.Node) {
		if err != nil {
			return
		}
		if !first {
			c.buf.WriteByte(',')
		}
		first = false
		key, kerr := mapKey(k)
		if kerr != nil {
			err = fmt.Errorf("line %d: %v", k.Line+c.offset, kerr)
			return
		}
		writeJSONString(c.buf, key)
		c.buf.WriteByte(':')
		err = c.value(v)
	}, 0)
	c.buf.WriteByte('}')
	return err
}

// eachPair visits a mapping's pairs, expanding YAML merge keys ("<<: *anchor").
func eachPair(n *yaml.Node, fn func(k, v *yaml.Node), depth int) {
	if depth > 10 {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0) {
			v = resolveAlias(v)
			switch {
			case v == nil:
			case v.Kind == yaml.MappingNode:
				eachPair(v, fn, depth+1)
			case v.Kind == yaml.SequenceNode:
				for _, m := range v.Content {
					if m = resolveAlias(m); m != nil && m.Kind == yaml.MappingNode {
						eachPair(m, fn, depth+1)
					}
				}
			}
			continue
		}
		fn(k, v)
	}
}

// positions resolves field paths against the document's node tree on demand (findings are few,
// fields many, so nothing is indexed up front).
type positions struct {
	root   *yaml.Node
	offset int
}

// Line implements lint.Positions. Paths look like "spec.containers[0].image".
func (p *positions) Line(path string) int {
	n := p.root
	line := 0
	for path != "" {
		var seg string
		seg, path = nextSegment(path)
		n = resolveAlias(n)
		if n == nil {
			return 0
		}
		if strings.HasPrefix(seg, "[") {
			i, err := strconv.Atoi(seg[1 : len(seg)-1])
			if err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return 0
			}
			n = n.Content[i]
			line = n.Line
			continue
		}
		if n.Kind != yaml.MappingNode {
			return 0
		}
		var found *yaml.Node
		eachPair(n, func(k, v *yaml.Node) {
			if k.Value == seg {
				found, line = v, k.Line
			}
		}, 0)
		if found == nil {
			return 0
		}
		n = found
	}
	if line == 0 {
		return 0
	}
	return line + p.offset
}

// nextSegment splits "a.b[2].c" into "a" and "b[2].c", "[2].c" into "[2]" and "c".
func nextSegment(path string) (string, string) {
	if strings.HasPrefix(path, "[") {
		if i := strings.IndexByte(path, ']'); i > 0 {
			return path[:i+1], strings.TrimPrefix(path[i+1:], ".")
		}
		return path, ""
	}
	for i := 0; i < len(path); i++ {
		switch path[i] {
		case '.':
			return path[:i], path[i+1:]
		case '[':
			return path[:i], path[i:]
		}
	}
	return path, ""
}

// yaml11Bools are the plain scalars YAML 1.1 (and so kubectl's YAML reader) reads as booleans.
func yaml11Bool(s string) (bool, bool) {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE":
		return true, true
	case "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE":
		return false, true
	}
	return false, false
}

// jsonScalar is how a YAML scalar reads as JSON.
type jsonScalar uint8

const (
	jsonString jsonScalar = iota // text is the string's value
	jsonNull
	jsonBool  // text is "true" or "false"
	jsonInt   // text is a decimal integer
	jsonFloat // text is a JSON number
)

// scalarAsJSON classifies a scalar the way kubectl's YAML reader does: quoted and block scalars
// are strings, plain ones are resolved by their tag (YAML 1.1 booleans included).
func scalarAsJSON(n *yaml.Node) (jsonScalar, string) {
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 || n.Tag == "!!str" && n.Style != 0 {
		return jsonString, n.Value
	}
	switch n.Tag {
	case "!!null":
		return jsonNull, "null"
	case "!!bool":
		if b, ok := yaml11Bool(n.Value); ok {
			return jsonBool, strconv.FormatBool(b)
		}
	case "!!int":
		v := n.Value
		if strings.IndexByte(v, '_') >= 0 {
			v = strings.ReplaceAll(v, "_", "")
		}
		if isDecimal(v) {
			return jsonInt, v
		}
		if i, err := strconv.ParseInt(v, 0, 64); err == nil {
			return jsonInt, strconv.FormatInt(i, 10)
		}
		if u, err := strconv.ParseUint(v, 0, 64); err == nil {
			return jsonInt, strconv.FormatUint(u, 10)
		}
	case "!!float":
		if f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64); err == nil && !isInfOrNaN(f) {
			b, _ := json.Marshal(f)
			return jsonFloat, string(b)
		}
	case "!!str":
		if b, ok := yaml11Bool(n.Value); ok {
			return jsonBool, strconv.FormatBool(b)
		}
	}
	return jsonString, n.Value
}

// mapKey is the JSON key kubectl's YAML reader makes of a mapping key: plain scalars that YAML
// 1.1 reads as booleans or numbers become their text as sigs.k8s.io/yaml writes it ("y" becomes
// "true", "0x10" becomes "16", "1.50" becomes "1.5"); a null key is an error there too.
func mapKey(k *yaml.Node) (string, error) {
	if k = resolveAlias(k); k == nil || k.Kind != yaml.ScalarNode {
		return "", errors.New("a mapping key must be a string")
	}
	switch kind, text := scalarAsJSON(k); kind {
	case jsonString, jsonBool, jsonInt:
		return text, nil
	case jsonFloat:
		f, _ := strconv.ParseFloat(text, 64)
		return strconv.FormatFloat(f, 'g', -1, 32), nil
	default:
		return "", fmt.Errorf("unsupported mapping key %q", k.Value)
	}
}

// isDecimal reports whether s is an optionally negative decimal integer in canonical form (no
// leading zeros, no sign on zero, at most 18 digits so it fits int64): the common case, which
// needs no parsing to be written as JSON.
func isDecimal(s string) bool {
	d := s
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 18 || (d[0] == '0' && (len(d) > 1 || len(s) > 1)) {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}

func (c *converter) scalar(n *yaml.Node) {
	kind, text := scalarAsJSON(n)
	if kind == jsonString {
		writeJSONString(c.buf, text)
		return
	}
	c.buf.WriteString(text)
}

func isInfOrNaN(f float64) bool {
	return f != f || f > 1.7976931348623157e308 || f < -1.7976931348623157e308
}

// writeJSONString writes s as a JSON string without allocating for the common case.
func writeJSONString(buf *bytes.Buffer, s string) {
	if !utf8.ValidString(s) {
		b, _ := json.Marshal(s) // replaces invalid bytes with U+FFFD, as the API server would read them
		buf.Write(b)
		return
	}
	const hex = "0123456789abcdef"
	buf.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		buf.WriteString(s[start:i])
		switch c {
		case '"', '\\':
			buf.WriteByte('\\')
			buf.WriteByte(c)
		case '\n':
			buf.WriteString(`\n`)
		case '\r':
			buf.WriteString(`\r`)
		case '\t':
			buf.WriteString(`\t`)
		default:
			buf.WriteString(`\u00`)
			buf.WriteByte(hex[c>>4])
			buf.WriteByte(hex[c&0xf])
		}
		start = i + 1
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return resolveAlias(n.Content[0])
	}
	return n
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalarField(n *yaml.Node, key string) string {
	v := resolveAlias(mapValue(n, key))
	if v == nil || v.Kind != yaml.ScalarNode {
		return ""
	}
	return v.Value
}

func nodeKindName(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the scalar %q", truncate(n.Value, 40))
	case yaml.MappingNode:
		return "a mapping"
	}
	return "an unsupported node"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
