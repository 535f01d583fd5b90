// Package manifest turns manifest bytes (multi-document YAML, JSON, kind: List) into lint.Objects
// that remember where each field came from. It reads YAML with the same scalar rules kubectl uses
// (YAML 1.1 booleans such as "yes" included) and decodes strictly, like `kubectl apply`'s default
// field validation: unknown fields and values of the wrong type become problems naming the field.
package manifest

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	batchv1 "k8s.io/api/batch/v1"

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
