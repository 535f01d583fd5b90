// Package report renders the results of a lint run for humans and for CI: plain text (optionally
// coloured), JSON, SARIF 2.1.0 for code scanning, JUnit XML and GitHub Actions workflow
// commands. It only formats; it decides nothing about exit codes and reads no files.
package report

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

// InputError is an input that could not be checked (malformed YAML, an unreadable file, ...).
// It is reported next to the findings; it does not stop the run.
type InputError struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// SkippedDocument is a document that is not a Kubernetes object (no apiVersion or no kind: Helm
// values, a CI workflow, {}): it is skipped, counted and, in JSON and verbose text, named.
type SkippedDocument struct {
	File     string `json:"file"`
	Document int    `json:"document"`
	Line     int    `json:"line,omitempty"`
}

// ClusterSource is the Source.File of objects read from the cluster (lint --live); such objects
// have no document index, which tells them from a file of that name.
const ClusterSource = "cluster"

// isLive reports whether a finding's source is an object read from the cluster.
func isLive(s lint.Source) bool { return s.File == ClusterSource && s.Document == 0 }

// Result is everything one lint run produced.
type Result struct {
	// Findings in the order they are to be shown: already sorted by file, document and line.
	Findings []lint.Finding
	// Errors are inputs that could not be checked.
	Errors []InputError
	// Resources is how many Jobs and CronJobs were checked.
	Resources int
	// Skipped is how many objects were not Jobs or CronJobs.
	Skipped int
	// NonManifestDocuments are the documents skipped for not being Kubernetes objects.
	NonManifestDocuments []SkippedDocument
	// Files is how many inputs were read.
	Files int
	// KubernetesVersion is the version the findings were decided for ("1.37"); empty: not said.
	KubernetesVersion string
}

// Count returns how many findings have severity s.
func (r Result) Count(s lint.Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// ErrorCount returns how many findings are errors (input errors are not counted).
func (r Result) ErrorCount() int { return r.Count(lint.SeverityError) }

// WarningCount returns how many findings are warnings.
func (r Result) WarningCount() int { return r.Count(lint.SeverityWarning) }

// InfoCount returns how many findings are informational.
func (r Result) InfoCount() int { return r.Count(lint.SeverityInfo) }

// Failing returns how many findings fail the run at threshold (--fail-on): those of severity
// threshold or worse. SeverityOff ("none") fails none.
func (r Result) Failing(threshold lint.Severity) int {
	n := 0
	for _, f := range r.Findings {
		if failsAt(f, threshold) {
			n++
		}
	}
	return n
}

// failsAt reports whether f fails a run with --fail-on threshold.
func failsAt(f lint.Finding, threshold lint.Severity) bool {
	return threshold != lint.SeverityOff && f.Severity >= threshold
}

// Worst returns the highest severity among the findings, SeverityOff if there are none.
func (r Result) Worst() lint.Severity {
	w := lint.SeverityOff
	for _, f := range r.Findings {
		if f.Severity > w {
			w = f.Severity
		}
	}
	return w
}

// Format names an output format.
type Format string

// The output formats.
const (
	FormatText   Format = "text"
	FormatJSON   Format = "json"
	FormatSARIF  Format = "sarif"
	FormatJUnit  Format = "junit"
	FormatGitHub Format = "github"
	// FormatCodeClimate is GitLab's Code Quality report.
	FormatCodeClimate Format = "codeclimate"
)

var formats = []Format{FormatText, FormatJSON, FormatSARIF, FormatJUnit, FormatGitHub, FormatCodeClimate}

// Formats returns the format names, default first, for flag help and completion.
func Formats() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = string(f)
	}
	return out
}

// ParseFormat reads a format name (case-insensitive); the empty string means text.
func ParseFormat(s string) (Format, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return FormatText, nil
	}
	for _, f := range formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown output format %q (want %s)", s, strings.Join(Formats(), ", "))
}

// RuleInfo is the serialisable view of a rule for `lint --list-rules -o json`, with the key
// names of SARIF's rule entries ("id", "helpUri") and of the JSON report's findings.
type RuleInfo struct {
	ID        string        `json:"id"`
	Summary   string        `json:"summary"`
	Severity  lint.Severity `json:"severity"` // the configured severity ("off": disabled)
	Class     lint.Class    `json:"class"`
	Rationale string        `json:"rationale"`
	Fix       string        `json:"fix"`
	HelpURI   string        `json:"helpUri"`
}

// RuleInfos lists rules as RuleInfo, sorted by ID.
func RuleInfos(rules []lint.Rule) []RuleInfo {
	out := make([]RuleInfo, 0, len(rules))
	for _, r := range rules {
		out = append(out, RuleInfo{ID: r.ID, Summary: r.Summary, Severity: r.Severity, Class: r.Class, Rationale: r.Rationale, Fix: r.Fix, HelpURI: helpURI(r.ID)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// DocsURL is the rules reference; each rule has an anchor named after its ID.
const DocsURL = "https://github.com/kubectl-batch/kubectl-batch/blob/main/docs/rules.md"

// ProjectURL is the tool's home page.
const ProjectURL = "https://github.com/kubectl-batch/kubectl-batch"

// InputErrorRule is the rule ID under which input errors are reported in SARIF, JUnit, GitHub
// and text output.
const InputErrorRule = "input-error"

// helpURI links to a rule's documentation.
func helpURI(id string) string { return DocsURL + "#" + id }

// Options tune the output.
type Options struct {
	// Color enables ANSI colours in text output (and in the summary of github output).
	Color bool
	// Rules is the rule metadata SARIF output embeds (the engine's rules); rules missing here
	// but referenced by a finding get a minimal entry.
	Rules []lint.Rule
	// FailOn is the severity at which findings fail the run (--fail-on; SeverityOff: none
	// fail). JUnit reports exactly those findings as failures, so that its counts agree with
	// the exit code.
	FailOn lint.Severity
	// Verbose makes text output list the documents skipped for not being Kubernetes objects.
	Verbose bool
	// WorkingDir is the directory relative file names are resolved from (SARIF); empty: the
	// process's working directory.
	WorkingDir string
	// RepositoryRoot returns the root of the repository holding the absolute directory dir, ""
	// when there is none; SARIF makes artifact URIs relative to it. Nil: no repositories.
	RepositoryRoot func(dir string) string
}

// Write renders r to w in format f. An empty format means text.
func Write(w io.Writer, f Format, r Result, o Options) error {
	switch f {
	case FormatText, "":
		return writeText(w, r, o)
	case FormatJSON:
		return writeJSON(w, r)
	case FormatSARIF:
		return writeSARIF(w, r, o)
	case FormatJUnit:
		return writeJUnit(w, r, o)
	case FormatGitHub:
		return writeGitHub(w, r, o)
	case FormatCodeClimate:
		return writeCodeClimate(w, r, o)
	}
	return fmt.Errorf("unknown output format %q (want %s)", string(f), strings.Join(Formats(), ", "))
}

// isStdin reports whether a source file name stands for standard input.
func isStdin(file string) bool { return file == "-" || file == "" }

// displayFile is how text-like formats name a file.
func displayFile(file string) string {
	if isStdin(file) {
		return "<stdin>"
	}
	return filepath.ToSlash(file)
}

// fileOrder lists the files of r in the order they first appear: findings' files first (they
// come sorted the way the files were given), then files that only have input errors.
func fileOrder(r Result) []string {
	var order []string
	seen := map[string]bool{}
	add := func(f string) {
		if isStdin(f) {
			f = "-"
		}
		if !seen[f] {
			seen[f] = true
			order = append(order, f)
		}
	}
	for _, f := range r.Findings {
		add(f.Source.File)
	}
	for _, e := range r.Errors {
		add(e.File)
	}
	return order
}

// normFile maps every spelling of stdin to "-", for grouping.
func normFile(f string) string {
	if isStdin(f) {
		return "-"
	}
	return f
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// findingText is message with its path and fix, for formats with a single text field.
func findingText(f lint.Finding) string {
	var b strings.Builder
	b.WriteString(f.Object.String())
	b.WriteString(": ")
	if f.Path != "" {
		b.WriteString(f.Path)
		b.WriteString(": ")
	}
	b.WriteString(f.Message)
	if f.Fix != "" {
		b.WriteString("\nFix: ")
		b.WriteString(f.Fix)
	}
	return b.String()
}
