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
// (warnings as ::warning, info as ::notice; for stdin, which GitHub cannot annotate, the
// message starts with "<stdin>:LINE: " instead of file= and line=), then the text summary line.
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
		writeGHCommand(bw, ghCommand(f.Severity), f.Source.File, f.Source.BestLine(), f.RuleID, msg)
	}
	bw.WriteString(summary(r, painter(o.Color)))
	bw.WriteByte('\n')
	return bw.Flush()
}

func writeGHCommand(w *bufio.Writer, cmd, file string, line int, title, msg string) {
	var props []string
	if !isStdin(file) {
		props = append(props, "file="+EscapeProperty(filepath.ToSlash(file)))
		if line > 0 {
			props = append(props, "line="+strconv.Itoa(line))
		}
	} else {
		// GitHub cannot place an annotation on stdin: say where it is in the message instead.
		msg = location(displayFile(file), line) + ": " + msg
	}
	props = append(props, "title="+EscapeProperty(title))
	w.WriteString("::" + cmd + " " + strings.Join(props, ",") + "::" + EscapeData(msg) + "\n")
}
