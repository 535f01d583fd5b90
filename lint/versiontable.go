package lint

import (
	"fmt"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
	"github.com/kubectl-batch/kubectl-batch/lint/podspec"
)

// VersionRow is one difference between the supported Kubernetes versions as the engine models
// it: a subject (fields or a validation switch), what it means, and how each supported version
// (in kubeversion.Supported order) handles it. docs/versions.md is generated from these rows.
type VersionRow struct {
	Subject string
	Doc     string
	Cells   []string
	// Paths are the Job field paths of a field row ([*] for list items; the same fields of a
	// CronJob are under spec.jobTemplate), empty for a validation switch or an update rule.
	Paths []string
}

// VersionTable is the whole version model as rows: the fields some versions do not know, the
// fields each version drops while their feature gate is off, the switches of pod-template
// validation, and the update rules of suspended Jobs.
func VersionTable() []VersionRow {
	versions := kubeversion.Supported()
	row := func(subject, doc string, cell func(v kubeversion.Version) string) VersionRow {
		r := VersionRow{Subject: subject, Doc: doc}
		for _, v := range versions {
			r.Cells = append(r.Cells, cell(v))
		}
		return r
	}
	var rows []VersionRow
	gated := map[string]kubeversion.Gate{}
	for _, g := range gatedFields() {
		for _, p := range g.paths {
			gated[p] = g.gate
		}
	}
	for _, f := range kubeversion.Fields() {
		gate, isGated := gated[f.Path]
		doc := "Unknown field (rejected by strict field validation) where the API lacks it."
		if isGated {
			doc += " Where known, dropped while feature gate " + string(gate) + " is off."
		}
		r := row("`"+displayPath(f.Kind, f.Path)+"`", doc, func(v kubeversion.Version) string {
			switch {
			case !v.Has(f):
				return "unknown"
			case isGated && !v.Enabled(gate):
				return "dropped"
			}
			return "yes"
		})
		r.Paths = []string{f.Path}
		rows = append(rows, r)
	}
	for _, g := range gatedFields() {
		var known, paths []string
		for _, p := range g.paths {
			if _, versioned := versionedField(p); !versioned {
				known = append(known, "`"+displayPath(KindJob, p)+"`")
				paths = append(paths, p)
			}
		}
		if len(known) == 0 {
			continue // every path is a versioned field: rows above
		}
		effect := "is dropped"
		if g.effect != "" {
			effect = g.effect
		}
		doc := fmt.Sprintf("Known to every supported version; %s while feature gate %s is off.", effect, g.gate)
		if g.since > 0 {
			doc = fmt.Sprintf("Before 1.%d rejected by validation; from then on %s while feature gate %s is off.", g.since, effect, g.gate)
		}
		r := row(strings.Join(known, ", "), doc, func(v kubeversion.Version) string {
			switch {
			case v.Enabled(g.gate):
				return "yes"
			case v.Minor() < g.since:
				return "validated"
			}
			return "dropped"
		})
		r.Paths = paths
		rows = append(rows, r)
	}
	for _, o := range podspec.OptionDocs() {
		rows = append(rows, row("pod template: "+o.Name, o.Doc, func(v kubeversion.Version) string {
			if podspec.OptionsFor(v).On(o.Name) {
				return "on"
			}
			return "-"
		}))
	}
	for _, u := range []struct {
		gate kubeversion.Gate
		doc  string
	}{
		{kubeversion.GateMutableSchedulingDirectivesForSuspendedJobs, "Update: a suspended Job with no active pods may change its template's scheduling directives even after it started (before: only before its first start)."},
		{kubeversion.GateMutablePodResourcesForSuspendedJobs, "Update: a suspended Job with no active pods may change its containers' resources."},
	} {
		rows = append(rows, row("Job update: "+string(u.gate), u.doc, func(v kubeversion.Version) string {
			if v.Enabled(u.gate) {
				return "on"
			}
			return "-"
		}))
	}
	return rows
}

// displayPath is a version-table path as the docs show it: a Job path, marked as also applying
// to CronJobs' job templates.
func displayPath(kind, path string) string {
	if kind == KindJob {
		return path
	}
	return kind + " " + path
}
