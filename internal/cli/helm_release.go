package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/internal/helmchart"
	"github.com/kubectl-batch/kubectl-batch/internal/manifest"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// longestReleaseName stands for any release name: Helm accepts up to helmchart.MaxReleaseName
// characters.
var longestReleaseName = strings.Repeat("r", helmchart.MaxReleaseName)

// nameRules are the name-length rules a release name can trip.
var nameRules = map[string]bool{lint.RuleCronJobNameTooLong: true, lint.RuleJobNameTooLong: true}

// releaseNameFindings renders the chart again with the longest release name Helm allows and
// reports, as warnings, the Jobs and CronJobs whose names then break a length limit although
// they do not with the default release name: installing under a long release name would fail.
// Each names the template line that makes the name and suggests trunc. Objects are matched by
// template and position within it.
func releaseNameFindings(ctx context.Context, engine *lint.Engine, dir string, o helmchart.Options, inputs []input) ([]lint.Finding, error) {
	o.ReleaseName = longestReleaseName
	long, errs := helmInputs(dir, o)
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s with a %d-character release name: %s", dir, helmchart.MaxReleaseName, errs[0].Message)
	}
	byName := map[string][]byte{}
	for _, in := range inputs {
		byName[in.name] = in.data
	}
	var out []lint.Finding
	for _, in := range long {
		normal := namedObjects(in.name, byName[in.name])
		for i, obj := range namedObjects(in.name, in.data) {
			for _, f := range engine.Check(ctx, obj) {
				if !nameRules[f.RuleID] || i >= len(normal) || hasRule(engine.Check(ctx, normal[i]), f.RuleID) {
					continue
				}
				ref := normal[i].Ref()
				line, expr := nameExpression(in.name)
				f.Object, f.Severity = ref, lint.SeverityWarning
				f.Source = lint.Source{File: in.name, Line: line, FieldLine: line}
				f.Message = fmt.Sprintf("with a %d-character release name (the longest Helm allows): %s", helmchart.MaxReleaseName, f.Message)
				f.Fix = "cut the name where the template makes it, e.g. {{ printf \"%s-suffix\" (include \"chart.fullname\" .) | trunc N | trimSuffix \"-\" }}"
				if expr != "" {
					f.Fix = fmt.Sprintf("the name comes from %s: pipe it through trunc (and trimSuffix \"-\") to stay within the limit", expr)
				}
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// namedObjects decodes the Jobs and CronJobs of one rendered template.
func namedObjects(name string, data []byte) []*lint.Object {
	var objs []*lint.Object
	manifest.Stream(name, data, func(obj *lint.Object) { objs = append(objs, obj) })
	return objs
}

func hasRule(fs []lint.Finding, id string) bool {
	for _, f := range fs {
		if f.RuleID == id {
			return true
		}
	}
	return false
}

// metadataName matches a template's "name:" line with a template expression.
var metadataName = regexp.MustCompile(`^\s+name:\s*(.*\{\{.*)$`)

// nameExpression finds, in the template file, the first metadata name made by a template
// expression: its line and text ("" when there is none, or the file cannot be read).
func nameExpression(file string) (int, string) {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0, ""
	}
	inMetadata := false
	for i, l := range bytes.Split(data, []byte("\n")) {
		switch s := string(l); {
		case strings.HasPrefix(s, "metadata:"):
			inMetadata = true
		case inMetadata && metadataName.MatchString(s):
			return i + 1, strings.TrimSpace(metadataName.FindStringSubmatch(s)[1])
		case len(s) > 0 && s[0] != ' ' && s[0] != '#':
			inMetadata = false
		}
	}
	return 0, ""
}
