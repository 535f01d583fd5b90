package cli

import (
	"context"
	"encoding/json"
	"fmt"

	batchv1 "k8s.io/api/batch/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/strategicpatch"

	"github.com/kubectl-batch/kubectl-batch/internal/report"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// lintLive lists Jobs and CronJobs (two list calls) and lints them.
func (o *LintOptions) lintLive(ctx context.Context) (report.Result, error) {
	client, ns, err := batchV1For(o.ConfigFlags)
	if err != nil {
		return report.Result{}, err
	}
	if o.AllNamespaces {
		ns = metav1.NamespaceAll
	}
	opts := metav1.ListOptions{LabelSelector: o.Selector}
	jobs, err := client.Jobs(ns).List(ctx, opts)
	if err != nil {
		return report.Result{}, describeAPIError(err, "list", "jobs", ns)
	}
	cronJobs, err := client.CronJobs(ns).List(ctx, opts)
	if err != nil {
		return report.Result{}, describeAPIError(err, "list", "cronjobs", ns)
	}
	var res report.Result
	src := lint.Source{File: "cluster"}
	for i := range cronJobs.Items {
		res.Findings = append(res.Findings, o.engine.Check(ctx, lint.NewCronJobObject(&cronJobs.Items[i], src))...)
		res.Resources++
	}
	for i := range jobs.Items {
		res.Findings = append(res.Findings, o.engine.Check(ctx, lint.NewJobObject(&jobs.Items[i], src))...)
		res.Resources++
	}
	return res, nil
}

// compareWithCluster fetches the stored version of every linted manifest object and adds the
// findings of an update from it to the manifest (the "field is immutable" rejections of apply).
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
			m, err := applyOver(live, obj.Job, &batchv1.Job{})
			if err != nil {
				return err
			}
			merged = &lint.Object{Job: m.(*batchv1.Job), APIVersion: obj.APIVersion, Source: obj.Source, Positions: obj.Positions}
		} else {
			live, err := client.CronJobs(ns).Get(ctx, name, metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				continue
			} else if err != nil {
				return describeAPIError(err, "get", "cronjobs", ns)
			}
			stored = lint.NewCronJobObject(live, obj.Source)
			m, err := applyOver(live, obj.CronJob, &batchv1.CronJob{})
			if err != nil {
				return err
			}
			merged = &lint.Object{CronJob: m.(*batchv1.CronJob), APIVersion: obj.APIVersion, Source: obj.Source, Positions: obj.Positions}
		}
		for _, f := range o.engine.CheckUpdate(ctx, stored, merged) {
			if f.RuleID == lint.RuleJobImmutable || f.RuleID == lint.RulePolicyImmutable {
				res.Findings = append(res.Findings, f)
			}
		}
	}
	lint.SortFindings(res.Findings)
	return nil
}

// applyOver approximates what "kubectl apply" sends: the manifest's fields merged into the live
// object with strategic-merge rules (lists of containers merge by name), fields the manifest
// leaves out keep their live values.
func applyOver(live, manifest, into any) (any, error) {
	liveJSON, err := json.Marshal(live)
	if err != nil {
		return nil, fmt.Errorf("encoding the live object: %w", err)
	}
	patch, err := json.Marshal(manifest)
	if err != nil {
		return nil, fmt.Errorf("encoding the manifest: %w", err)
	}
	merged, err := strategicpatch.StrategicMergePatch(liveJSON, patch, into)
	if err != nil {
		return nil, fmt.Errorf("merging the manifest into the live object: %w", err)
	}
	if err := json.Unmarshal(merged, into); err != nil {
		return nil, fmt.Errorf("decoding the merged object: %w", err)
	}
	return into, nil
}
