package webhook

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

// Mode says what the webhook does with a rule's findings.
type Mode string

// Modes of a rule.
const (
	// ModeDeny rejects the request with the finding's message.
	ModeDeny Mode = "deny"
	// ModeWarn admits the request and returns the finding as a warning.
	ModeWarn Mode = "warn"
	// ModeOff does not run the rule.
	ModeOff Mode = "off"
)

// UnmarshalJSON accepts deny, warn or off (and false for off: YAML 1.1 reads an unquoted off as a
// boolean).
func (m *Mode) UnmarshalJSON(b []byte) error {
	switch s := strings.Trim(string(b), `"`); strings.ToLower(s) {
	case "deny", "warn", "off":
		*m = Mode(strings.ToLower(s))
		return nil
	case "false":
		*m = ModeOff
		return nil
	default:
		return fmt.Errorf("mode must be deny, warn or off, not %s", string(b))
	}
}

// Config is the webhook's configuration file: the schema of lint.Config (rules, policy,
// ignoreSuppressions) plus the keys below. Example:
//
//	rules:                      # lint severities (error, warning, info, off)
//	  timezone-unset: off
//	policy:
//	  minStartingDeadlineSeconds: 10
//	  immutableCronJobFields: [spec.timeZone, spec.jobTemplate.spec.template.spec.serviceAccountName]
//	modes:                      # what the webhook does per rule: deny, warn or off
//	  job-ttl-missing: deny
//	namespaces:
//	  exclude: [kube-system, "sandbox-*"]
//	ignoreSuppressions: true    # default true in the webhook: users cannot opt out by annotation
//
// Without a mode, a rule denies when its findings deny (Finding.Denies: server and policy rules
// at error severity) and warns otherwise.
type Config struct {
	lint.Config
	// Modes overrides, per rule ID, what the webhook does with the rule's findings.
	Modes map[string]Mode `json:"modes,omitempty"`
	// Namespaces selects namespaces the webhook does not check.
	Namespaces NamespaceConfig `json:"namespaces,omitempty"`
}

// NamespaceConfig is the namespace allow-list.
type NamespaceConfig struct {
	// Exclude lists namespaces whose objects are admitted unchecked. Entries are names or
	// path.Match patterns ("team-*").
	Exclude []string `json:"exclude,omitempty"`
}

// DefaultConfig is the configuration used without a config file: every rule at its default,
// suppression annotations ignored.
func DefaultConfig() Config {
	var c Config
	c.IgnoreSuppressions = true
	return c
}

// ParseConfig reads a webhook configuration file (YAML or JSON). Unknown keys, unknown rule IDs
// and bad values are errors. ignoreSuppressions defaults to true: an annotation on the object
// must not let its author opt out of the cluster's policy.
func ParseConfig(data []byte) (Config, error) {
	c := DefaultConfig()
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return Config{}, fmt.Errorf("reading webhook configuration: %w", err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate checks modes, namespace patterns and the lint configuration.
func (c Config) Validate() error {
	if err := c.Config.Validate(); err != nil {
		return err
	}
	known := map[string]bool{}
	for _, r := range lint.DefaultRules() {
		known[r.ID] = true
	}
	for _, id := range sortedKeys(c.Modes) {
		m := c.Modes[id]
		if !known[id] {
			return fmt.Errorf("modes: unknown rule %q (see kubectl batch lint --list-rules)", id)
		}
		switch m {
		case ModeDeny, ModeWarn, ModeOff:
		default:
			return fmt.Errorf("modes.%s: mode must be deny, warn or off, not %q", id, m)
		}
		if s, ok := c.Rules[id]; ok && s == lint.SeverityOff && m != ModeOff {
			return fmt.Errorf("rule %q is off in rules but %s in modes: choose one", id, m)
		}
	}
	for _, p := range c.Namespaces.Exclude {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("namespaces.exclude: bad pattern %q: %w", p, err)
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// policy is a compiled configuration: the engine and the webhook's decisions around it. It is
// immutable once built and shared by concurrent requests.
type policy struct {
	engine  *lint.Engine
	modes   map[string]Mode // every rule's mode (see Config.RuleModes)
	exclude []string
}

// compile builds the engine for c and decides every rule's mode (see Config.RuleModes).
func compile(c Config) (*policy, error) {
	e, modes, err := c.resolve()
	if err != nil {
		return nil, err
	}
	return &policy{engine: e, modes: modes, exclude: append([]string(nil), c.Namespaces.Exclude...)}, nil
}

// RuleModes resolves c as the webhook applies it. It returns, for every rule ID of
// lint.DefaultRules, the mode the webhook applies to the rule's findings, and the effective
// policy values (lint's defaults filled in).
//
// A rule's mode is ModeOff when the rule does not run (mode off, or severity off under rules);
// else its configured mode; else ModeDeny when its findings deny (Finding.Denies: server and
// policy rules at error severity) and ModeWarn otherwise. Rules in mode deny or warn that are
// off by default run at error or warning severity. A finding always carries its rule's class and
// effective severity, so one mode per rule is the webhook's decision for each of its findings.
//
// Exporters of the webhook's behaviour (package internal/admissionpolicy) use this rather than
// deciding again. The map is the caller's.
func (c Config) RuleModes() (map[string]Mode, lint.Policy, error) {
	e, modes, err := c.resolve()
	if err != nil {
		return nil, lint.Policy{}, err
	}
	return modes, e.Policy(), nil
}

// resolve validates c, builds the engine the webhook runs and decides every rule's mode. Rules
// in mode off are disabled in the engine; rules in mode deny or warn that are off are enabled at
// error or warning severity.
func (c Config) resolve() (*lint.Engine, map[string]Mode, error) {
	if err := c.Validate(); err != nil {
		return nil, nil, err
	}
	lc := c.Config
	lc.Rules = make(map[string]lint.Severity, len(c.Rules)+len(c.Modes))
	for id, s := range c.Rules {
		lc.Rules[id] = s
	}
	defaults := map[string]lint.Severity{}
	for _, r := range lint.DefaultRules() {
		defaults[r.ID] = r.Severity
	}
	for id, m := range c.Modes {
		switch {
		case m == ModeOff:
			lc.Rules[id] = lint.SeverityOff
		case m == ModeDeny && effective(lc.Rules, defaults, id) == lint.SeverityOff:
			lc.Rules[id] = lint.SeverityError
		case m == ModeWarn && effective(lc.Rules, defaults, id) == lint.SeverityOff:
			lc.Rules[id] = lint.SeverityWarning
		}
	}
	e, err := lint.New(lc)
	if err != nil {
		return nil, nil, fmt.Errorf("building the rule engine: %w", err)
	}
	rules := e.Rules() // every rule, with its effective severity
	modes := make(map[string]Mode, len(rules))
	for _, r := range rules {
		m, configured := c.Modes[r.ID]
		switch {
		case r.Severity == lint.SeverityOff:
			m = ModeOff
		case !configured:
			m = defaultMode(lint.Finding{RuleID: r.ID, Class: r.Class, Severity: r.Severity})
		}
		modes[r.ID] = m
	}
	return e, modes, nil
}

func effective(rules, defaults map[string]lint.Severity, id string) lint.Severity {
	if s, ok := rules[id]; ok {
		return s
	}
	return defaults[id]
}

// defaultMode is the mode of a finding whose rule has no configured mode: deny when
// Finding.Denies, warn otherwise.
func defaultMode(f lint.Finding) Mode {
	if f.Denies() {
		return ModeDeny
	}
	return ModeWarn
}

// excluded reports whether objects in namespace ns are not checked.
func (p *policy) excluded(ns string) bool {
	for _, pat := range p.exclude {
		if ok, _ := path.Match(pat, ns); ok {
			return true
		}
	}
	return false
}

// modeOf decides what to do with a finding: its rule's mode (Config.RuleModes).
func (p *policy) modeOf(f lint.Finding) Mode {
	if m, ok := p.modes[f.RuleID]; ok {
		return m
	}
	return defaultMode(f) // not reached: the engine reports only rules of its table
}
