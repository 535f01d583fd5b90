// Package jobs holds the cluster operations of kubectl-batch: creating Jobs from CronJobs,
// waiting for Jobs, streaming their logs, suspending and resuming, and listing history. It works
// on a client-go clientset handed to it, so tests give it the test control plane's.
package jobs

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/api/errors"
)

// Kind of object a command argument names.
type Kind string

// Kinds the commands accept.
const (
	KindJob     Kind = "Job"
	KindCronJob Kind = "CronJob"
)

// Ref names one Job or CronJob.
type Ref struct {
	Kind Kind
	Name string
}

// String renders the ref the way kubectl prints objects: job/NAME, cronjob/NAME.
func (r Ref) String() string { return strings.ToLower(string(r.Kind)) + "/" + r.Name }

// Resource returns the API resource name (jobs, cronjobs).
func (r Ref) Resource() string { return strings.ToLower(string(r.Kind)) + "s" }

var kindAliases = map[string]Kind{
	"job": KindJob, "jobs": KindJob, "job.batch": KindJob, "jobs.batch": KindJob,
	"cronjob": KindCronJob, "cronjobs": KindCronJob, "cj": KindCronJob,
	"cronjob.batch": KindCronJob, "cronjobs.batch": KindCronJob,
}

// ParseKind reads a resource type as kubectl accepts it (job, jobs, cj, cronjob.batch, ...).
func ParseKind(s string) (Kind, error) {
	if k, ok := kindAliases[strings.ToLower(s)]; ok {
		return k, nil
	}
	return "", fmt.Errorf("wrong kind %q: kubectl batch works on jobs and cronjobs (job/NAME, cronjob/NAME, cj/NAME)", s)
}

// ParseRefs reads command arguments in kubectl's forms: TYPE/NAME ... or TYPE NAME [NAME ...].
// allowed restricts the kinds (empty: both).
func ParseRefs(args []string, allowed ...Kind) ([]Ref, error) {
	kinds := allowed
	if len(kinds) == 0 {
		kinds = []Kind{KindJob, KindCronJob}
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("no resource given: use %s", kindList(kinds))
	}
	var refs []Ref
	if !strings.Contains(args[0], "/") {
		kind, err := ParseKind(args[0])
		if err != nil {
			// A bare name: say how to name it.
			var forms []string
			for _, k := range kinds {
				forms = append(forms, strings.ToLower(string(k))+"/"+args[0])
			}
			return nil, fmt.Errorf("%q is not a resource type: to name a %s, use %s", args[0], kindWords(kinds), strings.Join(forms, " or "))
		}
		if len(args) == 1 {
			return nil, fmt.Errorf("no name given after %q: use %s NAME or %s/NAME", args[0], args[0], args[0])
		}
		for _, name := range args[1:] {
			if strings.Contains(name, "/") {
				return nil, fmt.Errorf("mixed argument forms: use either TYPE NAME [NAME...] or TYPE/NAME [TYPE/NAME...] (got %q after %q)", name, args[0])
			}
			refs = append(refs, Ref{Kind: kind, Name: name})
		}
	} else {
		for _, a := range args {
			typ, name, ok := strings.Cut(a, "/")
			if !ok || name == "" || strings.Contains(name, "/") {
				return nil, fmt.Errorf("%q is not TYPE/NAME (e.g. cronjob/nightly)", a)
			}
			kind, err := ParseKind(typ)
			if err != nil {
				return nil, err
			}
			refs = append(refs, Ref{Kind: kind, Name: name})
		}
	}
	if len(allowed) > 0 {
		for _, r := range refs {
			ok := false
			for _, k := range allowed {
				ok = ok || r.Kind == k
			}
			if !ok {
				return nil, fmt.Errorf("wrong kind for %s: this command takes %s", r, kindList(allowed))
			}
		}
	}
	return refs, nil
}

func kindList(ks []Kind) string {
	var s []string
	for _, k := range ks {
		s = append(s, strings.ToLower(string(k))+"/NAME")
	}
	return strings.Join(s, " or ")
}

// DescribeError turns an API error into a message that says what was attempted, where, and what
// RBAC permission or action would fix it. verb is the API verb (get, list, create, patch, watch).
func DescribeError(err error, verb string, ref Ref, namespace string) error {
	where := "namespace " + namespace
	if namespace == "" {
		where = "all namespaces"
	}
	switch {
	case errors.IsNotFound(err):
		return fmt.Errorf("%s not found in %s", ref, where)
	case errors.IsForbidden(err):
		return fmt.Errorf("forbidden: you need RBAC permission to %s %s.batch in %s (%v)", verb, ref.Resource(), where, err)
	case errors.IsUnauthorized(err):
		return fmt.Errorf("unauthorized: check the credentials in your kubeconfig (%v)", err)
	}
	return fmt.Errorf("%s %s in %s: %w", verb, ref, where, err)
}

func kindWords(ks []Kind) string {
	var s []string
	for _, k := range ks {
		s = append(s, string(k))
	}
	return strings.Join(s, " or ")
}
