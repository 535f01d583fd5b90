package explain

import (
	"encoding/json"
	"fmt"
	"github.com/kubectl-batch/kubectl-batch/internal/health"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

// Width is the width the text output fits in.
const Width = 80

// TextOptions set how WriteText renders.
type TextOptions struct {
	// Local is the viewer's zone for the times of live objects (nil: UTC).
	Local *time.Location
}

// WriteJSON writes the explanations as one List document.
func WriteJSON(w io.Writer, exps []*Explanation) error {
	if exps == nil {
		exps = []*Explanation{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(List{Kind: "ExplanationList", Items: exps})
}

// WriteText writes the explanations for people, each line at most Width columns (a single word
// longer than that, such as a long name, stays whole).
func WriteText(w io.Writer, exps []*Explanation, opt TextOptions) error {
	if opt.Local == nil {
		opt.Local = time.UTC
	}
	t := &textWriter{w: w, loc: opt.Local}
	for i, e := range exps {
		if i > 0 {
			t.blank()
			t.raw(strings.Repeat("-", Width))
			t.blank()
		}
		t.explanation(e)
	}
	return t.err
}

type textWriter struct {
	w   io.Writer
	loc *time.Location
	err error
}

func (t *textWriter) raw(s string) {
	if t.err == nil {
		_, t.err = io.WriteString(t.w, strings.TrimRight(s, " ")+"\n")
	}
}

func (t *textWriter) blank() { t.raw("") }

// line writes text wrapped at Width, every line indented by indent.
func (t *textWriter) line(indent int, text string) { t.hang(indent, indent, text) }

// hang writes text wrapped at Width: the first line indented by first, the others by rest.
func (t *textWriter) hang(first, rest int, text string) {
	if !strings.Contains(text, "\n") && first+utf8.RuneCountInString(text) <= Width {
		t.raw(strings.Repeat(" ", first) + text)
		return
	}
	lines := wrap(text, Width-first, Width-rest)
	for i, l := range lines {
		ind := first
		if i > 0 {
			ind = rest
		}
		t.raw(strings.Repeat(" ", ind) + l)
	}
}

// kv writes "key   value" with the value wrapped in its own column.
func (t *textWriter) kv(indent, keyWidth int, key, value string) {
	col := indent + keyWidth
	if utf8.RuneCountInString(key)+1 > keyWidth {
		col = indent + utf8.RuneCountInString(key) + 2
	}
	lines := wrap(value, Width-col, Width-(indent+keyWidth))
	for i, l := range lines {
		if i == 0 {
			t.raw(strings.Repeat(" ", indent) + pad(key, col-indent) + l)
		} else {
			t.raw(strings.Repeat(" ", indent+keyWidth) + l)
		}
	}
}

func pad(s string, n int) string {
	if k := utf8.RuneCountInString(s); k < n {
		return s + strings.Repeat(" ", n-k)
	}
	return s
}

// wrap breaks text into lines of at most first (then rest) columns at spaces. Words longer than
// a line are kept whole. Newlines in text start new lines.
func wrap(text string, first, rest int) []string {
	var out []string
	width := max(first, 10)
	for _, para := range strings.Split(text, "\n") {
		var cur strings.Builder
		n := 0
		for _, word := range strings.Fields(para) {
			wl := utf8.RuneCountInString(word)
			if n > 0 && n+1+wl > width {
				out = append(out, cur.String())
				cur.Reset()
				n = 0
				width = max(rest, 10)
			}
			if n > 0 {
				cur.WriteByte(' ')
				n++
			}
			cur.WriteString(word)
			n += wl
		}
		out = append(out, cur.String())
		width = max(rest, 10)
	}
	return out
}

func (t *textWriter) explanation(e *Explanation) {
	name := e.Name
	if e.Namespace != "" {
		name = e.Namespace + "/" + name
	}
	t.raw(e.Kind + " " + name)
	switch {
	case e.Live:
		t.line(2, "read from the cluster at "+e.Now.In(t.loc).Format(timeLayout))
	case e.Source != "":
		t.line(2, "from "+e.Source)
	}
	if e.KubernetesVersion != "" {
		t.line(2, "as Kubernetes "+e.KubernetesVersion+" handles it")
	}
	for _, w := range e.Warnings {
		t.hang(2, 4, "! "+w)
	}
	if n := len(e.ServerRejects); n > 0 && !e.Live {
		t.hang(2, 4, fmt.Sprintf("! The API server would reject this %s (%s); what follows explains it as written:", e.Kind, plural(n, "error")))
		for _, f := range e.ServerRejects {
			t.hang(4, 6, "- "+f.Path+": "+f.Message)
		}
	}
	if h := e.Health; h != nil {
		line := "Health: " + h.Verdict
		if h.Reason != "" {
			line += " (" + h.Reason + ")"
		}
		if h.Message != "" {
			line += ": " + h.Message
		}
		t.hang(2, 4, line)
	}
	if e.JobStatus != nil {
		t.jobStatus(e.JobStatus, e.Now)
	}
	if e.CronJobStatus != nil {
		t.cronJobStatus(e.CronJobStatus, e.Schedule, e.Now)
	}
	if e.Schedule != nil {
		t.schedule(e.Schedule, e.Now)
	}
	if e.CronJobStatus != nil {
		t.ownedJobs(e.CronJobStatus, e.Now)
	}

	t.blank()
	if e.Kind == lint.KindCronJob {
		t.raw("What each Job does")
	} else {
		t.raw("What it does")
	}
	t.line(2, e.Pattern.Summary)
	for _, d := range e.Pattern.Details {
		t.line(2, d)
	}

	t.blank()
	t.raw("When pods fail")
	t.failure(&e.Failure)

	t.blank()
	t.raw("When it is deleted")
	t.line(2, e.Cleanup.Summary)

	t.blank()
	t.spec(e)

	t.blank()
	t.findings(e.Findings)
}

func (t *textWriter) schedule(s *Schedule, now time.Time) {
	t.blank()
	t.raw("Schedule")
	zone := s.TimeZone
	if s.LocationAssumed {
		zone = "the controller's time zone"
	}
	t.line(2, fmt.Sprintf("%q in %s", s.Expression, zone))
	if s.Error != "" {
		t.line(2, "The schedule cannot be used: "+s.Error)
		return
	}
	t.line(2, s.Description)
	if !s.NeverFires && len(s.Next) > 0 {
		t.runs(s, now)
	}
	if len(s.DST) > 0 {
		t.line(2, "Daylight saving time changes in "+s.Location+" (next 12 months):")
		for _, n := range s.DST {
			t.hang(4, 6, "- "+n)
		}
	}
	for _, n := range s.Notes {
		t.line(2, n)
	}
}

func (t *textWriter) runs(s *Schedule, now time.Time) {
	loc := s.Location
	if s.LocationAssumed {
		loc = "UTC (assumed)"
	}
	// One column when the viewer's zone shows the same wall-clock times (e.g. UTC and Etc/UTC).
	both := false
	for _, r := range s.Next {
		both = both || r.Time.Format(runLayout) != r.Local.Format(runLayout)
	}
	if both {
		t.raw(fmt.Sprintf("  Next %s:", plural(len(s.Next), "run")))
		t.raw("    " + pad(loc, 28) + "your zone (" + s.LocalZone + ")")
	} else {
		t.raw(fmt.Sprintf("  Next %s (%s, the same in your zone):", plural(len(s.Next), "run"), loc))
	}
	for _, r := range s.Next {
		l := "    " + pad(r.Time.Format(runLayout), 28)
		if both {
			l += pad(r.Local.Format(runLayout), 28)
		}
		t.raw(l + relative(r.Time, now))
	}
}

func (t *textWriter) failure(f *Failure) {
	for i, s := range f.Summary {
		t.line(2, s)
		if i == 0 && len(f.Retries) > 0 {
			t.retries(f)
		}
		if strings.HasPrefix(s, "podFailurePolicy:") {
			for _, r := range f.PodFailurePolicy {
				t.hang(4, 6, "- "+r)
			}
		}
	}
}

func (t *textWriter) retries(f *Failure) {
	who := "Job controller, 10s doubling, capped at 10m"
	if f.BackoffBy == BackoffKubelet {
		who = "kubelet: the first restart at once, then 10s doubling, capped at 5m"
	}
	per := ""
	if f.BackoffLimitPerIndex != nil {
		per = " of an index"
	}
	t.line(2, "Back-off before each retry"+per+" ("+who+"):")
	const cell, perLine = 19, 4
	var b strings.Builder
	for i, r := range f.Retries {
		delay := fmtSeconds(r.DelaySeconds)
		if r.DelaySeconds == 0 {
			delay = "at once"
		}
		c := fmt.Sprintf("retry %2d: %s", r.Retry, delay)
		if i%perLine == perLine-1 || i == len(f.Retries)-1 {
			b.WriteString(c)
			t.raw("    " + b.String())
			b.Reset()
		} else {
			b.WriteString(pad(c, cell))
		}
	}
	if n := int32(len(f.Retries)); f.RetryCount > n {
		last := f.Retries[len(f.Retries)-1]
		t.raw(fmt.Sprintf("    retries %d-%d: %s each", n+1, f.RetryCount, fmtSeconds(last.DelaySeconds)))
	}
}

func (t *textWriter) spec(e *Explanation) {
	t.raw("Effective spec")
	t.line(2, "(default: filled in by the API server; not set: no value and no default)")
	type group struct {
		title, prefix string
		fields        []Field
	}
	// Groups, most specific prefix first.
	groups := []group{
		{title: "Pod template (spec.template.spec)", prefix: "spec.template.spec."},
		{title: "Job (spec)", prefix: "spec."},
	}
	if e.Kind == lint.KindCronJob {
		groups = []group{
			{title: "Pod template (spec.jobTemplate.spec.template.spec)", prefix: "spec.jobTemplate.spec.template.spec."},
			{title: "Job template (spec.jobTemplate.spec)", prefix: "spec.jobTemplate.spec."},
			{title: "CronJob (spec)", prefix: "spec."},
		}
	}
	for _, f := range e.Spec {
		for i := range groups {
			if strings.HasPrefix(f.Path, groups[i].prefix) {
				groups[i].fields = append(groups[i].fields, f)
				break
			}
		}
	}
	keyWidth := 0
	for _, g := range groups {
		for _, f := range g.fields {
			keyWidth = max(keyWidth, len(strings.TrimPrefix(f.Path, g.prefix))+2)
		}
	}
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if len(g.fields) == 0 {
			continue
		}
		t.raw("  " + g.title)
		for _, f := range g.fields {
			t.kv(4, keyWidth, strings.TrimPrefix(f.Path, g.prefix), fieldText(f))
		}
	}
}

func fieldText(f Field) string {
	var notes []string
	switch f.Origin {
	case OriginUnset:
		if f.Note != "" {
			return "not set: " + f.Note
		}
		return "not set"
	case OriginDefault:
		notes = append(notes, "default")
	case OriginJobDefault:
		notes = append(notes, "default, applied when the Job is created")
	}
	if f.Note != "" {
		notes = append(notes, f.Note)
	}
	v := f.Value
	if v == "" {
		v = `""`
	}
	if len(notes) > 0 {
		v += " (" + strings.Join(notes, "; ") + ")"
	}
	return v
}

func (t *textWriter) findings(fs []lint.Finding) {
	if len(fs) == 0 {
		t.raw("Lint findings: none")
		return
	}
	t.raw("Lint findings")
	for _, f := range fs {
		head := fmt.Sprintf("%s  %s", f.Severity, f.RuleID)
		if f.Path != "" {
			head += "  " + f.Path
		}
		if l := f.Source.BestLine(); l > 0 && f.Source.File != "" && f.Source.File != "cluster" {
			head += fmt.Sprintf("  (line %d)", l)
		}
		t.line(2, head)
		t.line(4, f.Message)
		if f.Fix != "" {
			t.hang(4, 9, "fix: "+f.Fix)
		}
	}
}

func (t *textWriter) when(tm time.Time, now time.Time) string {
	return tm.In(t.loc).Format(timeLayout) + " (" + relative(tm, now) + ")"
}

func (t *textWriter) jobStatus(s *JobStatus, now time.Time) {
	t.blank()
	head := "Status: " + s.Phase
	if s.FailureReason != "" {
		head += " (" + s.FailureReason + ")"
	}
	if w := s.Waiting; w != nil && s.FailureReason == "" {
		reason := w.Reason
		if reason == health.ReasonUnschedulable {
			reason = "unschedulable"
		}
		head = "Status: waiting: pod " + reason
	}
	t.raw(head)
	if w := s.Waiting; w != nil {
		what := "pod/" + w.Pod
		if w.Container != "" {
			what += " container " + w.Container
		}
		t.hang(2, 4, strings.TrimSuffix(what+" is "+w.Reason+": "+w.Message, ": "))
	}
	pods := fmt.Sprintf("Pods: %d active (%d ready), %d succeeded, %d failed", s.Active, s.Ready, s.Succeeded, s.Failed)
	if s.Terminating > 0 {
		pods += fmt.Sprintf(", %d terminating", s.Terminating)
	}
	t.line(2, pods)
	if s.Phase == PhasePending && s.Failed > 0 {
		t.line(2, "No pod is running: the Job controller is waiting out the back-off before the next retry.")
	}
	if s.CompletedIndexes != "" {
		t.line(2, "Completed indexes: "+s.CompletedIndexes)
	}
	if s.FailedIndexes != "" {
		t.line(2, "Failed indexes: "+s.FailedIndexes)
	}
	switch {
	case s.StartTime == nil:
		t.line(2, "Not started yet.")
	case s.FinishTime != nil:
		t.line(2, "Started:  "+t.when(*s.StartTime, now))
		t.line(2, "Finished: "+t.when(*s.FinishTime, now)+", after "+fmtSeconds(s.DurationSeconds))
	default:
		t.line(2, "Started:  "+t.when(*s.StartTime, now)+", running for "+fmtSeconds(s.DurationSeconds))
	}
	if s.FailureReason != "" || s.FailureMessage != "" {
		t.hang(2, 4, "Why it failed: "+strings.TrimSuffix(s.FailureReason+": "+s.FailureMessage, ": "))
	}
	if len(s.FailedPods) > 0 {
		t.line(2, "Failed pods (oldest first):")
		for _, p := range s.FailedPods {
			head := p.Name + "  " + p.Phase
			if p.Index != "" {
				head += "  index " + p.Index
			}
			if p.Reason != "" {
				head += "  " + p.Reason
			}
			t.line(4, head)
			if p.Message != "" {
				t.line(6, p.Message)
			}
			for _, c := range p.Containers {
				kind := "container"
				if c.Init {
					kind = "init container"
				}
				s := fmt.Sprintf("%s %s exited with code %d", kind, c.Name, c.ExitCode)
				if c.Signal != 0 {
					s += fmt.Sprintf(", signal %d", c.Signal)
				}
				if c.Reason != "" {
					s += " (" + c.Reason + ")"
				}
				if c.RestartCount > 0 {
					s += fmt.Sprintf(", restarted %s", plural(int(c.RestartCount), "time"))
				}
				if c.Message != "" {
					s += ": " + c.Message
				}
				t.hang(6, 8, s)
			}
		}
	}
	if len(s.Conditions) > 0 {
		t.line(2, "Conditions:")
		for _, c := range s.Conditions {
			head := c.Type + "=" + c.Status
			if c.Reason != "" {
				head += "  " + c.Reason
			}
			if !c.LastTransitionTime.IsZero() {
				head += "  " + c.LastTransitionTime.In(t.loc).Format(timeLayout)
			}
			t.line(4, head)
			if c.Message != "" {
				t.line(6, c.Message)
			}
		}
	}
	t.events(s.Events, "the Job and its pods")
}

func (t *textWriter) events(evs []Event, of string) {
	if len(evs) == 0 {
		t.line(2, "No recent events of "+of+".")
		return
	}
	t.line(2, "Recent events of "+of+" (newest last):")
	for _, e := range evs {
		head := e.Time.In(t.loc).Format("Jan 02 15:04:05") + "  " + e.Type + "  " + e.Reason + "  " + e.Object
		if e.Count > 1 {
			head += fmt.Sprintf("  (x%d)", e.Count)
		}
		t.line(4, head)
		if e.Message != "" {
			t.line(6, e.Message)
		}
	}
}

func (t *textWriter) cronJobStatus(s *CronJobStatus, sch *Schedule, now time.Time) {
	t.blank()
	t.raw("Status")
	kv := func(key, value string) { t.kv(2, 17, key, value) }
	if s.Suspended {
		kv("Suspended:", "yes, no runs start")
	} else {
		kv("Suspended:", "no")
	}
	if s.LastScheduleTime != nil {
		kv("Last scheduled:", t.when(*s.LastScheduleTime, now))
	} else {
		kv("Last scheduled:", "never")
	}
	if s.LastSuccessfulTime != nil {
		kv("Last successful:", t.when(*s.LastSuccessfulTime, now))
	} else {
		kv("Last successful:", "never")
	}
	if len(s.Active) == 0 {
		kv("Active Jobs:", "none")
	} else {
		kv("Active Jobs:", strings.Join(s.Active, ", "))
	}
	switch {
	case s.NextRun != nil && s.Suspended:
		kv("Next run:", "none while suspended (would be "+relative(*s.NextRun, now)+")")
	case s.NextRun != nil:
		kv("Next run:", t.when(*s.NextRun, now))
	case sch != nil && sch.Error != "":
		kv("Next run:", "none: the schedule cannot be used")
	default:
		kv("Next run:", "none: the schedule never fires")
	}
	since := "since the last schedule"
	if s.LastScheduleTime == nil {
		since = "since it was created"
	}
	switch {
	case s.MissedRuns == 0:
		kv("Missed runs:", "none "+since)
	case s.MissedRuns > s.MissedLimit:
		then := "so it records"
		if s.Suspended {
			then = "so when it is resumed, the controller records"
		}
		kv("Missed runs:", fmt.Sprintf("more than %d %s: over the controller's limit of %d (its estimate: %d), "+
			"%s a TooManyMissedTimes warning and starts only the most recent run",
			s.MissedLimit, since, s.MissedLimit, s.ControllerMissedEstimate, then))
	default:
		kv("Missed runs:", fmt.Sprintf("%d %s, of the %d the controller tolerates before it warns with TooManyMissedTimes",
			s.MissedRuns, since, s.MissedLimit))
	}
}

func (t *textWriter) ownedJobs(s *CronJobStatus, now time.Time) {
	t.blank()
	if len(s.Jobs) == 0 {
		t.raw("Jobs: none (the CronJob owns no Jobs now)")
	} else {
		t.raw("Jobs (oldest first)")
		nameWidth := 0
		for _, j := range s.Jobs {
			nameWidth = max(nameWidth, utf8.RuneCountInString(j.Name)+2)
		}
		for _, j := range s.Jobs {
			l := pad(j.Name, nameWidth) + pad(j.Phase, 11)
			if j.StartTime != nil {
				l += " started " + relative(*j.StartTime, now)
				if j.FinishTime != nil {
					l += ", took " + fmtSeconds(j.DurationSeconds)
				}
			}
			if j.Reason != "" {
				l += " (" + j.Reason + ")"
			}
			t.hang(2, 4, l)
		}
	}
	t.events(s.Events, "the CronJob and its Jobs")
}
