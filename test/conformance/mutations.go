//go:build integration

package conformance

import (
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	schedulingv1alpha3 "k8s.io/api/scheduling/v1alpha3"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func ptr[T any](v T) *T { return &v }

// baseJob is a valid Job that every Job mutation starts from.
func baseJob() *batchv1.Job {
	return &batchv1.Job{
		TypeMeta:   metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"},
		ObjectMeta: metav1.ObjectMeta{Name: "conf"},
		Spec: batchv1.JobSpec{
			Template: corev1.PodTemplateSpec{
				Spec: corev1.PodSpec{
					RestartPolicy: corev1.RestartPolicyNever,
					Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
				},
			},
		},
	}
}

// baseCronJob is a valid CronJob that every CronJob mutation starts from.
func baseCronJob() *batchv1.CronJob {
	return &batchv1.CronJob{
		TypeMeta:   metav1.TypeMeta{APIVersion: "batch/v1", Kind: "CronJob"},
		ObjectMeta: metav1.ObjectMeta{Name: "conf"},
		Spec: batchv1.CronJobSpec{
			Schedule: "*/5 * * * *",
			JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{
				Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
					RestartPolicy: corev1.RestartPolicyOnFailure,
					Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.36"}},
				}},
			}},
		},
	}
}

// specMutation changes a Job spec; it applies to Jobs and to CronJobs' job templates.
type specMutation struct {
	name string
	fn   func(s *batchv1.JobSpec)
}

type jobMutation struct {
	name string
	fn   func(j *batchv1.Job)
}

type cronJobMutation struct {
	name string
	fn   func(c *batchv1.CronJob)
}

func name(n int) string { return strings.Repeat("a", n) }

func indexed(s *batchv1.JobSpec) { s.CompletionMode = ptr(batchv1.IndexedCompletion) }

func pfp(rules ...batchv1.PodFailurePolicyRule) *batchv1.PodFailurePolicy {
	return &batchv1.PodFailurePolicy{Rules: rules}
}

func exitRule(action batchv1.PodFailurePolicyAction, op batchv1.PodFailurePolicyOnExitCodesOperator, values ...int32) batchv1.PodFailurePolicyRule {
	return batchv1.PodFailurePolicyRule{Action: action, OnExitCodes: &batchv1.PodFailurePolicyOnExitCodesRequirement{Operator: op, Values: values}}
}

func never(s *batchv1.JobSpec) { s.Template.Spec.RestartPolicy = corev1.RestartPolicyNever }

// specMutations cover every validation-relevant Job spec field with boundary and invalid values.
func specMutations() []specMutation {
	m := []specMutation{
		{"restartPolicy=empty", func(s *batchv1.JobSpec) { s.Template.Spec.RestartPolicy = "" }},
		{"restartPolicy=Always", func(s *batchv1.JobSpec) { s.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways }},
		{"restartPolicy=OnFailure", func(s *batchv1.JobSpec) { s.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure }},
		{"restartPolicy=Never", never},
		{"restartPolicy=Sometimes", func(s *batchv1.JobSpec) { s.Template.Spec.RestartPolicy = "Sometimes" }},
		{"containers=none", func(s *batchv1.JobSpec) { s.Template.Spec.Containers = nil }},
		{"image=empty", func(s *batchv1.JobSpec) { s.Template.Spec.Containers[0].Image = "" }},
		{"containerName=empty", func(s *batchv1.JobSpec) { s.Template.Spec.Containers[0].Name = "" }},
		{"containerName=Bad_Name", func(s *batchv1.JobSpec) { s.Template.Spec.Containers[0].Name = "Bad_Name" }},
		{"containerName=64chars", func(s *batchv1.JobSpec) { s.Template.Spec.Containers[0].Name = name(64) }},
		{"containerName=duplicate", func(s *batchv1.JobSpec) {
			s.Template.Spec.Containers = append(s.Template.Spec.Containers, corev1.Container{Name: "main", Image: "busybox"})
		}},
		{"initContainer=valid", func(s *batchv1.JobSpec) {
			s.Template.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox"}}
		}},
		{"initContainer=noImage", func(s *batchv1.JobSpec) {
			s.Template.Spec.InitContainers = []corev1.Container{{Name: "init"}}
		}},
		{"imagePullPolicy=Sometimes", func(s *batchv1.JobSpec) { s.Template.Spec.Containers[0].ImagePullPolicy = "Sometimes" }},
		{"imagePullPolicy=Never", func(s *batchv1.JobSpec) { s.Template.Spec.Containers[0].ImagePullPolicy = corev1.PullNever }},
		{"podActiveDeadline=0", func(s *batchv1.JobSpec) { s.Template.Spec.ActiveDeadlineSeconds = ptr[int64](0) }},
		{"podActiveDeadline=30", func(s *batchv1.JobSpec) { s.Template.Spec.ActiveDeadlineSeconds = ptr[int64](30) }},
		{"templateLabel=badValue", func(s *batchv1.JobSpec) { s.Template.Labels = map[string]string{"app": "bad value!"} }},
		{"templateLabel=badKey", func(s *batchv1.JobSpec) { s.Template.Labels = map[string]string{"bad key": "x"} }},
		{"templateLabel=valid", func(s *batchv1.JobSpec) { s.Template.Labels = map[string]string{"app": "report"} }},
		{"nodeSelector=badValue", func(s *batchv1.JobSpec) { s.Template.Spec.NodeSelector = map[string]string{"disk": name(64)} }},
		{"ephemeralContainers", func(s *batchv1.JobSpec) {
			s.Template.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "dbg", Image: "busybox"}}}
		}},
		{"parallelism=-1", func(s *batchv1.JobSpec) { s.Parallelism = ptr[int32](-1) }},
		{"parallelism=0", func(s *batchv1.JobSpec) { s.Parallelism = ptr[int32](0) }},
		{"parallelism=3", func(s *batchv1.JobSpec) { s.Parallelism = ptr[int32](3) }},
		{"completions=-1", func(s *batchv1.JobSpec) { s.Completions = ptr[int32](-1) }},
		{"completions=0", func(s *batchv1.JobSpec) { s.Completions = ptr[int32](0) }},
		{"completions=5", func(s *batchv1.JobSpec) { s.Completions = ptr[int32](5) }},
		{"backoffLimit=-1", func(s *batchv1.JobSpec) { s.BackoffLimit = ptr[int32](-1) }},
		{"backoffLimit=0", func(s *batchv1.JobSpec) { s.BackoffLimit = ptr[int32](0) }},
		{"activeDeadline=-1", func(s *batchv1.JobSpec) { s.ActiveDeadlineSeconds = ptr[int64](-1) }},
		{"activeDeadline=0", func(s *batchv1.JobSpec) { s.ActiveDeadlineSeconds = ptr[int64](0) }},
		{"activeDeadline=600", func(s *batchv1.JobSpec) { s.ActiveDeadlineSeconds = ptr[int64](600) }},
		{"ttl=-1", func(s *batchv1.JobSpec) { s.TTLSecondsAfterFinished = ptr[int32](-1) }},
		{"ttl=0", func(s *batchv1.JobSpec) { s.TTLSecondsAfterFinished = ptr[int32](0) }},
		{"completionMode=Indexed,noCompletions", indexed},
		{"completionMode=Indexed,completions=4", func(s *batchv1.JobSpec) { indexed(s); s.Completions = ptr[int32](4) }},
		{"completionMode=Bogus", func(s *batchv1.JobSpec) { s.CompletionMode = ptr[batchv1.CompletionMode]("Bogus") }},
		{"completionMode=NonIndexed", func(s *batchv1.JobSpec) { s.CompletionMode = ptr(batchv1.NonIndexedCompletion) }},
		{"indexed,parallelism=100001", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.Parallelism = ptr[int32](100001)
		}},
		{"backoffLimitPerIndex,nonIndexed", func(s *batchv1.JobSpec) { s.BackoffLimitPerIndex = ptr[int32](1) }},
		{"backoffLimitPerIndex,indexed", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.BackoffLimitPerIndex = ptr[int32](1)
		}},
		{"backoffLimitPerIndex=-1,indexed", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.BackoffLimitPerIndex = ptr[int32](-1)
		}},
		{"maxFailedIndexes,noPerIndex", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.MaxFailedIndexes = ptr[int32](1)
		}},
		{"maxFailedIndexes>completions", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.BackoffLimitPerIndex = ptr[int32](1)
			s.MaxFailedIndexes = ptr[int32](5)
		}},
		{"maxFailedIndexes=-1", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.BackoffLimitPerIndex = ptr[int32](1)
			s.MaxFailedIndexes = ptr[int32](-1)
		}},
		{"maxFailedIndexes,nonIndexed", func(s *batchv1.JobSpec) {
			s.BackoffLimitPerIndex = ptr[int32](1)
			s.MaxFailedIndexes = ptr[int32](1)
		}},
		{"pfp=valid", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpIn, 42))
		}},
		{"pfp,onFailure", func(s *batchv1.JobSpec) {
			s.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure
			s.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpIn, 42))
		}},
		{"pfp,action=empty", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(exitRule("", batchv1.PodFailurePolicyOnExitCodesOpIn, 42))
		}},
		{"pfp,action=Bogus", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(exitRule("Bogus", batchv1.PodFailurePolicyOnExitCodesOpIn, 42))
		}},
		{"pfp,FailIndex,noPerIndex", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailIndex, batchv1.PodFailurePolicyOnExitCodesOpIn, 42))
		}},
		{"pfp,In0", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpIn, 0, 1))
		}},
		{"pfp,operator=empty", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, "", 1))
		}},
		{"pfp,operator=Bogus", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, "Bogus", 1))
		}},
		{"pfp,values=empty", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpNotIn))
		}},
		{"pfp,values=unordered", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpNotIn, 3, 1))
		}},
		{"pfp,values=duplicate", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpNotIn, 3, 3))
		}},
		{"pfp,containerName=unknown", func(s *batchv1.JobSpec) {
			never(s)
			r := exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpIn, 1)
			r.OnExitCodes.ContainerName = ptr("nope")
			s.PodFailurePolicy = pfp(r)
		}},
		{"pfp,neither", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(batchv1.PodFailurePolicyRule{Action: batchv1.PodFailurePolicyActionIgnore})
		}},
		{"pfp,both", func(s *batchv1.JobSpec) {
			never(s)
			r := exitRule(batchv1.PodFailurePolicyActionIgnore, batchv1.PodFailurePolicyOnExitCodesOpIn, 1)
			r.OnPodConditions = []batchv1.PodFailurePolicyOnPodConditionsPattern{{Type: corev1.DisruptionTarget}}
			s.PodFailurePolicy = pfp(r)
		}},
		{"pfp,podCondition=valid", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(batchv1.PodFailurePolicyRule{Action: batchv1.PodFailurePolicyActionIgnore,
				OnPodConditions: []batchv1.PodFailurePolicyOnPodConditionsPattern{{Type: corev1.DisruptionTarget}}})
		}},
		{"pfp,podCondition=badType", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(batchv1.PodFailurePolicyRule{Action: batchv1.PodFailurePolicyActionIgnore,
				OnPodConditions: []batchv1.PodFailurePolicyOnPodConditionsPattern{{Type: "bad type"}}})
		}},
		{"pfp,podCondition=badStatus", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(batchv1.PodFailurePolicyRule{Action: batchv1.PodFailurePolicyActionIgnore,
				OnPodConditions: []batchv1.PodFailurePolicyOnPodConditionsPattern{{Type: corev1.DisruptionTarget, Status: "Maybe"}}})
		}},
		{"pfp,21rules", func(s *batchv1.JobSpec) {
			never(s)
			var rules []batchv1.PodFailurePolicyRule
			for i := int32(1); i <= 21; i++ {
				rules = append(rules, exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpIn, i))
			}
			s.PodFailurePolicy = pfp(rules...)
		}},
		{"pfp,replacement=TerminatingOrFailed", func(s *batchv1.JobSpec) {
			never(s)
			s.PodFailurePolicy = pfp(exitRule(batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyOnExitCodesOpIn, 42))
			s.PodReplacementPolicy = ptr(batchv1.TerminatingOrFailed)
		}},
		{"replacement=Failed", func(s *batchv1.JobSpec) { s.PodReplacementPolicy = ptr(batchv1.Failed) }},
		{"replacement=Bogus", func(s *batchv1.JobSpec) { s.PodReplacementPolicy = ptr[batchv1.PodReplacementPolicy]("Bogus") }},
		{"successPolicy,nonIndexed", func(s *batchv1.JobSpec) {
			s.SuccessPolicy = &batchv1.SuccessPolicy{Rules: []batchv1.SuccessPolicyRule{{SucceededCount: ptr[int32](1)}}}
		}},
		{"successPolicy,valid", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.SuccessPolicy = &batchv1.SuccessPolicy{Rules: []batchv1.SuccessPolicyRule{{SucceededIndexes: ptr("0-2"), SucceededCount: ptr[int32](2)}}}
		}},
		{"successPolicy,noRules", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.SuccessPolicy = &batchv1.SuccessPolicy{}
		}},
		{"successPolicy,emptyRule", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.SuccessPolicy = &batchv1.SuccessPolicy{Rules: []batchv1.SuccessPolicyRule{{}}}
		}},
		{"successPolicy,badIndexes", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.SuccessPolicy = &batchv1.SuccessPolicy{Rules: []batchv1.SuccessPolicyRule{{SucceededIndexes: ptr("1-2-3")}}}
		}},
		{"successPolicy,indexTooLarge", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.SuccessPolicy = &batchv1.SuccessPolicy{Rules: []batchv1.SuccessPolicyRule{{SucceededIndexes: ptr("7")}}}
		}},
		{"successPolicy,countTooLarge", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.SuccessPolicy = &batchv1.SuccessPolicy{Rules: []batchv1.SuccessPolicyRule{{SucceededCount: ptr[int32](5)}}}
		}},
		{"successPolicy,countOverIndexes", func(s *batchv1.JobSpec) {
			indexed(s)
			s.Completions = ptr[int32](4)
			s.SuccessPolicy = &batchv1.SuccessPolicy{Rules: []batchv1.SuccessPolicyRule{{SucceededIndexes: ptr("0,2"), SucceededCount: ptr[int32](3)}}}
		}},
		{"managedBy=noSlash", func(s *batchv1.JobSpec) { s.ManagedBy = ptr("x") }},
		{"managedBy=valid", func(s *batchv1.JobSpec) { s.ManagedBy = ptr("example.com/foo") }},
		{"managedBy=tooLong", func(s *batchv1.JobSpec) { s.ManagedBy = ptr("example.com/" + name(60)) }},
		{"managedBy=empty", func(s *batchv1.JobSpec) { s.ManagedBy = ptr("") }},
		{"managedBy=badDomain", func(s *batchv1.JobSpec) { s.ManagedBy = ptr("Bad_Domain/foo") }},
		// Version fixture: unknown before 1.37, dropped by 1.37 (WorkloadWithJob is alpha).
		{"version.scheduling", func(s *batchv1.JobSpec) {
			s.Scheduling = &batchv1.JobSchedulingConfiguration{DisruptionMode: &schedulingv1alpha3.WorkloadPodGroupDisruptionMode{All: &schedulingv1alpha3.WorkloadPodGroupAllDisruptionMode{}}}
		}},
	}
	return m
}

// jobOnlyMutations touch what only a Job (not a CronJob template) has: metadata and selectors.
func jobOnlyMutations() []jobMutation {
	m := []jobMutation{
		{"name=Upper", func(j *batchv1.Job) { j.Name = "Conf" }},
		{"name=dots", func(j *batchv1.Job) { j.Name = "conf.v1" }},
		{"name=underscore", func(j *batchv1.Job) { j.Name = "conf_v1" }},
		{"name=empty,generateName", func(j *batchv1.Job) { j.Name = ""; j.GenerateName = "conf-" }},
		{"name=empty,generateName=70", func(j *batchv1.Job) { j.Name = ""; j.GenerateName = name(70) }},
		{"name=empty,generateName=Bad", func(j *batchv1.Job) { j.Name = ""; j.GenerateName = "Bad-" }},
		{"name=254", func(j *batchv1.Job) { j.Name = name(254) }},
		{"labels=badValue", func(j *batchv1.Job) { j.Labels = map[string]string{"app": "bad value"} }},
		{"annotations=badKey", func(j *batchv1.Job) { j.Annotations = map[string]string{"bad key": "x"} }},
		{"selector,noManual", func(j *batchv1.Job) {
			j.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "x"}}
			j.Spec.Template.Labels = map[string]string{"app": "x"}
		}},
		{"manualSelector,noSelector", func(j *batchv1.Job) { j.Spec.ManualSelector = ptr(true) }},
		{"manualSelector,matching", func(j *batchv1.Job) {
			j.Spec.ManualSelector = ptr(true)
			j.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "x"}}
			j.Spec.Template.Labels = map[string]string{"app": "x"}
		}},
		{"manualSelector,mismatch", func(j *batchv1.Job) {
			j.Spec.ManualSelector = ptr(true)
			j.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "x"}}
			j.Spec.Template.Labels = map[string]string{"app": "y"}
		}},
		{"manualSelector,badOperator", func(j *batchv1.Job) {
			j.Spec.ManualSelector = ptr(true)
			j.Spec.Selector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "app", Operator: "Bogus", Values: []string{"x"}}}}
			j.Spec.Template.Labels = map[string]string{"app": "x"}
		}},
		{"manualSelector=false,selector", func(j *batchv1.Job) {
			j.Spec.ManualSelector = ptr(false)
			j.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "x"}}
		}},
		{"templateLabel=controller-uid", func(j *batchv1.Job) {
			j.Spec.Template.Labels = map[string]string{"controller-uid": "1234"}
		}},
		{"templateLabel=job-name,mismatch", func(j *batchv1.Job) {
			j.Spec.Template.Labels = map[string]string{"job-name": "other"}
		}},
		{"templateLabel=job-name,match", func(j *batchv1.Job) {
			j.Spec.Template.Labels = map[string]string{"job-name": j.Name, "batch.kubernetes.io/job-name": j.Name}
		}},
		{"indexed,longName", func(j *batchv1.Job) {
			j.Name = name(60)
			indexed(&j.Spec)
			j.Spec.Completions = ptr[int32](1000)
		}},
		{"indexed,dotName", func(j *batchv1.Job) {
			j.Name = "conf.v1"
			indexed(&j.Spec)
			j.Spec.Completions = ptr[int32](2)
		}},
		{"indexed,name=61,completions=10", func(j *batchv1.Job) {
			j.Name = name(61)
			indexed(&j.Spec)
			j.Spec.Completions = ptr[int32](10)
		}},
	}
	for n := 51; n <= 65; n++ {
		n := n
		m = append(m, jobMutation{name: "name=" + itoa(n), fn: func(j *batchv1.Job) { j.Name = name(n) }})
	}
	m = append(m, jobMutation{"name=64,manualSelector", func(j *batchv1.Job) {
		j.Name = name(64)
		j.Spec.ManualSelector = ptr(true)
		j.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "x"}}
		j.Spec.Template.Labels = map[string]string{"app": "x"}
	}})
	return m
}

func cronJobOnlyMutations() []cronJobMutation {
	m := []cronJobMutation{
		{"name=Upper", func(c *batchv1.CronJob) { c.Name = "Conf" }},
		{"name=dots", func(c *batchv1.CronJob) { c.Name = "conf.v1" }},
		{"name=empty,generateName=47", func(c *batchv1.CronJob) { c.Name = ""; c.GenerateName = name(47) }},
		{"name=empty,generateName=48", func(c *batchv1.CronJob) { c.Name = ""; c.GenerateName = name(48) }},
		{"jobTemplate.selector", func(c *batchv1.CronJob) {
			c.Spec.JobTemplate.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "x"}}
		}},
		{"jobTemplate.selector=empty", func(c *batchv1.CronJob) { c.Spec.JobTemplate.Spec.Selector = &metav1.LabelSelector{} }},
		{"jobTemplate.manualSelector=true", func(c *batchv1.CronJob) { c.Spec.JobTemplate.Spec.ManualSelector = ptr(true) }},
		{"jobTemplate.manualSelector=false", func(c *batchv1.CronJob) { c.Spec.JobTemplate.Spec.ManualSelector = ptr(false) }},
		{"jobTemplate.metadata.labels=bad", func(c *batchv1.CronJob) {
			c.Spec.JobTemplate.Labels = map[string]string{"app": "bad value"}
		}},
		{"concurrencyPolicy=Forbid", func(c *batchv1.CronJob) { c.Spec.ConcurrencyPolicy = batchv1.ForbidConcurrent }},
		{"concurrencyPolicy=Replace", func(c *batchv1.CronJob) { c.Spec.ConcurrencyPolicy = batchv1.ReplaceConcurrent }},
		{"concurrencyPolicy=allow", func(c *batchv1.CronJob) { c.Spec.ConcurrencyPolicy = "allow" }},
		{"concurrencyPolicy=Never", func(c *batchv1.CronJob) { c.Spec.ConcurrencyPolicy = "Never" }},
		{"startingDeadline=-1", func(c *batchv1.CronJob) { c.Spec.StartingDeadlineSeconds = ptr[int64](-1) }},
		{"startingDeadline=0", func(c *batchv1.CronJob) { c.Spec.StartingDeadlineSeconds = ptr[int64](0) }},
		{"startingDeadline=10", func(c *batchv1.CronJob) { c.Spec.StartingDeadlineSeconds = ptr[int64](10) }},
		{"startingDeadline=200", func(c *batchv1.CronJob) { c.Spec.StartingDeadlineSeconds = ptr[int64](200) }},
		{"successfulHistory=-1", func(c *batchv1.CronJob) { c.Spec.SuccessfulJobsHistoryLimit = ptr[int32](-1) }},
		{"successfulHistory=0", func(c *batchv1.CronJob) { c.Spec.SuccessfulJobsHistoryLimit = ptr[int32](0) }},
		{"failedHistory=-1", func(c *batchv1.CronJob) { c.Spec.FailedJobsHistoryLimit = ptr[int32](-1) }},
		{"failedHistory=0", func(c *batchv1.CronJob) { c.Spec.FailedJobsHistoryLimit = ptr[int32](0) }},
		{"suspend=true", func(c *batchv1.CronJob) { c.Spec.Suspend = ptr(true) }},
	}
	for n := 50; n <= 64; n++ {
		n := n
		m = append(m, cronJobMutation{name: "name=" + itoa(n), fn: func(c *batchv1.CronJob) { c.Name = name(n) }})
	}
	for _, s := range []string{"", "bogus", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *",
		"* * * * 7", "*/0 * * * *", "5-1 * * * *", "1-2-3 * * * *", "a * * * *", "@hourly", "@daily", "@yearly", "@annually",
		"@midnight", "@every 5m", "@every x", "@foo", " @hourly", "0 0 30 2 *", "0 0 31 4 *", "0 0 29 2 *", "0 9 * * 1-5",
		"0 9 * jan-mar mon", "0 0 13 * 5", "? * * * *", "*/15 * * * *", "TZ=UTC 0 * * * *", "CRON_TZ=Europe/Berlin 0 * * * *",
		"TZ=Bad/Zone 0 * * * *", "TZ=0", "0 TZ * * *", "0  3   * * *"} {
		s := s
		m = append(m, cronJobMutation{name: "schedule=" + s, fn: func(c *batchv1.CronJob) { c.Spec.Schedule = s }})
	}
	for _, tz := range []string{"", "Etc/UTC", "UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Mars/Olympus", "Local",
		"local", " UTC", "../etc", "-x", "a//b", "Etc/GMT+5", "America/New_York", "Europe/berlin", "ThisSegmentIsTooLong/X"} {
		tz := tz
		m = append(m, cronJobMutation{name: "timeZone=" + tz, fn: func(c *batchv1.CronJob) { c.Spec.TimeZone = ptr(tz) }})
	}
	return m
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
