package report

import (
	"io"

	"github.com/kubectl-batch/kubectl-batch/internal/jsonstream"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// codeClimateIssue is one entry of GitLab's Code Quality report (a subset of the Code Climate
// issue format: the fields GitLab reads).
type codeClimateIssue struct {
	Description string              `json:"description"`
	CheckName   string              `json:"check_name"`
	Fingerprint string              `json:"fingerprint"`
	Severity    string              `json:"severity"` // info, minor, major, critical or blocker
	Location    codeClimateLocation `json:"location"`
}

type codeClimateLocation struct {
	Path  string           `json:"path"`
	Lines codeClimateLines `json:"lines"`
}

type codeClimateLines struct {
	Begin int `json:"begin"`
}

// codeClimateSeverity maps severities as GitLab's linters commonly do: errors major (critical
// when kube-apiserver rejects the object), warnings minor.
func codeClimateSeverity(f lint.Finding) string {
	switch {
	case f.Severity == lint.SeverityError && f.Class == lint.ClassServer:
		return "critical"
	case f.Severity == lint.SeverityError:
		return "major"
	case f.Severity == lint.SeverityWarning:
		return "minor"
	}
	return "info"
}

// writeCodeClimate writes a GitLab Code Quality report: a JSON array of issues, paths relative
// to the repository root as SARIF's are (GitLab expects them so), line 1 when no line is known,
// fingerprints as SARIF's partialFingerprints (stable across edits that move a finding). Input
// errors are critical issues of check input-error.
func writeCodeClimate(w io.Writer, r Result, o Options) error {
	places := newSARIFArtifacts(o)
	path := func(file string, live bool) string {
		places.add(file, live)
		return places.location(file, live).path
	}
	issue := func(i int) any {
		if i < len(r.Errors) {
			e := r.Errors[i]
			p := path(e.File, false)
			return codeClimateIssue{
				Description: e.Message,
				CheckName:   InputErrorRule,
				Fingerprint: fingerprint(lint.Finding{RuleID: InputErrorRule, Message: e.Message}, p),
				Severity:    "critical",
				Location:    codeClimateLocation{Path: p, Lines: codeClimateLines{Begin: max(e.Line, 1)}},
			}
		}
		f := r.Findings[i-len(r.Errors)]
		p := path(f.Source.File, isLive(f.Source))
		return codeClimateIssue{
			Description: f.RuleID + ": " + findingText(f),
			CheckName:   f.RuleID,
			Fingerprint: fingerprint(f, p),
			Severity:    codeClimateSeverity(f),
			Location:    codeClimateLocation{Path: p, Lines: codeClimateLines{Begin: max(f.Source.BestLine(), 1)}},
		}
	}
	return jsonstream.WriteArray(w, []byte("[]\n"), "", len(r.Errors)+len(r.Findings), issue)
}
