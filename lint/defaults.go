package lint

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

const defaultMissedRunsWindow = 24 * time.Hour

// Duration is a time.Duration written as a Go duration string ("24h", "90m") in config files.
type Duration struct{ time.Duration }

// MarshalJSON implements json.Marshaler.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON implements json.Unmarshaler.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration must be a string such as \"24h\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("bad duration %q: %w", s, err)
	}
	d.Duration = v
	return nil
}

// Defaulted returns a deep copy of obj with the defaults kube-apiserver applies before it
// validates (k8s.io/kubernetes pkg/apis/batch/v1 and core/v1 defaulting), so server-class rules
// judge what the server will judge. The CronJob's jobTemplate gets only the pod defaults, as on
// the server: Job defaults are applied when the controller creates the Job.
//
// Fields the version's API server drops (unknown to it, or behind a feature gate that is off by
// default) are dropped too.
func Defaulted(obj *Object, v kubeversion.Version) *Object {
	deep := *obj
	deep.Job, deep.CronJob = obj.Job.DeepCopy(), obj.CronJob.DeepCopy()
	if !v.Valid() {
		v = kubeversion.Default()
	}
	m, err := compileVersionModel(v)
	if err != nil {
		panic(err) // the model compiles for every supported version (TestVersionModelCompiles)
	}
	return m.prepare(&deep, true)
}

// prepare is what the server does to obj before validating it: the version's defaults, then
// the dropping of fields the version does not have or has behind a gate that is off.
func (m *versionModel) prepare(obj *Object, creating bool) *Object {
	return m.drop(defaulted(obj, creating, m.v))
}

// defaulted applies the server's defaults; on create (not update) it also generates the name
// from generateName and the Job's selector and labels, as the server's create path does.
//
// The result shares every part the defaults leave alone with obj (copying only the structs,
// slices and maps on the way to a defaulted field), so it is cheap and read-only: rules never
// modify objects (TestRulesDoNotModifyObjects).
func defaulted(obj *Object, creating bool, v kubeversion.Version) *Object {
	out := *obj
	if obj.Job != nil {
		job := *obj.Job
		out.Job = &job
		job.Spec.PodFailurePolicy = podFailurePolicyForDefaults(job.Spec.PodFailurePolicy)
		if creating {
			// generateSelector adds to these; SetJobDefaults may make the Job's labels the same
			// map as the template's (so they get the generated labels too, as on the server).
			job.Spec.Template.Labels = maps.Clone(job.Spec.Template.Labels)
			if job.Spec.Selector != nil {
				sel := *job.Spec.Selector
				sel.MatchLabels = maps.Clone(sel.MatchLabels)
				job.Spec.Selector = &sel
			}
		}
		SetJobDefaults(out.Job)
		setPodTemplateDefaults(copyPodTemplateForDefaults(&job.Spec.Template))
		if creating {
			generateName(&job.ObjectMeta)
			generateSelector(out.Job)
		}
	}
	if obj.CronJob != nil {
		cj := *obj.CronJob
		out.CronJob = &cj
		cj.Spec.JobTemplate.Spec.PodFailurePolicy = podFailurePolicyForDefaults(cj.Spec.JobTemplate.Spec.PodFailurePolicy)
		SetCronJobDefaults(out.CronJob)
		if !v.AtLeast(34) {
			// Before 1.34 a CronJob's job template is not defaulted: onPodConditions[].status
			// stays empty (and is then rejected as required).
			cj.Spec.JobTemplate.Spec.PodFailurePolicy = obj.CronJob.Spec.JobTemplate.Spec.PodFailurePolicy
		}
		setPodTemplateDefaults(copyPodTemplateForDefaults(&cj.Spec.JobTemplate.Spec.Template))
		if creating {
			generateName(&cj.ObjectMeta)
		}
	}
	return &out
}

// podFailurePolicyForDefaults returns a copy of p when defaulting would change it, else p.
func podFailurePolicyForDefaults(p *batchv1.PodFailurePolicy) *batchv1.PodFailurePolicy {
	if p == nil {
		return nil
	}
	for _, r := range p.Rules {
		for _, c := range r.OnPodConditions {
			if c.Status == "" {
				return p.DeepCopy()
			}
		}
	}
	return p
}

// copyPodTemplateForDefaults gives t (already a shallow copy) its own container slices and port
// slices, the parts of a pod template that setPodTemplateDefaults writes into.
func copyPodTemplateForDefaults(t *corev1.PodTemplateSpec) *corev1.PodTemplateSpec {
	s := &t.Spec
	s.InitContainers = copyContainersForDefaults(s.InitContainers)
	s.Containers = copyContainersForDefaults(s.Containers)
	return t
}

func copyContainersForDefaults(list []corev1.Container) []corev1.Container {
	if list == nil {
		return nil
	}
	out := make([]corev1.Container, len(list))
	copy(out, list)
	for i := range out {
		if len(out[i].Ports) > 0 {
			out[i].Ports = append([]corev1.ContainerPort(nil), out[i].Ports...)
		}
	}
	return out
}

func ptrTo[T any](v T) *T { return &v }

// DefaultBackoffLimit is the backoffLimit the server gives a Job that sets neither it nor
// backoffLimitPerIndex, including every Job a CronJob creates from a template without one.
const DefaultBackoffLimit int32 = 6

// SetJobDefaults applies the server's Job defaults (SetDefaults_Job).
func SetJobDefaults(job *batchv1.Job) {
	s := &job.Spec
	if s.Completions == nil && s.Parallelism == nil {
		s.Completions = ptrTo[int32](1)
		s.Parallelism = ptrTo[int32](1)
	}
	if s.Parallelism == nil {
		s.Parallelism = ptrTo[int32](1)
	}
	if s.BackoffLimit == nil {
		s.BackoffLimit = ptrTo(EffectiveBackoffLimit(s))
	}
	if len(job.Labels) == 0 && s.Template.Labels != nil {
		job.Labels = s.Template.Labels
	}
	if s.CompletionMode == nil {
		s.CompletionMode = ptrTo(batchv1.NonIndexedCompletion)
	}
	if s.Suspend == nil {
		s.Suspend = ptrTo(false)
	}
	setPodFailurePolicyDefaults(s.PodFailurePolicy)
	if s.ManualSelector == nil {
		s.ManualSelector = ptrTo(false)
	}
	if s.PodReplacementPolicy == nil {
		if s.PodFailurePolicy != nil {
			s.PodReplacementPolicy = ptrTo(batchv1.Failed)
		} else {
			s.PodReplacementPolicy = ptrTo(batchv1.TerminatingOrFailed)
		}
	}
}

// setPodFailurePolicyDefaults defaults onPodConditions[].status to True; the server does this
// for Jobs and for CronJobs' job templates alike.
func setPodFailurePolicyDefaults(p *batchv1.PodFailurePolicy) {
	if p == nil {
		return
	}
	for _, r := range p.Rules {
		for i := range r.OnPodConditions {
			if r.OnPodConditions[i].Status == "" {
				r.OnPodConditions[i].Status = corev1.ConditionTrue
			}
		}
	}
}

// SetCronJobDefaults applies the server's CronJob defaults (SetDefaults_CronJob).
func SetCronJobDefaults(cj *batchv1.CronJob) {
	s := &cj.Spec
	if s.ConcurrencyPolicy == "" {
		s.ConcurrencyPolicy = batchv1.AllowConcurrent
	}
	if s.Suspend == nil {
		s.Suspend = ptrTo(false)
	}
	if s.SuccessfulJobsHistoryLimit == nil {
		s.SuccessfulJobsHistoryLimit = ptrTo[int32](3)
	}
	if s.FailedJobsHistoryLimit == nil {
		s.FailedJobsHistoryLimit = ptrTo[int32](1)
	}
	setPodFailurePolicyDefaults(s.JobTemplate.Spec.PodFailurePolicy)
}

// PlaceholderUID stands in for the UID the server gives a Job on create, so the generated
// selector and labels can be checked the way the server checks them.
const PlaceholderUID = "00000000-0000-4000-8000-000000000000"

// Labels the server adds to a Job's pod template when it generates the selector.
const (
	LabelJobName             = "batch.kubernetes.io/job-name"
	LabelControllerUID       = "batch.kubernetes.io/controller-uid"
	LabelLegacyJobName       = "job-name"
	LabelLegacyControllerUID = "controller-uid"
)

// generateName mirrors the server's name generator: generateName cut to 58 characters plus 5
// random ones (here a fixed suffix).
func generateName(m *metav1.ObjectMeta) {
	if m.Name == "" && m.GenerateName != "" {
		base := m.GenerateName
		if len(base) > 58 {
			base = base[:58]
		}
		m.Name = base + "x0x0x"
	}
}

// generateSelector mirrors the Job strategy's PrepareForCreate: unless manualSelector is true,
// the template gets the job-name and controller-uid labels (when absent) and the selector gets the
// controller-uid. A Job without a UID (a manifest) is given PlaceholderUID.
func generateSelector(job *batchv1.Job) {
	if job.Spec.ManualSelector != nil && *job.Spec.ManualSelector {
		return
	}
	if job.UID == "" {
		job.UID = PlaceholderUID
	}
	uid := string(job.UID)
	if job.Spec.Template.Labels == nil {
		job.Spec.Template.Labels = map[string]string{}
	}
	for k, v := range map[string]string{LabelLegacyJobName: job.Name, LabelJobName: job.Name,
		LabelLegacyControllerUID: uid, LabelControllerUID: uid} {
		if _, ok := job.Spec.Template.Labels[k]; !ok {
			job.Spec.Template.Labels[k] = v
		}
	}
	if job.Spec.Selector == nil {
		job.Spec.Selector = &metav1.LabelSelector{}
	}
	if _, ok := job.Spec.Selector.MatchLabels[LabelControllerUID]; !ok {
		if job.Spec.Selector.MatchLabels == nil {
			job.Spec.Selector.MatchLabels = map[string]string{}
		}
		job.Spec.Selector.MatchLabels[LabelControllerUID] = uid
	}
}

// setPodTemplateDefaults applies the server's pod defaults (SetDefaults_PodSpec and
// SetDefaults_Container of core/v1) that matter for Jobs.
func setPodTemplateDefaults(t *corev1.PodTemplateSpec) {
	s := &t.Spec
	if s.RestartPolicy == "" {
		s.RestartPolicy = corev1.RestartPolicyAlways
	}
	if s.DNSPolicy == "" {
		s.DNSPolicy = corev1.DNSClusterFirst
	}
	if s.TerminationGracePeriodSeconds == nil {
		s.TerminationGracePeriodSeconds = ptrTo[int64](30)
	}
	if s.SecurityContext == nil {
		s.SecurityContext = &corev1.PodSecurityContext{}
	}
	if s.SchedulerName == "" {
		s.SchedulerName = corev1.DefaultSchedulerName
	}
	for _, list := range [][]corev1.Container{s.InitContainers, s.Containers} {
		for i := range list {
			setContainerDefaults(&list[i])
		}
	}
}

func setContainerDefaults(c *corev1.Container) {
	if c.ImagePullPolicy == "" {
		if imageTag(c.Image) == "latest" {
			c.ImagePullPolicy = corev1.PullAlways
		} else {
			c.ImagePullPolicy = corev1.PullIfNotPresent
		}
	}
	if c.TerminationMessagePath == "" {
		c.TerminationMessagePath = corev1.TerminationMessagePathDefault
	}
	if c.TerminationMessagePolicy == "" {
		c.TerminationMessagePolicy = corev1.TerminationMessageReadFile
	}
	for i := range c.Ports {
		if c.Ports[i].Protocol == "" {
			c.Ports[i].Protocol = corev1.ProtocolTCP
		}
	}
}

// imageTag returns an image reference's tag the way the server's defaulting reads it: "latest"
// when there is neither a tag nor a digest, "" when there is only a digest.
func imageTag(image string) string {
	name, _, hasDigest := strings.Cut(image, "@")
	slash := strings.LastIndexByte(name, '/')
	if colon := strings.LastIndexByte(name, ':'); colon > slash {
		return name[colon+1:]
	}
	if hasDigest {
		return ""
	}
	return "latest"
}

// EffectiveBackoffLimit is the backoffLimit a Job with spec js runs with: its own, else what the
// server fills in (DefaultBackoffLimit, or no overall limit when backoffLimitPerIndex is set). A
// CronJob's Jobs get it when the controller creates them, so rules judging the template agree
// with rules judging a Job read back from the cluster.
func EffectiveBackoffLimit(js *batchv1.JobSpec) int32 {
	switch {
	case js.BackoffLimit != nil:
		return *js.BackoffLimit
	case js.BackoffLimitPerIndex != nil:
		return math.MaxInt32
	}
	return DefaultBackoffLimit
}
