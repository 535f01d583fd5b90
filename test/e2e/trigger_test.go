//go:build integration

package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// twNormalize drops what differs between two Jobs made from the same CronJob by different
// clients: identity, timestamps, managed fields, the generated selector and labels, status.
func twNormalize(job *batchv1.Job) *batchv1.Job {
	j := job.DeepCopy()
	j.Name, j.UID, j.ResourceVersion, j.CreationTimestamp, j.ManagedFields = "", "", "", metav1.Time{}, nil
	for _, l := range []map[string]string{j.Labels, j.Spec.Template.Labels} {
		for _, k := range []string{"controller-uid", "job-name", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name"} {
			delete(l, k)
		}
	}
	j.Spec.Selector = nil
	j.Status = batchv1.JobStatus{}
	return j
}

func TestTriggerMatchesKubectlCreateJob(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ns := env.Namespace(t)
	cj := twCronJob(t, ns, "report", map[string]string{"kwok.x-k8s.io/delay": "1s"}, func(cj *batchv1.CronJob) {
		cj.Spec.JobTemplate.Labels = map[string]string{"team": "data", "tier": "batch"}
		cj.Spec.JobTemplate.Annotations = map[string]string{"owner": "data-team@example.com"}
		cj.Spec.JobTemplate.Spec.TTLSecondsAfterFinished = ptr[int32](300)
		cj.Spec.JobTemplate.Spec.Template.Labels = map[string]string{"pod-label": "x"}
		cj.Labels = map[string]string{"cronjob-label": "not-copied"}
	})

	if out, err := env.Kubectl(ctx, "create", "job", "by-kubectl", "--from=cronjob/report", "-n", ns); err != nil {
		t.Fatalf("kubectl create job: %v\n%s", err, out)
	}
	res := run(t, "trigger", "cronjob/report", "-n", ns, "--name", "by-batch")
	twExpect(t, res, 0, []string{"job.batch/by-batch created"}, nil)
	// Two API calls: get the CronJob, create the Job.
	want := []string{"GET /apis/batch/v1/namespaces/" + ns + "/cronjobs/report?", "POST /apis/batch/v1/namespaces/" + ns + "/jobs?"}
	if len(res.requests) != 2 || !strings.HasPrefix(res.requests[0], want[0]) || !strings.HasPrefix(res.requests[1], want[1]) {
		t.Errorf("requests %v, want %v", res.requests, want)
	}

	byKubectl, err := env.Client.BatchV1().Jobs(ns).Get(ctx, "by-kubectl", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	byBatch, err := env.Client.BatchV1().Jobs(ns).Get(ctx, "by-batch", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := twNormalize(byKubectl), twNormalize(byBatch)
	if !apiequality.Semantic.DeepEqual(a, b) {
		ja, _ := json.MarshalIndent(a, "", "  ")
		jb, _ := json.MarshalIndent(b, "", "  ")
		t.Errorf("the Jobs differ\nkubectl create job:\n%s\nkubectl batch trigger:\n%s", ja, jb)
	}
	// What the comparison relies on is really there.
	ref := byBatch.OwnerReferences
	if len(ref) != 1 || ref[0].UID != cj.UID || ref[0].Controller == nil || !*ref[0].Controller ||
		byBatch.Annotations["cronjob.kubernetes.io/instantiate"] != "manual" || byBatch.Labels["team"] != "data" || byBatch.Labels["cronjob-label"] != "" {
		t.Errorf("trigger's Job: ownerReferences %+v, annotations %v, labels %v", ref, byBatch.Annotations, byBatch.Labels)
	}

	t.Run("generated name", func(t *testing.T) {
		res := run(t, "trigger", "cj/report", "-n", ns, "-o", "name")
		name := strings.TrimPrefix(strings.TrimSpace(res.out), "job.batch/")
		if res.code != 0 || !strings.HasPrefix(name, "report-manual-") || len(name) != len("report-manual-")+5 {
			t.Errorf("exit %d, output %q", res.code, res.out)
		}
	})

	t.Run("server dry run creates nothing", func(t *testing.T) {
		before, err := env.Client.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		res := run(t, "trigger", "cronjob/report", "-n", ns, "--name", "dry", "--dry-run=server", "-o", "json")
		var job batchv1.Job
		if err := json.Unmarshal([]byte(res.out), &job); err != nil || res.code != 0 {
			t.Fatalf("exit %d, output not a Job: %v\n%s\n%s", res.code, err, res.out, res.err)
		}
		// Defaulted by the server (selector, labels), not stored.
		if job.Name != "dry" || job.Spec.Selector == nil || job.Spec.Template.Labels["batch.kubernetes.io/job-name"] != "dry" {
			t.Errorf("server dry run returned %+v", job.ObjectMeta)
		}
		after, err := env.Client.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Items) != len(before.Items) {
			t.Errorf("%d Jobs before, %d after a server dry run", len(before.Items), len(after.Items))
		}
		if !strings.Contains(res.requests[len(res.requests)-1], "dryRun=All") {
			t.Errorf("create request %s lacks dryRun=All", res.requests[len(res.requests)-1])
		}
	})

	t.Run("wait", func(t *testing.T) {
		res := run(t, "trigger", "cronjob/report", "-n", ns, "--name", "waited", "--wait", "--timeout", "60s")
		twExpect(t, res, 0, []string{"job.batch/waited created", "job/waited complete (1 succeeded"}, nil)
		// At most two requests before waiting, which is a list and watch of this Job only.
		if len(res.requests) < 3 {
			t.Fatalf("requests %v", res.requests)
		}
		for _, r := range res.requests[2:] {
			if !strings.HasPrefix(r, "GET /apis/batch/v1/namespaces/"+ns+"/jobs?") || !strings.Contains(r, "fieldSelector=metadata.name%3Dwaited") {
				t.Errorf("request after the create: %s", r)
			}
		}
	})
}

func TestTriggerFailingAndSuspended(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twCronJob(t, ns, "breaks", twFail, func(cj *batchv1.CronJob) { cj.Spec.Suspend = ptr(true) })
	res := run(t, "trigger", "cronjob/breaks", "-n", ns, "--name", "broken", "--wait", "-o", "name")
	// -o name keeps stdout for the object; the verdict goes to stderr.
	twExpect(t, res, 1, []string{"job.batch/broken"}, []string{"cronjob/breaks is suspended", "job/broken failed: BackoffLimitExceeded"})
	if strings.Contains(res.out, "failed") {
		t.Errorf("verdict on stdout with -o name: %q", res.out)
	}
}

func TestTriggerErrors(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twExpect(t, run(t, "trigger", "cronjob/nope", "-n", ns), 2, nil, []string{"cronjob/nope not found in namespace " + ns})
	twExpect(t, run(t, "trigger", "job/x", "-n", ns), 2, nil, []string{"wrong kind for job/x: this command takes cronjob/NAME"})
	twCronJob(t, ns, "cj", nil)
	twExpect(t, run(t, "trigger", "cj/cj", "-n", ns, "--as", "system:serviceaccount:"+ns+":nobody"), 2, nil,
		[]string{"forbidden: you need RBAC permission to get cronjobs.batch in namespace " + ns})
	twExpect(t, run(t, "trigger", "cj/cj", "-n", ns, "--name", "twice"), 0, nil, nil)
	twExpect(t, run(t, "trigger", "cj/cj", "-n", ns, "--name", "twice"), 2, nil, []string{"create job/twice in namespace " + ns, "already exists"})
}
