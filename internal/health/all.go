package health

import (
	"sort"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

// All judges every CronJob, and every Job that no CronJob owns for which standalone returns
// true (nil: all of them), and returns them worst first (then by namespace, CronJobs before
// Jobs, name). Jobs and pods are matched to their owners by UID in one pass, so the cost grows
// linearly with the number of objects.
func All(cronJobs []batchv1.CronJob, jobs []batchv1.Job, pods []corev1.Pod, now time.Time, opts Options, standalone func(*batchv1.Job) bool) []Status {
	if opts.Gaps == nil {
		opts.Gaps = &Gaps{}
	}
	podsOf := map[types.UID][]corev1.Pod{}
	for i := range pods {
		for _, o := range pods[i].OwnerReferences {
			if o.Kind == "Job" && o.Controller != nil && *o.Controller {
				podsOf[o.UID] = append(podsOf[o.UID], pods[i])
			}
		}
	}
	// The Jobs of each CronJob by index: copies (1.3 KB each) are made for one CronJob at a
	// time, so 20,000 Jobs are not held twice.
	jobsOf := map[types.UID][]int{}
	out := make([]Status, 0, len(cronJobs))
	for i := range jobs {
		j := &jobs[i]
		owner, owned := cronJobOwner(j)
		if owned {
			jobsOf[owner] = append(jobsOf[owner], i)
			continue
		}
		if standalone == nil || standalone(j) {
			out = append(out, Job(j, podsOf[j.UID], now))
		}
	}
	for i := range cronJobs {
		cj := &cronJobs[i]
		idx := jobsOf[cj.UID]
		owned := make([]batchv1.Job, 0, len(idx))
		var ownedPods []corev1.Pod
		for _, k := range idx {
			owned = append(owned, jobs[k])
			ownedPods = append(ownedPods, podsOf[jobs[k].UID]...)
		}
		out = append(out, CronJob(cj, owned, ownedPods, now, opts))
	}
	Sort(out)
	return out
}

// Sort orders statuses worst first, then by namespace, CronJobs before Jobs, and name.
func Sort(s []Status) {
	sort.SliceStable(s, func(a, b int) bool {
		x, y := s[a], s[b]
		if x.Verdict.Rank() != y.Verdict.Rank() {
			return x.Verdict.Rank() > y.Verdict.Rank()
		}
		if x.Namespace != y.Namespace {
			return x.Namespace < y.Namespace
		}
		if x.Kind != y.Kind {
			return x.Kind == "CronJob"
		}
		return x.Name < y.Name
	})
}

// cronJobOwner returns the UID of the CronJob controlling j.
func cronJobOwner(j *batchv1.Job) (types.UID, bool) {
	for _, o := range j.OwnerReferences {
		if o.Kind == "CronJob" && o.Controller != nil && *o.Controller {
			return o.UID, true
		}
	}
	return "", false
}
