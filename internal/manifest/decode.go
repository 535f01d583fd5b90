// Package manifest turns manifest bytes (multi-document YAML, JSON, kind: List) into lint.Objects
// that remember where each field came from. It reads YAML with the same scalar rules kubectl uses
// (YAML 1.1 booleans such as "yes" included) and decodes strictly, like `kubectl apply`'s default
// field validation: unknown fields and values of the wrong type become problems naming the field.
package manifest

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	batchv1 "k8s.io/api/batch/v1"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/fastyaml"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// InputError is a document that could not be read at all (malformed YAML or JSON, an apiVersion
// or kind that is not a string, a List item without kind).
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

// DocumentRef names one document of an input: its file, its 1-based index and the line it
// starts on.
type DocumentRef struct {
	File     string
	Document int
	Line     int
}

// Result is what one input yields.
type Result struct {
	Objects []*lint.Object
	// Skipped counts Kubernetes objects of other kinds (Deployments, ConfigMaps, ...).
	Skipped int
	// NonManifestDocuments are the documents that are not Kubernetes objects and were skipped:
	// not a mapping, or no apiVersion or no kind (Helm values, Chart.yaml, CI workflows, {}),
	// whatever the other key holds. A Job or CronJob without apiVersion is still read (rule
	// api-version-unknown); an object with both keys whose apiVersion or kind is not a string is
	// an input error.
	NonManifestDocuments []DocumentRef
	Errors               []*InputError
}

// Decode reads every document in data. file names the source in findings ("-" for stdin).
// It never panics on bad input: unreadable documents become InputErrors and the rest is still read.
func Decode(file string, data []byte) Result {
	var objects []*lint.Object
	res := Stream(file, data, func(obj *lint.Object) { objects = append(objects, obj) })
	res.Objects = objects
	return res
}

// Stream is Decode handing each object to fn as soon as it is read, in document order, so a
// caller that checks and drops objects keeps only one document's tree in memory. The Result it
// returns has everything but the objects: the skipped documents and the input errors.
func Stream(file string, data []byte, fn func(*lint.Object)) Result {
	res, _ := StreamReader(file, bytes.NewReader(data), fn) // a bytes.Reader does not fail
	return res
}

// StreamReader is Stream reading the documents from r one at a time, so that a large file is
// never held whole. A read error ends the stream: the objects before it have been handed to fn,
// and the error is returned besides the Result.
func StreamReader(file string, r io.Reader, fn func(*lint.Object)) (Result, error) {
	docNum := 0
	var res Result
	sc := newDocumentScanner(r)
	for chunk, ok := sc.next(); ok; chunk, ok = sc.next() {
		if isBlank(chunk.text) {
			continue
		}
		docNum++
		template := helmSource(chunk.text)
		root, err := parseYAML(chunk.text)
		if err != nil {
			line, msg := syntaxError(chunk.text, err)
			e := &InputError{File: file, Document: docNum, Line: chunk.line + line - 1, Message: "malformed YAML: " + msg}
			if template != "" {
				stream := file
				if stream == "-" {
					stream = "standard input"
				}
				e.Message += fmt.Sprintf(" (line %d of %s, rendered from %s)", e.Line, stream, template)
				e.File, e.Line = template, 0
			}
			res.Errors = append(res.Errors, e)
			continue
		}
		if root.Kind == 0 || len(root.Content) == 0 {
			docNum--
			continue // only comments
		}
		d := &docDecoder{file: file, doc: docNum, lineOffset: chunk.line - 1}
		if template != "" {
			d.file = template
		}
		errs, skipped := len(res.Errors), len(res.NonManifestDocuments)
		d.top(root.Content[0], &res)
		if template != "" {
			fromTemplate(&res, errs, skipped)
		}
		for _, obj := range res.Objects {
			fn(obj)
		}
		clear(res.Objects)
		res.Objects = res.Objects[:0]
	}
	res.Objects = nil
	if sc.err != nil {
		return res, fmt.Errorf("reading %s: %w", file, sc.err)
	}
	return res, nil
}

// helmSource is the template a document was rendered from, as the "# Source: CHART/templates/
// FILE" comment that helm template writes above each document says; "" when there is none.
func helmSource(doc []byte) string {
	for len(doc) > 0 {
		line := doc
		if i := bytes.IndexByte(doc, '\n'); i >= 0 {
			line, doc = doc[:i], doc[i+1:]
		} else {
			doc = nil
		}
		t := bytes.TrimSpace(line)
		switch {
		case len(t) == 0:
		case bytes.HasPrefix(t, []byte("# Source: ")):
			return string(bytes.TrimSpace(t[len("# Source: "):]))
		case t[0] == '#':
		default:
			return "" // the content starts: no marker above it
		}
	}
	return ""
}

// fromTemplate drops the lines of what the document after errs input errors and skipped
// skipped documents produced: they are lines of the rendered stream, not of the template the
// findings name.
func fromTemplate(res *Result, errs, skipped int) {
	for _, e := range res.Errors[errs:] {
		e.Line = 0
	}
	for i := range res.NonManifestDocuments[skipped:] {
		res.NonManifestDocuments[skipped+i].Line = 0
	}
	for _, obj := range res.Objects {
		obj.Positions, obj.Source.Line = nil, 0
	}
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

// syntaxError describes a document that does not parse the way kubectl describes it, returning
// the line (1-based within the document; 1 when the error names none) and the message.
// yaml.v3 names the line where the enclosing flow collection or quoted scalar starts (its context
// mark: "args: [a, b" on line 2 for a missing "]" found on line 3), while kubectl's reader
// (sigs.k8s.io/yaml on go-yaml v2) names the line where parsing stopped (the problem mark), so
// the document is read again with kubectl's reader, only on this error path. When kubectl's
// reader accepts the document (yaml.v3 is stricter about a few things), yaml.v3's error stands.
func syntaxError(doc []byte, err error) (line int, msg string) {
	if _, kerr := sigsyaml.YAMLToJSON(doc); kerr != nil {
		err = kerr
	}
	return yamlErrorLine(err), cleanYAMLError(err)
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

// top handles one document's root node: an object, or a List of objects. Documents that are not
// Kubernetes objects (see Result.NonManifestDocuments) are skipped and noted.
func (d *docDecoder) top(n *yaml.Node, res *Result) {
	n = resolveAlias(n)
	if n == nil || n.Kind != yaml.MappingNode {
		d.nonManifest(n, res)
		return
	}
	if hasAPIVersion, hasKind := hasValue(n, "apiVersion"), hasValue(n, "kind"); !hasAPIVersion || !hasKind {
		// Helm values, Chart.yaml, a CI workflow: not a Kubernetes object, unless it is a Job
		// or CronJob that lacks only its apiVersion (rule api-version-unknown says so).
		if k := scalarField(n, "kind"); hasAPIVersion || k != lint.KindJob && k != lint.KindCronJob {
			d.nonManifest(n, res)
			return
		}
	}
	_, kind, ierr := d.typeMeta(n, "")
	if ierr != nil {
		res.Errors = append(res.Errors, ierr)
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
	apiVersion, kind, ierr := d.typeMeta(n, prefix)
	if ierr != nil {
		res.Errors = append(res.Errors, ierr)
		return
	}
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

// nonManifest records a document that is not a Kubernetes object.
func (d *docDecoder) nonManifest(n *yaml.Node, res *Result) {
	line := d.lineOffset + 1
	if n != nil && n.Line > 0 {
		line = n.Line + d.lineOffset
	}
	res.NonManifestDocuments = append(res.NonManifestDocuments, DocumentRef{File: d.file, Document: d.doc, Line: line})
}

// hasValue reports whether the mapping n has key with a value that is neither null nor "".
func hasValue(n *yaml.Node, key string) bool {
	v := resolveAlias(mapValue(n, key))
	if v == nil {
		return false
	}
	if v.Kind == yaml.ScalarNode {
		typ, text := scalarAsJSON(v)
		return typ != jsonNull && text != ""
	}
	return true
}

// typeMeta reads an object's apiVersion and kind ("" when absent or null). A value that is not
// a string (kind: [Job], apiVersion: 1) is an input error, as kubectl cannot decode it either;
// prefix names a List item ("items[2]") or is empty.
func (d *docDecoder) typeMeta(n *yaml.Node, prefix string) (apiVersion, kind string, err *InputError) {
	read := func(field string) (string, *InputError) {
		v := resolveAlias(mapValue(n, field))
		if v == nil {
			return "", nil
		}
		if v.Kind == yaml.ScalarNode {
			switch typ, text := scalarAsJSON(v); typ {
			case jsonString:
				return text, nil
			case jsonNull:
				return "", nil
			}
		}
		name := field
		if prefix != "" {
			name = prefix + "." + field
		}
		return "", d.inputError(v, "%s must be a string, found %s", name, nodeKindName(v))
	}
	if apiVersion, err = read("apiVersion"); err != nil {
		return "", "", err
	}
	kind, err = read("kind")
	return apiVersion, kind, err
}

func splitAPIVersion(v string) (group, version string) {
	if i := strings.LastIndexByte(v, '/'); i >= 0 {
		return v[:i], v[i+1:]
	}
	return "", v
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
