package manifest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/corpus"
)

// kubectlDocuments splits a stream at "---" lines, as kubectl's YAML reader does.
func kubectlDocuments(data []byte) [][]byte {
	var docs [][]byte
	for _, c := range splitDocuments(data) {
		docs = append(docs, c.text)
	}
	return docs
}

// matchesKubectl decodes one document both ways: with this package (the fast YAML parser, the
// typed decoder or the JSON path) and with sigs.k8s.io/yaml, the reader kubectl uses. Where this
// package reads a Job or CronJob without any problem, kubectl must read the same object; where
// kubectl cannot read the document at all, this package must not report a clean object.
func matchesKubectl(t *testing.T, what string, doc []byte) (compared bool) {
	t.Helper()
	res := Decode("kubectl.yaml", doc)
	if len(res.Objects) != 1 || len(res.Errors) > 0 {
		return false // not a single Job or CronJob: nothing to compare
	}
	obj := res.Objects[0]
	var want, got any
	if obj.Job != nil {
		want, got = &batchv1.Job{}, obj.Job
	} else {
		want, got = &batchv1.CronJob{}, obj.CronJob
	}
	err := sigsyaml.Unmarshal(doc, want)
	if len(obj.Problems) > 0 {
		return false // kubectl's strict validation would refuse it as well (the decoder conformance test)
	}
	if err != nil {
		t.Errorf("%s: decoded without a problem, but kubectl's reader fails: %v\n%s", what, err, doc)
		return true
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("%s: the decoded object differs from kubectl's reading\nkubectl: %+v\nours:    %+v\n%s", what, want, got, doc)
	}
	return true
}

// TestDecodeMatchesKubectlYAML compares this package's reading of the corpus, the examples, the
// rule fixtures and YAML 1.1 and quoting variants with sigs.k8s.io/yaml's (what kubectl reads
// manifests with).
func TestDecodeMatchesKubectlYAML(t *testing.T) {
	compared := 0
	for i, doc := range kubectlDocuments(corpus.Generate(1000)) {
		if matchesKubectl(t, fmt.Sprintf("corpus document %d", i+1), doc) {
			compared++
		}
	}
	files, _ := filepath.Glob("../../examples/*.yaml")
	more, _ := filepath.Glob("../../lint/testdata/rules/*/*.yaml")
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range kubectlDocuments(data) {
			if matchesKubectl(t, f, doc) {
				compared++
			}
		}
	}
	base := "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n  labels: {a: %s}\nspec:\n  suspend: %s\n  backoffLimit: %s\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: m\n        image: %s\n        args: [%s]\n"
	for _, v := range [][5]string{
		{`"yes"`, "yes", "3", "busybox", `"on", 'off'`},
		{"'1'", "No", "0x10", `"busybox:1.36"`, `"a", 'b'`},
		{`"true"`, "TRUE", "010", "busybox@sha256:abc", "'y', 'n', x"},
		{`"null"`, "false", "+5", "|-\n          busybox", `"1.5e3", ".inf"`},
		{`"~"`, "off", "1_000", ">-\n          busy\n          box", "--flag=1, 'a b'"},
	} {
		doc := fmt.Sprintf(base, v[0], v[1], v[2], v[3], v[4])
		if !matchesKubectl(t, "variant "+v[1], []byte(doc)) {
			t.Errorf("variant %q was not read cleanly", v)
		}
		compared++
	}
	// What kubectl's reader cannot decode, this package reports as a problem.
	for _, args := range []string{"on, off", "'y', n", "1.5e3", "~"} {
		doc := fmt.Sprintf(base, "a", "true", "1", "busybox", args)
		res := Decode("kubectl.yaml", []byte(doc))
		var job batchv1.Job
		kerr := sigsyaml.Unmarshal([]byte(doc), &job)
		if kerr != nil && (len(res.Objects) != 1 || len(res.Objects[0].Problems) == 0) && len(res.Errors) == 0 {
			t.Errorf("args [%s]: kubectl's reader fails (%v) but this package reports nothing", args, kerr)
		}
	}
	if compared < 900 {
		t.Errorf("only %d documents read cleanly and compared", compared)
	}
}

// FuzzDecodeMatchesKubectlYAML: for any input, a Job or CronJob read without a problem is the
// object kubectl reads.
func FuzzDecodeMatchesKubectlYAML(f *testing.F) {
	f.Add([]byte("apiVersion: batch/v1\nkind: Job\nspec: {suspend: yes, backoffLimit: 0x3}\n"))
	f.Add([]byte("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n  labels: {y: n, 1: 2}\n"))
	f.Add([]byte("apiVersion: batch/v1\nkind: CronJob\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - {name: m, image: x, args: [\"1\", a]}\n"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		if bytes.Count(doc, []byte("\n---")) > 0 {
			return
		}
		matchesKubectl(t, "fuzz", doc)
	})
}
