package manifest

// Strict decoding of a document's JSON into the typed object, as the API server decodes with
// strict field validation: unknown, repeated and mistyped fields become Problems.

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	sigsjson "sigs.k8s.io/json"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

var typeErrorRE = regexp.MustCompile(`cannot unmarshal (\S+) into Go (?:struct field \S*?\.|value of type )(\S*?)(?: of type (\S+))?$`)

// maxTypeErrors bounds how many mistyped fields one object reports.
const maxTypeErrors = 20

// strictDecode unmarshals JSON into target the way kube-apiserver's strict field validation does
// and turns unknown, duplicate and mistyped fields into problems. encoding/json stops checking
// strictly at the first type error, so each mistyped field is removed and decoding repeated:
// every type error and every unknown field is reported.
func strictDecode(data []byte, target any, kind string) []lint.Problem {
	var problems []lint.Problem
	var generic any // decoded lazily, only when a type error needs removing
	for attempt := 0; ; attempt++ {
		strictErrs, err := sigsjson.UnmarshalStrict(data, target)
		if err == nil {
			problems = append(problems, strictProblems(strictErrs, kind)...)
			return problems
		}
		m := typeErrorRE.FindStringSubmatch(err.Error())
		if m == nil || attempt >= maxTypeErrors {
			problems = append(problems, lint.Problem{RuleID: lint.RuleWrongType,
				Message: "cannot decode " + kind + ": " + strings.TrimPrefix(err.Error(), "json: ")})
			return problems
		}
		got, path, want := m[1], m[2], m[3]
		if generic == nil {
			if json.Unmarshal(data, &generic) != nil {
				return problems
			}
		}
		indexed, removed := removeField(generic, strings.Split(path, "."), "")
		if !removed {
			problems = append(problems, lint.Problem{RuleID: lint.RuleWrongType, Path: path,
				Message: fmt.Sprintf("%s must be %s, not a %s", path, describeGoType(want), got)})
			return problems
		}
		problems = append(problems, lint.Problem{RuleID: lint.RuleWrongType, Path: indexed,
			Message: fmt.Sprintf("%s must be %s, not a %s", indexed, describeGoType(want), got),
			Fix:     fmt.Sprintf("write %s as %s (numbers and booleans without quotes)", indexed, describeGoType(want))})
		if data, err = json.Marshal(generic); err != nil {
			return problems
		}
		reset(target)
	}
}

// reset zeroes a pointer's target before decoding again.
func reset(target any) {
	switch t := target.(type) {
	case *batchv1.Job:
		*t = batchv1.Job{}
	case *batchv1.CronJob:
		*t = batchv1.CronJob{}
	}
}

// removeField deletes the field at segs from decoded JSON, descending into every element of
// lists on the way (JSON type errors name the field without list indexes). It returns the path
// of the first occurrence removed, with list indexes, and whether anything was removed.
func removeField(v any, segs []string, prefix string) (string, bool) {
	switch t := v.(type) {
	case map[string]any:
		child, ok := t[segs[0]]
		if !ok {
			return "", false
		}
		p := segs[0]
		if prefix != "" {
			p = prefix + "." + segs[0]
		}
		if len(segs) == 1 {
			delete(t, segs[0])
			return p, true
		}
		return removeField(child, segs[1:], p)
	case []any:
		for i, item := range t {
			// Only the first offender: the next attempt reports the others.
			if p, ok := removeField(item, segs, fmt.Sprintf("%s[%d]", prefix, i)); ok {
				return p, true
			}
		}
	}
	return "", false
}

func strictProblems(strictErrs []error, kind string) []lint.Problem {
	var problems []lint.Problem
	for _, se := range strictErrs {
		path := ""
		if fe, ok := se.(sigsjson.FieldError); ok {
			path = fe.FieldPath()
		}
		msg := strings.TrimPrefix(se.Error(), "json: ")
		if strings.HasPrefix(msg, "unknown field") {
			p := lint.Problem{RuleID: lint.RuleUnknownField, Path: path,
				Message: fmt.Sprintf("unknown field %q: kubectl apply (strict field validation) rejects it", path)}
			if s := suggestField(kind, path); s != "" {
				p.Fix = fmt.Sprintf("did you mean %q?", s)
			}
			problems = append(problems, p)
			continue
		}
		problems = append(problems, lint.Problem{RuleID: lint.RuleUnknownField, Path: path, Message: msg})
	}
	return problems
}

func describeGoType(t string) string {
	switch {
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint"):
		return "an integer"
	case t == "bool":
		return "a boolean (true or false)"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map"):
		return "a map"
	case t == "":
		return "another type"
	}
	return "an object (" + t + ")"
}
