package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

// junitText is element text kept readable: CDATA, so newlines are not written as &#xA;.
type junitText struct {
	Text string `xml:",cdata"`
}

// junitProblem is a <failure> or an <error>.
type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// writeJUnit renders JUnit XML whose counts agree with the exit code: a <testsuites> root with
// totals, one <testsuite> per file (in fileOrder, stdin named "<stdin>") and in it:
//
//   - one <testcase> per input error, with an <error> of type "input-error" (input errors exit
//     2, and are the only <error>s);
//   - one <testcase> per resource that has findings, named "Kind ns/name (document N)". It fails
//     when it has findings at or above o.FailOn (--fail-on; those exit 1): a single <failure>
//     (JUnit allows one) whose type and message are the first such finding's rule ID and
//     "rule-id: message" (with "(+N more)" if there are several) and whose text details each of
//     them with its path, line and fix. Findings below the threshold go to <system-out>, so a
//     resource with only those passes.
//
// So failures="0" exactly when no finding fails the run, and errors="0" exactly when no input
// error does. Resources without findings cannot be attributed to a file, so they are summed up
// in one passing testcase "N resources without findings" in a last suite named "kubectl-batch";
// that suite also carries an "all resources" testcase when there is nothing else to report, so
// the document never has zero tests.
func writeJUnit(w io.Writer, r Result, o Options) error {
	type resource struct {
		file  string
		name  string
		finds []lint.Finding
	}
	var resources []*resource
	byKey := map[string]*resource{}
	for _, f := range r.Findings {
		file := normFile(f.Source.File)
		name := f.Object.String()
		if f.Source.Document > 0 {
			name += " (document " + strconv.Itoa(f.Source.Document) + ")"
		}
		key := file + "\x00" + name
		res := byKey[key]
		if res == nil {
			res = &resource{file: file, name: name}
			byKey[key] = res
			resources = append(resources, res)
		}
		res.finds = append(res.finds, f)
	}

	suites := map[string]*junitSuite{}
	var order []*junitSuite
	for _, file := range fileOrder(r) {
		s := &junitSuite{Name: displayFile(file)}
		suites[file] = s
		order = append(order, s)
	}
	for _, e := range r.Errors {
		s := suites[normFile(e.File)]
		msg := e.Message
		name := InputErrorRule
		if e.Line > 0 {
			name += " (line " + strconv.Itoa(e.Line) + ")"
		}
		s.Cases = append(s.Cases, junitCase{
			Classname: s.Name,
			Name:      name,
			Error: &junitProblem{
				Message: msg,
				Type:    InputErrorRule,
				Text:    xmlSafe(location(s.Name, e.Line) + "\n" + msg + "\n"),
			},
		})
	}
	for _, res := range resources {
		s := suites[res.file]
		c := junitCase{Classname: s.Name, Name: res.name}
		var fails []lint.Finding
		var out strings.Builder
		for _, f := range res.finds {
			if failsAt(f, o.FailOn) {
				fails = append(fails, f)
				continue
			}
			out.WriteString(junitDetail(s.Name, f))
		}
		if len(fails) > 0 {
			msg := fails[0].RuleID + ": " + fails[0].Message
			if len(fails) > 1 {
				msg += fmt.Sprintf(" (+%d more)", len(fails)-1)
			}
			var text strings.Builder
			for _, f := range fails {
				text.WriteString(junitDetail(s.Name, f))
			}
			c.Failure = &junitProblem{Message: msg, Type: fails[0].RuleID, Text: xmlSafe(text.String())}
		}
		if out.Len() > 0 {
			c.SystemOut = &junitText{Text: xmlSafe(out.String())}
		}
		s.Cases = append(s.Cases, c)
	}

	clean := r.Resources - len(resources)
	if clean > 0 || len(order) == 0 {
		s := &junitSuite{Name: toolName}
		name := plural(clean, "resource", "resources") + " without findings"
		if len(order) == 0 {
			name = "all resources (" + plural(r.Resources, "resource", "resources") + " checked)"
		}
		s.Cases = append(s.Cases, junitCase{Classname: toolName, Name: name})
		order = append(order, s)
	}

	root := junitSuites{Name: toolName}
	for _, s := range order {
		s.Tests = len(s.Cases)
		for _, c := range s.Cases {
			if c.Failure != nil {
				s.Failures++
			}
			if c.Error != nil {
				s.Errors++
			}
		}
		root.Tests += s.Tests
		root.Failures += s.Failures
		root.Errors += s.Errors
		root.Suites = append(root.Suites, *s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitDetail is one finding as a block of failure or system-out text.
func junitDetail(file string, f lint.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s at %s\n", f.Severity, f.RuleID, location(file, f.Source.BestLine()))
	if f.Path != "" {
		b.WriteString(f.Path + ": ")
	}
	b.WriteString(f.Message + "\n")
	if f.Fix != "" {
		b.WriteString("fix: " + f.Fix + "\n")
	}
	return b.String()
}

// xmlSafe replaces characters XML 1.0 cannot hold (most control characters) with U+FFFD: CDATA
// sections are written verbatim.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}

func location(file string, line int) string {
	if line > 0 {
		return file + ":" + strconv.Itoa(line)
	}
	return file
}
