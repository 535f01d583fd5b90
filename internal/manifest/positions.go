package manifest

// Source lines of field paths, resolved from the YAML node tree on demand.

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// positions resolves field paths against the document's node tree on demand (findings are few,
// fields many, so nothing is indexed up front).
type positions struct {
	root   *yaml.Node
	offset int
}

// Line implements lint.Positions. Paths look like "spec.containers[0].image".
func (p *positions) Line(path string) int {
	n := p.root
	line := 0
	for path != "" {
		var seg string
		seg, path = nextSegment(path)
		n = resolveAlias(n)
		if n == nil {
			return 0
		}
		if strings.HasPrefix(seg, "[") {
			i, err := strconv.Atoi(seg[1 : len(seg)-1])
			if err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return 0
			}
			n = n.Content[i]
			line = n.Line
			continue
		}
		if n.Kind != yaml.MappingNode {
			return 0
		}
		var found *yaml.Node
		eachPair(n, func(k, v *yaml.Node) {
			if k.Value == seg {
				found, line = v, k.Line
			}
		}, 0)
		if found == nil {
			return 0
		}
		n = found
	}
	if line == 0 {
		return 0
	}
	return line + p.offset
}

// nextSegment splits "a.b[2].c" into "a" and "b[2].c", "[2].c" into "[2]" and "c".
func nextSegment(path string) (string, string) {
	if strings.HasPrefix(path, "[") {
		if i := strings.IndexByte(path, ']'); i > 0 {
			return path[:i+1], strings.TrimPrefix(path[i+1:], ".")
		}
		return path, ""
	}
	for i := 0; i < len(path); i++ {
		switch path[i] {
		case '.':
			return path[:i], path[i+1:]
		case '[':
			return path[:i], path[i:]
		}
	}
	return path, ""
}
