//go:build integration

package conformance

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubectl-batch/kubectl-batch/lint"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// jobUpdate mutates a stored Job before a dry-run update.
type jobUpdate struct {
	name string
	fn   func(j *batchv1.Job)
}

func jobUpdates() []jobUpdate {
	return []jobUpdate{
		{"noop", func(j *batchv1.Job) {}},
		{"completions", func(j *batchv1.Job) { j.Spec.Completions = ptr[int32](3) }},
		{"parallelism", func(j *batchv1.Job) { j.Spec.Parallelism = ptr[int32](2) }},
		{"backoffLimit", func(j *batchv1.Job) { j.Spec.BackoffLimit = ptr[int32](2) }},
		{"backoffLimit=-1", func(j *batchv1.Job) { j.Spec.BackoffLimit = ptr[int32](-1) }},
		{"activeDeadlineSeconds", func(j *batchv1.Job) { j.Spec.ActiveDeadlineSeconds = ptr[int64](100) }},
		{"ttl", func(j *batchv1.Job) { j.Spec.TTLSecondsAfterFinished = ptr[int32](60) }},
		{"suspend", func(j *batchv1.Job) { j.Spec.Suspend = ptr(true) }},
		{"image", func(j *batchv1.Job) { j.Spec.Template.Spec.Containers[0].Image = "busybox:1.37" }},
		// Mutable while suspended from 1.36 (MutablePodResourcesForSuspendedJobs).
		{"resources", func(j *batchv1.Job) {
			j.Spec.Template.Spec.Containers[0].Resources.Requests = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m")}
		}},
		{"command", func(j *batchv1.Job) { j.Spec.Template.Spec.Containers[0].Command = []string{"true"} }},
		{"templateLabel", func(j *batchv1.Job) { j.Spec.Template.Labels["team"] = "data" }},
		{"templateAnnotation", func(j *batchv1.Job) {
			j.Spec.Template.Annotations = map[string]string{"note": "x"}
		}},
		{"nodeSelector", func(j *batchv1.Job) { j.Spec.Template.Spec.NodeSelector = map[string]string{"disk": "ssd"} }},
		{"tolerations", func(j *batchv1.Job) {
			j.Spec.Template.Spec.Tolerations = []corev1.Toleration{{Key: "k", Operator: corev1.TolerationOpExists}}
		}},
		{"schedulingGates", func(j *batchv1.Job) {
			j.Spec.Template.Spec.SchedulingGates = []corev1.PodSchedulingGate{{Name: "example.com/gate"}}
		}},
		{"nodeAffinity", func(j *batchv1.Job) {
			j.Spec.Template.Spec.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{
				RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{
					MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "zone", Operator: corev1.NodeSelectorOpIn, Values: []string{"a"}}},
				}}}}}
		}},
		{"podAntiAffinity", func(j *batchv1.Job) {
			j.Spec.Template.Spec.Affinity = &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{
				PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: 1,
					PodAffinityTerm: corev1.PodAffinityTerm{TopologyKey: "kubernetes.io/hostname",
						LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"a": "b"}}}}}}}
		}},
		{"nodeSelector+suspend=false", func(j *batchv1.Job) {
			j.Spec.Template.Spec.NodeSelector = map[string]string{"disk": "ssd"}
			j.Spec.Suspend = ptr(false)
		}},
		{"selector", func(j *batchv1.Job) { j.Spec.Selector.MatchLabels["extra"] = "x" }},
		{"completionMode", func(j *batchv1.Job) { j.Spec.CompletionMode = ptr(batchv1.IndexedCompletion) }},
		{"podFailurePolicy", func(j *batchv1.Job) {
			j.Spec.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpIn, 42))
		}},
		{"podFailurePolicy+replacement=Failed", func(j *batchv1.Job) {
			j.Spec.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpIn, 42))
			j.Spec.PodReplacementPolicy = ptr(batchv1.Failed)
		}},
		{"podReplacementPolicy=Failed", func(j *batchv1.Job) { j.Spec.PodReplacementPolicy = ptr(batchv1.Failed) }},
		{"managedBy", func(j *batchv1.Job) { j.Spec.ManagedBy = ptr("example.com/foo") }},
		{"backoffLimitPerIndex", func(j *batchv1.Job) { j.Spec.BackoffLimitPerIndex = ptr[int32](1) }},
		{"restartPolicy=Always", func(j *batchv1.Job) { j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways }},
		{"removeGeneratedLabel", func(j *batchv1.Job) { delete(j.Spec.Template.Labels, "batch.kubernetes.io/job-name") }},
	}
}

// indexedUpdates only make sense on an Indexed Job (elastic Indexed Jobs).
func indexedUpdates() []jobUpdate {
	return []jobUpdate{
		{"indexed/completions-alone", func(j *batchv1.Job) { j.Spec.Completions = ptr[int32](6) }},
		{"indexed/completions+parallelism", func(j *batchv1.Job) {
			j.Spec.Completions = ptr[int32](6)
			j.Spec.Parallelism = ptr[int32](6)
		}},
		{"indexed/parallelism", func(j *batchv1.Job) { j.Spec.Parallelism = ptr[int32](1) }},
		{"indexed/successPolicy", func(j *batchv1.Job) {
			j.Spec.SuccessPolicy = &batchv1.SuccessPolicy{Rules: []batchv1.SuccessPolicyRule{{SucceededCount: ptr[int32](1)}}}
		}},
		{"indexed/maxFailedIndexes", func(j *batchv1.Job) { j.Spec.MaxFailedIndexes = ptr[int32](1) }},
	}
}

type cronJobUpdate struct {
	name string
	fn   func(c *batchv1.CronJob)
}

func cronJobUpdates() []cronJobUpdate {
	return []cronJobUpdate{
		{"noop", func(c *batchv1.CronJob) {}},
		{"schedule", func(c *batchv1.CronJob) { c.Spec.Schedule = "0 * * * *" }},
		{"schedule=bad", func(c *batchv1.CronJob) { c.Spec.Schedule = "bogus" }},
		{"schedule=TZ", func(c *batchv1.CronJob) { c.Spec.Schedule = "TZ=UTC 0 * * * *" }},
		{"timeZone", func(c *batchv1.CronJob) { c.Spec.TimeZone = ptr("Europe/Berlin") }},
		{"timeZone=bad", func(c *batchv1.CronJob) { c.Spec.TimeZone = ptr("Mars/Olympus") }},
		{"image", func(c *batchv1.CronJob) { c.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Image = "busybox:1.37" }},
		{"restartPolicy=Always", func(c *batchv1.CronJob) {
			c.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways
		}},
		{"concurrencyPolicy", func(c *batchv1.CronJob) { c.Spec.ConcurrencyPolicy = batchv1.ForbidConcurrent }},
		{"startingDeadline=-5", func(c *batchv1.CronJob) { c.Spec.StartingDeadlineSeconds = ptr[int64](-5) }},
		{"serviceAccountName", func(c *batchv1.CronJob) { c.Spec.JobTemplate.Spec.Template.Spec.ServiceAccountName = "batch-runner" }},
		{"suspend", func(c *batchv1.CronJob) { c.Spec.Suspend = ptr(true) }},
		{"historyLimit=-1", func(c *batchv1.CronJob) { c.Spec.FailedJobsHistoryLimit = ptr[int32](-1) }},
	}
}

// updateBase is an object created for real before the updates of its cases are dry-run.
type updateBase struct {
	name string
	obj  any // *batchv1.Job or *batchv1.CronJob
}

// updateCase is one dry-run update: a mutation of its base object as stored by the server.
type updateCase struct {
	name string
	base string
	job  func(*batchv1.Job)
	cj   func(*batchv1.CronJob)
}

// updateCorpus is the update corpus: Jobs running, suspended and Indexed, and a CronJob, each
// with its mutations.
func updateCorpus() ([]updateBase, []updateCase) {
	suspended := baseJob()
	suspended.Name = "conf-suspended"
	suspended.Spec.Suspend = ptr(true)
	indexed := baseJob()
	indexed.Name = "conf-indexed"
	indexed.Spec.CompletionMode = ptr(batchv1.IndexedCompletion)
	indexed.Spec.Completions = ptr[int32](4)
	indexed.Spec.Parallelism = ptr[int32](2)
	indexed.Spec.Suspend = ptr(true)
	bases := []updateBase{{"running", baseJob()}, {"suspended", suspended}, {"indexed", indexed}, {"cronjob", baseCronJob()}}

	var cases []updateCase
	for _, b := range []struct {
		name    string
		updates []jobUpdate
	}{
		{"running", jobUpdates()},
		{"suspended", jobUpdates()},
		{"indexed", append(indexedUpdates(), jobUpdates()[:11]...)},
	} {
		for _, u := range b.updates {
			cases = append(cases, updateCase{name: "update " + b.name + " Job " + u.name, base: b.name, job: u.fn})
		}
	}
	for _, u := range cronJobUpdates() {
		cases = append(cases, updateCase{name: "update CronJob " + u.name, base: "cronjob", cj: u.fn})
	}
	return bases, cases
}

// mutate applies the case to a copy of the stored base object.
func (c updateCase) mutate(stored any) any {
	switch o := stored.(type) {
	case *batchv1.Job:
		m := o.DeepCopy()
		m.APIVersion, m.Kind = "batch/v1", "Job"
		c.job(m)
		return m
	case *batchv1.CronJob:
		m := o.DeepCopy()
		m.APIVersion, m.Kind = "batch/v1", "CronJob"
		c.cj(m)
		return m
	}
	panic(fmt.Sprintf("update %s: base is %T", c.name, stored))
}

// oldObject is the stored object as lint's update check takes it.
func oldObject(stored any) *lint.Object {
	switch o := stored.(type) {
	case *batchv1.Job:
		return lint.NewJobObject(o.DeepCopy(), lint.Source{File: "cluster"})
	case *batchv1.CronJob:
		return lint.NewCronJobObject(o.DeepCopy(), lint.Source{File: "cluster"})
	}
	panic(fmt.Sprintf("stored object is %T", stored))
}

// objectHash is a short hash of an object's JSON.
func objectHash(obj any) string {
	b, err := json.Marshal(obj)
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// updateAnswer is a server's answer to one dry-run update, with the stored object it updated.
type updateAnswer struct {
	answer
	stored any
}

// liveUpdateAnswers creates the bases in ns and dry-runs every update case against the server.
// The Job controller (on the default version's control plane) changes status while this runs,
// so each case reads the stored object afresh and retries on a conflict.
func liveUpdateAnswers(ctx context.Context, t *testing.T, client kubernetes.Interface, ns string) (map[string]updateAnswer, map[string]any) {
	t.Helper()
	bases, cases := updateCorpus()
	dry := metav1.UpdateOptions{DryRun: []string{metav1.DryRunAll}}
	get := func(b updateBase) (any, error) {
		switch o := b.obj.(type) {
		case *batchv1.Job:
			return client.BatchV1().Jobs(ns).Get(ctx, o.Name, metav1.GetOptions{})
		case *batchv1.CronJob:
			return client.BatchV1().CronJobs(ns).Get(ctx, o.Name, metav1.GetOptions{})
		}
		return nil, fmt.Errorf("base %s is %T", b.name, b.obj)
	}
	byName := map[string]updateBase{}
	firstStored := map[string]any{}
	for _, b := range bases {
		byName[b.name] = b
		var err error
		switch o := b.obj.(type) {
		case *batchv1.Job:
			j := o.DeepCopy()
			j.Namespace = ns
			_, err = client.BatchV1().Jobs(ns).Create(ctx, j, metav1.CreateOptions{})
		case *batchv1.CronJob:
			cj := o.DeepCopy()
			cj.Namespace = ns
			_, err = client.BatchV1().CronJobs(ns).Create(ctx, cj, metav1.CreateOptions{})
		}
		if err != nil {
			t.Fatalf("creating the %s base: %v", b.name, err)
		}
		if firstStored[b.name], err = get(b); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]updateAnswer{}
	for _, c := range cases {
		var (
			stored  any
			mutated any
			err     error
		)
		for attempt := 0; attempt < 10; attempt++ {
			if stored, err = get(byName[c.base]); err != nil {
				t.Fatal(err)
			}
			mutated = c.mutate(stored)
			switch m := mutated.(type) {
			case *batchv1.Job:
				_, err = client.BatchV1().Jobs(ns).Update(ctx, m, dry)
			case *batchv1.CronJob:
				_, err = client.BatchV1().CronJobs(ns).Update(ctx, m, dry)
			}
			if !apierrors.IsConflict(err) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		a, aerr := answerOf(err)
		if aerr != nil {
			t.Fatalf("%s: %v", c.name, aerr)
		}
		a.Hash = objectHash(mutated)
		out[c.name] = updateAnswer{a, stored}
	}
	return out, firstStored
}

// checkUpdates compares lint's update verdicts with the answers.
func checkUpdates(t *testing.T, e *lint.Engine, v kubeversion.Version, mode string, answers map[string]updateAnswer) (tl tally, stale int) {
	t.Helper()
	_, cases := updateCorpus()
	for _, c := range cases {
		a, ok := answers[c.name]
		if !ok {
			stale++
			continue
		}
		mutated := c.mutate(a.stored)
		if a.Hash != objectHash(mutated) {
			stale++
			continue
		}
		lv, findings, _ := lintVerdict(t, e, mutated, oldObject(a.stored))
		want := verdict{}
		for _, p := range a.Paths {
			want[p] = true
		}
		agree := equal(lv, want)
		if a.Internal {
			agree = len(lv) > 0
		}
		tl.add(agree)
		if !agree {
			t.Errorf("Kubernetes %s (%s), %s: lint %s; server %s\n  lint findings: %s", v, mode, c.name, lv, a.answer, describe(findings))
		}
	}
	return tl, stale
}
