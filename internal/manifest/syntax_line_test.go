package manifest

import (
	"fmt"
	"strings"
	"testing"

	sigsyaml "sigs.k8s.io/yaml"
)

// brokenDocuments are YAML syntax errors, among them the cases where yaml.v3 names another line
// than kubectl's reader: flow sequences and mappings left open across lines, unterminated quoted
// scalars.
var brokenDocuments = []struct{ name, doc string }{
	{"flow sequence left open", "apiVersion: batch/v1\nargs: [a, b\nc: d\n"},
	{"flow mapping left open", "apiVersion: batch/v1\nlabels: {a: b\nc: d\n"},
	{"flow sequence over lines", "apiVersion: batch/v1\nargs: [a, b,\n  c\nd: e\n"},
	{"flow sequence with a comment", "apiVersion: batch/v1\nargs: [a, b\n  # comment\nc: d\n"},
	{"flow sequence with blank lines", "x: [a, b\n\n\nc: d\n"},
	{"nested flow left open", "a: {b: [1, 2}\nc: 1\n"},
	{"block-style flow sequence", "a: [\n  1,\n  2\nb: 3\n"},
	{"nested in a job", "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        args: [\"--x\", \"--y\"\n        image: busybox\n"},
	{"double quote left open", "a: 1\nb: \"x\nc: 2\n"},
	{"single quote left open", "x: 'abc\ny: 2\n"},
	{"bad indentation", "a: 1\n b: 2\n"},
	{"sequence indentation", "a:\n  - x\n - y\n"},
	{"extra bracket", "a: 1\nb: [a, b]]\n"},
	{"tab indentation", "a: 1\n\tb: 2\n"},
	{"sequence then mapping", "- a\nb: c\n"},
	{"mapping value in a plain scalar", "a: b: c\n"},
	{"unclosed flow name", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: [unclosed\n"},
}

// kubectlLine is the line in the error kubectl's YAML reader (sigs.k8s.io/yaml, as `kubectl apply
// -f` reads each document) gives for doc, 0 when it names none.
func kubectlLine(t *testing.T, doc string) int {
	t.Helper()
	_, err := sigsyaml.YAMLToJSON([]byte(doc))
	if err == nil {
		t.Fatalf("kubectl's reader accepts %q", doc)
	}
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		return n
	}
	return 0
}

// TestSyntaxErrorLineMatchesKubectl: a malformed document is reported on the line kubectl names
// for it (a document's first line when kubectl names none), counted from the file's start.
func TestSyntaxErrorLineMatchesKubectl(t *testing.T) {
	const before = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: first}\n---\n" // the broken document starts on line 5
	for _, tc := range brokenDocuments {
		t.Run(tc.name, func(t *testing.T) {
			want := max(kubectlLine(t, tc.doc), 1)
			for _, c := range []struct {
				data   string
				offset int
			}{{tc.doc, 0}, {before + tc.doc, 4}} {
				res := Decode("broken.yaml", []byte(c.data))
				if len(res.Errors) != 1 {
					t.Fatalf("want one input error for %q, got %v", c.data, res.Errors)
				}
				e := res.Errors[0]
				if e.Line != want+c.offset {
					t.Errorf("line %d, kubectl says %d (+%d lines before the document): %v\n%s", e.Line, want, c.offset, e, c.data)
				}
				if !strings.HasPrefix(e.Message, "malformed YAML: ") || strings.Contains(e.Message, "line ") {
					t.Errorf("message %q", e.Message)
				}
			}
		})
	}
}

// TestSyntaxErrorMessageIsKubectls: the message is the one kubectl's reader gives, without its
// "yaml: line N:" prefix (the line is reported separately).
func TestSyntaxErrorMessageIsKubectls(t *testing.T) {
	res := Decode("f.yaml", []byte("apiVersion: batch/v1\nargs: [a, b\nc: d\n"))
	if len(res.Errors) != 1 {
		t.Fatalf("errors: %v", res.Errors)
	}
	if got, want := res.Errors[0].Error(), "f.yaml:2 (document 1): malformed YAML: did not find expected ',' or ']'"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
