//go:build integration

package conformance

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
	"github.com/kubectl-batch/kubectl-batch/lint"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// The create corpus runs against every supported Kubernetes version. The newest (the default
// control plane) and the oldest run live; the others are compared with verdict files recorded
// from their real API servers by `make conformance-record` (CONFORMANCE_RECORD=1.33,1.34,...),
// which never are edited by hand: each recorded answer carries a hash of the object it answers,
// so a changed corpus makes the test fail until the verdicts are recorded again.

// verdictDir holds one recorded verdict file per version.
const verdictDir = "testdata/verdicts"

// corpusCase is one create case: a Job or a CronJob.
type corpusCase struct {
	name string
	obj  any // *batchv1.Job or *batchv1.CronJob
}

// createCorpus is every create case of the conformance corpus: the batch corpus (createCases)
// and the pod-template corpus (podMutations) in a Job and in a CronJob. Names are unique.
func createCorpus() []corpusCase {
	var out []corpusCase
	seen := map[string]int{}
	add := func(name string, obj any) {
		seen[name]++
		if n := seen[name]; n > 1 {
			name = fmt.Sprintf("%s #%d", name, n)
		}
		out = append(out, corpusCase{name, obj})
	}
	jobs, cronJobs := createCases()
	for _, c := range jobs {
		add("Job "+c.name, c.job)
	}
	for _, c := range cronJobs {
		add("CronJob "+c.name, c.cj)
	}
	for _, m := range podMutations() {
		job := baseJob()
		m.fn(&job.Spec.Template)
		add("Job pod "+m.name, job)
		cj := baseCronJob()
		m.fn(&cj.Spec.JobTemplate.Spec.Template)
		add("CronJob pod "+m.name, cj)
	}
	return out
}

// answer is an API server's answer to a dry-run create, as recorded.
type answer struct {
	// Hash identifies the object answered (see caseHash).
	Hash string `json:"h"`
	// Paths are the field paths of a rejection (empty: accepted).
	Paths []string `json:"paths,omitempty"`
	// Decode: rejected while decoding under strict field validation; Paths are the unknown fields.
	Decode bool `json:"decode,omitempty"`
	// Internal: the server failed with an internal error (a panic in 1.32 to 1.34 on some
	// schedules); still a rejection, at no field path.
	Internal bool `json:"internal,omitempty"`
}

func (a answer) String() string {
	switch {
	case a.Internal:
		return "rejected with an internal error"
	case a.Decode:
		return "rejected while decoding: unknown fields " + strings.Join(a.Paths, ", ")
	case len(a.Paths) == 0:
		return "accepted"
	}
	return "rejected at " + strings.Join(a.Paths, ", ")
}

// verdictFile is a recorded version's answers.
type verdictFile struct {
	Version string            `json:"version"`
	Server  string            `json:"server"`
	Answers map[string]answer `json:"answers"`
}

// caseHash is a short hash of the case's object as sent (namespace left out).
func caseHash(c corpusCase) string {
	b, err := json.Marshal(c.obj)
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

var unknownFieldRE = regexp.MustCompile(`unknown field "([^"]+)"`)

// answerOf turns a dry-run create's error into an answer.
func answerOf(err error) (answer, error) {
	var a answer
	if err == nil {
		return a, nil
	}
	var se *apierrors.StatusError
	if !errors.As(err, &se) {
		return a, fmt.Errorf("not an API error: %w", err)
	}
	switch {
	case apierrors.IsInvalid(err) && se.ErrStatus.Details != nil:
		set := map[string]bool{}
		for _, c := range se.ErrStatus.Details.Causes {
			set[c.Field] = true
		}
		for p := range set {
			a.Paths = append(a.Paths, p)
		}
	case apierrors.IsBadRequest(err) && strings.Contains(se.ErrStatus.Message, "strict decoding error"):
		a.Decode = true
		set := map[string]bool{}
		for _, m := range unknownFieldRE.FindAllStringSubmatch(se.ErrStatus.Message, -1) {
			set[m[1]] = true
		}
		for p := range set {
			a.Paths = append(a.Paths, p)
		}
	case apierrors.IsInternalError(err):
		a.Internal = true
	default:
		return a, fmt.Errorf("unexpected server error (not a validation error): %w", err)
	}
	sort.Strings(a.Paths)
	return a, nil
}

// askServer dry-runs the case's create with strict field validation, as kubectl apply does.
func askServer(ctx context.Context, client kubernetes.Interface, ns string, c corpusCase) (answer, error) {
	opts := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}, FieldValidation: metav1.FieldValidationStrict}
	var err error
	switch o := c.obj.(type) {
	case *batchv1.Job:
		j := o.DeepCopy()
		j.Namespace = ns
		_, err = client.BatchV1().Jobs(ns).Create(ctx, j, opts)
	case *batchv1.CronJob:
		cj := o.DeepCopy()
		cj.Namespace = ns
		_, err = client.BatchV1().CronJobs(ns).Create(ctx, cj, opts)
	}
	a, aerr := answerOf(err)
	a.Hash = caseHash(c)
	return a, aerr
}

// lintAgrees compares lint's findings on the case with the server's answer: the same field
// paths of server-class errors, or (when the server stopped at decoding) the same unknown
// fields, or (internal error) any server-class error.
func lintAgrees(t *testing.T, e *lint.Engine, c corpusCase, a answer) (bool, string) {
	t.Helper()
	lv, findings, _ := lintVerdict(t, e, c.obj, nil)
	switch {
	case a.Internal:
		return len(lv) > 0, lv.String()
	case a.Decode:
		got := verdict{}
		for _, f := range findings {
			if f.RuleID == lint.RuleUnknownField {
				got[f.Path] = true
			}
		}
		want := verdict{}
		for _, p := range a.Paths {
			want[p] = true
		}
		return equal(got, want), "unknown fields: " + got.String()
	}
	want := verdict{}
	for _, p := range a.Paths {
		want[p] = true
	}
	return equal(lv, want), lv.String() + "; findings: " + describe(findings)
}

// recordVersions is the set of versions CONFORMANCE_RECORD asks to record.
func recordVersions() map[string]bool {
	out := map[string]bool{}
	for _, v := range strings.Split(os.Getenv("CONFORMANCE_RECORD"), ",") {
		if v = strings.TrimSpace(v); v != "" {
			out[v] = true
		}
	}
	return out
}

// TestConformanceAcrossVersions compares `lint --kubernetes-version X` with the API server of
// every supported version X on the whole create corpus.
func TestConformanceAcrossVersions(t *testing.T) {
	corpus := createCorpus()
	record := recordVersions()
	for v := range record {
		if _, err := kubeversion.Parse(v); err != nil {
			t.Fatalf("CONFORMANCE_RECORD: %v", err)
		}
	}
	var live, recorded []string
	for _, v := range kubeversion.Supported() {
		mode := "recorded"
		if v == kubeversion.Default() || v.Minor() == kubeversion.OldestMinor || record[v.String()] {
			mode = "live"
		}
		if mode == "live" {
			live = append(live, v.String())
		} else {
			recorded = append(recorded, v.String())
		}
		t.Run(v.String(), func(t *testing.T) {
			e, err := lint.New(lint.Config{KubernetesVersion: v})
			if err != nil {
				t.Fatal(err)
			}
			answers := map[string]answer{}
			if mode == "live" {
				answers = liveAnswers(t, v, corpus)
				if record[v.String()] {
					writeVerdicts(t, v, answers)
				}
			} else {
				answers = readVerdicts(t, v)
			}
			var tl tally
			stale, accepted := 0, 0
			for _, c := range corpus {
				a, ok := answers[c.name]
				if !ok || a.Hash != caseHash(c) {
					stale++
					continue
				}
				if !a.Decode && !a.Internal && len(a.Paths) == 0 {
					accepted++
				}
				ok, got := lintAgrees(t, e, c, a)
				tl.add(ok)
				if !ok {
					t.Errorf("Kubernetes %s (%s), %s: lint %s; server %s", v, mode, c.name, got, a)
				}
			}
			if stale > 0 {
				t.Errorf("Kubernetes %s: %d of %d cases have no recorded answer for the current corpus: run `make conformance-record` (it builds and runs that version's kube-apiserver)", v, stale, len(corpus))
			}
			t.Logf("Kubernetes %s (%s %s): %d/%d create cases agree (%d accepted by the server)", v, mode, v.TestedPatch(), tl.agree, tl.total, accepted)
			fmt.Printf("conformance Kubernetes %s (%s): %d/%d agree\n", v, mode, tl.agree, tl.total)
		})
	}
	t.Logf("versions run live: %s; compared with recorded verdicts: %s", strings.Join(live, ", "), strings.Join(recorded, ", "))
	fmt.Printf("conformance across versions: live %s; recorded %s\n", strings.Join(live, ", "), strings.Join(recorded, ", "))
}

// liveAnswers asks version v's real API server (the package's control plane for the default
// version, else one started for the test: kube-apiserver and etcd of that version).
func liveAnswers(t *testing.T, v kubeversion.Version, corpus []corpusCase) map[string]answer {
	t.Helper()
	e := env
	if v != kubeversion.Default() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		var err error
		e, err = testenv.StartVersion(ctx, v.String())
		cancel()
		if err != nil {
			t.Fatalf("starting the Kubernetes %s API server: %v", v, err)
		}
		t.Cleanup(func() {
			if err := e.Stop(); err != nil {
				t.Errorf("stopping the Kubernetes %s API server: %v", v, err)
			}
		})
	}
	info, err := e.Client.Discovery().ServerVersion()
	if err != nil {
		t.Fatal(err)
	}
	if info.GitVersion != v.TestedPatch() {
		t.Fatalf("the API server for %s is %s, want %s", v, info.GitVersion, v.TestedPatch())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	ns := e.Namespace(t)
	out := make(map[string]answer, len(corpus))
	for _, c := range corpus {
		a, err := askServer(ctx, e.Client, ns, c)
		if err != nil {
			t.Fatalf("Kubernetes %s, %s: %v", v, c.name, err)
		}
		out[c.name] = a
	}
	return out
}

func verdictPath(v kubeversion.Version) string {
	return filepath.Join(verdictDir, v.String()+".json")
}

func writeVerdicts(t *testing.T, v kubeversion.Version, answers map[string]answer) {
	t.Helper()
	f := verdictFile{Version: v.String(), Server: v.TestedPatch(), Answers: answers}
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(verdictDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(verdictPath(v), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded %d answers of kube-apiserver %s in %s", len(answers), v.TestedPatch(), verdictPath(v))
}

func readVerdicts(t *testing.T, v kubeversion.Version) map[string]answer {
	t.Helper()
	b, err := os.ReadFile(verdictPath(v))
	if err != nil {
		t.Fatalf("Kubernetes %s: no recorded verdicts (%v): run `make conformance-record`", v, err)
	}
	var f verdictFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", verdictPath(v), err)
	}
	if f.Version != v.String() || f.Server != v.TestedPatch() {
		t.Fatalf("%s was recorded from %s (%s), want %s: run `make conformance-record`", verdictPath(v), f.Server, f.Version, v.TestedPatch())
	}
	return f.Answers
}
