package lint

import (
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Kind names the object kinds the engine checks.
const (
	KindJob     = "Job"
	KindCronJob = "CronJob"
)

// Problem is something the decoder noticed while turning bytes into an Object (an unknown field,
// a value of the wrong type, a removed apiVersion). The engine turns it into a Finding of the
// named rule, so decoder problems get severities, docs and suppressions like any other rule.
type Problem struct {
	RuleID  string
	Path    string
	Message string
	// Fix overrides the rule's generic fix when the decoder knows better (e.g. "did you mean ...").
	Fix string
}

// Object is one Job or CronJob to check, with where it came from. Exactly one of Job and CronJob
// is set.
type Object struct {
	Job     *batchv1.Job
	CronJob *batchv1.CronJob
	// APIVersion is the apiVersion the manifest declared (the object itself is always batch/v1).
	APIVersion string
	Source     Source
	// Positions finds the source line of a field path ("spec.template.spec.restartPolicy"). It
	// is nil for objects read from a cluster.
	Positions Positions
	// Problems found while decoding.
	Problems []Problem
}

// NewJobObject wraps a Job read from somewhere other than a file (a cluster, an admission request).
func NewJobObject(job *batchv1.Job, src Source) *Object {
	return &Object{Job: job, APIVersion: "batch/v1", Source: src}
}

// NewCronJobObject wraps a CronJob read from somewhere other than a file.
func NewCronJobObject(cj *batchv1.CronJob, src Source) *Object {
	return &Object{CronJob: cj, APIVersion: "batch/v1", Source: src}
}

// Kind returns "Job" or "CronJob".
func (o *Object) Kind() string {
	if o.CronJob != nil {
		return KindCronJob
	}
	return KindJob
}

// Meta returns the object's metadata.
func (o *Object) Meta() *metav1.ObjectMeta {
	if o.CronJob != nil {
		return &o.CronJob.ObjectMeta
	}
	return &o.Job.ObjectMeta
}

// Ref names the object.
func (o *Object) Ref() ObjectRef {
	m := o.Meta()
	name := m.Name
	if name == "" && m.GenerateName != "" {
		name = m.GenerateName + "*"
	}
	return ObjectRef{APIVersion: o.APIVersion, Kind: o.Kind(), Namespace: m.Namespace, Name: name}
}

// JobSpec returns the Job's spec, or the CronJob's job template spec, with its field path.
func (o *Object) JobSpec() (*batchv1.JobSpec, string) {
	if o.CronJob != nil {
		return &o.CronJob.Spec.JobTemplate.Spec, "spec.jobTemplate.spec"
	}
	return &o.Job.Spec, "spec"
}

// PodSpec returns the pod template's spec with its field path.
func (o *Object) PodSpec() (*corev1.PodSpec, string) {
	if o.CronJob != nil {
		return &o.CronJob.Spec.JobTemplate.Spec.Template.Spec, "spec.jobTemplate.spec.template.spec"
	}
	return &o.Job.Spec.Template.Spec, "spec.template.spec"
}

// Positions maps field paths to source lines.
type Positions interface {
	// Line returns the line of the field at path, or 0 when the source has no such field.
	Line(path string) int
}

// LineOf returns the source line of path, or of its closest ancestor that has one; 0 if unknown.
func (o *Object) LineOf(path string) int {
	if o.Positions == nil {
		return 0
	}
	for p := path; p != ""; p = parentPath(p) {
		if l := o.Positions.Line(p); l > 0 {
			return l
		}
	}
	return 0
}

// parentPath strips the last segment of a field path: "a.b[2]" -> "a.b", "a.b" -> "a".
func parentPath(p string) string {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}
