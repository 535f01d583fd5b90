// Package lint is the one rule engine of kubectl-batch: it decides what is wrong with a Job or
// CronJob for the plugin, the webhook and the policy export alike. It is pure: no network, no
// files, no printing.
package lint

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Severity ranks a finding. Higher is worse.
type Severity int

// Severities, from least to most severe. SeverityOff disables a rule.
const (
	SeverityOff Severity = iota
	SeverityInfo
	SeverityWarning
	SeverityError
)

// String returns the lower-case name used in flags, config files and output.
func (s Severity) String() string {
	switch s {
	case SeverityOff:
		return "off"
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads a severity name (off, info, warning, error; "warn" is accepted).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "off", "none":
		return SeverityOff, nil
	case "info":
		return SeverityInfo, nil
	case "warning", "warn":
		return SeverityWarning, nil
	case "error":
		return SeverityError, nil
	}
	return SeverityOff, fmt.Errorf("unknown severity %q (want error, warning, info or off)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalJSON accepts a severity name, or false for "off" (YAML 1.1 reads an unquoted off as
// the boolean false).
func (s *Severity) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "false":
		*s = SeverityOff
		return nil
	case "true":
		return fmt.Errorf("severity must be error, warning, info or off, not true")
	}
	var name string
	if err := json.Unmarshal(b, &name); err != nil {
		return fmt.Errorf("severity must be a name (error, warning, info or off): %w", err)
	}
	return s.UnmarshalText([]byte(name))
}

// MarshalJSON writes the severity's name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Class says who stands behind a rule's verdict.
type Class string

const (
	// ClassServer rules mirror kube-apiserver validation: the server rejects what they flag.
	ClassServer Class = "server"
	// ClassPolicy rules flag what the server accepts but is broken; the webhook denies it.
	ClassPolicy Class = "policy"
	// ClassAdvice rules warn about risky or wasteful settings.
	ClassAdvice Class = "advice"
)

// Source says where an object came from: a file (or "-" for stdin, or "cluster"), the 1-based
// index of the YAML document in it, the line the document starts on, and the line of the field a
// finding is about when the decoder knew it.
type Source struct {
	File      string `json:"file,omitempty"`
	Document  int    `json:"document,omitempty"`
	Line      int    `json:"line,omitempty"`
	FieldLine int    `json:"fieldLine,omitempty"`
}

// BestLine is the most precise line known: the field's, else the document's.
func (s Source) BestLine() int {
	if s.FieldLine > 0 {
		return s.FieldLine
	}
	return s.Line
}

// ObjectRef names the object a finding is about.
type ObjectRef struct {
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace,omitempty"`
	Name       string `json:"name,omitempty"`
}

// String renders kind/namespace/name the way kubectl names objects.
func (r ObjectRef) String() string {
	name := r.Name
	if name == "" {
		name = "(unnamed)"
	}
	if r.Namespace != "" {
		return r.Kind + " " + r.Namespace + "/" + name
	}
	return r.Kind + " " + name
}

// Finding is one problem found in one object.
type Finding struct {
	RuleID   string    `json:"rule"`
	Severity Severity  `json:"severity"`
	Class    Class     `json:"class"`
	Path     string    `json:"path,omitempty"`
	Message  string    `json:"message"`
	Fix      string    `json:"fix,omitempty"`
	Object   ObjectRef `json:"object"`
	Source   Source    `json:"source"`
}

// Denies reports whether an admission front end should reject the object for this finding:
// server and policy rules at error severity.
func (f Finding) Denies() bool {
	return f.Severity == SeverityError && (f.Class == ClassServer || f.Class == ClassPolicy)
}
