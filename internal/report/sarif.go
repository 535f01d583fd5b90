package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/internal/jsonstream"
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
	Tool               sarifTool                    `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactBase `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                       `json:"columnKind"`
	Results            []sarifResult                `json:"results"`
}

// sarifArtifactBase is what a uriBaseId stands for: an absolute file:// URI ending in "/".
type sarifArtifactBase struct {
	URI string `json:"uri"`
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
// location; a line of 0 becomes 1. Artifact URIs are relative to the repository root of their
// file, or else to the working directory (see sarifArtifacts); stdin becomes the artifact
// "stdin" and the cluster (--live) the artifact "cluster", both relative to the working
// directory's base.
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

	artifacts := newSARIFArtifacts(o)
	for _, e := range r.Errors {
		artifacts.add(e.File, false)
	}
	for _, f := range r.Findings {
		artifacts.add(f.Source.File, isLive(f.Source))
	}
	bases := artifacts.assignBaseIDs()

	// The results are made and encoded one at a time (jsonstream.WriteArray), not held.
	result := func(i int) any {
		if i < len(r.Errors) {
			e := r.Errors[i]
			return sarifResult{
				RuleID:    InputErrorRule,
				RuleIndex: index[InputErrorRule],
				Level:     "error",
				Message:   sarifText{Text: e.Message},
				Locations: []sarifLocation{sarifLocationAt(artifacts.location(e.File, false), e.Line)},
			}
		}
		f := r.Findings[i-len(r.Errors)]
		loc := artifacts.location(f.Source.File, isLive(f.Source))
		return sarifResult{
			RuleID:    f.RuleID,
			RuleIndex: index[f.RuleID],
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{Text: findingText(f)},
			Locations: []sarifLocation{sarifLocationAt(loc, f.Source.BestLine())},
			PartialFingerprints: map[string]string{
				fingerprintKey: fingerprint(f, loc.path),
			},
		}
	}
	if rules == nil {
		rules = []sarifRule{}
	}
	log := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool:               sarifTool{Driver: sarifDriver{Name: toolName, InformationURI: ProjectURL, Rules: rules}},
			OriginalURIBaseIDs: bases,
			ColumnKind:         "utf16CodeUnits",
			Results:            []sarifResult{},
		}},
	}
	var skeleton bytes.Buffer
	enc := json.NewEncoder(&skeleton)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return err
	}
	return jsonstream.WriteArray(w, skeleton.Bytes(), "results", len(r.Errors)+len(r.Findings), result)
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

func sarifLocationAt(a artifactPlace, line int) sarifLocation {
	return sarifLocation{PhysicalLocation: sarifPhysical{
		ArtifactLocation: sarifArtifact{URI: a.uri, URIBaseID: a.baseID},
		Region:           sarifRegion{StartLine: max(line, 1)},
	}}
}

// The uriBaseIds of artifact locations: the repository root (of the working directory, else of
// the first file in a repository) is %SRCROOT%, further repositories are SRCROOT2, SRCROOT3, ...;
// files outside any repository are relative to the working directory, whose id is %SRCROOT% too
// when no file is in a repository and WORKDIR otherwise.
const (
	srcRootID  = "%SRCROOT%"
	workDirID  = "WORKDIR"
	srcRootNth = "SRCROOT"
)

// artifactPlace is where a result's file is: a URI reference relative to the directory base (by
// its id, once assigned), or an absolute file:// URI with no base. path is the slash path
// relative to base (the file as given when there is no base), which fingerprints use.
type artifactPlace struct {
	base   string
	baseID string
	uri    string
	path   string
}

// sarifArtifacts places the files of one run: add every file, assign the base IDs, then ask for
// locations.
type sarifArtifacts struct {
	wd        string // absolute; "" when unknown
	repoRoot  func(dir string) string
	places    map[string]artifactPlace // by file name as given ("-" for stdin, "\x00live" for the cluster)
	baseOrder []string                 // base directories in order of first use
	ids       map[string]string        // base directory -> uriBaseId
}

func newSARIFArtifacts(o Options) *sarifArtifacts {
	wd := o.WorkingDir
	if wd == "" {
		wd, _ = os.Getwd()
	}
	if wd != "" {
		wd, _ = filepath.Abs(wd)
	}
	return &sarifArtifacts{wd: wd, repoRoot: o.RepositoryRoot, places: map[string]artifactPlace{}, ids: map[string]string{}}
}

// key is the places entry of a file.
func (a *sarifArtifacts) key(file string, live bool) string {
	switch {
	case live:
		return "\x00live"
	case isStdin(file):
		return "-"
	}
	return file
}

// add places file: its repository root and the path below it, else the working directory and
// the path below it, else an absolute file:// URI. Stdin and the cluster are placeholders named
// "stdin" and "cluster" at the working directory's base.
func (a *sarifArtifacts) add(file string, live bool) {
	k := a.key(file, live)
	if _, ok := a.places[k]; ok {
		return
	}
	var p artifactPlace
	switch {
	case live || isStdin(file):
		p.uri, p.path = "stdin", "-"
		if live {
			p.uri, p.path = ClusterSource, ClusterSource
		}
		p.base = a.baseOf(a.wd)
		if p.base == "" {
			p.base = a.wd
		}
	default:
		p = a.placeFile(file)
	}
	if p.base != "" && !slices.Contains(a.baseOrder, p.base) {
		a.baseOrder = append(a.baseOrder, p.base)
	}
	a.places[k] = p
}

// baseOf is the repository root holding dir, "" when none (or dir is unknown).
func (a *sarifArtifacts) baseOf(dir string) string {
	if a.repoRoot == nil || dir == "" {
		return ""
	}
	return a.repoRoot(dir)
}

func (a *sarifArtifacts) placeFile(file string) artifactPlace {
	abs := file
	if !filepath.IsAbs(abs) {
		if a.wd == "" {
			p := strings.TrimPrefix(filepath.ToSlash(filepath.Clean(file)), "./")
			return artifactPlace{uri: escapePath(p), path: p} // no base known: relative as given
		}
		abs = filepath.Join(a.wd, file)
	}
	abs = filepath.Clean(abs)
	for _, base := range []string{a.baseOf(filepath.Dir(abs)), a.wd} {
		if base == "" {
			continue
		}
		if rel, ok := below(base, abs); ok {
			return artifactPlace{base: base, uri: escapePath(rel), path: rel}
		}
	}
	return artifactPlace{uri: fileURI(abs, false), path: filepath.ToSlash(abs)}
}

// below returns path relative to dir as a slash path when path is inside dir.
func below(dir, path string) (string, bool) {
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// assignBaseIDs names the base directories in use and returns them for originalUriBaseIds
// (nil when there are none).
func (a *sarifArtifacts) assignBaseIDs() map[string]sarifArtifactBase {
	var repos []string
	workDirUsed := false
	for _, b := range a.baseOrder {
		if b == a.wd && a.baseOf(a.wd) != a.wd {
			workDirUsed = true
			continue
		}
		repos = append(repos, b)
	}
	// The working directory's repository first.
	if wr := a.baseOf(a.wd); wr != "" {
		if i := slices.Index(repos, wr); i > 0 {
			repos = append([]string{wr}, slices.Delete(repos, i, i+1)...)
		}
	}
	out := map[string]sarifArtifactBase{}
	for i, b := range repos {
		id := srcRootID
		if i > 0 {
			id = srcRootNth + strconv.Itoa(i+1)
		}
		a.ids[b] = id
		out[id] = sarifArtifactBase{URI: fileURI(b, true)}
	}
	if workDirUsed {
		id := srcRootID
		if len(repos) > 0 {
			id = workDirID
		}
		a.ids[a.wd] = id
		out[id] = sarifArtifactBase{URI: fileURI(a.wd, true)}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// location is the placed artifact of file, with its base's ID.
func (a *sarifArtifacts) location(file string, live bool) artifactPlace {
	p := a.places[a.key(file, live)]
	p.baseID = a.ids[p.base]
	if p.base == "" && !strings.HasPrefix(p.uri, "file:") {
		p.baseID = srcRootID // relative as given, the working directory unknown
	}
	return p
}

// escapePath percent-encodes a slash path for use as a URI reference.
func escapePath(p string) string { return (&url.URL{Path: p}).EscapedPath() }

// fileURI is the file:// URI of an absolute path; dir adds the trailing slash SARIF requires
// of a base.
func fileURI(abs string, dir bool) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive letters
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// fingerprint identifies a finding independently of its line and of the directory lint ran in,
// so that code scanning tracks it across edits that move it; path is the artifact's path
// relative to its base (the repository root).
func fingerprint(f lint.Finding, path string) string {
	h := sha256.New()
	for _, s := range []string{f.RuleID, path, f.Object.Kind, f.Object.Namespace, f.Object.Name, f.Path} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
