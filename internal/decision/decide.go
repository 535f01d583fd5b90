package decision

import (
	"fmt"
	"path"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

// Decider is a compiled configuration: the rule engine admission runs and the decision for each
// rule's findings. It is immutable once built and safe for concurrent use.
type Decider struct {
	engine  *lint.Engine
	modes   map[string]Mode // every rule's mode (see Config.RuleModes)
	exclude []string
}

// Compile builds the engine for c and decides every rule's mode (see Config.RuleModes).
func Compile(c Config) (*Decider, error) {
	e, modes, err := c.resolve()
	if err != nil {
		return nil, err
	}
	return &Decider{engine: e, modes: modes, exclude: append([]string(nil), c.Namespaces.Exclude...)}, nil
}

// Engine is the rule engine admission runs: rules in mode off disabled, rules in mode deny or
// warn that are off by default enabled.
func (d *Decider) Engine() *lint.Engine { return d.engine }

// Excluded reports whether objects in namespace ns are not checked.
func (d *Decider) Excluded(ns string) bool {
	for _, pat := range d.exclude {
		if ok, _ := path.Match(pat, ns); ok {
			return true
		}
	}
	return false
}

// ModeOf decides what to do with a finding: its rule's mode (Config.RuleModes).
func (d *Decider) ModeOf(f lint.Finding) Mode {
	if m, ok := d.modes[f.RuleID]; ok {
		return m
	}
	return defaultMode(f) // not reached: the engine reports only rules of its table
}

// Split sorts findings into those that deny and those that warn; findings of rules in mode off
// are dropped. On an update, before holds the rule ID and path ("<rule>\x00<path>", see Key) of
// every finding the stored object already had: such a finding only warns, so that objects
// stored before a rule existed can still be edited (the ratchet).
func (d *Decider) Split(findings []lint.Finding, before map[string]bool) (deny, warn []lint.Finding) {
	for _, f := range findings {
		switch d.ModeOf(f) {
		case ModeOff:
		case ModeDeny:
			if before[Key(f)] {
				warn = append(warn, f)
				continue
			}
			deny = append(deny, f)
		default:
			warn = append(warn, f)
		}
	}
	return deny, warn
}

// Key identifies a finding across an object's versions: its rule and field path.
func Key(f lint.Finding) string { return f.RuleID + "\x00" + f.Path }

// RuleModes resolves c as admission applies it. It returns, for every rule ID of
// lint.DefaultRules, the mode applied to the rule's findings, and the effective policy values
// (lint's defaults filled in).
//
// A rule's mode is ModeOff when the rule does not run (mode off, or severity off under rules);
// else its configured mode; else ModeDeny when its findings deny (Finding.Denies: server and
// policy rules at error severity) and ModeWarn otherwise. Rules in mode deny or warn that are
// off by default run at error or warning severity. A finding always carries its rule's class and
// effective severity, so one mode per rule is the decision for each of its findings. The map is
// the caller's.
func (c Config) RuleModes() (map[string]Mode, lint.Policy, error) {
	e, modes, err := c.resolve()
	if err != nil {
		return nil, lint.Policy{}, err
	}
	return modes, e.Policy(), nil
}

// resolve validates c, builds the engine admission runs and decides every rule's mode. Rules in
// mode off are disabled in the engine; rules in mode deny or warn that are off are enabled at
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
	for id, m := range c.Modes {
		switch {
		case m == ModeOff:
			lc.Rules[id] = lint.SeverityOff
		case m == ModeDeny && effective(lc.Rules, id) == lint.SeverityOff:
			lc.Rules[id] = lint.SeverityError
		case m == ModeWarn && effective(lc.Rules, id) == lint.SeverityOff:
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

// effective is the severity of rule id under rules (a configuration's overrides).
func effective(rules map[string]lint.Severity, id string) lint.Severity {
	if s, ok := rules[id]; ok {
		return s
	}
	s, _ := lint.DefaultSeverity(id)
	return s
}

// defaultMode is the mode of a finding whose rule has no configured mode: deny when
// Finding.Denies, warn otherwise.
func defaultMode(f lint.Finding) Mode {
	if f.Denies() {
		return ModeDeny
	}
	return ModeWarn
}
