// Package sourcemap finds where the fields of a rendered object are written in the file it was
// rendered from, so that findings on objects from kustomize and Helm carry the file's lines: in
// a kustomize base the object is decoded and matched by kind and name; in a Helm template, which
// is not YAML until rendered, the keys of a field path are followed by indentation.
package sourcemap

import (
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/internal/manifest"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// Locator returns the positions of obj's fields in the source file and the line where obj
// starts there; nil and 0 when the file does not show it.
type Locator func(obj *lint.Object) (lint.Positions, int)

// Manifest locates objects in a YAML file (a kustomize base): the object of the same kind whose
// name the rendered name contains (kustomize adds prefixes and suffixes), or the only one of its
// kind.
func Manifest(file string) Locator {
	return func(obj *lint.Object) (lint.Positions, int) {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, 0
		}
		var best, only *lint.Object
		n := 0
		for _, o := range manifest.Decode(file, data).Objects {
			if o.Ref().Kind != obj.Ref().Kind {
				continue
			}
			n, only = n+1, o
			if name := o.Meta().Name; name != "" && strings.Contains(obj.Meta().Name, name) && (best == nil || len(name) > len(best.Meta().Name)) {
				best = o
			}
		}
		if best == nil && n == 1 {
			best = only
		}
		if best == nil {
			return nil, 0
		}
		return best.Positions, best.Source.Line
	}
}

// Template locates objects in a Helm template: the document whose top-level kind is obj's (the
// first, if several), and fields by their keys' indentation. Template actions may stand in for
// values; a field written inside an action (toYaml, include) is not found, and LineOf falls back
// to the nearest ancestor written literally.
func Template(file string) Locator {
	return func(obj *lint.Object) (lint.Positions, int) {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, 0
		}
		lines := strings.Split(string(data), "\n")
		for _, doc := range documents(lines) {
			if kindOf(lines, doc) == obj.Ref().Kind {
				return &textPositions{lines: lines, doc: doc}, doc.start + 1
			}
		}
		return nil, 0
	}
}

// span is a document's lines [start, end).
type span struct{ start, end int }

func documents(lines []string) []span {
	var out []span
	start := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "---") {
			out = append(out, span{start, i})
			start = i + 1
		}
	}
	return append(out, span{start, len(lines)})
}

var topKind = regexp.MustCompile(`^kind:\s*["']?([A-Za-z]+)`)

func kindOf(lines []string, doc span) string {
	for _, l := range lines[doc.start:doc.end] {
		if m := topKind.FindStringSubmatch(l); m != nil {
			return m[1]
		}
	}
	return ""
}

// textPositions follows field paths through a document's text by indentation.
type textPositions struct {
	lines []string
	doc   span
}

// Line implements lint.Positions for paths like "spec.template.spec.containers[0].image".
func (p *textPositions) Line(path string) int {
	from, to, indent := p.doc.start, p.doc.end, -1
	line := -1
	for _, seg := range segments(path) {
		item := strings.HasPrefix(seg, "[")
		if item {
			n, err := strconv.Atoi(strings.Trim(seg, "[]"))
			if err != nil {
				return 0
			}
			line = p.item(from, to, indent, n)
		} else {
			line = p.key(from, to, indent, seg)
		}
		if line < 0 {
			return 0
		}
		ind := indentOf(p.lines[line])
		if item {
			// The item's keys: on the dash's line and below, deeper than the dash.
			indent, from, to = ind, line, p.blockEnd(line, ind, false)
			continue
		}
		if strings.HasPrefix(strings.TrimLeft(p.lines[line], " "), "- ") {
			ind += 2 // a key on an item's first line sits past the dash
		}
		indent, from, to = ind, line+1, p.blockEnd(line, ind, true)
	}
	return line + 1
}

// key finds "seg:" at the first indentation deeper than indent within [from, to).
func (p *textPositions) key(from, to, indent int, seg string) int {
	want := -1
	for i := from; i < to; i++ {
		l := p.lines[i]
		text := strings.TrimLeft(l, " ")
		if text == "" || strings.HasPrefix(text, "#") || strings.HasPrefix(text, "{{") {
			continue
		}
		ind := indentOf(l)
		if strings.HasPrefix(text, "- ") {
			text, ind = strings.TrimLeft(text[2:], " "), ind+2
		}
		if ind <= indent {
			break
		}
		if want < 0 {
			want = ind
		}
		if ind == want && (strings.HasPrefix(text, seg+":") || strings.HasPrefix(text, `"`+seg+`":`)) {
			return i
		}
	}
	return -1
}

// item finds the n-th "- " item deeper than indent within [from, to).
func (p *textPositions) item(from, to, indent, n int) int {
	want, seen := -1, 0
	for i := from; i < to; i++ {
		l := p.lines[i]
		text := strings.TrimLeft(l, " ")
		if text == "" || strings.HasPrefix(text, "#") || strings.HasPrefix(text, "{{") {
			continue
		}
		ind := indentOf(l)
		if ind < indent || (ind == indent && !strings.HasPrefix(text, "- ")) {
			break
		}
		if !strings.HasPrefix(text, "- ") {
			continue
		}
		if want < 0 {
			want = ind
		}
		if ind == want {
			if seen == n {
				return i
			}
			seen++
		}
	}
	return -1
}

// blockEnd is the end of the block that line opens at indent: the next line indented less, or
// as much (except, under a key, the dashes of its list written at the key's indentation).
func (p *textPositions) blockEnd(line, indent int, underKey bool) int {
	for i := line + 1; i < p.doc.end; i++ {
		text := strings.TrimSpace(p.lines[i])
		if text == "" || strings.HasPrefix(text, "#") || strings.HasPrefix(text, "{{") {
			continue
		}
		ind := indentOf(p.lines[i])
		if ind < indent || (ind == indent && !(underKey && strings.HasPrefix(text, "- "))) {
			return i
		}
	}
	return p.doc.end
}

func indentOf(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }

// segments splits "a.b[2].c" into "a", "b", "[2]", "c".
func segments(path string) []string {
	var out []string
	for _, part := range strings.Split(path, ".") {
		for part != "" {
			i := strings.IndexByte(part, '[')
			switch {
			case i < 0:
				out = append(out, part)
				part = ""
			case i > 0:
				out = append(out, part[:i])
				part = part[i:]
			default:
				j := strings.IndexByte(part, ']')
				if j < 0 {
					return append(out, part)
				}
				out = append(out, part[:j+1])
				part = part[j+1:]
			}
		}
	}
	return out
}
