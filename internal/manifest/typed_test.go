package manifest

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"
	batchv1 "k8s.io/api/batch/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/corpus"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// jsonPath decodes n the slow, reference way: JSON text, then strict decoding.
func jsonPath(n *yaml.Node, target any, kind string) ([]lint.Problem, bool) {
	var buf bytes.Buffer
	c := converter{buf: &buf}
	if c.value(n) != nil {
		return nil, false
	}
	return strictDecode(buf.Bytes(), target, kind), true
}

// compareTyped checks one object node: when the typed decoder accepts it, strict JSON decoding
// must accept it too, without a problem, into an equal object. It returns whether the typed
// decoder accepted.
func compareTyped(t *testing.T, name string, n *yaml.Node) bool {
	t.Helper()
	kind := scalarField(n, "kind")
	var typed, ref any
	switch kind {
	case lint.KindJob:
		typed, ref = &batchv1.Job{}, &batchv1.Job{}
	case lint.KindCronJob:
		typed, ref = &batchv1.CronJob{}, &batchv1.CronJob{}
	default:
		return false
	}
	if !decodeTyped(n, typed) {
		return false
	}
	problems, ok := jsonPath(n, ref, kind)
	if !ok || len(problems) > 0 {
		t.Fatalf("%s: typed decoder accepted a document the JSON path reports: ok=%v %+v", name, ok, problems)
	}
	if !reflect.DeepEqual(typed, ref) {
		t.Fatalf("%s: typed decoder result differs from the JSON path:\n typed %+v\n json  %+v", name, typed, ref)
	}
	return true
}

// objectNodes returns the root mapping of every document in data that parses.
func objectNodes(data []byte) []*yaml.Node {
	var out []*yaml.Node
	for _, c := range splitDocuments(data) {
		root, err := parseYAML(c.text)
		if err != nil || root.Kind == 0 || len(root.Content) == 0 {
			continue
		}
		if n := resolveAlias(root.Content[0]); n != nil && n.Kind == yaml.MappingNode {
			out = append(out, n)
		}
	}
	return out
}

// TestTypedDecodeMatchesJSON runs both decoders over the benchmark corpus, the examples and the
// rule fixtures. The typed decoder must agree wherever it accepts, and must decline only the
// corpus documents the JSON path finds a problem in (otherwise it is not the fast path it is
// meant to be).
func TestTypedDecodeMatchesJSON(t *testing.T) {
	declined := 0
	for i, n := range objectNodes(corpus.Generate(2000)) {
		if compareTyped(t, "corpus", n) {
			continue
		}
		declined++
		var job batchv1.Job
		var cj batchv1.CronJob
		target := any(&job)
		if scalarField(n, "kind") == lint.KindCronJob {
			target = &cj
		}
		if problems, _ := jsonPath(n, target, scalarField(n, "kind")); len(problems) == 0 {
			t.Fatalf("corpus document %d (line %d) took the JSON path without a problem to report", i+1, n.Line)
		}
	}
	if declined > 200 {
		t.Errorf("%d of 2000 corpus documents took the JSON path", declined)
	}
	files, _ := filepath.Glob("../../examples/*.yaml")
	more, _ := filepath.Glob("../../lint/testdata/rules/*/*.yaml")
	files = append(files, more...)
	if len(files) < 20 {
		t.Fatalf("only %d fixture files found", len(files))
	}
	accepted := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range objectNodes(data) {
			if compareTyped(t, f, n) {
				accepted++
			}
		}
	}
	if accepted < len(files)/2 {
		t.Errorf("typed decoder accepted only %d documents of %d files", accepted, len(files))
	}
}

// TestTypedDecodeDeclines lists documents the typed decoder must leave to the JSON path,
// because strict decoding reports a problem or the typed decoder does not model them.
func TestTypedDecodeDeclines(t *testing.T) {
	const head = "apiVersion: batch/v1\nkind: Job\nspec:\n"
	for name, body := range map[string]string{
		"unknown field":   "  backofLimit: 3\n",
		"duplicate field": "  backoffLimit: 3\n  backoffLimit: 4\n",
		"string for int":  "  backoffLimit: \"3\"\n",
		"float for int":   "  backoffLimit: 2.5\n",
		"whole float":     "  backoffLimit: 2.0\n",
		"int overflow":    "  backoffLimit: 4294967296\n",
		"int for string":  "  completionMode: 3\n",
		"bool for int":    "  parallelism: true\n",
		"list for int":    "  parallelism: [1]\n",
		"map for list":    "  template:\n    spec:\n      containers: {a: b}\n",
		"merge key":       "  template: &t\n    metadata: {}\n  x:\n    <<: *t\n",
		"duplicate label": "  template:\n    metadata:\n      labels:\n        a: b\n        a: c\n",
		"bad quantity":    "  template:\n    spec:\n      containers:\n      - name: a\n        resources:\n          limits:\n            cpu: lots\n",
		"bad time":        "  startTime: yesterday\n",
	} {
		n := objectNodes([]byte(head + body))
		if len(n) != 1 {
			t.Fatalf("%s: fixture does not parse", name)
		}
		if decodeTyped(n[0], &batchv1.Job{}) {
			t.Errorf("%s: typed decoder accepted it", name)
		}
	}
}

// TestTypedDecodeSpecialValues covers the values encoding/json treats specially.
func TestTypedDecodeSpecialValues(t *testing.T) {
	in := `apiVersion: batch/v1
kind: Job
metadata:
  name: x
  creationTimestamp: null
  labels: {}
  annotations: null
spec:
  backoffLimit: 0x10
  completions: 1_000
  suspend: yes
  activeDeadlineSeconds: ~
  template:
    spec:
      restartPolicy: Never
      nodeSelector: {}
      tolerations: []
      containers:
      - name: a
        image: busybox
        args: ["1", "two"]
        resources:
          limits: {cpu: 1, memory: 64Mi}
        livenessProbe:
          httpGet: {port: 8080, path: /}
        readinessProbe:
          httpGet: {port: http}
status:
  startTime: "2026-01-02T03:04:05Z"
`
	nodes := objectNodes([]byte(in))
	if !compareTyped(t, "special", nodes[0]) {
		t.Fatal("typed decoder declined: want it to handle these values")
	}
}

func FuzzTypedDecode(f *testing.F) {
	f.Add([]byte("apiVersion: batch/v1\nkind: Job\nspec:\n  backoffLimit: 3\n  template:\n    spec:\n      containers:\n      - {name: a, image: b, resources: {limits: {cpu: 1}}}\n"))
	f.Add([]byte("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: a, creationTimestamp: null}\nspec: {schedule: '* * * * *', jobTemplate: {spec: {}}}\n"))
	f.Add(corpus.Generate(3))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, n := range objectNodes(data) {
			compareTyped(t, "fuzz", n)
		}
	})
}

// BenchmarkDecodeObjects compares the typed decoder with the JSON path it short-cuts, on the
// parsed YAML trees of 2,000 corpus documents (YAML parsing is not included).
func BenchmarkDecodeObjects(b *testing.B) {
	nodes := objectNodes(corpus.Generate(2000))
	kinds := make([]string, len(nodes))
	for i, n := range nodes {
		kinds[i] = scalarField(n, "kind")
	}
	newTarget := func(kind string) any {
		if kind == lint.KindCronJob {
			return &batchv1.CronJob{}
		}
		return &batchv1.Job{}
	}
	b.Run("typed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i, n := range nodes {
				if t := newTarget(kinds[i]); !decodeTyped(n, t) {
					_, _ = jsonPath(n, t, kinds[i]) // the documents with problems
				}
			}
		}
		b.ReportMetric(float64(len(nodes)*b.N)/b.Elapsed().Seconds(), "objects/s")
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i, n := range nodes {
				_, _ = jsonPath(n, newTarget(kinds[i]), kinds[i])
			}
		}
		b.ReportMetric(float64(len(nodes)*b.N)/b.Elapsed().Seconds(), "objects/s")
	})
}
