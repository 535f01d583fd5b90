package manifest

// YAML to JSON as kubectl's YAML reader (sigs.k8s.io/yaml) converts it: YAML 1.1 scalars,
// merge keys, and limits against alias bombs.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// converter writes a yaml.Node tree as JSON.
type converter struct {
	buf    *bytes.Buffer
	offset int
	depth  int
	nodes  int
}

// Limits that keep hostile documents ("billion laughs" alias bombs, deep nesting) cheap.
const (
	maxDepth     = 200
	maxNodes     = 200000
	maxJSONBytes = 32 << 20
)

func (c *converter) value(n *yaml.Node) error {
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxDepth {
		return fmt.Errorf("document nested deeper than %d levels", maxDepth)
	}
	if c.nodes++; c.nodes > maxNodes || c.buf.Len() > maxJSONBytes {
		return fmt.Errorf("document expands to more than %d values or %d MiB (YAML aliases?); not read", maxNodes, maxJSONBytes>>20)
	}
	n = resolveAlias(n)
	if n == nil {
		c.buf.WriteString("null")
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		return c.mapping(n)
	case yaml.SequenceNode:
		c.buf.WriteByte('[')
		for i, item := range n.Content {
			if i > 0 {
				c.buf.WriteByte(',')
			}
			if err := c.value(item); err != nil {
				return err
			}
		}
		c.buf.WriteByte(']')
		return nil
	case yaml.ScalarNode:
		c.scalar(n)
		return nil
	}
	return fmt.Errorf("line %d: unsupported YAML node", n.Line+c.offset)
}

func (c *converter) mapping(n *yaml.Node) error {
	c.buf.WriteByte('{')
	first := true
	var err error
	eachPair(n, func(k, v *yaml.Node) {
		if err != nil {
			return
		}
		if !first {
			c.buf.WriteByte(',')
		}
		first = false
		key, kerr := mapKey(k)
		if kerr != nil {
			err = fmt.Errorf("line %d: %v", k.Line+c.offset, kerr)
			return
		}
		writeJSONString(c.buf, key)
		c.buf.WriteByte(':')
		err = c.value(v)
	}, 0)
	c.buf.WriteByte('}')
	return err
}

// eachPair visits a mapping's pairs, expanding YAML merge keys ("<<: *anchor").
func eachPair(n *yaml.Node, fn func(k, v *yaml.Node), depth int) {
	if depth > 10 {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0) {
			v = resolveAlias(v)
			switch {
			case v == nil:
			case v.Kind == yaml.MappingNode:
				eachPair(v, fn, depth+1)
			case v.Kind == yaml.SequenceNode:
				for _, m := range v.Content {
					if m = resolveAlias(m); m != nil && m.Kind == yaml.MappingNode {
						eachPair(m, fn, depth+1)
					}
				}
			}
			continue
		}
		fn(k, v)
	}
}

// yaml11Bools are the plain scalars YAML 1.1 (and so kubectl's YAML reader) reads as booleans.
func yaml11Bool(s string) (bool, bool) {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE":
		return true, true
	case "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE":
		return false, true
	}
	return false, false
}

// jsonScalar is how a YAML scalar reads as JSON.
type jsonScalar uint8

const (
	jsonString jsonScalar = iota // text is the string's value
	jsonNull
	jsonBool  // text is "true" or "false"
	jsonInt   // text is a decimal integer
	jsonFloat // text is a JSON number
)

// scalarAsJSON classifies a scalar the way kubectl's YAML reader does: quoted and block scalars
// are strings, plain ones are resolved by their tag (YAML 1.1 booleans included).
func scalarAsJSON(n *yaml.Node) (jsonScalar, string) {
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 || n.Tag == "!!str" && n.Style != 0 {
		return jsonString, n.Value
	}
	switch n.Tag {
	case "!!null":
		return jsonNull, "null"
	case "!!bool":
		if b, ok := yaml11Bool(n.Value); ok {
			return jsonBool, strconv.FormatBool(b)
		}
	case "!!int":
		v := n.Value
		if strings.IndexByte(v, '_') >= 0 {
			v = strings.ReplaceAll(v, "_", "")
		}
		if isDecimal(v) {
			return jsonInt, v
		}
		if i, err := strconv.ParseInt(v, 0, 64); err == nil {
			return jsonInt, strconv.FormatInt(i, 10)
		}
		if u, err := strconv.ParseUint(v, 0, 64); err == nil {
			return jsonInt, strconv.FormatUint(u, 10)
		}
	case "!!float":
		if f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64); err == nil && !isInfOrNaN(f) {
			b, _ := json.Marshal(f)
			return jsonFloat, string(b)
		}
	case "!!str":
		if b, ok := yaml11Bool(n.Value); ok {
			return jsonBool, strconv.FormatBool(b)
		}
	}
	return jsonString, n.Value
}

// mapKey is the JSON key kubectl's YAML reader makes of a mapping key: plain scalars that YAML
// 1.1 reads as booleans or numbers become their text as sigs.k8s.io/yaml writes it ("y" becomes
// "true", "0x10" becomes "16", "1.50" becomes "1.5"); a null key is an error there too.
func mapKey(k *yaml.Node) (string, error) {
	if k = resolveAlias(k); k == nil || k.Kind != yaml.ScalarNode {
		return "", errors.New("a mapping key must be a string")
	}
	switch kind, text := scalarAsJSON(k); kind {
	case jsonString, jsonBool, jsonInt:
		return text, nil
	case jsonFloat:
		f, _ := strconv.ParseFloat(text, 64)
		return strconv.FormatFloat(f, 'g', -1, 32), nil
	default:
		return "", fmt.Errorf("unsupported mapping key %q", k.Value)
	}
}

// isDecimal reports whether s is an optionally negative decimal integer in canonical form (no
// leading zeros, no sign on zero, at most 18 digits so it fits int64): the common case, which
// needs no parsing to be written as JSON.
func isDecimal(s string) bool {
	d := s
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 18 || (d[0] == '0' && (len(d) > 1 || len(s) > 1)) {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}

func (c *converter) scalar(n *yaml.Node) {
	kind, text := scalarAsJSON(n)
	if kind == jsonString {
		writeJSONString(c.buf, text)
		return
	}
	c.buf.WriteString(text)
}

func isInfOrNaN(f float64) bool {
	return f != f || f > 1.7976931348623157e308 || f < -1.7976931348623157e308
}

// writeJSONString writes s as a JSON string without allocating for the common case.
func writeJSONString(buf *bytes.Buffer, s string) {
	if !utf8.ValidString(s) {
		b, _ := json.Marshal(s) // replaces invalid bytes with U+FFFD, as the API server would read them
		buf.Write(b)
		return
	}
	const hex = "0123456789abcdef"
	buf.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		buf.WriteString(s[start:i])
		switch c {
		case '"', '\\':
			buf.WriteByte('\\')
			buf.WriteByte(c)
		case '\n':
			buf.WriteString(`\n`)
		case '\r':
			buf.WriteString(`\r`)
		case '\t':
			buf.WriteString(`\t`)
		default:
			buf.WriteString(`\u00`)
			buf.WriteByte(hex[c>>4])
			buf.WriteByte(hex[c&0xf])
		}
		start = i + 1
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}
