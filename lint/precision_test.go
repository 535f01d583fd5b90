package lint_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

// The precision sample (docs/precision.md): real-world-like manifests in testdata/precision,
// each with the findings a reviewer expects in <name>.findings next to it, every finding judged
// useful or noise. TestPrecision fails on any difference between what lint reports and what was
// reviewed, and logs the share of findings judged useful.

const precisionDir = "testdata/precision"

var updatePrecision = flag.Bool("update-precision", false,
	"rewrite testdata/precision/*.findings from lint's output, keeping the judgements of unchanged findings and marking new ones unreviewed")

// Judgements of a finding in the precision sample.
const (
	judgedUseful     = "useful"
	judgedNoise      = "noise"
	judgedUnreviewed = "unreviewed"
)

// reviewedFinding is one expected finding of a sample file and its judgement.
type reviewedFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Path     string `json:"path"`
	// Object names the finding's object when the file has more than one ("CronJob ns/name").
	Object string `json:"object,omitempty"`
	// Judged is useful (correct and worth acting on or knowing) or noise (wrong, or not worth
	// the reader's time for this file).
	Judged string `json:"judged"`
	// Why says what the reviewer saw.
	Why string `json:"why"`
}

// reviewedFile is the content of a .findings file.
type reviewedFile struct {
	// About says what the manifest is modelled on.
	About    string            `json:"about"`
	Findings []reviewedFinding `json:"findings"`
}

func (f reviewedFinding) key() string {
	return f.Rule + " " + f.Severity + " " + f.Path + " " + f.Object
}

// precisionSample returns the sample's manifests.
func precisionSample(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(precisionDir, "*.yaml"))
	if err != nil || len(files) < 30 {
		t.Fatalf("want at least 30 sample manifests in %s, found %d (%v)", precisionDir, len(files), err)
	}
	return files
}

// lintSample lints one sample manifest as `kubectl batch lint` does with the default
// configuration, the clock fixed at fixedNow.
func lintSample(t *testing.T, e *lint.Engine, path string) []reviewedFinding {
	t.Helper()
	objs := decodeFile(t, path)
	var out []reviewedFinding
	for _, obj := range objs {
		for _, f := range e.Check(context.Background(), obj) {
			rf := reviewedFinding{Rule: f.RuleID, Severity: f.Severity.String(), Path: f.Path}
			if len(objs) > 1 {
				rf.Object = f.Object.String()
			}
			out = append(out, rf)
		}
	}
	return out
}

func readReviewed(t *testing.T, path string) reviewedFile {
	t.Helper()
	var r reviewedFile
	data, err := os.ReadFile(path)
	if err != nil {
		if *updatePrecision && os.IsNotExist(err) {
			return r
		}
		t.Fatalf("%v (review the findings: go test ./lint/ -run TestPrecision -update-precision, then judge each)", err)
	}
	if err := yaml.UnmarshalStrict(data, &r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

// merge gives lint's findings the judgements of the reviewed ones with the same key.
func merge(got, reviewed []reviewedFinding) []reviewedFinding {
	pool := map[string][]reviewedFinding{}
	for _, r := range reviewed {
		pool[r.key()] = append(pool[r.key()], r)
	}
	out := make([]reviewedFinding, 0, len(got))
	for _, g := range got {
		if rs := pool[g.key()]; len(rs) > 0 {
			out, pool[g.key()] = append(out, rs[0]), rs[1:]
			continue
		}
		g.Judged, g.Why = judgedUnreviewed, "new: judge it"
		out = append(out, g)
	}
	return out
}

// writeReviewed writes a .findings file, each finding's fields in reading order.
func writeReviewed(t *testing.T, path string, r reviewedFile) {
	t.Helper()
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Reviewed findings of %s.yaml (see docs/precision.md).\n", strings.TrimSuffix(filepath.Base(path), ".findings"))
	fmt.Fprintf(&b, "about: %q\n", r.About)
	if len(r.Findings) == 0 {
		b.WriteString("findings: []\n")
	} else {
		b.WriteString("findings:\n")
	}
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "  - rule: %s\n    severity: %s\n    path: %q\n", f.Rule, f.Severity, f.Path)
		if f.Object != "" {
			fmt.Fprintf(&b, "    object: %q\n", f.Object)
		}
		fmt.Fprintf(&b, "    judged: %s\n    why: %q\n", f.Judged, f.Why)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func keys(fs []reviewedFinding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.key()
	}
	sort.Strings(out)
	return out
}

// precisionTally counts judged findings: useful and total, in all, per severity and per rule.
type precisionTally struct {
	all        [2]int
	bySeverity map[string][2]int
	byRule     map[string][2]int
}

func (p *precisionTally) add(f reviewedFinding) {
	if p.byRule == nil {
		p.byRule, p.bySeverity = map[string][2]int{}, map[string][2]int{}
	}
	useful := 0
	if f.Judged == judgedUseful {
		useful = 1
	}
	count := func(n [2]int) [2]int { return [2]int{n[0] + useful, n[1] + 1} }
	p.all = count(p.all)
	p.bySeverity[f.Severity] = count(p.bySeverity[f.Severity])
	p.byRule[f.Rule] = count(p.byRule[f.Rule])
}

// share renders useful of total as "n of m (p %)".
func share(n [2]int) string {
	return fmt.Sprintf("%d of %d (%.1f %%)", n[0], n[1], 100*float64(n[0])/float64(max(n[1], 1)))
}

func (p *precisionTally) String() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "precision: %s findings judged useful\n", share(p.all))
	for _, sev := range []string{"error", "warning", "info"} {
		fmt.Fprintf(&b, "  %-38s %s\n", sev, share(p.bySeverity[sev]))
	}
	rules := make([]string, 0, len(p.byRule))
	for r := range p.byRule {
		rules = append(rules, r)
	}
	slices.Sort(rules)
	for _, r := range rules {
		fmt.Fprintf(&b, "  %-38s %s\n", r, share(p.byRule[r]))
	}
	return b.String()
}

// TestPrecision lints every sample manifest, compares the findings (rule, severity, path) with
// the reviewed ones and computes the precision: the share of findings judged useful.
func TestPrecision(t *testing.T) {
	e := newEngine(t, lint.Config{Clock: fixedClock})
	var tally precisionTally
	for _, path := range precisionSample(t) {
		golden := strings.TrimSuffix(path, ".yaml") + ".findings"
		reviewed := readReviewed(t, golden)
		got := lintSample(t, e, path)
		if *updatePrecision {
			reviewed.Findings = merge(got, reviewed.Findings)
			writeReviewed(t, golden, reviewed)
		}
		if a, b := keys(got), keys(reviewed.Findings); !slices.Equal(a, b) {
			t.Errorf("%s: findings differ from %s (review them; -update-precision keeps the judgements of unchanged ones)\nlint:     %q\nreviewed: %q",
				path, golden, a, b)
			continue
		}
		if reviewed.About == "" {
			t.Errorf("%s: say what the manifest is modelled on (about:)", golden)
		}
		for _, f := range reviewed.Findings {
			if (f.Judged != judgedUseful && f.Judged != judgedNoise) || strings.TrimSpace(f.Why) == "" {
				t.Errorf("%s: %s is judged %q (want %s or %s, with why:)", golden, f.key(), f.Judged, judgedUseful, judgedNoise)
			}
			tally.add(f)
		}
	}
	t.Logf("%d sample files\n%s", len(precisionSample(t)), &tally)
}

// TestPrecisionSampleHasOwnFiles: every .findings file belongs to a sample manifest.
func TestPrecisionSampleHasOwnFiles(t *testing.T) {
	goldens, _ := filepath.Glob(filepath.Join(precisionDir, "*.findings"))
	for _, g := range goldens {
		if _, err := os.Stat(strings.TrimSuffix(g, ".findings") + ".yaml"); err != nil {
			t.Errorf("%s: no manifest %s.yaml", g, strings.TrimSuffix(filepath.Base(g), ".findings"))
		}
	}
}
