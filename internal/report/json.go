package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
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

// jsonTail is the report after its findings.
type jsonTail struct {
	InputErrors          []InputError      `json:"inputErrors"`
	NonManifestDocuments []SkippedDocument `json:"nonManifestDocuments"`
	Summary              jsonSummary       `json:"summary"`
}

// writeJSON renders the schema above; the arrays are never null. Findings use lint.Finding's own JSON
// form and are encoded one at a time, so the output is never held whole.
func writeJSON(w io.Writer, r Result) error {
	tail := jsonTail{
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
	if tail.InputErrors == nil {
		tail.InputErrors = []InputError{}
	}
	if tail.NonManifestDocuments == nil {
		tail.NonManifestDocuments = []SkippedDocument{}
	}
	bw := bufio.NewWriter(w)
	var item bytes.Buffer
	enc := json.NewEncoder(&item)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	bw.WriteString("{\n  \"findings\": [")
	for i, f := range r.Findings {
		item.Reset()
		if err := enc.Encode(f); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(bytes.TrimSuffix(item.Bytes(), []byte("\n")))
	}
	if len(r.Findings) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("],")
	item.Reset()
	enc.SetIndent("", "  ")
	if err := enc.Encode(tail); err != nil {
		return err
	}
	bw.Write(bytes.TrimPrefix(item.Bytes(), []byte("{"))) // the tail's fields continue the object
	return bw.Flush()
}
