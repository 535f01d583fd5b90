package explain

import (
	"context"
	"fmt"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/health"
	"github.com/kubectl-batch/kubectl-batch/internal/schedule"
	"github.com/kubectl-batch/kubectl-batch/lint"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// DefaultNext is the number of next run times shown when Options.Next is not set.
const DefaultNext = 5

// MaxNext bounds Options.Next.
const MaxNext = 1000

// Input is one object to explain, with what the caller fetched about it from a cluster.
type Input struct {
	// Object is the Job or CronJob (required).
	Object *lint.Object
	// Live is true when Object was read from a cluster: its status is then explained.
	Live bool
	// Pods are a live Job's pods.
	Pods []corev1.Pod
	// Events are events in the object's namespace; only those of the Job, its pods, the
	// CronJob and its Jobs are used.
	Events []corev1.Event
	// Jobs are Jobs in a live CronJob's namespace; only those it owns are used.
	Jobs []batchv1.Job
	// Warnings are passed through to Explanation.Warnings.
	Warnings []string
}

// Options set what Build computes.
type Options struct {
	// Now is the instant to explain for (required: the package never reads the clock).
	Now time.Time
	// Next is how many run times to list (0: none). Values above MaxNext are capped.
	Next int
	// Local is the viewer's zone for run times (nil: UTC).
	Local *time.Location
	// LocalName names Local in the output (empty: Local.String()).
	LocalName string
	// Engine lints the object (nil: the default rules, with Now as the clock).
	Engine *lint.Engine
}

// Build explains one object. It never fails: what cannot be worked out (a schedule that does
// not parse) is said in the explanation, and the lint findings say why.
func Build(in Input, opt Options) *Explanation {
	obj := in.Object
	if opt.Local == nil {
		opt.Local = time.UTC
	}
	if opt.LocalName == "" {
		opt.LocalName = opt.Local.String()
	}
	opt.Next = min(max(opt.Next, 0), MaxNext)
	if opt.Engine == nil {
		now := opt.Now
		opt.Engine, _ = lint.New(lint.Config{Clock: func() time.Time { return now }})
	}
	ref := obj.Ref()
	e := &Explanation{
		Kind:              ref.Kind,
		Namespace:         ref.Namespace,
		Name:              ref.Name,
		Source:            sourceString(obj.Source),
		Live:              in.Live,
		Now:               opt.Now.UTC(),
		KubernetesVersion: opt.Engine.KubernetesVersion().String(),
		Findings:          opt.Engine.Check(context.Background(), obj),
		Warnings:          in.Warnings,
	}
	if e.Findings == nil {
		e.Findings = []lint.Finding{}
	}
	if in.Live {
		e.Source = "cluster"
	}
	v := newViews(obj, opt.Engine.KubernetesVersion())
	e.Spec = specFields(v)
	e.Pattern = pattern(v)
	e.Failure = failure(v)
	e.Cleanup = cleanup(v, in.Live, opt.Now)
	e.ServerRejects = serverRejections(e.Findings)
	if obj.CronJob != nil {
		var sched *schedule.Schedule
		e.Schedule, sched = buildSchedule(v, opt)
		for _, f := range e.Findings {
			if f.RuleID == lint.RuleStartingDeadlineTooShort {
				e.Schedule.Notes = append(e.Schedule.Notes, "Warning: "+f.Message+" (rule "+f.RuleID+").")
			}
		}
		if in.Live {
			e.CronJobStatus = cronJobStatus(obj.CronJob, sched, in, opt.Now)
			e.Health = healthOf(health.CronJob(obj.CronJob, ownedJobs(obj.CronJob, in.Jobs), nil, opt.Now, health.Options{}))
		}
	} else if in.Live {
		e.JobStatus = jobStatus(obj.Job, in.Pods, in.Events, opt.Now)
		e.Health = healthOf(health.Job(obj.Job, in.Pods, opt.Now))
	}
	return e
}

func healthOf(s health.Status) *Health {
	return &Health{Verdict: string(s.Verdict), Reason: s.Reason, Message: s.Message}
}

// ownedJobs are the Jobs cj controls.
func ownedJobs(cj *batchv1.CronJob, jobs []batchv1.Job) []batchv1.Job {
	var out []batchv1.Job
	for _, j := range jobs {
		for _, o := range j.OwnerReferences {
			if o.Kind == lint.KindCronJob && o.UID == cj.UID && o.Controller != nil && *o.Controller {
				out = append(out, j)
			}
		}
	}
	return out
}

// serverRejections are the findings for which kube-apiserver rejects the object: errors of
// server-class rules.
func serverRejections(fs []lint.Finding) []lint.Finding {
	var out []lint.Finding
	for _, f := range fs {
		if f.Class == lint.ClassServer && f.Severity == lint.SeverityError {
			out = append(out, f)
		}
	}
	return out
}

func sourceString(s lint.Source) string {
	switch {
	case s.File == "":
		return ""
	case s.Line > 0:
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	return s.File
}

// views holds the object's job spec three ways: as written (or stored), with the server's
// defaults, and as the Job will finally run (for a CronJob, with the defaults applied when the
// Job is created).
type views struct {
	obj *lint.Object
	// cron, cronDef are the CronJob as written and defaulted (nil for Jobs).
	cron, cronDef *batchv1.CronJob
	// written, server and effective job specs.
	written, server, effective *batchv1.JobSpec
	// prefix is the job spec's field path ("spec" or "spec.jobTemplate.spec").
	prefix string
	// ownerCronJob names the CronJob owning a Job.
	ownerCronJob string
	meta         *batchv1.Job // the Job (for metadata), nil for CronJobs
}

func newViews(obj *lint.Object, kv kubeversion.Version) *views {
	def := lint.Defaulted(obj, kv)
	v := &views{obj: obj}
	v.written, v.prefix = obj.JobSpec()
	v.server, _ = def.JobSpec()
	if obj.CronJob != nil {
		v.cron, v.cronDef = obj.CronJob, def.CronJob
		job := &batchv1.Job{ObjectMeta: def.CronJob.Spec.JobTemplate.ObjectMeta, Spec: *def.CronJob.Spec.JobTemplate.Spec.DeepCopy()}
		lint.SetJobDefaults(job)
		v.effective = &job.Spec
	} else {
		v.effective = v.server
		v.meta = obj.Job
		for _, o := range obj.Job.OwnerReferences {
			if o.Kind == lint.KindCronJob && o.Controller != nil && *o.Controller {
				v.ownerCronJob = o.Name
			}
		}
	}
	return v
}
