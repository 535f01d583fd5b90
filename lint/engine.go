package lint

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/agnivade/levenshtein"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// IgnoreAnnotation on a Job or CronJob lists rule IDs (comma-separated) not to report for it.
// It cannot make kube-apiserver accept an object: see SuppressedServerFindings.
const IgnoreAnnotation = "lint.kubectl-batch.io/ignore"

// Rule is one check. Rules are registered in one table (see rules()); each reports zero or more
// findings through the checker it is handed.
type Rule struct {
	ID       string
	Class    Class
	Severity Severity
	// Kinds the rule applies to; empty means Jobs and CronJobs.
	Kinds []string
	// Summary is one line for listings; Rationale says why it matters; Fix says what to do.
	Summary   string
	Rationale string
	Fix       string
	// Check inspects one object. Nil for rules the decoder reports (see Problem) and for
	// update-only rules.
	Check func(c *Checker)
	// CheckUpdate compares an object with the version stored before it (c.Old).
	CheckUpdate func(c *Checker)
}

// AppliesTo reports whether the rule checks objects of kind.
func (r *Rule) AppliesTo(kind string) bool {
	if len(r.Kinds) == 0 {
		return true
	}
	for _, k := range r.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// Engine runs the rule table with a configuration. It is safe for concurrent use.
type Engine struct {
	rules  []Rule // enabled rules with their effective severity
	byID   map[string]*Rule
	all    []Rule
	policy Policy
	honour bool
	clock  func() time.Time
	cache  *memo
	model  *versionModel
}

// New builds an engine. It fails on unknown rule IDs or bad policy values in cfg.
func New(cfg Config) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	all := builtinRules()
	known := make(map[string]bool, len(all))
	for _, r := range all {
		known[r.ID] = true
	}
	for id := range cfg.Rules {
		if !known[id] {
			return nil, fmt.Errorf("unknown rule %q in configuration%s", id, suggestRule(id, all))
		}
	}
	v := cfg.KubernetesVersion
	if !v.Valid() {
		v = kubeversion.Default()
	}
	model, err := compileVersionModel(v)
	if err != nil {
		return nil, err
	}
	e := &Engine{all: all, byID: make(map[string]*Rule, len(all)), policy: cfg.Policy.withDefaults(), honour: !cfg.IgnoreSuppressions, clock: cfg.Clock, cache: newMemo(4096), model: model}
	for _, r := range all {
		if s, ok := cfg.Rules[r.ID]; ok {
			r.Severity = s
		}
		if r.Severity == SeverityOff {
			continue
		}
		e.rules = append(e.rules, r)
	}
	for i := range e.rules {
		e.byID[e.rules[i].ID] = &e.rules[i]
	}
	return e, nil
}

func suggestRule(id string, all []Rule) string {
	for _, r := range all {
		if strings.Contains(r.ID, id) || strings.Contains(id, r.ID) {
			return fmt.Sprintf(" (did you mean %q? see --list-rules)", r.ID)
		}
	}
	return " (see --list-rules)"
}

// Rules returns every rule with its effective severity (SeverityOff when disabled), sorted by ID.
func (e *Engine) Rules() []Rule {
	out := make([]Rule, len(e.all))
	copy(out, e.all)
	for i := range out {
		if r, ok := e.byID[out[i].ID]; ok {
			out[i].Severity = r.Severity
		} else {
			out[i].Severity = SeverityOff
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// DefaultRules returns the built-in rule table with default severities, sorted by ID.
func DefaultRules() []Rule {
	out := builtinRules()
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (e *Engine) now() time.Time {
	if e.clock != nil {
		return e.clock()
	}
	return time.Now()
}

// Policy returns the effective policy values.
func (e *Engine) Policy() Policy { return e.policy }

// KubernetesVersion returns the version the engine decides for.
func (e *Engine) KubernetesVersion() kubeversion.Version { return e.model.v }

// Check runs every enabled rule on obj and returns its findings in a stable order.
func (e *Engine) Check(ctx context.Context, obj *Object) []Finding {
	return e.run(ctx, obj, nil, e.suppressed(obj), nil)
}

// CheckUpdate checks newObj as a replacement of oldObj (an update or an apply over a stored
// object): every rule of Check plus the immutable-field rules.
func (e *Engine) CheckUpdate(ctx context.Context, oldObj, newObj *Object) []Finding {
	return e.run(ctx, newObj, oldObj, e.suppressed(newObj), nil)
}

// SuppressedServerFindings returns what Check (oldObj nil) or CheckUpdate left out of obj's
// findings because its IgnoreAnnotation names a server-class rule. The annotation silences lint,
// not kube-apiserver, which rejects such an object all the same; a front end that promises "if
// lint passes, the server accepts the object" reports these too. Each message says that the
// annotation cannot suppress the rule. Nil when the annotation names no enabled server-class
// rule or suppressions are not honoured.
func (e *Engine) SuppressedServerFindings(ctx context.Context, oldObj, obj *Object) []Finding {
	var only map[string]bool
	for id := range e.suppressed(obj) {
		if r, ok := e.byID[id]; ok && r.Class == ClassServer {
			if only == nil {
				only = map[string]bool{}
			}
			only[id] = true
		}
	}
	if only == nil {
		return nil
	}
	fs := e.run(ctx, obj, oldObj, nil, only)
	for i := range fs {
		fs[i].Message += " (" + IgnoreAnnotation + " cannot suppress " + fs[i].RuleID + ": kube-apiserver rejects the object regardless)"
	}
	return fs
}

// UnknownSuppression is a rule ID an IgnoreAnnotation names that no rule has, with the closest
// known ID ("" when none is close).
type UnknownSuppression struct {
	ID      string
	Closest string
}

// UnknownSuppressions returns the IDs obj's IgnoreAnnotation names that are not rules (typos
// that suppress nothing), in the annotation's order.
func (e *Engine) UnknownSuppressions(obj *Object) []UnknownSuppression {
	if obj == nil || (obj.Job == nil && obj.CronJob == nil) {
		return nil
	}
	var out []UnknownSuppression
	for _, id := range annotationRuleIDs(obj.Meta().Annotations[IgnoreAnnotation]) {
		if !slices.ContainsFunc(e.all, func(r Rule) bool { return r.ID == id }) {
			out = append(out, UnknownSuppression{ID: id, Closest: closestRuleID(id, e.all)})
		}
	}
	return out
}

// closestRuleID is the rule ID nearest to id in edit distance (case-insensitive), "" when even
// the nearest differs in more than a third of id's characters.
func closestRuleID(id string, all []Rule) string {
	lower := strings.ToLower(id)
	best, bestDist := "", len(id)/3+2
	for _, r := range all {
		if d := levenshtein.ComputeDistance(lower, r.ID); d < bestDist {
			best, bestDist = r.ID, d
		}
	}
	return best
}

// run checks obj (as an update of old when old is set), skipping the rules in ignored; with
// only set, it runs those rules alone.
func (e *Engine) run(ctx context.Context, obj, old *Object, ignored, only map[string]bool) []Finding {
	if obj == nil || (obj.Job == nil && obj.CronJob == nil) {
		return nil
	}
	if old != nil && (old.Job == nil && old.CronJob == nil || old.Kind() != obj.Kind()) {
		old = nil // an object cannot change kind: judge it as new
	}
	c := &Checker{Obj: obj, Old: old, Defaulted: e.model.prepare(obj, old == nil), Policy: e.policy, Now: e.now(), cache: e.cache, Version: e.model.v, model: e.model}
	if old != nil {
		c.OldDefaulted = e.model.prepare(old, false)
	}
	if only != nil {
		skip := map[string]bool{}
		for _, r := range e.all {
			if !only[r.ID] {
				skip[r.ID] = true
			}
		}
		ignored = skip
	}
	kind := obj.Kind()
	for _, p := range obj.Problems {
		if p.RuleID == RuleUnknownField {
			if f, ok := e.model.untypedField(p.Path); ok {
				// The target version has the field, which this build's API types lack; it
				// drops it (its gate is off), so say that instead.
				if r, ok := e.byID[RuleFieldIgnored]; ok && !ignored[RuleFieldIgnored] {
					c.rule = r
					c.Report(p.Path, "Kubernetes %s drops %s (its feature gate is off by default); the field exists in %s", e.model.v, p.Path, f.Range())
				}
				continue
			}
		}
		if r, ok := e.byID[p.RuleID]; ok && !ignored[p.RuleID] {
			c.rule = r
			c.ReportFix(p.Path, p.Fix, "%s", p.Message)
		}
	}
	for i := range e.rules {
		if ctx.Err() != nil {
			break
		}
		r := &e.rules[i]
		if ignored[r.ID] || !r.AppliesTo(kind) {
			continue
		}
		c.rule = r
		if r.Check != nil {
			r.Check(c)
		}
		if r.CheckUpdate != nil && old != nil && old.Kind() == kind {
			r.CheckUpdate(c)
		}
	}
	SortFindings(c.findings)
	return c.findings
}

// suppressed is the set of rule IDs obj's IgnoreAnnotation names, nil when there are none or
// suppressions are not honoured.
func (e *Engine) suppressed(obj *Object) map[string]bool {
	if !e.honour || obj == nil || (obj.Job == nil && obj.CronJob == nil) {
		return nil
	}
	ids := annotationRuleIDs(obj.Meta().Annotations[IgnoreAnnotation])
	if len(ids) == 0 {
		return nil
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// annotationRuleIDs splits an IgnoreAnnotation value into its rule IDs.
func annotationRuleIDs(v string) []string {
	if v == "" {
		return nil
	}
	var ids []string
	for _, id := range strings.Split(v, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// SortFindings orders findings by file, document, line, then rule ID and path.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Source.File != b.Source.File {
			return a.Source.File < b.Source.File
		}
		if a.Source.Document != b.Source.Document {
			return a.Source.Document < b.Source.Document
		}
		if a.Source.BestLine() != b.Source.BestLine() {
			return a.Source.BestLine() < b.Source.BestLine()
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Path < b.Path
	})
}

// Checker is what a rule sees: the object as written, the object with the server's defaults
// applied, the stored object on updates, and the policy values. Rules report through it.
type Checker struct {
	Obj          *Object
	Defaulted    *Object
	Old          *Object
	OldDefaulted *Object
	Policy       Policy
	// Now is the instant schedule rules reason from.
	Now time.Time
	// Version is the Kubernetes version the server-class rules decide for.
	Version kubeversion.Version

	rule     *Rule
	findings []Finding
	cache    *memo
	model    *versionModel
	sched    parsedSchedule
	seen     map[string]bool
}

// Creating reports whether the object is checked as a create (not as an update of Old).
func (c *Checker) Creating() bool { return c.Old == nil }

// Report records a finding of the current rule at path, with the rule's generic fix.
func (c *Checker) Report(path, format string, args ...any) {
	c.ReportFix(path, "", format, args...)
}

// ReportFix records a finding with a fix specific to this case (empty: the rule's fix).
func (c *Checker) ReportFix(path, fix, format string, args ...any) {
	c.reportAt(path, path, fix, fmt.Sprintf(format, args...))
}

// ReportAt records a finding whose path is the one the API server names (e.g.
// "spec.template.labels" for a Job name too long for its label) while the source line is that
// of linePath (e.g. "metadata.name"), where the user has to make the change.
func (c *Checker) ReportAt(path, linePath, format string, args ...any) {
	c.reportAt(path, linePath, "", fmt.Sprintf(format, args...))
}

func (c *Checker) reportAt(path, linePath, fix, msg string) {
	msg = ShortenValues(msg)
	if fix == "" {
		fix = c.rule.Fix
	}
	key := c.rule.ID + "\x00" + path + "\x00" + msg
	if c.seen[key] {
		return // the server reports some errors twice; one finding is enough
	}
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	c.seen[key] = true
	src := c.Obj.Source
	src.FieldLine = c.Obj.LineOf(linePath)
	c.findings = append(c.findings, Finding{
		RuleID:   c.rule.ID,
		Severity: c.rule.Severity,
		Class:    c.rule.Class,
		Path:     path,
		Message:  msg,
		Fix:      fix,
		Object:   c.Obj.Ref(),
		Source:   src,
	})
}

// MaxEchoedValue bounds, in runes, a value a finding's message repeats: longer runs of
// non-space characters (a 3 MiB name, say) are cut to this length, ending in "...", so messages
// and the webhook's answers stay small whatever the input. Field paths are far shorter.
const MaxEchoedValue = 200

// ShortenValues cuts every run of non-space characters in msg longer than MaxEchoedValue runes.
func ShortenValues(msg string) string {
	if len(msg) <= MaxEchoedValue {
		return msg
	}
	var b strings.Builder
	changed := false
	next := separatorFinder(msg)
	for i := 0; i < len(msg); {
		j := next(i)
		run := msg[i:j]
		if k, long := cutPoint(run); long {
			b.WriteString(run[:k])
			b.WriteString("...")
			changed = true
		} else {
			b.WriteString(run)
		}
		if j < len(msg) {
			b.WriteByte(msg[j])
			j++
		}
		i = j
	}
	if !changed {
		return msg
	}
	return b.String()
}

// separatorFinder returns a function giving the offset of the first space, newline or tab of msg
// at or after i (len(msg) if none), for non-decreasing i. It remembers where each separator
// comes next, so a whole message costs one fast byte search per separator occurrence, not one
// comparison loop per byte (a 3 MiB value is one run).
func separatorFinder(msg string) func(i int) int {
	seps := [...]byte{' ', '\n', '\t'}
	var at [len(seps)]int
	for k := range at {
		at[k] = -1
	}
	return func(i int) int {
		j := len(msg)
		for k, sep := range seps {
			if at[k] < i && at[k] != len(msg) {
				if n := strings.IndexByte(msg[i:], sep); n >= 0 {
					at[k] = i + n
				} else {
					at[k] = len(msg)
				}
			}
			j = min(j, at[k])
		}
		return j
	}
}

// cutPoint reports whether run is longer than MaxEchoedValue runes and, if so, the byte offset
// after its first MaxEchoedValue-3 runes. It reads at most MaxEchoedValue+1 runes of run.
func cutPoint(run string) (int, bool) {
	if len(run) <= MaxEchoedValue {
		return 0, false // no more runes than bytes
	}
	n, cut := 0, 0
	for k := range run {
		if n == MaxEchoedValue-3 {
			cut = k
		}
		if n == MaxEchoedValue {
			return cut, true // a rune beyond the limit starts at k
		}
		n++
	}
	return 0, false
}
