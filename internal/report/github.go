package report

import (
	"bufio"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// EscapeData escapes the message of a GitHub Actions workflow command.
func EscapeData(s string) string { return ghDataEscaper.Replace(s) }

// EscapeProperty escapes a property value (file, title, ...) of a workflow command.
func EscapeProperty(s string) string { return ghPropertyEscaper.Replace(s) }

func ghCommand(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return "error"
	case lint.SeverityWarning:
		return "warning"
	}
	return "notice"
}

// writeGitHub renders GitHub Actions workflow commands, one per input error and finding:
//
//	::error file=jobs/a.yaml,line=12,title=job-ttl-missing::message (path) — fix
//
// (warnings as ::warning, info as ::notice), then the text summary line. GitHub cannot place an
// annotation on stdin or on an object read from the cluster (--live), so those have no file=:
// for stdin the message starts with "<stdin>:LINE: ", for a live object the title names it
// ("title=job-ttl-missing: Job batch/cleanup").
func writeGitHub(w io.Writer, r Result, o Options) error {
	bw := bufio.NewWriter(w)
	for _, e := range r.Errors {
		writeGHCommand(bw, "error", e.File, e.Line, InputErrorRule, e.Message)
	}
	for _, f := range r.Findings {
		msg := f.Message
		if f.Path != "" {
			msg += " (" + f.Path + ")"
		}
		if f.Fix != "" {
			msg += " — " + f.Fix
		}
		if isLive(f.Source) {
			writeGHAnnotation(bw, ghCommand(f.Severity), nil, f.RuleID+": "+f.Object.String(), msg)
			continue
		}
		writeGHCommand(bw, ghCommand(f.Severity), f.Source.File, f.Source.BestLine(), f.RuleID, msg)
	}
	bw.WriteString(summary(r, painter(o.Color)))
	bw.WriteByte('\n')
	return bw.Flush()
}

// writeGHCommand writes an annotation on line of file; stdin, which GitHub cannot annotate, is
// named at the start of the message instead.
func writeGHCommand(w *bufio.Writer, cmd, file string, line int, title, msg string) {
	if isStdin(file) {
		writeGHAnnotation(w, cmd, nil, title, location(displayFile(file), line)+": "+msg)
		return
	}
	props := []string{"file=" + EscapeProperty(filepath.ToSlash(file))}
	if line > 0 {
		props = append(props, "line="+strconv.Itoa(line))
	}
	writeGHAnnotation(w, cmd, props, title, msg)
}

// writeGHAnnotation writes one workflow command with the location properties props (none: an
// annotation of the run, not of a file).
func writeGHAnnotation(w *bufio.Writer, cmd string, props []string, title, msg string) {
	props = append(props, "title="+EscapeProperty(title))
	w.WriteString("::" + cmd + " " + strings.Join(props, ",") + "::" + EscapeData(msg) + "\n")
}
