package decision

import (
	"fmt"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

// MaxWarningLength is the longest warning admission returns, in characters.
const MaxWarningLength = 120

// MaxWarnings bounds the warnings of one response; the rest are summarised in one more line.
const MaxWarnings = 20

// HowToProceed is the "to proceed" text of a denial for finding f of an object of kind (Job or
// CronJob): the finding's fix, except that immutable-field findings always offer both ways out
// (keep the stored value, or delete and recreate), and a finding without a fix points to
// kubectl batch explain.
func HowToProceed(f lint.Finding, kind string) string {
	fix := f.Fix
	if f.RuleID == lint.RulePolicyImmutable || f.RuleID == lint.RuleJobImmutable {
		if !strings.Contains(fix, "delete") {
			fix = fmt.Sprintf("keep the field's stored value, or delete and recreate the %s (kubectl delete %s NAME, then apply), or create a new %s under a new name", kind, strings.ToLower(kind), kind)
		}
	}
	if fix == "" {
		fix = "see kubectl batch explain " + f.RuleID
	}
	return fix
}

// DenialMessage is the message of a denial of ref for the denying findings: per finding, the
// field, what is wrong with its value and why, the rule, and how to proceed.
// The message is at most MaxDenialMessage bytes: findings that do not fit are counted instead.
func DenialMessage(ref lint.ObjectRef, deny []lint.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "kubectl-batch denied %s: ", lint.ShortenValues(ref.String()))
	for i, f := range deny {
		part := fmt.Sprintf("%s (rule %s); to proceed: %s", withPath(f), f.RuleID, HowToProceed(f, ref.Kind))
		if i > 0 {
			part = "; " + part
		}
		if b.Len()+len(part) > MaxDenialMessage-64 && i > 0 {
			fmt.Fprintf(&b, "; and %d more findings not shown", len(deny)-i)
			break
		}
		b.WriteString(part)
	}
	return b.String()
}

// MaxDenialMessage bounds a denial's message, in bytes (the API server shows it to the user
// whole; values in findings are already shortened, see lint.ShortenValues).
const MaxDenialMessage = 16 << 10

// Warnings renders the warnings of a response: notes first (each prefixed "kubectl-batch: "),
// then one line per warning finding, at most MaxWarnings lines of at most MaxWarningLength
// characters, the last one saying how many more were not shown.
func Warnings(notes []string, warn []lint.Finding) []string {
	var out []string
	for _, n := range notes {
		out = append(out, Truncate("kubectl-batch: "+n))
	}
	for _, f := range warn {
		if len(out) < MaxWarnings {
			out = append(out, WarningLine(f))
		}
	}
	if n := len(notes) + len(warn); n > MaxWarnings {
		out = append(out[:MaxWarnings-1], fmt.Sprintf("kubectl-batch: %d more warnings not shown", n-MaxWarnings+1))
	}
	return out
}

// WarningLine renders a finding as one warning line of at most MaxWarningLength characters.
func WarningLine(f lint.Finding) string {
	return Truncate(f.RuleID + ": " + withPath(f))
}

func withPath(f lint.Finding) string {
	if f.Path != "" && !strings.HasPrefix(f.Message, f.Path) {
		return f.Path + ": " + f.Message
	}
	return f.Message
}

// Truncate cuts s to MaxWarningLength characters (runes), ending in "..." when cut, and replaces
// line breaks and other control characters, which HTTP warning headers cannot carry.
func Truncate(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	r := []rune(s)
	if len(r) <= MaxWarningLength {
		return s
	}
	return string(r[:MaxWarningLength-3]) + "..."
}
