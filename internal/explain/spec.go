package explain

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
)

// specFields lists the effective spec. For each field, the value comes from the effective view;
// the origin says whether it was written (or stored), filled in by the server, or filled in when
// the CronJob controller creates the Job.
func specFields(v *views) []Field {
	var out []Field
	if cj := v.cron; cj != nil {
		d := v.cronDef
		add := func(f Field) { out = append(out, f) }
		add(Field{Path: "spec.schedule", Value: cj.Spec.Schedule, Origin: originStr(cj.Spec.Schedule, "")})
		add(field("spec.timeZone", cj.Spec.TimeZone, d.Spec.TimeZone, d.Spec.TimeZone, func(s string) string { return s },
			"the controller's time zone"))
		add(Field{Path: "spec.concurrencyPolicy", Value: string(d.Spec.ConcurrencyPolicy),
			Origin: originStr(string(cj.Spec.ConcurrencyPolicy), string(d.Spec.ConcurrencyPolicy))})
		add(field("spec.suspend", cj.Spec.Suspend, d.Spec.Suspend, d.Spec.Suspend, strconv.FormatBool, ""))
		add(withNote(field("spec.startingDeadlineSeconds", cj.Spec.StartingDeadlineSeconds, d.Spec.StartingDeadlineSeconds,
			d.Spec.StartingDeadlineSeconds, fmtInt[int64], "a late run may start any time after its schedule"), secondsNote64))
		add(field("spec.successfulJobsHistoryLimit", cj.Spec.SuccessfulJobsHistoryLimit, d.Spec.SuccessfulJobsHistoryLimit,
			d.Spec.SuccessfulJobsHistoryLimit, fmtInt[int32], ""))
		add(field("spec.failedJobsHistoryLimit", cj.Spec.FailedJobsHistoryLimit, d.Spec.FailedJobsHistoryLimit,
			d.Spec.FailedJobsHistoryLimit, fmtInt[int32], ""))
	}
	return append(out, jobSpecFields(v)...)
}

func jobSpecFields(v *views) []Field {
	w, s, e, p := v.written, v.server, v.effective, v.prefix+"."
	var out []Field
	add := func(f Field) { out = append(out, f) }
	add(field(p+"parallelism", w.Parallelism, s.Parallelism, e.Parallelism, fmtInt[int32], ""))
	add(field(p+"completions", w.Completions, s.Completions, e.Completions, fmtInt[int32],
		"work queue, done when any pod succeeds"))
	add(field(p+"completionMode", w.CompletionMode, s.CompletionMode, e.CompletionMode, fmtString[batchv1.CompletionMode], ""))
	bl := field(p+"backoffLimit", w.BackoffLimit, s.BackoffLimit, e.BackoffLimit, fmtInt[int32], "")
	if e.BackoffLimitPerIndex != nil && deref(e.BackoffLimit) == math.MaxInt32 {
		bl.Note = "no overall limit: backoffLimitPerIndex applies"
	}
	add(bl)
	if e.BackoffLimitPerIndex != nil {
		add(field(p+"backoffLimitPerIndex", w.BackoffLimitPerIndex, s.BackoffLimitPerIndex, e.BackoffLimitPerIndex, fmtInt[int32], ""))
		add(field(p+"maxFailedIndexes", w.MaxFailedIndexes, s.MaxFailedIndexes, e.MaxFailedIndexes, fmtInt[int32],
			"no limit on failed indexes"))
	}
	add(withNote(field(p+"activeDeadlineSeconds", w.ActiveDeadlineSeconds, s.ActiveDeadlineSeconds, e.ActiveDeadlineSeconds,
		fmtInt[int64], "no time limit"), secondsNote64))
	ttlUnset := "never deleted automatically"
	if v.cron != nil || v.ownerCronJob != "" {
		ttlUnset = "the CronJob's history limits delete it"
	}
	add(withNote(field(p+"ttlSecondsAfterFinished", w.TTLSecondsAfterFinished, s.TTLSecondsAfterFinished,
		e.TTLSecondsAfterFinished, fmtInt[int32], ttlUnset), secondsNote32))
	add(field(p+"suspend", w.Suspend, s.Suspend, e.Suspend, strconv.FormatBool, ""))
	add(field(p+"podReplacementPolicy", w.PodReplacementPolicy, s.PodReplacementPolicy, e.PodReplacementPolicy,
		fmtString[batchv1.PodReplacementPolicy], ""))
	limit := "backoffLimit"
	if e.BackoffLimitPerIndex != nil {
		limit = "backoffLimitPerIndex"
	}
	add(field(p+"podFailurePolicy", w.PodFailurePolicy, s.PodFailurePolicy, e.PodFailurePolicy,
		func(pf batchv1.PodFailurePolicy) string { return plural(len(pf.Rules), "rule") },
		"every failed pod counts against "+limit))
	if e.SuccessPolicy != nil {
		add(field(p+"successPolicy", w.SuccessPolicy, s.SuccessPolicy, e.SuccessPolicy,
			func(sp batchv1.SuccessPolicy) string { return plural(len(sp.Rules), "rule") }, ""))
	}
	add(field(p+"manualSelector", w.ManualSelector, s.ManualSelector, e.ManualSelector, strconv.FormatBool, ""))
	if e.ManagedBy != nil {
		f := field(p+"managedBy", w.ManagedBy, s.ManagedBy, e.ManagedBy, func(s string) string { return s }, "")
		if *e.ManagedBy != "kubernetes.io/job-controller" {
			f.Note = "the built-in Job controller leaves this Job alone"
		}
		add(f)
	}
	add(Field{Path: p + "template.spec.restartPolicy", Value: string(s.Template.Spec.RestartPolicy),
		Origin: originStr(string(w.Template.Spec.RestartPolicy), string(s.Template.Spec.RestartPolicy))})
	var cs []string
	for _, c := range s.Template.Spec.Containers {
		img := c.Image
		if img == "" {
			img = "no image"
		}
		cs = append(cs, c.Name+" ("+img+")")
	}
	if len(cs) > 0 {
		add(Field{Path: p + "template.spec.containers", Value: strings.Join(cs, ", "), Origin: OriginSet})
	}
	return out
}

// field builds a Field from the written, server-defaulted and effective values of a pointer.
func field[T any](path string, w, s, e *T, format func(T) string, unsetNote string) Field {
	switch {
	case e == nil:
		return Field{Path: path, Origin: OriginUnset, Note: unsetNote}
	case w != nil:
		return Field{Path: path, Value: format(*e), Origin: OriginSet}
	case s != nil:
		return Field{Path: path, Value: format(*e), Origin: OriginDefault}
	}
	return Field{Path: path, Value: format(*e), Origin: OriginJobDefault}
}

// withNote adds a note computed from the value (e.g. "5m" for 300 seconds).
func withNote(f Field, note func(string) string) Field {
	if f.Origin != OriginUnset && f.Note == "" {
		f.Note = note(f.Value)
	}
	return f
}

func secondsNote64(v string) string {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 60 {
		return ""
	}
	return fmtDuration(time.Duration(n) * time.Second)
}

func secondsNote32(v string) string { return secondsNote64(v) }

func originStr(written, server string) string {
	switch {
	case written != "":
		return OriginSet
	case server != "":
		return OriginDefault
	}
	return OriginUnset
}

func fmtInt[T int32 | int64](v T) string { return strconv.FormatInt(int64(v), 10) }

func fmtString[T ~string](v T) string { return string(v) }

// plural renders "1 retry", "2 retries", "3 indexes", "4 pods".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	switch {
	case strings.HasSuffix(unit, "ry"):
		unit = strings.TrimSuffix(unit, "y") + "ie"
	case strings.HasSuffix(unit, "x"):
		unit += "e"
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
