//go:build integration

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/health"
)

// stWaitJob polls the Job until ok returns true (60 s at most).
func stWaitJob(t *testing.T, ns, name string, ok func(*batchv1.Job) bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		j, err := env.Client.BatchV1().Jobs(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err == nil && ok(j) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s/%s: condition not reached in 60s (last error %v, status %+v)", ns, name, err, j.Status)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func stFinished(j *batchv1.Job) bool {
	for _, c := range j.Status.Conditions {
		if (c.Type == batchv1.JobComplete || c.Type == batchv1.JobFailed) && c.Status == corev1.ConditionTrue {
			return true
		}
	}
	return false
}

// stPodOf waits for the first pod of the Job and returns it.
func stPodOf(t *testing.T, ns, job string, ok func(*corev1.Pod) bool) *corev1.Pod {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		pods, err := env.Client.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{LabelSelector: "batch.kubernetes.io/job-name=" + job})
		if err == nil {
			for i := range pods.Items {
				if ok(&pods.Items[i]) {
					return &pods.Items[i]
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no pod of job %s/%s in the expected state after 60s (%v)", ns, job, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// stStatus runs status -o json and decodes it.
func stStatus(t *testing.T, args ...string) (health.Report, result) {
	t.Helper()
	res := run(t, append([]string{"status", "-o", "json"}, args...)...)
	var r health.Report
	if res.code == 2 {
		return r, res
	}
	if err := json.Unmarshal([]byte(res.out), &r); err != nil {
		t.Fatalf("decoding status -o json (exit %d): %v\n%s\nstderr: %s", res.code, err, res.out, res.err)
	}
	return r, res
}

// stCalls returns "METHOD resource" of each request.
func stCalls(res result) []string {
	var out []string
	for _, r := range res.requests {
		method, rest, _ := strings.Cut(r, " ")
		path, _, _ := strings.Cut(rest, "?")
		out = append(out, method+" "+path[strings.LastIndex(path, "/")+1:])
	}
	return out
}

func stVerdicts(r health.Report) map[string]string {
	m := map[string]string{}
	for _, s := range r.Items {
		m[strings.ToLower(s.Kind)+"/"+s.Name] = string(s.Verdict) + " " + s.Reason
	}
	return m
}

// TestStatus: CronJobs that succeed, fail, are suspended and are overdue, a Job with an
// unschedulable pod and a Job stuck in image pull, each with its verdict; three list calls
// whatever the number of objects; an RBAC-limited user gets what they may read and a note.
func TestStatus(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	c := env.Client

	// Succeeds: a run started by hand completes.
	twCronJob(t, ns, "succeeds", nil)
	// Fails: its run's pod fails (backoffLimit 0).
	twCronJob(t, ns, "fails", twFail)
	// Suspended.
	twCronJob(t, ns, "paused", nil, func(cj *batchv1.CronJob) { cj.Spec.Suspend = ptr(true) })
	for _, args := range [][]string{
		{"create", "job", "succeeds-manual", "--from=cronjob/succeeds", "-n", ns},
		{"create", "job", "fails-manual", "--from=cronjob/fails", "-n", ns},
	} {
		if out, err := env.Kubectl(ctx, args...); err != nil {
			t.Fatalf("kubectl %v: %v\n%s", args, err, out)
		}
	}
	// Overdue: a daily schedule twelve hours from now whose last run and success were three days
	// ago (set through the status subresource); startingDeadlineSeconds keeps the controller from
	// starting the missed run.
	now := time.Now().UTC()
	at := now.Add(12 * time.Hour)
	overdue := twCronJob(t, ns, "overdue", nil, func(cj *batchv1.CronJob) {
		cj.Spec.Schedule = fmt.Sprintf("%d %d * * *", at.Minute(), at.Hour())
		cj.Spec.StartingDeadlineSeconds = ptr[int64](10)
	})
	// Three schedule days before the next activation: always 2d12h ago, whatever the time of day
	// (counting back from today's date instead put it at 3d12h when "at" fell on tomorrow).
	last := metav1.NewTime(at.Truncate(time.Minute).AddDate(0, 0, -3))
	overdue.Status.LastScheduleTime, overdue.Status.LastSuccessfulTime = &last, &last
	if _, err := c.BatchV1().CronJobs(ns).UpdateStatus(ctx, overdue, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	// A Job whose pod no node can take: the scheduler marks it Unschedulable.
	twJob(t, ns, "unschedulable", nil, nil, func(j *batchv1.Job) {
		j.Spec.Template.Spec.NodeSelector = map[string]string{"kubectl-batch.io/no-such-node": "true"}
	})
	// A Job stuck in image pull: its pod is bound to a node nothing runs (cordoned and tainted, so
	// nothing else lands there), and its status says what a kubelet would.
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "status-e2e-" + ns},
		Spec: corev1.NodeSpec{Unschedulable: true, Taints: []corev1.Taint{{Key: "kubectl-batch.io/e2e", Effect: corev1.TaintEffectNoSchedule}}}}
	if _, err := c.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.CoreV1().Nodes().Delete(context.Background(), node.Name, metav1.DeleteOptions{}) })
	twJob(t, ns, "image-pull", nil, nil, func(j *batchv1.Job) { j.Spec.Template.Spec.NodeName = node.Name })

	stWaitJob(t, ns, "succeeds-manual", stFinished)
	stWaitJob(t, ns, "fails-manual", stFinished)
	stPodOf(t, ns, "unschedulable", func(p *corev1.Pod) bool {
		for _, cond := range p.Status.Conditions {
			if cond.Type == corev1.PodScheduled && cond.Reason == corev1.PodReasonUnschedulable {
				return true
			}
		}
		return false
	})
	pod := stPodOf(t, ns, "image-pull", func(*corev1.Pod) bool { return true })
	pod.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "main", Image: "busybox:1.36", State: corev1.ContainerState{
		Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff", Message: `Back-off pulling image "busybox:1.36"`}}}}
	if _, err := c.CoreV1().Pods(ns).UpdateStatus(ctx, pod, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}

	want := map[string]string{
		"cronjob/succeeds":  "OK Healthy",
		"cronjob/fails":     "FAIL LastRunFailed",
		"cronjob/paused":    "OK Suspended",
		"cronjob/overdue":   "FAIL Overdue",
		"job/unschedulable": "WARN Unschedulable",
		"job/image-pull":    "FAIL ImagePullBackOff",
	}
	r, res := stStatus(t, "-n", ns)
	got := stVerdicts(r)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("items %v, want %v", got, want)
	}
	if res.code != 1 || r.Items[0].Verdict != health.Fail || r.Items[len(r.Items)-1].Verdict != health.OK {
		t.Errorf("exit %d, first %v, last %v: want 1, worst first", res.code, r.Items[0].Verdict, r.Items[len(r.Items)-1].Verdict)
	}
	for _, s := range r.Items {
		if s.Name == "overdue" && (!strings.Contains(s.Message, "no successful run for 2d") || s.CronJob.SinceSuccessSeconds < 2*86400) {
			t.Errorf("overdue message %q", s.Message)
		}
		if s.Name == "overdue" && (s.CronJob.MissedRunWillStart == nil || *s.CronJob.MissedRunWillStart) {
			t.Errorf("overdue: the controller will not start the missed run (startingDeadlineSeconds 10): %v", s.CronJob.MissedRunWillStart)
		}
	}
	calls := stCalls(res)
	wantCalls := []string{"GET cronjobs", "GET jobs", "GET pods"}
	if strings.Join(calls, ",") != strings.Join(wantCalls, ",") {
		t.Errorf("API calls %v, want %v", calls, wantCalls)
	}

	t.Run("text and exit codes", func(t *testing.T) {
		res := run(t, "status", "-n", ns)
		twExpect(t, res, 1, []string{"NAME", "VERDICT", "cronjob/fails", "FAIL", "LastRunFailed", "job/image-pull", "ImagePullBackOff"}, nil)
		if strings.Index(res.out, "FAIL") > strings.Index(res.out, " OK ") {
			t.Errorf("not worst first:\n%s", res.out)
		}
		res = run(t, "status", "cronjob/succeeds", "cronjob/paused", "-n", ns, "-o", "wide")
		twExpect(t, res, 0, []string{"SCHEDULE", "0 3 * * * (Etc/UTC)", "suspended"}, nil)
		res = run(t, "status", "job/unschedulable", "-n", ns, "--fail-on", "fail")
		twExpect(t, res, 0, []string{"WARN"}, nil)
		res = run(t, "status", "cronjob/missing", "-n", ns)
		twExpect(t, res, 2, nil, []string{"cronjob/missing not found in namespace " + ns})
		res = run(t, "status", "-n", ns, "--fail-on", "sometimes")
		twExpect(t, res, 2, nil, []string{"--fail-on must be warn, fail or never"})
	})

	t.Run("the number of API calls does not grow with the objects", func(t *testing.T) {
		for i := range 15 {
			twCronJob(t, ns, fmt.Sprintf("more-%d", i), nil)
			twJob(t, ns, fmt.Sprintf("more-%d", i), nil, nil)
		}
		r, res := stStatus(t, "-n", ns)
		if len(r.Items) != len(want)+30 {
			t.Errorf("%d items, want %d", len(r.Items), len(want)+30)
		}
		if calls := stCalls(res); strings.Join(calls, ",") != strings.Join(wantCalls, ",") {
			t.Errorf("API calls with 30 more objects: %v, want %v", calls, wantCalls)
		}
		r, res = stStatus(t, "-A", "--fail-on", "never")
		if res.code != 0 || len(res.requests) != 3 || len(r.Items) < len(want)+30 {
			t.Errorf("-A: exit %d, %d requests, %d items", res.code, len(res.requests), len(r.Items))
		}
		for _, req := range res.requests {
			if !strings.HasPrefix(req, "GET /apis/batch/v1/cronjobs?") && !strings.HasPrefix(req, "GET /apis/batch/v1/jobs?") && !strings.HasPrefix(req, "GET /api/v1/pods?") {
				t.Errorf("-A request %s is not a cluster-wide list", req)
			}
			if !strings.Contains(req, "limit=500") {
				t.Errorf("request %s is not paginated", req)
			}
		}
	})

	t.Run("RBAC: what the user may read, and a note", func(t *testing.T) {
		role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "batch-reader", Namespace: ns},
			Rules: []rbacv1.PolicyRule{{APIGroups: []string{"batch"}, Resources: []string{"cronjobs", "jobs"}, Verbs: []string{"list"}}}}
		binding := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "batch-reader", Namespace: ns},
			RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "batch-reader"},
			Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "batch-reader", Namespace: ns}}}
		if _, err := c.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		reader := "system:serviceaccount:" + ns + ":batch-reader"
		var r health.Report
		var res result
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			r, res = stStatus(t, "-n", ns, "--as", reader)
			// The new Role reaches the authorizer's cache kind by kind: wait until both
			// lists it allows are allowed.
			if (res.code != 2 && len(r.Notes) <= 1) || time.Now().After(deadline) {
				break
			}
		}
		got := stVerdicts(r)
		if got["cronjob/fails"] != "FAIL LastRunFailed" || got["job/unschedulable"] != "OK Running" {
			t.Errorf("without pods: fails %q, unschedulable %q (stuck pods are not seen)", got["cronjob/fails"], got["job/unschedulable"])
		}
		note := "you may not list pods in namespace " + ns
		if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], note) || !strings.Contains(res.err, "Warning: "+note) {
			t.Errorf("notes %v, stderr %q", r.Notes, res.err)
		}
		// -A without cluster-wide rights falls back to the user's namespace (-n here), with a note.
		r, res = stStatus(t, "-A", "-n", ns, "--as", reader)
		if got := stVerdicts(r); got["cronjob/fails"] != "FAIL LastRunFailed" || len(r.Notes) != 2 ||
			!strings.Contains(r.Notes[0], "you may not list CronJobs, Jobs or pods across all namespaces: showing namespace "+ns) {
			t.Errorf("-A fallback: exit %d, verdicts %v, notes %v, stderr %s", res.code, got, r.Notes, res.err)
		}
		// Allowed to list, not to watch: --watch shows the first table, then says what is missing.
		res = run(t, "status", "-n", ns, "--as", reader, "--watch")
		twExpect(t, res, 2, []string{"cronjob/fails"}, []string{"forbidden: you need RBAC permission to watch ", "in namespace " + ns + " (--watch)"})
		// Where it may read nothing at all (the kubeconfig's namespace, default), it says so.
		res = run(t, "status", "-A", "--as", reader)
		twExpect(t, res, 2, nil, []string{"forbidden: you need RBAC permission to list cronjobs.batch, jobs.batch and pods in namespace default"})
	})
}

// TestStatusWatch: --watch lists once, then follows watches started at the lists' resource
// versions: a Job created afterwards shows as it runs and fails, a deleted one as Gone; the
// only list calls are the three of the first table; an interrupt ends it with exit 130.
func TestStatusWatch(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twJob(t, ns, "first", nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, errb := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan result, 1)
	go func() {
		done <- executeWith(ctx, withKubeconfig([]string{"status", "--watch", "-n", ns}), out, errb)
	}()
	waitForLine := func(re string) {
		t.Helper()
		pattern := regexp.MustCompile(`(?m)^` + re)
		deadline := time.Now().Add(60 * time.Second)
		for !pattern.MatchString(out.String()) {
			select {
			case res := <-done:
				t.Fatalf("status --watch ended (exit %d) before printing /%s/:\n%s\nstderr: %s", res.code, re, res.out, res.err)
			case <-time.After(100 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				t.Fatalf("no line /%s/ after 60s:\n%s\nstderr: %s", re, out.String(), errb.String())
			}
		}
	}
	waitForLine(`NAME\s+VERDICT`)
	waitForLine(`job/first\s`)

	twJob(t, ns, "breaks", nil, twFail)
	waitForLine(`job/breaks\s+FAIL\s+BackoffLimitExceeded\s`)
	if err := env.Client.BatchV1().Jobs(ns).Delete(context.Background(), "breaks", metav1.DeleteOptions{PropagationPolicy: ptr(metav1.DeletePropagationBackground)}); err != nil {
		t.Fatal(err)
	}
	waitForLine(`job/breaks\s+-\s+Gone\s`)

	cancel()
	var res result
	select {
	case res = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("status --watch still running 10s after its context was cancelled")
	}
	if res.code != 130 {
		t.Errorf("exit %d after the interrupt, want 130; stderr %q", res.code, res.err)
	}
	var lists []string
	watches := map[string]bool{}
	for _, r := range res.requests {
		call := stCalls(result{requests: []string{r}})[0]
		if strings.Contains(r, "watch=true") {
			if !strings.Contains(r, "resourceVersion=") || strings.Contains(r, "resourceVersion=&") || strings.Contains(r, "resourceVersion=0&") {
				t.Errorf("a watch not started at a list's resource version: %s", r)
			}
			watches[call] = true
			continue
		}
		lists = append(lists, call)
	}
	if want := "GET cronjobs,GET jobs,GET pods"; strings.Join(lists, ",") != want {
		t.Errorf("list calls %v, want only the first table's %s", lists, want)
	}
	for _, kind := range []string{"GET cronjobs", "GET jobs", "GET pods"} {
		if !watches[kind] {
			t.Errorf("no watch of %s; requests %v", kind, res.requests)
		}
	}
}
