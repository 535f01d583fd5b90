package cli

import (
	"context"
	"fmt"

	batchv1 "k8s.io/api/batch/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/applied"
	"github.com/kubectl-batch/kubectl-batch/internal/report"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// lintLive lists Jobs and CronJobs (two list calls) and lints them; the warnings are for stderr.
func (o *LintOptions) lintLive(ctx context.Context) (report.Result, []string, error) {
	client, ns, err := batchV1For(o.ConfigFlags)
	if err != nil {
		return report.Result{}, nil, err
	}
	if o.AllNamespaces {
		ns = metav1.NamespaceAll
	}
	opts := metav1.ListOptions{LabelSelector: o.Selector}
	jobs, err := client.Jobs(ns).List(ctx, opts)
	if err != nil {
		return report.Result{}, nil, describeAPIError(err, "list", "jobs", ns)
	}
	cronJobs, err := client.CronJobs(ns).List(ctx, opts)
	if err != nil {
		return report.Result{}, nil, describeAPIError(err, "list", "cronjobs", ns)
	}
	var (
		res      report.Result
		warnings []string
	)
	src := lint.Source{File: report.ClusterSource}
	check := func(obj *lint.Object) {
		res.Findings = append(res.Findings, checkObject(ctx, o.engine, obj)...)
		warnings = append(warnings, suppressionWarnings(o.engine, obj)...)
		res.Resources++
	}
	for i := range cronJobs.Items {
		check(lint.NewCronJobObject(&cronJobs.Items[i], src))
	}
	for i := range jobs.Items {
		check(lint.NewJobObject(&jobs.Items[i], src))
	}
	return res, warnings, nil
}

// compareWithCluster fetches the stored version of every linted manifest object and adds the
// findings of an update from it to what apply would make of the manifest (the "field is
// immutable" rejections of apply), fields apply would remove included (internal/applied).
func (o *LintOptions) compareWithCluster(ctx context.Context, res *report.Result) error {
	client, defaultNS, err := batchV1For(o.ConfigFlags)
	if err != nil {
		return err
	}
	for _, obj := range o.objects {
		ns := obj.Meta().Namespace
		if ns == "" {
			ns = defaultNS
		}
		name := obj.Meta().Name
		if name == "" {
			continue
		}
		var stored, merged *lint.Object
		if obj.Job != nil {
			live, err := client.Jobs(ns).Get(ctx, name, metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				continue
			} else if err != nil {
				return describeAPIError(err, "get", "jobs", ns)
			}
			stored = lint.NewJobObject(live, obj.Source)
			var m batchv1.Job
			if _, err := applied.Merge(live, obj.Job, o.FieldManager, &m); err != nil {
				return fmt.Errorf("job %s/%s: %w", ns, name, err)
			}
			merged = &lint.Object{Job: &m, APIVersion: obj.APIVersion, Source: obj.Source, Positions: obj.Positions}
		} else {
			live, err := client.CronJobs(ns).Get(ctx, name, metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				continue
			} else if err != nil {
				return describeAPIError(err, "get", "cronjobs", ns)
			}
			stored = lint.NewCronJobObject(live, obj.Source)
			var m batchv1.CronJob
			if _, err := applied.Merge(live, obj.CronJob, o.FieldManager, &m); err != nil {
				return fmt.Errorf("cronjob %s/%s: %w", ns, name, err)
			}
			merged = &lint.Object{CronJob: &m, APIVersion: obj.APIVersion, Source: obj.Source, Positions: obj.Positions}
		}
		findings := o.engine.CheckUpdate(ctx, stored, merged)
		findings = append(findings, o.engine.SuppressedServerFindings(ctx, stored, merged)...)
		for _, f := range findings {
			if f.RuleID == lint.RuleJobImmutable || f.RuleID == lint.RulePolicyImmutable {
				res.Findings = append(res.Findings, f)
			}
		}
	}
	lint.SortFindings(res.Findings)
	return nil
}
