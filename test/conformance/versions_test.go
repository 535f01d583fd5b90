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
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

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
	// A field this build's API types lack: 1.35's PodSpec.workloadRef, sent as raw JSON.
	workloadRef := map[string]any{"name": "training", "podGroup": "workers"}
	add("Job pod version.workloadRef", withPodField(baseJob(), []string{"spec", "template", "spec"}, "workloadRef", workloadRef))
	add("CronJob pod version.workloadRef", withPodField(baseCronJob(), []string{"spec", "jobTemplate", "spec", "template", "spec"}, "workloadRef", workloadRef))
	return out
}

// rawObject is a Job or CronJob as JSON, for fields the typed objects cannot carry.
type rawObject map[string]any

// withPodField is obj as a rawObject with key set to value in the map at path.
func withPodField(obj any, path []string, key string, value any) rawObject {
	b, err := json.Marshal(obj)
	if err != nil {
		panic(err)
	}
	var m rawObject
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	cur := map[string]any(m)
	for _, p := range path {
		cur = cur[p].(map[string]any)
	}
	cur[key] = value
	return m
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
	// Updates are the answers to the update corpus; Stored the base objects as the server
	// stored them (what each update case mutates; no controllers run beside the recorded
	// servers, so they do not change between cases).
	Updates map[string]answer          `json:"updates"`
	Stored  map[string]json.RawMessage `json:"stored"`
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
		// A handler that panics (1.32 to 1.34 on some TZ= schedules) resets the HTTP/2 stream.
		if strings.Contains(err.Error(), "stream error") && strings.Contains(err.Error(), "INTERNAL_ERROR; received from peer") {
			a.Internal = true
			return a, nil
		}
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
	case rawObject:
		body, merr := json.Marshal(o)
		if merr != nil {
			return answer{}, merr
		}
		resource := strings.ToLower(o["kind"].(string)) + "s"
		err = client.BatchV1().RESTClient().Post().Namespace(ns).Resource(resource).
			Param("dryRun", metav1.DryRunAll).Param("fieldValidation", metav1.FieldValidationStrict).
			SetHeader("Content-Type", runtime.ContentTypeJSON).Body(body).Do(ctx).Error()
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
	allAnswers := map[kubeversion.Version]map[string]answer{}
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
			var (
				answers map[string]answer
				updates map[string]updateAnswer
			)
			if mode == "live" {
				le := liveEnv(t, v)
				answers = liveAnswers(t, le, v, corpus)
				var stored map[string]any
				updates, stored = liveUpdateAnswers(context.Background(), t, jsonClient(t, le), le.Namespace(t))
				if record[v.String()] {
					writeVerdicts(t, v, answers, updates, stored)
				}
			} else {
				answers, updates = readVerdicts(t, v)
			}
			allAnswers[v] = answers
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
			ut, ustale := checkUpdates(t, e, v, mode, updates)
			if stale+ustale > 0 {
				t.Errorf("Kubernetes %s: %d of %d create cases and %d update cases have no recorded answer for the current corpus: run `make conformance-record` (it builds and runs that version's kube-apiserver)", v, stale, len(corpus), ustale)
			}
			t.Logf("Kubernetes %s (%s %s): %d/%d update cases agree", v, mode, v.TestedPatch(), ut.agree, ut.total)
			fmt.Printf("conformance Kubernetes %s (%s): %d/%d create, %d/%d update agree\n", v, mode, tl.agree, tl.total, ut.agree, ut.total)
			t.Logf("Kubernetes %s (%s %s): %d/%d create cases agree (%d accepted by the server)", v, mode, v.TestedPatch(), tl.agree, tl.total, accepted)
		})
	}
	checkCorpusBalance(t, corpus, allAnswers[kubeversion.Default()])
	checkVersionFixtures(t, corpus, allAnswers)
	checkVersionTableCovered(t, corpus, allAnswers)
	t.Logf("versions run live: %s; compared with recorded verdicts: %s", strings.Join(live, ", "), strings.Join(recorded, ", "))
	fmt.Printf("conformance across versions: live %s; recorded %s\n", strings.Join(live, ", "), strings.Join(recorded, ", "))
}

// liveEnv is version v's real API server: the package's control plane for the default version,
// else one started for the test (kube-apiserver and etcd of that version).
func liveEnv(t *testing.T, v kubeversion.Version) *testenv.Env {
	t.Helper()
	e := env
	if v != kubeversion.Default() {
		e = testenv.StartVersionFor(t, v.String())
	}
	info, err := e.Client.Discovery().ServerVersion()
	if err != nil {
		t.Fatal(err)
	}
	if info.GitVersion != v.TestedPatch() {
		t.Fatalf("the API server for %s is %s, want %s", v, info.GitVersion, v.TestedPatch())
	}
	return e
}

// jsonClient is a client of e that sends JSON, as kubectl apply does: strict field validation
// applies to JSON (and YAML) bodies, while a binary encoding carries no unknown field names.
func jsonClient(t *testing.T, e *testenv.Env) kubernetes.Interface {
	t.Helper()
	cfg := rest.CopyConfig(e.Config)
	cfg.ContentType = runtime.ContentTypeJSON
	cfg.AcceptContentTypes = runtime.ContentTypeJSON
	c, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// liveAnswers asks the server the create corpus.
func liveAnswers(t *testing.T, e *testenv.Env, v kubeversion.Version, corpus []corpusCase) map[string]answer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	ns := e.Namespace(t)
	client := jsonClient(t, e)
	out := make(map[string]answer, len(corpus))
	for _, c := range corpus {
		a, err := askServer(ctx, client, ns, c)
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

func writeVerdicts(t *testing.T, v kubeversion.Version, answers map[string]answer, updates map[string]updateAnswer, stored map[string]any) {
	t.Helper()
	f := verdictFile{Version: v.String(), Server: v.TestedPatch(), Answers: answers,
		Updates: map[string]answer{}, Stored: map[string]json.RawMessage{}}
	_, cases := updateCorpus()
	for _, c := range cases {
		u := updates[c.name]
		if objectHash(u.stored) != objectHash(stored[c.base]) {
			t.Fatalf("recording %s: the stored %s base changed between cases (a controller running?)", c.name, c.base)
		}
		f.Updates[c.name] = u.answer
	}
	for name, obj := range stored {
		b, err := json.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		f.Stored[name] = b
	}
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
	t.Logf("recorded %d create and %d update answers of kube-apiserver %s in %s", len(answers), len(f.Updates), v.TestedPatch(), verdictPath(v))
}

func readVerdicts(t *testing.T, v kubeversion.Version) (map[string]answer, map[string]updateAnswer) {
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
	bases, cases := updateCorpus()
	stored := map[string]any{}
	for _, base := range bases {
		raw, ok := f.Stored[base.name]
		if !ok {
			continue
		}
		var obj any = &batchv1.Job{}
		if _, isCronJob := base.obj.(*batchv1.CronJob); isCronJob {
			obj = &batchv1.CronJob{}
		}
		if err := json.Unmarshal(raw, obj); err != nil {
			t.Fatalf("%s: stored %s: %v", verdictPath(v), base.name, err)
		}
		stored[base.name] = obj
	}
	updates := map[string]updateAnswer{}
	for _, c := range cases {
		a, ok := f.Updates[c.name]
		if s, have := stored[c.base]; ok && have {
			updates[c.name] = updateAnswer{a, s}
		}
	}
	return f.Answers, updates
}

// checkCorpusBalance keeps the corpus honest: enough cases, unique pod mutations, and about as
// many valid as invalid pod templates (by the default version's server).
func checkCorpusBalance(t *testing.T, corpus []corpusCase, answers map[string]answer) {
	t.Helper()
	jobs, cronJobs := createCases()
	if n := len(jobs) + len(cronJobs); n < 500 {
		t.Errorf("only %d batch create cases; the corpus must hold at least 500", n)
	}
	seen := map[string]bool{}
	accepted, rejected := 0, 0
	for _, m := range podMutations() {
		if seen[m.name] {
			t.Errorf("duplicate pod mutation name %q", m.name)
		}
		seen[m.name] = true
		a, ok := answers["Job pod "+m.name]
		switch {
		case !ok:
		case !a.Decode && !a.Internal && len(a.Paths) == 0:
			accepted++
		default:
			rejected++
		}
	}
	if len(seen) < 600 {
		t.Errorf("only %d pod-template mutations; the corpus must hold at least 600", len(seen))
	}
	if answers != nil && (accepted*3 < len(seen) || rejected*3 < len(seen)) {
		t.Errorf("the corpus must hold about as many valid as invalid pod templates: %d accepted, %d rejected", accepted, rejected)
	}
	t.Logf("corpus: %d create cases (%d batch, %d pod-template mutations in a Job and a CronJob: %d valid, %d invalid on %s)",
		len(corpus), len(jobs)+len(cronJobs), len(seen), accepted, rejected, kubeversion.Default())
}

// checkVersionFixtures: every version fixture (a case named "version.*") must get different
// answers from at least two supported versions' servers, so each really shows a difference of
// the version table; it also reports how many corpus cases differ between versions at all.
func checkVersionFixtures(t *testing.T, corpus []corpusCase, all map[kubeversion.Version]map[string]answer) {
	t.Helper()
	differing, fixtures := 0, 0
	for _, c := range corpus {
		kinds := map[string][]string{}
		for _, v := range kubeversion.Supported() {
			if a, ok := all[v][c.name]; ok && a.Hash == caseHash(c) {
				kinds[a.String()] = append(kinds[a.String()], v.String())
			}
		}
		if len(kinds) > 1 {
			differing++
		}
		if strings.Contains(c.name, " version.") {
			fixtures++
			if len(all) == len(kubeversion.Supported()) && len(kinds) < 2 {
				t.Errorf("version fixture %s: every version answers the same (%v); it shows no difference", c.name, kinds)
			}
		}
	}
	if fixtures == 0 {
		t.Error("no version fixtures in the corpus")
	}
	t.Logf("%d of %d create cases get different answers from different versions (%d version fixtures)", differing, len(corpus), fixtures)
	fmt.Printf("conformance across versions: %d of %d create cases answered differently by some version\n", differing, len(corpus))
}

// checkVersionTableCovered: every field row of the version table (docs/versions.md) has a
// corpus case that the servers of different versions answer differently and on which lint, for
// some version, reports that field (unknown, dropped, or invalid): each such difference is
// shown on real servers.
func checkVersionTableCovered(t *testing.T, corpus []corpusCase, all map[kubeversion.Version]map[string]answer) {
	t.Helper()
	if len(all) != len(kubeversion.Supported()) {
		return // a filtered run: not every version answered
	}
	type pattern struct{ job, cronJob *regexp.Regexp }
	compile := func(p string) pattern {
		re := func(prefix string) *regexp.Regexp {
			q := regexp.QuoteMeta(prefix + p)
			q = strings.ReplaceAll(q, `\[\*\]`, `\[\d+\]`)
			return regexp.MustCompile("^" + q + `($|[.\[])`)
		}
		return pattern{re(""), re("spec.jobTemplate.")}
	}
	// The server-class findings of every case for every version.
	findings := map[string][]string{} // case name -> finding paths, all versions
	for _, v := range kubeversion.Supported() {
		e, err := lint.New(lint.Config{KubernetesVersion: v})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range corpus {
			_, _, obj := lintVerdict(t, e, c.obj, nil)
			for _, f := range e.Check(context.Background(), obj) {
				if f.Class == lint.ClassServer {
					findings[c.name] = append(findings[c.name], f.Path)
				}
			}
		}
	}
	differs := func(c corpusCase) bool {
		seen := map[string]bool{}
		for _, v := range kubeversion.Supported() {
			seen[all[v][c.name].String()] = true
		}
		return len(seen) > 1
	}
	covered, rows := 0, 0
	var missing []string
	for _, r := range lint.VersionTable() {
		if len(r.Paths) == 0 {
			continue
		}
		rows++
		var pats []pattern
		for _, p := range r.Paths {
			pats = append(pats, compile(p))
		}
		found := false
		for _, c := range corpus {
			if found {
				break
			}
			for _, fp := range findings[c.name] {
				for _, p := range pats {
					if (p.job.MatchString(fp) || p.cronJob.MatchString(fp)) && differs(c) {
						found = true
					}
				}
			}
		}
		if found {
			covered++
		} else {
			missing = append(missing, r.Subject)
		}
	}
	t.Logf("version table: %d of %d field rows shown by a corpus case the servers answer differently", covered, rows)
	if len(missing) > 0 {
		t.Errorf("version table rows without a corpus case that shows them on the servers (add one to pod_mutations_versions.go and run make conformance-record):\n  %s", strings.Join(missing, "\n  "))
	}
}
