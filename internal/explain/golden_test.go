package explain

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/manifest"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// testNow is the fixed instant of every golden test: Sunday 2026-03-01 12:00 UTC, a week before
// the DST change in New York and four weeks before the one in Berlin.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// testLocal is the viewer's zone of the golden tests.
var testLocal = mustLoad("Europe/Berlin")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func testOptions() Options {
	return Options{Now: testNow, Next: DefaultNext, Local: testLocal, LocalName: "Europe/Berlin"}
}

// liveCase is the format of testdata/live-*.yaml: an object read from a cluster and what
// the CLI fetches with it.
type liveCase struct {
	Job     *batchv1.Job     `json:"job"`
	CronJob *batchv1.CronJob `json:"cronJob"`
	Pods    []corev1.Pod     `json:"pods"`
	Events  []corev1.Event   `json:"events"`
	Jobs    []batchv1.Job    `json:"jobs"`
}

// buildFile explains every object of a testdata file.
func buildFile(t *testing.T, path string) []*Explanation {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []*Explanation
	if strings.HasPrefix(filepath.Base(path), "live-") {
		var c liveCase
		if err := yaml.UnmarshalStrict(data, &c); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		in := Input{Live: true, Pods: c.Pods, Events: c.Events, Jobs: c.Jobs}
		if c.Job != nil {
			in.Object = lint.NewJobObject(c.Job, lint.Source{File: "cluster"})
		} else {
			in.Object = lint.NewCronJobObject(c.CronJob, lint.Source{File: "cluster"})
		}
		return append(out, Build(in, testOptions()))
	}
	res := manifest.Decode(filepath.Base(path), data)
	if len(res.Errors) > 0 || len(res.Objects) == 0 {
		t.Fatalf("%s: %v (%d objects)", path, res.Errors, len(res.Objects))
	}
	for _, obj := range res.Objects {
		out = append(out, Build(Input{Object: obj}, testOptions()))
	}
	return out
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/explain/ -update and review the file)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run with -update and review the diff):\n%s", path, got)
	}
}

// TestGoldenText renders every testdata manifest and compares it with its .golden file.
func TestGoldenText(t *testing.T) {
	inputs, _ := filepath.Glob("testdata/*.yaml")
	if len(inputs) < 12 {
		t.Fatalf("found %d testdata manifests, want the full set", len(inputs))
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteText(&buf, buildFile(t, in), TextOptions{Local: testLocal}); err != nil {
				t.Fatal(err)
			}
			for i, l := range strings.Split(buf.String(), "\n") {
				if n := utf8.RuneCountInString(l); n > Width {
					t.Errorf("line %d is %d columns wide, over %d:\n%s", i+1, n, Width, l)
				}
			}
			checkGolden(t, strings.TrimSuffix(in, ".yaml")+".golden", buf.Bytes())
		})
	}
}

// TestGoldenJSON pins the JSON schema on two explanations, one offline and one live.
func TestGoldenJSON(t *testing.T) {
	for _, name := range []string{"job-indexed", "live-job-failed", "live-cronjob"} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteJSON(&buf, buildFile(t, "testdata/"+name+".yaml")); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "testdata/"+name+".json", buf.Bytes())
		})
	}
}
