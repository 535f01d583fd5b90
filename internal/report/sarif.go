package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	toolName     = "kubectl-batch"
	// fingerprintKey names the line-independent fingerprint in partialFingerprints.
	fingerprintKey = "kubectlBatchFinding/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifHelp          `json:"help"`
	HelpURI              string             `json:"helpUri"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return "error"
	case lint.SeverityWarning:
		return "warning"
	case lint.SeverityInfo:
		return "note"
	}
	return "none"
}

// writeSARIF renders one SARIF 2.1.0 run as GitHub code scanning accepts it. driver.rules holds
// o.Rules in order, then a minimal entry for every rule a finding references that o.Rules lacks,
// then the synthetic "input-error" rule when there are input errors. Every result has one
// location; a line of 0 becomes 1, and stdin becomes the artifact "stdin".
func writeSARIF(w io.Writer, r Result, o Options) error {
	var rules []sarifRule
	index := map[string]int{}
	addRule := func(ri lint.Rule) {
		if _, ok := index[ri.ID]; ok {
			return
		}
		index[ri.ID] = len(rules)
		rules = append(rules, sarifRuleFor(ri))
	}
	for _, ri := range o.Rules {
		addRule(ri)
	}
	for _, f := range r.Findings {
		addRule(lint.Rule{ID: f.RuleID, Severity: f.Severity, Class: f.Class})
	}
	if len(r.Errors) > 0 {
		addRule(lint.Rule{
			ID:        InputErrorRule,
			Summary:   "Input could not be read or parsed",
			Severity:  lint.SeverityError,
			Rationale: "A file or YAML document that cannot be decoded cannot be checked, and kubectl would reject it too.",
			Fix:       "Fix the YAML syntax or the file so that it decodes.",
		})
	}

	results := make([]sarifResult, 0, len(r.Findings)+len(r.Errors))
	for _, e := range r.Errors {
		results = append(results, sarifResult{
			RuleID:    InputErrorRule,
			RuleIndex: index[InputErrorRule],
			Level:     "error",
			Message:   sarifText{Text: e.Message},
			Locations: []sarifLocation{sarifLocationFor(e.File, e.Line)},
		})
	}
	for _, f := range r.Findings {
		results = append(results, sarifResult{
			RuleID:    f.RuleID,
			RuleIndex: index[f.RuleID],
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{Text: findingText(f)},
			Locations: []sarifLocation{sarifLocationFor(f.Source.File, f.Source.BestLine())},
			PartialFingerprints: map[string]string{
				fingerprintKey: fingerprint(f),
			},
		})
	}
	if rules == nil {
		rules = []sarifRule{}
	}
	log := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool:       sarifTool{Driver: sarifDriver{Name: toolName, InformationURI: ProjectURL, Rules: rules}},
			ColumnKind: "utf16CodeUnits",
			Results:    results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func sarifRuleFor(ri lint.Rule) sarifRule {
	short := ri.Summary
	if short == "" {
		short = ri.ID
	}
	full := ri.Rationale
	if full == "" {
		full = short
	}
	text := full
	md := full
	if ri.Fix != "" {
		text += "\n\nFix: " + ri.Fix
		md += "\n\n**Fix:** " + ri.Fix
	}
	md += "\n\nSee the [rule reference](" + helpURI(ri.ID) + ")."
	tags := []string{"kubernetes"}
	if ri.Class != "" {
		tags = append(tags, string(ri.Class))
	}
	sev := ri.Severity
	if sev == lint.SeverityOff && ri.Summary == "" {
		// A minimal entry for a rule we know nothing about: it fired, so it is at least a warning.
		sev = lint.SeverityWarning
	}
	return sarifRule{
		ID:                   ri.ID,
		Name:                 ri.ID,
		ShortDescription:     sarifText{Text: short},
		FullDescription:      sarifText{Text: full},
		Help:                 sarifHelp{Text: text, Markdown: md},
		HelpURI:              helpURI(ri.ID),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(sev)},
		Properties:           sarifRuleProps{Tags: tags},
	}
}

func sarifLocationFor(file string, line int) sarifLocation {
	uri, base := sarifURI(file)
	a := sarifArtifact{URI: uri}
	if base {
		a.URIBaseID = "%SRCROOT%"
	}
	return sarifLocation{PhysicalLocation: sarifPhysical{
		ArtifactLocation: a,
		Region:           sarifRegion{StartLine: max(line, 1)},
	}}
}

// sarifURI turns a file name into a URI reference relative to %SRCROOT% (the working
// directory): forward slashes, no leading "./", percent-encoded. An absolute path inside the
// working directory is made relative; one outside it becomes a file:// URI with no base.
func sarifURI(file string) (uri string, relative bool) {
	if isStdin(file) {
		return "stdin", true
	}
	p := file
	if filepath.IsAbs(p) {
		rel := ""
		if wd, err := os.Getwd(); err == nil {
			if r, err := filepath.Rel(wd, p); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
				rel = r
			}
		}
		if rel == "" {
			u := url.URL{Scheme: "file", Path: filepath.ToSlash(p)}
			if !strings.HasPrefix(u.Path, "/") {
				u.Path = "/" + u.Path // Windows drive letters
			}
			return u.String(), false
		}
		p = rel
	}
	p = filepath.ToSlash(filepath.Clean(p))
	p = strings.TrimPrefix(p, "./")
	return (&url.URL{Path: p}).EscapedPath(), true
}

// fingerprint identifies a finding independently of its line, so that code scanning tracks it
// across edits that move it.
func fingerprint(f lint.Finding) string {
	h := sha256.New()
	for _, s := range []string{f.RuleID, normFile(f.Source.File), f.Object.Kind, f.Object.Namespace, f.Object.Name, f.Path} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
