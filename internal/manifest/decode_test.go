package manifest

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

const twoJobs = `# leading comment
---
apiVersion: batch/v1
kind: Job
metadata:
  name: first
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: skipped
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: second
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Always
          containers:
          - name: main
            image: busybox
`

func TestDecodeMultiDocumentLinesAndSkips(t *testing.T) {
	res := Decode("jobs.yaml", []byte(twoJobs))
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	if len(res.Objects) != 2 || res.Skipped != 1 {
		t.Fatalf("got %d objects, %d skipped; want 2 and 1", len(res.Objects), res.Skipped)
	}
	job, cj := res.Objects[0], res.Objects[1]
	if job.Job == nil || job.Job.Name != "first" || job.Source.Document != 1 || job.Source.Line != 3 {
		t.Errorf("first object: %+v source %+v", job.Job, job.Source)
	}
	if cj.CronJob == nil || cj.CronJob.Name != "second" || cj.Source.Document != 3 {
		t.Errorf("second object: source %+v", cj.Source)
	}
	if got := cj.LineOf("spec.jobTemplate.spec.template.spec.restartPolicy"); got != 30 {
		t.Errorf("restartPolicy line = %d, want 30", got)
	}
	if got := job.LineOf("spec.template.spec.containers[0].image"); got != 13 {
		t.Errorf("image line = %d, want 13", got)
	}
	if got := job.LineOf("spec.template.spec.containers[0].command"); got != 12 {
		t.Errorf("missing field falls back to its parent: line = %d, want 12", got)
	}
}

func TestDecodeMalformedDocumentDoesNotHideOthers(t *testing.T) {
	in := "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\n---\nkind: Job\n  bad: indent\n: x\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: c}\n"
	res := Decode("f.yaml", []byte(in))
	if len(res.Objects) != 2 {
		t.Fatalf("want the 2 good documents decoded, got %d", len(res.Objects))
	}
	if len(res.Errors) != 1 || res.Errors[0].Document != 2 || res.Errors[0].Line < 5 {
		t.Fatalf("want one error in document 2 at line >= 5, got %+v", res.Errors)
	}
	if !strings.Contains(res.Errors[0].Error(), "f.yaml:") || !strings.Contains(res.Errors[0].Message, "malformed YAML") {
		t.Errorf("error text %q", res.Errors[0].Error())
	}
}

func TestDecodeProblems(t *testing.T) {
	tests := []struct {
		name, in, rule, path, fix string
	}{
		{"unknown field with suggestion", "apiVersion: batch/v1\nkind: Job\nspec:\n  backofLimit: 3\n", lint.RuleUnknownField, "spec.backofLimit", `did you mean "spec.backoffLimit"?`},
		{"nested unknown field", "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        imag: x\n", lint.RuleUnknownField, "spec.template.spec.containers[0].imag", `did you mean "spec.template.spec.containers[0].image"?`},
		{"string for int", "apiVersion: batch/v1\nkind: Job\nspec:\n  backoffLimit: \"3\"\n", lint.RuleWrongType, "spec.backoffLimit", ""},
		{"v1beta1 cronjob", "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: a}\n", lint.RuleAPIVersionRemoved, "apiVersion", ""},
		{"typo version", "apiVersion: batch/v1beta2\nkind: CronJob\nmetadata: {name: a}\n", lint.RuleAPIVersionUnknown, "apiVersion", ""},
		{"core v1 job", "apiVersion: v1\nkind: Job\nmetadata: {name: a}\n", lint.RuleAPIVersionUnknown, "apiVersion", ""},
		{"missing apiVersion", "kind: Job\nmetadata: {name: a}\n", lint.RuleAPIVersionUnknown, "apiVersion", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Decode("t.yaml", []byte(tt.in))
			if len(res.Objects) != 1 {
				t.Fatalf("want 1 object, got %d (errors %v)", len(res.Objects), res.Errors)
			}
			for _, p := range res.Objects[0].Problems {
				if p.RuleID == tt.rule && p.Path == tt.path {
					if tt.fix != "" && p.Fix != tt.fix {
						t.Errorf("fix = %q, want %q", p.Fix, tt.fix)
					}
					return
				}
			}
			t.Errorf("no %s problem at %s in %+v", tt.rule, tt.path, res.Objects[0].Problems)
		})
	}
}

func TestDecodeFormats(t *testing.T) {
	tests := []struct {
		name                 string
		in                   string
		objects              int
		skipped              int
		nonManifestDocuments int
		errors               int
	}{
		{"json object", `{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"}}`, 1, 0, 0, 0},
		{"json with tabs", "{\n\t\"apiVersion\": \"batch/v1\",\n\t\"kind\": \"Job\"\n}", 1, 0, 0, 0},
		{"list", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: batch/v1\n  kind: Job\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n", 1, 1, 0, 0},
		{"list item without kind", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: batch/v1\n  metadata: {name: a}\n", 0, 0, 0, 1},
		{"list item with a kind that is not a string", "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: batch/v1, kind: [Job]}\n", 0, 0, 0, 1},
		{"custom resource called Job", "apiVersion: example.com/v1\nkind: Job\n", 0, 1, 0, 0},
		{"job without apiVersion is still read", "kind: Job\nmetadata: {name: a}\n", 1, 0, 0, 0},
		{"other kind without apiVersion", "kind: Deployment\nmetadata: {name: a}\n", 0, 0, 1, 0},
		{"no kind (Chart.yaml)", "apiVersion: v2\nname: chart\nversion: 0.1.0\n", 0, 0, 1, 0},
		{"null kind", "apiVersion: batch/v1\nkind: null\n", 0, 0, 1, 0},
		{"empty mapping", "{}\n", 0, 0, 1, 0},
		{"helm values", "replicaCount: 1\nimage:\n  repository: nginx\n  tag: \"\"\n", 0, 0, 1, 0},
		{"github workflow", "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n    - run: make\n", 0, 0, 1, 0},
		{"top-level list", "- id: hook\n  entry: x\n", 0, 0, 1, 0},
		{"scalar document", "just a string\n", 0, 0, 1, 0},
		{"null document", "~\n", 0, 0, 1, 0},
		{"kind that is not a string", "apiVersion: batch/v1\nkind: [Job]\n", 0, 0, 0, 1},
		{"values with a kind mapping and no apiVersion", "kind: {type: DaemonSet}\nreplicas: 2\n", 0, 0, 1, 0},
		{"empty kind", "apiVersion: v1\nkind: \"\"\n", 0, 0, 1, 0},
		{"kind that is a number", "apiVersion: v1\nkind: 5\n", 0, 0, 0, 1},
		{"apiVersion that is a mapping", "apiVersion: {group: batch}\nkind: Job\n", 0, 0, 0, 1},
		{"non-manifests between objects", "apiVersion: batch/v1\nkind: Job\n---\n{}\n---\na: b\n---\napiVersion: v1\nkind: ConfigMap\n", 1, 1, 2, 0},
		{"only comments", "# nothing\n---\n# here\n", 0, 0, 0, 0},
		{"empty", "", 0, 0, 0, 0},
		{"anchors and merge keys", "apiVersion: batch/v1\nkind: Job\nmetadata: &m {name: a}\nspec:\n  template:\n    metadata:\n      <<: *m\n", 1, 0, 0, 0},
		{"document end marker", "apiVersion: batch/v1\nkind: Job\n...\n---\napiVersion: batch/v1\nkind: Job\n", 2, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Decode("t", []byte(tt.in))
			if len(res.Objects) != tt.objects || res.Skipped != tt.skipped || len(res.NonManifestDocuments) != tt.nonManifestDocuments || len(res.Errors) != tt.errors {
				t.Errorf("objects=%d skipped=%d nonManifestDocuments=%d errors=%d (%v); want %d %d %d %d", len(res.Objects), res.Skipped, len(res.NonManifestDocuments), len(res.Errors), res.Errors,
					tt.objects, tt.skipped, tt.nonManifestDocuments, tt.errors)
			}
		})
	}
}

// TestDecodeNonManifestDocumentsAreNamed: each skipped document is named by file, index and first line.
func TestDecodeNonManifestDocumentsAreNamed(t *testing.T) {
	in := "# values\nreplicas: 1\n---\napiVersion: batch/v1\nkind: Job\n---\n\n{}\n"
	res := Decode("mixed.yaml", []byte(in))
	want := []DocumentRef{{File: "mixed.yaml", Document: 1, Line: 2}, {File: "mixed.yaml", Document: 3, Line: 8}}
	if !slices.Equal(res.NonManifestDocuments, want) || len(res.Objects) != 1 {
		t.Errorf("not manifests = %+v (objects %d), want %+v", res.NonManifestDocuments, len(res.Objects), want)
	}
	if len(res.Errors) != 0 {
		t.Errorf("errors: %v", res.Errors)
	}
	res = Decode("bad.yaml", []byte("apiVersion: batch/v1\nkind:\n  name: Job\n"))
	if len(res.Errors) != 1 || res.Errors[0].Line != 3 || res.Errors[0].Message != "kind must be a string, found a mapping" {
		t.Errorf("kind of the wrong type: %+v", res.Errors)
	}
}

func TestDecodeYAML11Booleans(t *testing.T) {
	res := Decode("t", []byte("apiVersion: batch/v1\nkind: Job\nspec:\n  suspend: yes\n  manualSelector: off\n"))
	if len(res.Objects) != 1 || len(res.Objects[0].Problems) != 0 {
		t.Fatalf("unexpected result %+v", res)
	}
	s := res.Objects[0].Job.Spec
	if s.Suspend == nil || !*s.Suspend || s.ManualSelector == nil || *s.ManualSelector {
		t.Errorf("suspend=%v manualSelector=%v; want true and false like kubectl", s.Suspend, s.ManualSelector)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(twoJobs))
	f.Add([]byte("apiVersion: v1\nkind: List\nitems: [{apiVersion: batch/v1, kind: CronJob, spec: {schedule: 1}}]"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte(`{"apiVersion":"batch/v1","kind":"Job","spec":{"backoffLimit":"x"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res := Decode("fuzz", data)
		for _, o := range res.Objects {
			if o.Job == nil && o.CronJob == nil {
				t.Fatal("object without Job or CronJob")
			}
		}
	})
}

func TestDecodeAliasBombIsRefused(t *testing.T) {
	in := "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: lol\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		in += "  " + n + ": &" + n + " [" + strings.Repeat("*"+prev+",", 8) + "*" + prev + "]\n"
		prev = n
	}
	res := Decode("bomb.yaml", []byte(in))
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "expands") {
		t.Fatalf("want one 'expands' error, got %+v (objects %d)", res.Errors, len(res.Objects))
	}
}

func TestDecodeReportsEveryTypeErrorWithIndexes(t *testing.T) {
	in := "apiVersion: batch/v1\nkind: Job\nspec:\n  backoffLimit: \"3\"\n  suspend: \"no\"\n  template:\n    spec:\n      containers:\n      - name: a\n      - name: b\n        args: oops\n  backofLimit: 1\n"
	res := Decode("t.yaml", []byte(in))
	got := map[string]string{}
	for _, p := range res.Objects[0].Problems {
		got[p.Path] = p.RuleID
	}
	want := map[string]string{
		"spec.backoffLimit":                     lint.RuleWrongType,
		"spec.suspend":                          lint.RuleWrongType,
		"spec.template.spec.containers[1].args": lint.RuleWrongType,
		"spec.backofLimit":                      lint.RuleUnknownField,
	}
	for p, r := range want {
		if got[p] != r {
			t.Errorf("%s: got rule %q, want %q (all: %v)", p, got[p], r, got)
		}
	}
	if l := res.Objects[0].LineOf("spec.template.spec.containers[1].args"); l != 11 {
		t.Errorf("line of the mistyped args = %d, want 11", l)
	}
}

func TestWriteJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote`, `back\slash`, "nl\nand\ttab\r", "\x00\x01\x1f", "ünïcødé ✓", "bad\xffutf8", "<&>", "\u2028"} {
		var buf bytes.Buffer
		writeJSONString(&buf, s)
		var back string
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
			t.Errorf("%q: invalid JSON %s: %v", s, buf.Bytes(), err)
			continue
		}
		want, _ := json.Marshal(s)
		var wantBack string
		_ = json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Errorf("%q: round trip %q, encoding/json gives %q", s, back, wantBack)
		}
	}
}

func TestIsBlank(t *testing.T) {
	for in, want := range map[string]bool{
		"": true, "\n\n": true, "  # c\n#x: y\n\t\n": true, "a: b": false, "# c\n  x": false,
		"\u00a0\n# c": true, "\u00a0x": false, "#\u00a0x\n": true, "a#b": false,
	} {
		if got := isBlank([]byte(in)); got != want {
			t.Errorf("isBlank(%q) = %v, want %v", in, got, want)
		}
	}
}
