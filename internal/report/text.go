package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

type painter bool

func (p painter) paint(code, s string) string {
	if !p || s == "" {
		return s
	}
	return code + s + ansiReset
}

func severityColor(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return ansiRed
	case lint.SeverityWarning:
		return ansiYellow
	case lint.SeverityInfo:
		return ansiCyan
	}
	return ""
}

// textLine is one row of a file's group: a finding or an input error.
type textLine struct {
	line     int
	severity lint.Severity
	rule     string
	object   string
	text     string // "path: message" or the input error's message
	fix      string
}

// writeText renders the human format:
//
//	jobs/backup.yaml
//	  12:  error    job-ttl-missing  Job batch/backup  spec.ttlSecondsAfterFinished: ...
//	         fix: set spec.ttlSecondsAfterFinished
//
//	3 resources checked, 1 error, 0 warnings, 0 info
//
// With o.Verbose the documents skipped for not being Kubernetes objects are listed before the
// summary ("skipped, no apiVersion/kind:" and one "  FILE:LINE (document N)" each).
// Groups come in fileOrder; within a group findings keep the order given and each input error is
// placed before the first finding with a greater line (input errors without a line come first).
// Line "-" means the line is unknown.
func writeText(w io.Writer, r Result, o Options) error {
	bw := bufio.NewWriter(w)
	p := painter(o.Color)
	groups := map[string][]textLine{}
	for _, f := range r.Findings {
		k := normFile(f.Source.File)
		text := f.Message
		if f.Path != "" {
			text = f.Path + ": " + f.Message
		}
		groups[k] = append(groups[k], textLine{line: f.Source.BestLine(), severity: f.Severity, rule: f.RuleID, object: f.Object.String(), text: text, fix: f.Fix})
	}
	for _, e := range r.Errors {
		// Before the first finding further down the file; errors without a line go first.
		k := normFile(e.File)
		g := groups[k]
		i := 0
		if e.Line > 0 {
			for i < len(g) && (g[i].rule == InputErrorRule || g[i].line <= e.Line) {
				i++
			}
		} else {
			for i < len(g) && g[i].rule == InputErrorRule && g[i].line <= 0 {
				i++
			}
		}
		l := textLine{line: e.Line, severity: lint.SeverityError, rule: InputErrorRule, text: e.Message}
		groups[k] = append(g[:i], append([]textLine{l}, g[i:]...)...)
	}
	for _, file := range fileOrder(r) {
		lines := groups[file]
		width := 1
		for _, l := range lines {
			width = max(width, len(lineLabel(l.line)))
		}
		bw.WriteString(p.paint(ansiBold, displayFile(file)))
		bw.WriteByte('\n')
		for _, l := range lines {
			label := lineLabel(l.line)
			bw.WriteString("  ")
			bw.WriteString(strings.Repeat(" ", width-len(label)))
			bw.WriteString(label)
			bw.WriteString(":  ")
			sev := l.severity.String()
			bw.WriteString(p.paint(severityColor(l.severity), sev))
			bw.WriteString(strings.Repeat(" ", max(len("warning")-len(sev), 0)+2))
			bw.WriteString(l.rule)
			if l.object != "" {
				bw.WriteString("  ")
				bw.WriteString(l.object)
			}
			bw.WriteString("  ")
			bw.WriteString(oneLine(l.text))
			bw.WriteByte('\n')
			if l.fix != "" {
				bw.WriteString(strings.Repeat(" ", 2+width+3))
				bw.WriteString("fix: ")
				bw.WriteString(oneLine(l.fix))
				bw.WriteByte('\n')
			}
		}
		bw.WriteByte('\n')
	}
	if o.Verbose && len(r.NonManifestDocuments) > 0 {
		bw.WriteString("skipped, no apiVersion/kind:\n")
		for _, d := range r.NonManifestDocuments {
			bw.WriteString("  " + location(displayFile(d.File), d.Line) + " (document " + strconv.Itoa(d.Document) + ")\n")
		}
		bw.WriteByte('\n')
	}
	bw.WriteString(summary(r, p))
	bw.WriteByte('\n')
	return bw.Flush()
}

func lineLabel(n int) string {
	if n <= 0 {
		return "-"
	}
	return strconv.Itoa(n)
}

// oneLine keeps a multi-line message on its row by indenting its continuation lines.
func oneLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return strings.ReplaceAll(s, "\n", "\n      ")
}

// summary is the closing line of text and github output.
func summary(r Result, p painter) string {
	var parts []string
	checked := plural(r.Resources, "resource", "resources") + " checked"
	if r.KubernetesVersion != "" {
		checked += " for Kubernetes " + r.KubernetesVersion
	}
	parts = append(parts, checked)
	if len(r.Findings) == 0 && len(r.Errors) == 0 {
		parts = append(parts, p.paint(ansiGreen, "no problems found"))
	} else {
		count := func(n int, one, many, color string) string {
			s := plural(n, one, many)
			if n > 0 {
				return p.paint(color, s)
			}
			return s
		}
		parts = append(parts,
			count(r.ErrorCount(), "error", "errors", ansiRed),
			count(r.WarningCount(), "warning", "warnings", ansiYellow),
			count(r.InfoCount(), "info", "info", ansiCyan))
	}
	if r.Skipped > 0 {
		parts = append(parts, strconv.Itoa(r.Skipped)+" skipped (not Jobs or CronJobs)")
	}
	if n := len(r.NonManifestDocuments); n > 0 {
		parts = append(parts, plural(n, "document", "documents")+" skipped (no apiVersion/kind)")
	}
	if n := len(r.Errors); n > 0 {
		parts = append(parts, p.paint(ansiRed, plural(n, "input error", "input errors")))
	}
	return strings.Join(parts, ", ")
}
