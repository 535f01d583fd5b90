package report

import (
	"encoding/json"
	"io"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

// jsonReport is the JSON schema. Fields are only ever added to it, never renamed or removed.
type jsonReport struct {
	Findings    []lint.Finding `json:"findings"`
	InputErrors []InputError   `json:"inputErrors"`
	// NonManifestDocuments are the documents skipped for having no apiVersion or kind.
	NonManifestDocuments []SkippedDocument `json:"nonManifestDocuments"`
	Summary              jsonSummary       `json:"summary"`
}

type jsonSummary struct {
	KubernetesVersion string `json:"kubernetesVersion,omitempty"`
	Files             int    `json:"files"`
	Resources         int    `json:"resources"`
	Errors            int    `json:"errors"`
	Warnings          int    `json:"warnings"`
	Info              int    `json:"info"`
	Skipped           int    `json:"skipped"`
	// NonManifestDocuments counts the documents skipped for having no apiVersion or kind.
	NonManifestDocuments int `json:"nonManifestDocuments"`
	InputErrors          int `json:"inputErrors"`
}

// writeJSON renders {"findings":[...],"inputErrors":[...],"nonManifestDocuments":[...],
// "summary":{...}}; the arrays are never null. Findings use lint.Finding's own JSON form.
func writeJSON(w io.Writer, r Result) error {
	out := jsonReport{
		Findings:             r.Findings,
		InputErrors:          r.Errors,
		NonManifestDocuments: r.NonManifestDocuments,
		Summary: jsonSummary{
			KubernetesVersion:    r.KubernetesVersion,
			Files:                r.Files,
			Resources:            r.Resources,
			Errors:               r.ErrorCount(),
			Warnings:             r.WarningCount(),
			Info:                 r.InfoCount(),
			Skipped:              r.Skipped,
			NonManifestDocuments: len(r.NonManifestDocuments),
			InputErrors:          len(r.Errors),
		},
	}
	if out.Findings == nil {
		out.Findings = []lint.Finding{}
	}
	if out.InputErrors == nil {
		out.InputErrors = []InputError{}
	}
	if out.NonManifestDocuments == nil {
		out.NonManifestDocuments = []SkippedDocument{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
