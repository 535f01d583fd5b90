package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/kubectl-batch/kubectl-batch/internal/jsonstream"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// The JSON schema is {"findings": [lint.Finding...], "inputErrors": [InputError...],
// "nonManifestDocuments": [SkippedDocument...], "summary": jsonSummary}. Fields are only ever
// added to it, never renamed or removed.

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

// jsonReport is the document; writeJSON encodes it with its findings streamed.
type jsonReport struct {
	Findings             []lint.Finding    `json:"findings"`
	InputErrors          []InputError      `json:"inputErrors"`
	NonManifestDocuments []SkippedDocument `json:"nonManifestDocuments"`
	Summary              jsonSummary       `json:"summary"`
}

// writeJSON renders the schema above; the arrays are never null. The findings are encoded one
// at a time (jsonstream.WriteArray), so the output is never held whole.
func writeJSON(w io.Writer, r Result) error {
	doc := jsonReport{
		Findings:             []lint.Finding{},
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
	if doc.InputErrors == nil {
		doc.InputErrors = []InputError{}
	}
	if doc.NonManifestDocuments == nil {
		doc.NonManifestDocuments = []SkippedDocument{}
	}
	var skeleton bytes.Buffer
	enc := json.NewEncoder(&skeleton)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return jsonstream.WriteArray(w, skeleton.Bytes(), "findings", len(r.Findings), func(i int) any { return r.Findings[i] })
}
