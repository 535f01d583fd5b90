//go:build integration

// Package conformance proves that the rule engine's server-class verdicts equal a real
// kube-apiserver's: for hundreds of mutated Jobs and CronJobs, lint reports a server-class error
// if and only if a server-side dry-run create (or update) is rejected, at the same field paths.
package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/manifest"
	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

var env *testenv.Env

func TestMain(m *testing.M) { os.Exit(testenv.Main(m, &env)) }

// verdict is a set of field paths; empty means accepted.
type verdict map[string]bool

func (v verdict) String() string {
	if len(v) == 0 {
		return "accepted"
	}
	var ps []string
	for p := range v {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return "rejected at " + strings.Join(ps, ", ")
}

func equal(a, b verdict) bool {
	if len(a) != len(b) {
		return false
	}
	for p := range a {
		if !b[p] {
			return false
		}
	}
	return true
}

// lintVerdict runs the object through the same path as `kubectl batch lint -f`: JSON bytes,
// the manifest decoder, the engine; it keeps server-class error findings.
func lintVerdict(t *testing.T, e *lint.Engine, obj any, old *lint.Object) (verdict, []lint.Finding, *lint.Object) {
	t.Helper()
	data, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	res := manifest.Decode("conformance.json", data)
	if len(res.Errors) > 0 || len(res.Objects) != 1 {
		t.Fatalf("decoding %s: %v", data, res.Errors)
	}
	var findings []lint.Finding
	if old != nil {
		findings = e.CheckUpdate(context.Background(), old, res.Objects[0])
	} else {
		findings = e.Check(context.Background(), res.Objects[0])
	}
	v := verdict{}
	var kept []lint.Finding
	for _, f := range findings {
		if f.Class == lint.ClassServer && f.Severity == lint.SeverityError {
			v[f.Path] = true
			kept = append(kept, f)
		}
	}
	return v, kept, res.Objects[0]
}

type tally struct{ agree, total int }

func (t *tally) add(ok bool) {
	t.total++
	if ok {
		t.agree++
	}
}

func engine(t *testing.T) *lint.Engine {
	e, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// createCases builds the create corpus: every mutation singly, Job spec mutations also inside a
// CronJob's template, plus deterministic pairs.
func createCases() (jobs []namedJob, cronJobs []namedCronJob) {
	specs := specMutations()
	jobOnly := jobOnlyMutations()
	cronOnly := cronJobOnlyMutations()
	var jobMuts []jobMutation
	for _, s := range specs {
		s := s
		jobMuts = append(jobMuts, jobMutation{s.name, func(j *batchv1.Job) { s.fn(&j.Spec) }})
	}
	jobMuts = append(jobMuts, jobOnly...)
	var cronMuts []cronJobMutation
	for _, s := range specs {
		s := s
		cronMuts = append(cronMuts, cronJobMutation{"jobTemplate." + s.name, func(c *batchv1.CronJob) { s.fn(&c.Spec.JobTemplate.Spec) }})
	}
	cronMuts = append(cronMuts, cronOnly...)

	jobs = append(jobs, namedJob{"base", baseJob()})
	for _, m := range jobMuts {
		j := baseJob()
		m.fn(j)
		jobs = append(jobs, namedJob{m.name, j})
	}
	cronJobs = append(cronJobs, namedCronJob{"base", baseCronJob()})
	for _, m := range cronMuts {
		c := baseCronJob()
		m.fn(c)
		cronJobs = append(cronJobs, namedCronJob{m.name, c})
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 220; i++ {
		a, b := jobMuts[rng.Intn(len(jobMuts))], jobMuts[rng.Intn(len(jobMuts))]
		j := baseJob()
		a.fn(j)
		if len(j.Spec.Template.Spec.Containers) > 0 || !strings.HasPrefix(b.name, "image") && !strings.HasPrefix(b.name, "container") {
			b.fn(j)
		}
		jobs = append(jobs, namedJob{a.name + " + " + b.name, j})
	}
	for i := 0; i < 160; i++ {
		a, b := cronMuts[rng.Intn(len(cronMuts))], cronMuts[rng.Intn(len(cronMuts))]
		c := baseCronJob()
		a.fn(c)
		if len(c.Spec.JobTemplate.Spec.Template.Spec.Containers) > 0 || !strings.Contains(b.name, "image") && !strings.Contains(b.name, "container") {
			b.fn(c)
		}
		cronJobs = append(cronJobs, namedCronJob{a.name + " + " + b.name, c})
	}
	return jobs, cronJobs
}

type namedJob struct {
	name string
	job  *batchv1.Job
}

type namedCronJob struct {
	name string
	cj   *batchv1.CronJob
}

// TestPolicyConformance: policy-class objects are accepted by the server and flagged by lint
// (the create and update corpora run in TestConformanceAcrossVersions).
func TestPolicyConformance(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	policy := conformancePolicy(ctx, t, env.Namespace(t), engine(t))
	t.Logf("policy conformance: %d/%d (server accepts, policy rule flags)", policy.agree, policy.total)
	fmt.Printf("policy conformance: %d/%d\n", policy.agree, policy.total)
}

func describe(fs []lint.Finding) string {
	if len(fs) == 0 {
		return "none"
	}
	var parts []string
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("[%s %s: %s]", f.RuleID, f.Path, f.Message))
	}
	return strings.Join(parts, " ")
}

// conformancePolicy checks that policy-class objects are accepted by the server and flagged by lint.
func conformancePolicy(ctx context.Context, t *testing.T, ns string, e *lint.Engine) tally {
	var tl tally
	for _, d := range []int64{0, 1, 5, 9} {
		cj := baseCronJob()
		cj.Name = fmt.Sprintf("policy-deadline-%d", d)
		cj.Namespace = ns
		cj.Spec.StartingDeadlineSeconds = &d
		_, err := env.Client.BatchV1().CronJobs(ns).Create(ctx, cj.DeepCopy(), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		data, _ := json.Marshal(cj)
		res := manifest.Decode("policy.json", data)
		flagged := false
		for _, f := range e.Check(ctx, res.Objects[0]) {
			if f.RuleID == "starting-deadline-too-short" && f.Class == lint.ClassPolicy {
				flagged = true
			}
		}
		ok := err == nil && flagged
		tl.add(ok)
		if !ok {
			t.Errorf("startingDeadlineSeconds %d: server error %v, lint flagged %v (want accepted and flagged)", d, err, flagged)
		}
	}
	return tl
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
