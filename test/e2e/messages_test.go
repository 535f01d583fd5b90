//go:build integration

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestMessagesAsKubectl: a server warning is printed as kubectl prints it ("Warning: ..."),
// not as a client-go log line; a wrong flag points to the subcommand's help; a bad
// --request-timeout is a usage error naming the flag; without any kubeconfig the command
// says so instead of trying localhost:8080.
func TestMessagesAsKubectl(t *testing.T) {
	t.Parallel()
	ns := env.Namespace(t)
	twCronJob(t, ns, "warned", nil, func(cj *batchv1.CronJob) {
		cj.Spec.JobTemplate.Spec.Template.Annotations = map[string]string{"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}
	})
	res := run(t, "trigger", "cronjob/warned", "-n", ns, "--name", "warned-1")
	twExpect(t, res, 0, []string{"job.batch/warned-1 created"}, []string{"Warning: spec.template.metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional"})
	if strings.Contains(res.err, "warnings.go") {
		t.Errorf("a warning in klog format:\n%s", res.err)
	}

	twExpect(t, run(t, "wait", "job/x", "-n", ns, "--bogus"), 2, nil, []string{"unknown flag: --bogus\nSee 'kubectl batch wait --help' for usage."})
	twExpect(t, run(t, "wait", "job/x", "-n", ns, "--request-timeout", "abc"), 2, nil, []string{`--request-timeout "abc": want a duration`})

	empty := filepath.Join(t.TempDir(), "empty-kubeconfig")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	res = execute([]string{"wait", "job/x", "--kubeconfig", empty})
	twExpect(t, res, 2, nil, []string{"no cluster configured: " + empty + " names none. Point at a cluster with --kubeconfig FILE"})
	if len(res.requests) != 0 {
		t.Errorf("requests without a cluster: %v", res.requests)
	}
}

// TestExplainRBACNotesNameCoreResources: a user who may read Jobs but not pods or events gets
// the explanation with notes naming the core-group resources (pods, events, not pods.batch).
func TestExplainRBACNotesNameCoreResources(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ns := env.Namespace(t)
	c := env.Client
	twJob(t, ns, "seen", nil, nil)
	role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "job-getter", Namespace: ns},
		Rules: []rbacv1.PolicyRule{{APIGroups: []string{"batch"}, Resources: []string{"jobs"}, Verbs: []string{"get"}}}}
	binding := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "job-getter", Namespace: ns},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "job-getter"},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "job-getter", Namespace: ns}}}
	if _, err := c.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	res := run(t, "explain", "job/seen", "-n", ns, "--as", "system:serviceaccount:"+ns+":job-getter")
	// The notes are part of the explanation (stdout), wrapped to its width.
	twExpect(t, res, 0, []string{"pods not shown: forbidden: you need RBAC permission to list pods in", "events not shown: forbidden: you need RBAC permission to list events in"}, nil)
	if strings.Contains(res.err+res.out, "pods.batch") || strings.Contains(res.err+res.out, "events.batch") {
		t.Errorf("core resources named in the batch group:\n%s\n%s", res.out, res.err)
	}
}
