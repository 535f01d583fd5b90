package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

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

	// Each suite's counts are known before its test cases are built, so the cases are encoded one
	// at a time and the document is never held whole (50,000 resources: 16 MB less at peak).
	type suite struct {
		name      string
		errs      []InputError
		resources []*resource
		cases     []junitCase // only the last suite's fixed case
	}
	suites := map[string]*suite{}
	var order []*suite
	for _, file := range fileOrder(r) {
		s := &suite{name: displayFile(file)}
		suites[file] = s
		order = append(order, s)
	}
	for _, e := range r.Errors {
		s := suites[normFile(e.File)]
		s.errs = append(s.errs, e)
	}
	for _, res := range resources {
		s := suites[res.file]
		s.resources = append(s.resources, res)
	}
	clean := r.Resources - len(resources)
	if clean > 0 || len(order) == 0 {
		s := &suite{name: toolName}
		name := plural(clean, "resource", "resources") + " without findings"
		if len(order) == 0 {
			name = "all resources (" + plural(r.Resources, "resource", "resources") + " checked)"
		}
		s.cases = append(s.cases, junitCase{Classname: toolName, Name: name})
		order = append(order, s)
	}

	errorCase := func(s *suite, e InputError) junitCase {
		name := InputErrorRule
		if e.Line > 0 {
			name += " (line " + strconv.Itoa(e.Line) + ")"
		}
		return junitCase{
			Classname: s.name,
			Name:      name,
			Error: &junitProblem{
				Message: e.Message,
				Type:    InputErrorRule,
				Text:    xmlSafe(location(s.name, e.Line) + "\n" + e.Message + "\n"),
			},
		}
	}
	resourceCase := func(s *suite, res *resource) junitCase {
		c := junitCase{Classname: s.name, Name: res.name}
		var fails []lint.Finding
		var out strings.Builder
		for _, f := range res.finds {
			if failsAt(f, o.FailOn) {
				fails = append(fails, f)
				continue
			}
			out.WriteString(junitDetail(s.name, f))
		}
		if len(fails) > 0 {
			msg := fails[0].RuleID + ": " + fails[0].Message
			if len(fails) > 1 {
				msg += fmt.Sprintf(" (+%d more)", len(fails)-1)
			}
			var text strings.Builder
			for _, f := range fails {
				text.WriteString(junitDetail(s.name, f))
			}
			c.Failure = &junitProblem{Message: msg, Type: fails[0].RuleID, Text: xmlSafe(text.String())}
		}
		if out.Len() > 0 {
			c.SystemOut = &junitText{Text: xmlSafe(out.String())}
		}
		return c
	}
	failing := func(res *resource) bool {
		for _, f := range res.finds {
			if failsAt(f, o.FailOn) {
				return true
			}
		}
		return false
	}

	type counts struct{ tests, failures, errors int }
	suiteCounts := make([]counts, len(order))
	var total counts
	for i, s := range order {
		c := counts{tests: len(s.errs) + len(s.resources) + len(s.cases), errors: len(s.errs)}
		for _, res := range s.resources {
			if failing(res) {
				c.failures++
			}
		}
		suiteCounts[i] = c
		total.tests += c.tests
		total.failures += c.failures
		total.errors += c.errors
	}
	attrs := func(name string, c counts, skipped bool) []xml.Attr {
		a := []xml.Attr{
			{Name: xml.Name{Local: "name"}, Value: name},
			{Name: xml.Name{Local: "tests"}, Value: strconv.Itoa(c.tests)},
			{Name: xml.Name{Local: "failures"}, Value: strconv.Itoa(c.failures)},
			{Name: xml.Name{Local: "errors"}, Value: strconv.Itoa(c.errors)},
		}
		if skipped {
			a = append(a, xml.Attr{Name: xml.Name{Local: "skipped"}, Value: "0"})
		}
		return a
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	root := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: attrs(toolName, total, false)}
	if err := enc.EncodeToken(root); err != nil {
		return err
	}
	testcase := xml.StartElement{Name: xml.Name{Local: "testcase"}}
	for i, s := range order {
		start := xml.StartElement{Name: xml.Name{Local: "testsuite"}, Attr: attrs(s.name, suiteCounts[i], true)}
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		for _, e := range s.errs {
			if err := enc.EncodeElement(errorCase(s, e), testcase); err != nil {
				return err
			}
		}
		for _, res := range s.resources {
			if err := enc.EncodeElement(resourceCase(s, res), testcase); err != nil {
				return err
			}
		}
		for _, c := range s.cases {
			if err := enc.EncodeElement(c, testcase); err != nil {
				return err
			}
		}
		if err := enc.EncodeToken(start.End()); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
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
