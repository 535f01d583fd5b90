package lint_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kubectl-batch/kubectl-batch/internal/corpus"
	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/internal/manifest"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// fixedNow is the instant schedule rules reason from in these tests, so that results do not
// depend on the day the tests run.
var fixedNow = time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return fixedNow }

const (
	fixtureDir = "testdata/rules"
	exampleDir = "../examples"
)

// Every rule has lint/testdata/rules/<id>/bad.yaml (at least one finding of the rule) and
// good.yaml (none). Rules that only compare an update with the stored object also have old.yaml,
// the stored object; bad.yaml and good.yaml are then the new versions.

func updateOnly(r lint.Rule) bool { return r.Check == nil && r.CheckUpdate != nil }

// ruleConfig is the configuration a rule's fixtures are checked with.
func ruleConfig(id string) lint.Config {
	cfg := lint.Config{Clock: fixedClock}
	if id == lint.RulePolicyImmutable {
		cfg.Policy.ImmutableCronJobFields = []string{"spec.timeZone"}
	}
	return cfg
}

func newEngine(t testing.TB, cfg lint.Config) *lint.Engine {
	t.Helper()
	e, err := lint.New(cfg)
	if err != nil {
		t.Fatalf("lint.New: %v", err)
	}
	return e
}

// decodeBytes decodes a manifest and fails on input errors or when it holds no Job or CronJob.
func decodeBytes(t testing.TB, name string, data []byte) []*lint.Object {
	t.Helper()
	res := manifest.Decode(name, data)
	for _, err := range res.Errors {
		t.Errorf("decoding %s: %v", name, err)
	}
	if len(res.Objects) == 0 {
		t.Fatalf("%s holds no Job or CronJob", name)
	}
	return res.Objects
}

func decodeFile(t testing.TB, path string) []*lint.Object {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return decodeBytes(t, path, data)
}

// checkAll runs the engine on objs; with old set (update-only rules) the i-th object is checked
// as an update of the i-th old object.
func checkAll(t testing.TB, e *lint.Engine, objs, old []*lint.Object) []lint.Finding {
	t.Helper()
	var out []lint.Finding
	for i, obj := range objs {
		if old != nil {
			if i >= len(old) {
				t.Fatalf("old.yaml has %d objects, the new version %d", len(old), len(objs))
			}
			out = append(out, e.CheckUpdate(context.Background(), old[i], obj)...)
		} else {
			out = append(out, e.Check(context.Background(), obj)...)
		}
	}
	return out
}

func ofRule(fs []lint.Finding, id string) []lint.Finding {
	var out []lint.Finding
	for _, f := range fs {
		if f.RuleID == id {
			out = append(out, f)
		}
	}
	return out
}

func describe(fs []lint.Finding) string {
	if len(fs) == 0 {
		return "  (no findings)"
	}
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s:%d [%s %s] %s: %s\n", f.Source.File, f.Source.BestLine(), f.Severity, f.RuleID, f.Path, f.Message)
	}
	return b.String()
}

func TestEveryRuleHasFixtures(t *testing.T) {
	known := map[string]bool{}
	for _, r := range lint.DefaultRules() {
		known[r.ID] = true
		files := []string{"bad.yaml", "good.yaml"}
		if updateOnly(r) {
			files = append(files, "old.yaml")
		}
		dir := filepath.Join(fixtureDir, r.ID)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			t.Errorf("rule %s has no fixture directory %s: add %s", r.ID, dir, strings.Join(files, ", "))
			continue
		}
		for _, name := range files {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Errorf("rule %s: missing fixture %s", r.ID, filepath.Join(dir, name))
				continue
			}
			if !bytes.HasPrefix(data, []byte("# ")) {
				t.Errorf("%s: start the fixture with a one-line comment saying what it shows", filepath.Join(dir, name))
			}
		}
	}
	entries, err := os.ReadDir(fixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, ent := range entries {
		if !known[ent.Name()] {
			t.Errorf("%s: fixtures for a rule that does not exist (renamed or removed?)", filepath.Join(fixtureDir, ent.Name()))
		}
	}
}

func TestRuleFixtures(t *testing.T) {
	for _, r := range lint.DefaultRules() {
		t.Run(r.ID, func(t *testing.T) {
			dir := filepath.Join(fixtureDir, r.ID)
			if _, err := os.Stat(dir); err != nil {
				t.Skipf("no fixtures (TestEveryRuleHasFixtures reports it)")
			}
			e := newEngine(t, ruleConfig(r.ID))
			var old []*lint.Object
			if updateOnly(r) {
				old = decodeFile(t, filepath.Join(dir, "old.yaml"))
				if fs := ofRule(checkAll(t, e, old, old), r.ID); len(fs) > 0 {
					t.Errorf("old.yaml applied over itself yields findings of %s:\n%s", r.ID, describe(fs))
				}
			}

			bad := filepath.Join(dir, "bad.yaml")
			all := checkAll(t, e, decodeFile(t, bad), old)
			fs := ofRule(all, r.ID)
			if len(fs) == 0 {
				t.Errorf("%s: no finding of %s; findings:\n%s", bad, r.ID, describe(all))
			}
			for _, f := range fs {
				if f.Message == "" || f.Fix == "" || f.Path == "" {
					t.Errorf("%s: finding lacks a message, fix or path: %+v", bad, f)
				}
				if f.Source.FieldLine <= 0 && f.Source.Line <= 0 {
					t.Errorf("%s: finding has no line: %+v", bad, f)
				}
				if f.Source.File != bad {
					t.Errorf("%s: finding names file %q", bad, f.Source.File)
				}
				if f.Severity != r.Severity || f.Class != r.Class {
					t.Errorf("%s: finding has severity %s class %s, the rule %s %s", bad, f.Severity, f.Class, r.Severity, r.Class)
				}
			}

			good := filepath.Join(dir, "good.yaml")
			all = checkAll(t, e, decodeFile(t, good), old)
			if fs := ofRule(all, r.ID); len(fs) > 0 {
				t.Errorf("%s: unexpected findings of %s:\n%s", good, r.ID, describe(fs))
			}
		})
	}
}

// withIgnoreAnnotation adds the suppression annotation to a fixture without annotations.
func withIgnoreAnnotation(t *testing.T, data []byte, ids string) []byte {
	t.Helper()
	if bytes.Contains(data, []byte("annotations:")) || !bytes.Contains(data, []byte("\nmetadata:\n")) {
		t.Fatalf("cannot add the annotation to this fixture")
	}
	return bytes.Replace(data, []byte("\nmetadata:\n"),
		[]byte("\nmetadata:\n  annotations:\n    "+lint.IgnoreAnnotation+": "+ids+"\n"), 1)
}

func findingKeys(fs []lint.Finding, skip string) []string {
	var out []string
	for _, f := range fs {
		if f.RuleID != skip {
			out = append(out, f.RuleID+" "+f.Path+" "+f.Message)
		}
	}
	sort.Strings(out)
	return out
}

func TestSuppressionAnnotation(t *testing.T) {
	// A Job with several defects; suppressing one rule leaves the others.
	const multi = `apiVersion: batch/v1
kind: Job
metadata:
  name: db-migrate
  annotations:
    lint.kubectl-batch.io/ignore: restart-policy-invalid
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
        - name: migrate
          image: registry.example.com/payments/migrate:1.4.2
`
	e := newEngine(t, lint.Config{Clock: fixedClock})
	fs := checkAll(t, e, decodeBytes(t, "multi.yaml", []byte(multi)), nil)
	if got := ofRule(fs, "restart-policy-invalid"); len(got) > 0 {
		t.Errorf("suppressed rule still reported:\n%s", describe(got))
	}
	if len(ofRule(fs, "job-ttl-missing")) == 0 {
		t.Errorf("the other rules must still report; findings:\n%s", describe(fs))
	}
	strict := newEngine(t, lint.Config{Clock: fixedClock, IgnoreSuppressions: true})
	if fs := checkAll(t, strict, decodeBytes(t, "multi.yaml", []byte(multi)), nil); len(ofRule(fs, "restart-policy-invalid")) == 0 {
		t.Errorf("IgnoreSuppressions: the annotation must be disregarded; findings:\n%s", describe(fs))
	}

	// Every rule's bad fixture: the annotation removes exactly that rule's findings (decoder
	// problems included), and IgnoreSuppressions brings them back.
	for _, r := range lint.DefaultRules() {
		t.Run(r.ID, func(t *testing.T) {
			dir := filepath.Join(fixtureDir, r.ID)
			data, err := os.ReadFile(filepath.Join(dir, "bad.yaml"))
			if err != nil {
				t.Skip("no bad.yaml")
			}
			cfg := ruleConfig(r.ID)
			e := newEngine(t, cfg)
			cfg.IgnoreSuppressions = true
			strict := newEngine(t, cfg)
			var old []*lint.Object
			if updateOnly(r) {
				// The stored object carries the same annotation, as it would after an apply.
				oldData, err := os.ReadFile(filepath.Join(dir, "old.yaml"))
				if err != nil {
					t.Fatal(err)
				}
				old = decodeBytes(t, "old.yaml", withIgnoreAnnotation(t, oldData, r.ID))
			}
			plain := checkAll(t, e, decodeBytes(t, "bad.yaml", data), old)
			annotated := decodeBytes(t, "bad.yaml", withIgnoreAnnotation(t, data, "some-other-rule, "+r.ID))
			got := checkAll(t, e, annotated, old)
			if fs := ofRule(got, r.ID); len(fs) > 0 {
				t.Errorf("suppressed rule still reported:\n%s", describe(fs))
			}
			if a, b := findingKeys(plain, r.ID), findingKeys(got, r.ID); !slices.Equal(a, b) {
				t.Errorf("suppression changed other rules' findings:\nwithout annotation: %q\nwith annotation:    %q", a, b)
			}
			if fs := ofRule(checkAll(t, strict, annotated, old), r.ID); len(fs) == 0 {
				t.Errorf("IgnoreSuppressions: the rule must report despite the annotation")
			}
		})
	}
}

func TestConfigSeverityOverride(t *testing.T) {
	const id = "job-ttl-missing"
	objs := decodeFile(t, filepath.Join(fixtureDir, id, "bad.yaml"))
	severityOf := func(e *lint.Engine) lint.Severity {
		for _, r := range e.Rules() {
			if r.ID == id {
				return r.Severity
			}
		}
		t.Fatalf("engine does not list %s", id)
		return 0
	}

	def := newEngine(t, lint.Config{Clock: fixedClock})
	fs := ofRule(checkAll(t, def, objs, nil), id)
	if len(fs) == 0 || fs[0].Severity != lint.SeverityInfo {
		t.Fatalf("default: want info, got:\n%s", describe(fs))
	}

	raised := newEngine(t, lint.Config{Clock: fixedClock, Rules: map[string]lint.Severity{id: lint.SeverityError}})
	fs = ofRule(checkAll(t, raised, objs, nil), id)
	if len(fs) == 0 || fs[0].Severity != lint.SeverityError {
		t.Errorf("raised to error: got:\n%s", describe(fs))
	}
	if len(fs) > 0 && fs[0].Denies() {
		t.Errorf("an advice finding must not deny admission, even at error severity")
	}
	if s := severityOf(raised); s != lint.SeverityError {
		t.Errorf("Rules() lists %s as %s, want error", id, s)
	}

	off := newEngine(t, lint.Config{Clock: fixedClock, Rules: map[string]lint.Severity{id: lint.SeverityOff}})
	if fs := ofRule(checkAll(t, off, objs, nil), id); len(fs) > 0 {
		t.Errorf("disabled rule reported:\n%s", describe(fs))
	}
	if s := severityOf(off); s != lint.SeverityOff {
		t.Errorf("Rules() lists %s as %s, want off", id, s)
	}

	// Decoder problems follow the configured severity too.
	bad := decodeFile(t, filepath.Join(fixtureDir, "unknown-field", "bad.yaml"))
	warn := newEngine(t, lint.Config{Clock: fixedClock, Rules: map[string]lint.Severity{"unknown-field": lint.SeverityWarning}})
	if fs := ofRule(checkAll(t, warn, bad, nil), "unknown-field"); len(fs) == 0 || fs[0].Severity != lint.SeverityWarning {
		t.Errorf("unknown-field lowered to warning: got:\n%s", describe(fs))
	}
	silent := newEngine(t, lint.Config{Clock: fixedClock, Rules: map[string]lint.Severity{"unknown-field": lint.SeverityOff}})
	if fs := ofRule(checkAll(t, silent, bad, nil), "unknown-field"); len(fs) > 0 {
		t.Errorf("unknown-field turned off but reported:\n%s", describe(fs))
	}
}

// parseLintConfig reads a configuration file as lint does: the lint part of decision.Parse.
func parseLintConfig(data []byte) (lint.Config, error) {
	c, err := decision.Parse(data, decision.Config{})
	return c.Config, err
}

func TestUnknownRuleInConfig(t *testing.T) {
	_, err := lint.New(lint.Config{Rules: map[string]lint.Severity{"nope": lint.SeverityError}})
	if err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("lint.New with rule nope: want an error naming it, got %v", err)
	}

	cfg, err := parseLintConfig([]byte("# .kubectl-batch.yaml\nrules:\n  job-ttl-missing: \"off\"\n  timezone-unset: warning\npolicy:\n  minStartingDeadlineSeconds: 30\n"))
	if err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	if s, ok := cfg.Rules["job-ttl-missing"]; !ok || s != lint.SeverityOff {
		t.Errorf("rules.job-ttl-missing = %v (set: %v), want off", s, ok)
	}
	if cfg.Rules["timezone-unset"] != lint.SeverityWarning {
		t.Errorf("rules.timezone-unset = %v, want warning", cfg.Rules["timezone-unset"])
	}
	if cfg.Policy.MinStartingDeadlineSeconds != 30 {
		t.Errorf("policy.minStartingDeadlineSeconds = %d, want 30", cfg.Policy.MinStartingDeadlineSeconds)
	}
	cfg.Clock = fixedClock
	e := newEngine(t, cfg)
	if fs := ofRule(checkAll(t, e, decodeFile(t, filepath.Join(fixtureDir, "job-ttl-missing", "bad.yaml")), nil), "job-ttl-missing"); len(fs) > 0 {
		t.Errorf("job-ttl-missing is off but reported:\n%s", describe(fs))
	}
	// The good fixture's 60 s passes the default minimum of 10; 20 s fails a minimum of 30.
	deadline20 := bytes.Replace(mustRead(t, filepath.Join(fixtureDir, "starting-deadline-too-short", "good.yaml")),
		[]byte("startingDeadlineSeconds: 60"), []byte("startingDeadlineSeconds: 20"), 1)
	if fs := ofRule(checkAll(t, e, decodeBytes(t, "deadline20.yaml", deadline20), nil), "starting-deadline-too-short"); len(fs) == 0 {
		t.Errorf("startingDeadlineSeconds 20 with policy minimum 30: want a finding")
	}

	for _, bad := range []string{
		"rulez:\n  job-ttl-missing: warning\n",
		"policy:\n  minStartingDeadline: 30\n",
		"rules:\n  job-ttl-missing: loud\n",
	} {
		if _, err := parseLintConfig([]byte(bad)); err == nil {
			t.Errorf("ParseConfig(%q): want an error", bad)
		}
	}
}

// `off` is what users write in a config file, but YAML 1.1 (which sigs.k8s.io/yaml reads) makes
// it the boolean false, which Severity does not accept.
// TestConfigUnquotedOff: YAML 1.1 reads an unquoted off as false.
func TestConfigUnquotedOff(t *testing.T) {
	cfg, err := parseLintConfig([]byte("rules: {job-ttl-missing: off}\npolicy: {minStartingDeadlineSeconds: 30}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := cfg.Rules["job-ttl-missing"]; !ok || s != lint.SeverityOff {
		t.Errorf("rules.job-ttl-missing = %v (set: %v), want off", s, ok)
	}
	if _, err := parseLintConfig([]byte("rules: {job-ttl-missing: on}\n")); err == nil {
		t.Error("rules: {x: on} (true) must be rejected")
	}
}

// CheckUpdate of a CronJob over a stored Job (same name, different kind) must not panic.
func TestCheckUpdateKindMismatch(t *testing.T) {
	job := decodeFile(t, filepath.Join(fixtureDir, "job-ttl-missing", "good.yaml"))[0]
	cj := decodeFile(t, filepath.Join(fixtureDir, "timezone-invalid", "good.yaml"))[0]
	e := newEngine(t, lint.Config{Clock: fixedClock})
	// An object cannot change kind: the update is judged like a create, without panicking.
	if got, want := describe(e.CheckUpdate(context.Background(), job, cj)), describe(e.Check(context.Background(), cj)); got != want {
		t.Errorf("CheckUpdate(Job, CronJob) = %s, want the create verdict %s", got, want)
	}
	if got, want := describe(e.CheckUpdate(context.Background(), cj, job)), describe(e.Check(context.Background(), job)); got != want {
		t.Errorf("CheckUpdate(CronJob, Job) = %s, want the create verdict %s", got, want)
	}
}

// A value of the wrong type must not hide the object's unknown fields.
func TestWrongTypeDoesNotHideUnknownField(t *testing.T) {
	data := bytes.Replace(mustRead(t, filepath.Join(fixtureDir, "wrong-type", "bad.yaml")),
		[]byte("  ttlSecondsAfterFinished: 86400\n"), []byte("  ttlSecondsAfterFinished: 86400\n  activeDeadlineSecond: 600\n"), 1)
	e := newEngine(t, lint.Config{Clock: fixedClock})
	fs := checkAll(t, e, decodeBytes(t, "wrong-type+typo.yaml", data), nil)
	if len(ofRule(fs, "wrong-type")) == 0 {
		t.Fatalf("no wrong-type finding:\n%s", describe(fs))
	}
	if len(ofRule(fs, "unknown-field")) == 0 {
		t.Errorf("spec.activeDeadlineSecond not reported next to the wrong-type value; findings:\n%s", describe(fs))
	}
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestFindingLinesPointAtField(t *testing.T) {
	const file = `# two Jobs; the second one restarts forever
apiVersion: batch/v1
kind: Job
metadata:
  name: first
spec:
  ttlSecondsAfterFinished: 600
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: registry.example.com/tools/first:1.0.0
---
apiVersion: batch/v1
kind: Job
metadata:
  name: second
spec:
  ttlSecondsAfterFinished: 600
  template:
    spec:
      containers:
        - name: main
          image: registry.example.com/tools/second:1.0.0
      restartPolicy: Always
`
	want := 0
	for i, l := range strings.Split(file, "\n") {
		if strings.Contains(l, "restartPolicy: Always") {
			want = i + 1
		}
	}
	e := newEngine(t, lint.Config{Clock: fixedClock})
	fs := ofRule(checkAll(t, e, decodeBytes(t, "two.yaml", []byte(file)), nil), "restart-policy-invalid")
	if len(fs) != 1 {
		t.Fatalf("want one restart-policy-invalid finding, got:\n%s", describe(fs))
	}
	f := fs[0]
	if f.Source.FieldLine != want || f.Source.Document != 2 || f.Source.File != "two.yaml" || f.Object.Name != "second" {
		t.Errorf("finding at %+v for %v, want two.yaml document 2, field line %d, Job second", f.Source, f.Object, want)
	}
	if f.Source.Line != 15 {
		t.Errorf("document 2 starts on line 15, finding says %d", f.Source.Line)
	}
}

// fixtureObjects decodes every fixture (old, bad and good of every rule).
func fixtureObjects(t testing.TB) []*lint.Object {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(fixtureDir, "*", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var out []*lint.Object
	for _, f := range files {
		out = append(out, decodeFile(t, f)...)
	}
	return out
}

func TestEngineConcurrent(t *testing.T) {
	objs := fixtureObjects(t)
	objs = append(objs, manifest.Decode("corpus.yaml", corpus.Generate(300)).Objects...)
	e := newEngine(t, lint.Config{Clock: fixedClock, Policy: lint.Policy{
		ImmutableCronJobFields: []string{"spec.timeZone"}, ImmutableJobFields: []string{"spec.backoffLimit"}}})
	ctx := context.Background()
	run := func() [][]lint.Finding {
		out := make([][]lint.Finding, 0, 2*len(objs))
		for i, obj := range objs {
			out = append(out, e.Check(ctx, obj), e.CheckUpdate(ctx, obj, obj))
			if j := (i + 1) % len(objs); objs[j].Kind() == obj.Kind() {
				out = append(out, e.CheckUpdate(ctx, objs[j], obj))
			}
		}
		return out
	}
	want := run()
	const workers = 8
	got := make([][][]lint.Finding, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { got[w] = run() })
	}
	wg.Wait()
	for w := range workers {
		if !reflect.DeepEqual(got[w], want) {
			t.Errorf("goroutine %d: results differ from the sequential run", w)
		}
	}
	if again := run(); !reflect.DeepEqual(again, want) {
		t.Errorf("checking changed the objects: a second sequential run differs from the first")
	}
}

// FuzzLint feeds arbitrary bytes through the decoder and every rule: nothing may panic.
func FuzzLint(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{filepath.Join(fixtureDir, "*", "*.yaml"), filepath.Join(exampleDir, "*.yaml")} {
		m, _ := filepath.Glob(pattern)
		seeds = append(seeds, m...)
	}
	if len(seeds) == 0 {
		f.Fatal("no seed files")
	}
	for _, s := range seeds {
		f.Add(mustRead(f, s))
	}
	e := newEngine(f, lint.Config{Clock: fixedClock, Policy: lint.Policy{
		ImmutableCronJobFields: []string{"spec.timeZone", "spec.jobTemplate.spec.template.spec.serviceAccountName"},
		ImmutableJobFields:     []string{"spec.backoffLimit"}}})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		res := manifest.Decode("fuzz.yaml", data)
		for i, obj := range res.Objects {
			e.Check(ctx, obj)
			e.CheckUpdate(ctx, obj, obj)
			if i > 0 && res.Objects[i-1].Kind() == obj.Kind() {
				e.CheckUpdate(ctx, res.Objects[i-1], obj)
			}
		}
	})
}

func TestExamplesGoodAreClean(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(exampleDir, "good-*.yaml"))
	if len(files) == 0 {
		t.Fatalf("no good-*.yaml examples in %s", exampleDir)
	}
	e := newEngine(t, lint.Config{Clock: fixedClock})
	for _, f := range files {
		if fs := checkAll(t, e, decodeFile(t, f), nil); len(fs) > 0 {
			t.Errorf("%s must be clean, got:\n%s", f, describe(fs))
		}
	}
}

// badExamples lists, per examples/bad-*.yaml file, rules it must trigger (examples/README.md says so).
var badExamples = map[string][]string{
	"bad-cronjob-long-name-short-deadline.yaml": {"cronjob-name-too-long", "starting-deadline-too-short"},
	"bad-job-restart-always-typo.yaml":          {"restart-policy-invalid", "unknown-field", "job-ttl-missing"},
	"bad-cronjob-impossible-schedule.yaml":      {"schedule-has-timezone", "schedule-never-fires", "timezone-invalid"},
	"bad-job-backoff-limit-string.yaml":         {"wrong-type"},
	"bad-mixed-deployment-cronjob.yaml":         {"restart-policy-invalid", "concurrent-runs-pile-up", "missed-runs-limit"},
	"bad-cronjob-v1beta1.yaml":                  {"api-version-removed", "timezone-unset", "restart-on-failure-with-backoff"},
	"bad-job-pod-template.yaml":                 {"pod-template-invalid", "scheduling-invalid", "volume-invalid", "container-invalid", "security-context-invalid"},
}

func TestExamplesBadHaveFindings(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(exampleDir, "bad-*.yaml"))
	if len(files) == 0 {
		t.Fatalf("no bad-*.yaml examples in %s", exampleDir)
	}
	e := newEngine(t, lint.Config{Clock: fixedClock})
	for _, f := range files {
		fs := checkAll(t, e, decodeFile(t, f), nil)
		errors := 0
		for _, x := range fs {
			if x.Severity == lint.SeverityError {
				errors++
			}
		}
		if errors == 0 {
			t.Errorf("%s: want at least one error, got:\n%s", f, describe(fs))
		}
		want, ok := badExamples[filepath.Base(f)]
		if !ok {
			t.Errorf("%s: list the rules it shows in badExamples (and in examples/README.md)", f)
		}
		for _, id := range want {
			if len(ofRule(fs, id)) == 0 {
				t.Errorf("%s: want a finding of %s, got:\n%s", f, id, describe(fs))
			}
		}
	}
	for name := range badExamples {
		if _, err := os.Stat(filepath.Join(exampleDir, name)); err != nil {
			t.Errorf("badExamples lists %s, which does not exist", name)
		}
	}
}

const benchResources = 10000

func benchEngine(b *testing.B) *lint.Engine {
	return newEngine(b, lint.Config{Clock: fixedClock})
}

// BenchmarkLint10k decodes and checks a 10,000-resource file on one goroutine.
func BenchmarkLint10k(b *testing.B) {
	data := corpus.Generate(benchResources)
	e := benchEngine(b)
	if res := manifest.Decode("corpus.yaml", data); len(res.Objects) != benchResources || len(res.Errors) > 0 {
		b.Fatalf("corpus: %d objects, %d errors", len(res.Objects), len(res.Errors))
	}
	b.Run("decode+check", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		ctx := context.Background()
		findings := 0
		for b.Loop() {
			res := manifest.Decode("corpus.yaml", data)
			for _, obj := range res.Objects {
				findings += len(e.Check(ctx, obj))
			}
		}
		b.ReportMetric(float64(benchResources*b.N)/b.Elapsed().Seconds(), "resources/s")
		b.ReportMetric(float64(findings)/float64(b.N), "findings/op")
	})
}

// BenchmarkCheckOnly measures the engine alone on the pre-decoded corpus.
func BenchmarkCheckOnly(b *testing.B) {
	objs := manifest.Decode("corpus.yaml", corpus.Generate(benchResources)).Objects
	e := benchEngine(b)
	ctx := context.Background()
	for b.Loop() {
		for _, obj := range objs {
			e.Check(ctx, obj)
		}
	}
	b.ReportMetric(float64(len(objs)*b.N)/b.Elapsed().Seconds(), "resources/s")
}

// TestRulesDoNotModifyObjects guards the engine's copy-on-write defaulting: the defaulted object
// shares unchanged parts with the decoded one, so neither defaulting nor any rule may write into
// the decoded object.
func TestRulesDoNotModifyObjects(t *testing.T) {
	objs := fixtureObjects(t)
	objs = append(objs, manifest.Decode("corpus.yaml", corpus.Generate(300)).Objects...)
	e := newEngine(t, lint.Config{Clock: fixedClock, Policy: lint.Policy{
		ImmutableCronJobFields: []string{"spec.timeZone"}, ImmutableJobFields: []string{"spec.backoffLimit"}}})
	ctx := context.Background()
	for i, obj := range objs {
		before := *obj
		before.Job, before.CronJob = obj.Job.DeepCopy(), obj.CronJob.DeepCopy()
		e.Check(ctx, obj)
		e.CheckUpdate(ctx, obj, obj)
		if !reflect.DeepEqual(obj.Job, before.Job) || !reflect.DeepEqual(obj.CronJob, before.CronJob) {
			t.Fatalf("object %d (%s line %d) was modified by checking it", i, obj.Source.File, obj.Source.Line)
		}
	}
}
