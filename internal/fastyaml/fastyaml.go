// Package fastyaml parses the small YAML subset that Kubernetes manifests almost always use,
// several times faster than go.yaml.in/yaml/v3, into the same yaml.Node tree yaml.v3 builds.
//
// Parse either returns a tree identical to what yaml.Unmarshal(doc, &node) produces (Kind, Tag,
// Value, Style, Line, Column and Content of every node; comments are not recorded), or an error
// wrapping ErrUnsupported, in which case the caller should parse doc with yaml.v3 instead.
// Malformed input also yields ErrUnsupported, so the caller gets yaml.v3's error message.
//
// The subset: one document whose root is a block mapping or block sequence; block mappings and
// sequences (including "- key: value" compact mappings and sequences indented at the level of
// their parent key); single-line plain, single-quoted and double-quoted scalars; empty values;
// single-line flow sequences and mappings of scalars; literal and folded block scalars without an
// indentation indicator; blank lines and comments. Everything else (anchors, aliases, tags, merge
// keys, "?" keys, multi-line plain or quoted scalars, nested or multi-line flow collections,
// directives, document markers, tabs, lone CRs, BOMs, ...) is reported as unsupported. LF and
// CRLF line ends are both supported.
package fastyaml

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// ErrUnsupported is returned (wrapped) for any input outside the supported subset, including
// malformed YAML. Parse the document with yaml.v3 instead.
var ErrUnsupported = errors.New("fastyaml: YAML outside the supported subset")

// unsupported is the panic value the parser uses to bail out; Parse turns it into an error.
type unsupported struct{ why string }

// maxDepth bounds the nesting of block collections (yaml.v3 allows far more; deeper documents
// simply take the slow path).
const maxDepth = 256

// maxKeyLen keeps simple keys well below yaml.v3's 1024-character limit.
const maxKeyLen = 1000

// Parse parses one YAML document (without a leading "---" line) into a DocumentNode, as
// yaml.Unmarshal(doc, &node) does. For a document with no content (only blank lines and
// comments) it returns a zero yaml.Node, like yaml.v3. Errors wrap ErrUnsupported.
func Parse(doc []byte) (node *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			node = nil
			if u, ok := r.(unsupported); ok {
				err = fmt.Errorf("%w: %s", ErrUnsupported, u.why)
				return
			}
			// A bug in this package must never break the caller: fall back to yaml.v3.
			err = fmt.Errorf("%w: internal error: %v", ErrUnsupported, r)
		}
	}()
	p := parser{src: doc, n: len(doc)}
	return p.document(), nil
}

type parser struct {
	src   []byte
	str   string // string(src); plain scalar values are substrings of it
	n     int
	ascii bool // src is pure ASCII, so columns are byte offsets

	ls   int  // offset of the start of the current line
	line int  // 1-based number of the current line
	ind  int  // indentation of the current line, once skipBlank found content
	eof  bool // no content left
	dep  int

	lines int          // number of lines, to size the slabs
	nodes []yaml.Node  // slab of nodes
	ptrs  []*yaml.Node // slab for Content slices
	colLs int          // col's cache: a line start, an offset on that line and its column
	colAt int
	colN  int
	stack []*yaml.Node // children of the collections being parsed
	buf   []byte       // scratch for escaped and block scalars
}

func (p *parser) fail(why string) {
	panic(unsupported{why})
}

func (p *parser) document() *yaml.Node {
	lines, crlf := p.validate()
	if crlf {
		// yaml.v3 reads CR LF as one line break, and neither plain scalars nor the lines of
		// block scalars include it; quoted scalars and flow collections are single-line here.
		// Dropping the CRs therefore changes no value, line or column.
		p.src = bytes.ReplaceAll(p.src, []byte("\r\n"), newline)
		p.n = len(p.src)
	}
	p.str = string(p.src)
	p.lines = lines
	p.nodes = make([]yaml.Node, p.slabSize())
	p.ptrs = make([]*yaml.Node, p.slabSize())
	p.stack = make([]*yaml.Node, 0, 64)
	p.colLs = -1
	p.line = 1
	if !p.skipBlank() {
		return &yaml.Node{}
	}
	i := p.ls + p.ind
	if !p.isDash(i) && !p.looksLikeKey(i) {
		p.fail("document root is not a block mapping or sequence")
	}
	root := p.block(p.ind)
	if !p.eof {
		p.fail("content after the document root")
	}
	d := p.newNode()
	d.Kind = yaml.DocumentNode
	d.Line, d.Column = root.Line, root.Column
	c := p.content(1)
	c[0] = root
	d.Content = c
	return d
}

// validate rejects characters yaml.v3 treats specially or refuses (control characters, tabs,
// BOM, NEL/LS/PS line breaks, lone CR, invalid UTF-8) and returns the number of lines. It
// reports whether the input has CRLF line ends.
func (p *parser) validate() (lines int, crlf bool) {
	src := p.src
	p.ascii = true
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	i := 0
	for i < len(src) {
		if i+8 <= len(src) {
			// Fast path: eight printable ASCII bytes.
			w := binary.LittleEndian.Uint64(src[i:])
			v := w ^ (0x7f * lo)
			if (w|(w-0x20*lo)&^w|(v-lo)&^v)&hi == 0 {
				i += 8
				continue
			}
		}
		c := src[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7f {
				switch {
				case c == '\n':
				case c == '\r' && i+1 < len(src) && src[i+1] == '\n':
					crlf = true
				default:
					p.fail("control character, tab or lone CR")
				}
			}
			i++
			continue
		}
		p.ascii = false
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			p.fail("invalid UTF-8")
		}
		if r < 0xA0 || (r > 0xD7FF && r < 0xE000) || (r > 0xFFFD && r < 0x10000) || r == 0xFEFF || r == 0x2028 || r == 0x2029 {
			p.fail("special or non-printable character")
		}
		i += size
	}
	return bytes.Count(src, newline) + 1, crlf
}

var newline = []byte{'\n'}

// slabSize estimates how many nodes the rest of the document needs: about two per line, with
// a cap so that long block scalars do not make us allocate nodes nobody uses.
func (p *parser) slabSize() int {
	return min(2*(p.lines-p.line)+8, 512)
}

func (p *parser) newNode() *yaml.Node {
	if len(p.nodes) == 0 {
		p.nodes = make([]yaml.Node, p.slabSize())
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	return n
}

// content returns a Content slice of length k with no spare capacity.
func (p *parser) content(k int) []*yaml.Node {
	if k == 0 {
		return nil
	}
	if len(p.ptrs) < k {
		p.ptrs = make([]*yaml.Node, max(k, p.slabSize()))
	}
	c := p.ptrs[:k:k]
	p.ptrs = p.ptrs[k:]
	return c
}

func (p *parser) popContent(base int) []*yaml.Node {
	c := p.content(len(p.stack) - base)
	copy(c, p.stack[base:])
	clear(p.stack[base:])
	p.stack = p.stack[:base]
	return c
}

// col is the 1-based column (in characters, as yaml.v3 counts) of offset off on the current line.
func (p *parser) col(off int) int {
	if p.ascii {
		return off - p.ls + 1
	}
	// Count from the last position asked for on this line, so that long lines stay linear.
	if p.colLs != p.ls || off < p.colAt {
		p.colLs, p.colAt, p.colN = p.ls, p.ls, 1
	}
	p.colN += utf8.RuneCount(p.src[p.colAt:off])
	p.colAt = off
	return p.colN
}

func (p *parser) lineEnd(i int) int {
	if j := bytes.IndexByte(p.src[i:], '\n'); j >= 0 {
		return i + j
	}
	return p.n
}

// nextLine moves the cursor past the line break at e (or to the end of input).
func (p *parser) nextLine(e int) {
	if e >= p.n {
		p.ls = p.n
		return
	}
	p.ls = e + 1
	p.line++
}

// skipBlank moves the cursor to the next line with content, skipping blank and comment-only
// lines, and sets p.ind. It returns false (and sets p.eof) at the end of input.
func (p *parser) skipBlank() bool {
	for {
		i := p.ls
		for i < p.n && p.src[i] == ' ' {
			i++
		}
		if i == p.n {
			p.eof = true
			return false
		}
		switch p.src[i] {
		case '\n':
			p.ls = i + 1
			p.line++
			continue
		case '#':
			e := p.lineEnd(i)
			if e == p.n {
				p.eof = true
				return false
			}
			p.ls = e + 1
			p.line++
			continue
		}
		p.ind = i - p.ls
		if p.ind == 0 {
			switch p.src[i] {
			case '%':
				p.fail("directive")
			case '-', '.':
				if i+2 < p.n && p.src[i+1] == p.src[i] && p.src[i+2] == p.src[i] {
					p.fail("document marker")
				}
			}
		}
		return true
	}
}

// finishLine checks that only spaces and a comment follow offset i on the current line and
// moves the cursor to the next line.
func (p *parser) finishLine(i int) {
	j := i
	for j < p.n && p.src[j] == ' ' {
		j++
	}
	if j < p.n && p.src[j] != '\n' {
		if p.src[j] != '#' || j == i {
			p.fail("unexpected content after a value")
		}
		j = p.lineEnd(j)
	}
	p.nextLine(j)
}

// isDash reports whether a block sequence entry indicator ("-" followed by a space or line end)
// is at offset i.
func (p *parser) isDash(i int) bool {
	return i < p.n && p.src[i] == '-' && (i+1 == p.n || p.src[i+1] == ' ' || p.src[i+1] == '\n')
}

func isBreakOrSpace(src []byte, i int) bool {
	return i >= len(src) || src[i] == ' ' || src[i] == '\n'
}

// block parses the block mapping or sequence that starts on the current line at indentation ind.
// The cursor is left on the next content line after it (or at the end).
func (p *parser) block(ind int) *yaml.Node {
	p.dep++
	if p.dep > maxDepth {
		p.fail("nesting too deep")
	}
	var n *yaml.Node
	i := p.ls + ind
	if p.isDash(i) {
		n = p.sequence(ind, false)
	} else {
		n = p.mapping(ind, i)
	}
	p.dep--
	return n
}

// mapping parses a block mapping whose keys are at indentation ind; its first key is at offset
// off of the current line (after "- " for a mapping inside a sequence entry).
func (p *parser) mapping(ind, off int) *yaml.Node {
	m := p.newNode()
	m.Kind, m.Tag = yaml.MappingNode, mapTag
	m.Line, m.Column = p.line, p.col(off)
	base := len(p.stack)
	for {
		k, colon := p.key(off)
		p.stack = append(p.stack, k)
		p.stack = append(p.stack, p.mapValue(colon, ind))
		if p.eof || p.ind < ind {
			break
		}
		if p.ind > ind {
			p.fail("unexpected indentation in a mapping")
		}
		off = p.ls + ind
		if p.isDash(off) {
			p.fail("sequence entry in a mapping")
		}
	}
	m.Content = p.popContent(base)
	return m
}

// mapValue parses the value after the ':' at offset colon of a mapping at indentation ind.
func (p *parser) mapValue(colon, ind int) *yaml.Node {
	i := colon + 1
	for i < p.n && p.src[i] == ' ' {
		i++
	}
	if i == p.n || p.src[i] == '\n' || p.src[i] == '#' {
		line, col := p.line, p.col(colon+1)
		p.nextLine(p.lineEnd(i))
		if p.skipBlank() {
			if p.ind > ind {
				return p.block(p.ind)
			}
			if p.ind == ind && p.isDash(p.ls+ind) {
				p.dep++
				if p.dep > maxDepth {
					p.fail("nesting too deep")
				}
				s := p.sequence(ind, true)
				p.dep--
				return s
			}
		}
		return p.null(line, col)
	}
	v := p.inline(i, ind)
	p.skipBlank()
	return v
}

// sequence parses a block sequence whose "-" indicators are at indentation ind. An indentless
// sequence (one at the indentation of its parent mapping's keys) ends at a line without "-".
func (p *parser) sequence(ind int, indentless bool) *yaml.Node {
	s := p.newNode()
	s.Kind, s.Tag = yaml.SequenceNode, seqTag
	s.Line, s.Column = p.line, ind+1
	base := len(p.stack)
	for {
		p.stack = append(p.stack, p.entry(p.ls+ind, ind))
		if p.eof || p.ind < ind {
			break
		}
		if p.ind > ind {
			p.fail("unexpected indentation in a sequence")
		}
		if !p.isDash(p.ls + ind) {
			if indentless {
				break
			}
			p.fail("mapping key in a sequence")
		}
	}
	s.Content = p.popContent(base)
	return s
}

// entry parses the sequence entry whose "-" is at offset dash, in a sequence at indentation ind.
func (p *parser) entry(dash, ind int) *yaml.Node {
	i := dash + 1
	for i < p.n && p.src[i] == ' ' {
		i++
	}
	if i == p.n || p.src[i] == '\n' || p.src[i] == '#' {
		line, col := p.line, ind+2
		p.nextLine(p.lineEnd(i))
		if p.skipBlank() && p.ind > ind {
			return p.block(p.ind)
		}
		return p.null(line, col)
	}
	if p.isDash(i) {
		p.fail("compact nested sequence")
	}
	if p.looksLikeKey(i) {
		p.dep++
		if p.dep > maxDepth {
			p.fail("nesting too deep")
		}
		m := p.mapping(i-p.ls, i)
		p.dep--
		return m
	}
	v := p.inline(i, ind)
	p.skipBlank()
	return v
}

func (p *parser) null(line, col int) *yaml.Node {
	n := p.newNode()
	n.Kind, n.Tag = yaml.ScalarNode, nullTag
	n.Line, n.Column = line, col
	return n
}

// looksLikeKey reports whether the text at offset i starts a simple mapping key: a plain or
// quoted scalar on this line followed by ':' and a space or line end.
func (p *parser) looksLikeKey(i int) bool {
	src := p.src
	j := i
	switch src[i] {
	case '"':
		for j = i + 1; j < p.n && src[j] != '"' && src[j] != '\n'; j++ {
			if src[j] == '\\' && j+1 < p.n && src[j+1] != '\n' {
				j++
			}
		}
		if j >= p.n || src[j] != '"' {
			return false
		}
		j++
	case '\'':
		for j = i + 1; ; j++ {
			if j >= p.n || src[j] == '\n' {
				return false
			}
			if src[j] == '\'' {
				if j+1 < p.n && src[j+1] == '\'' {
					j++
					continue
				}
				break
			}
		}
		j++
	default:
		if !p.plainStart(i) {
			return false
		}
		for ; j < p.n && src[j] != '\n'; j++ {
			if src[j] == ':' && isBreakOrSpace(src, j+1) {
				return true
			}
			if src[j] == '#' && j > i && src[j-1] == ' ' {
				return false
			}
		}
		return false
	}
	for j < p.n && src[j] == ' ' {
		j++
	}
	return j < p.n && src[j] == ':' && isBreakOrSpace(src, j+1)
}

// key parses a simple key at offset off and returns it with the offset of its ':'.
func (p *parser) key(off int) (*yaml.Node, int) {
	src := p.src
	var k *yaml.Node
	var end int
	switch src[off] {
	case '"', '\'':
		k, end = p.quoted(off)
	default:
		if !p.plainStart(off) {
			p.fail("mapping key is not a plain or quoted scalar")
		}
		j := off
		end = off
		for {
			if j == p.n || src[j] == '\n' {
				p.fail("line without ':' in a mapping")
			}
			c := src[j]
			if c == ':' && isBreakOrSpace(src, j+1) {
				break
			}
			if c == '#' && src[j-1] == ' ' {
				p.fail("comment inside a mapping key")
			}
			if c != ' ' {
				end = j + 1
			}
			j++
		}
		k = p.plain(off, end)
		if k.Tag == mergeTag {
			p.fail("merge key")
		}
	}
	j := end
	for j < p.n && src[j] == ' ' {
		j++
	}
	if j == p.n || src[j] != ':' || !isBreakOrSpace(src, j+1) {
		p.fail("mapping key not followed by ':'")
	}
	if j-off > maxKeyLen {
		p.fail("key too long")
	}
	return k, j
}

// plainStart reports whether a plain scalar may start at offset i in block context (within the
// subset: '?' and ':' starts are left to yaml.v3).
func (p *parser) plainStart(i int) bool {
	switch p.src[i] {
	case '-':
		return !isBreakOrSpace(p.src, i+1)
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ', '\n':
		return false
	}
	return true
}

// plain makes a plain scalar node for src[start:end] on the current line.
func (p *parser) plain(start, end int) *yaml.Node {
	n := p.newNode()
	v := p.str[start:end]
	n.Kind, n.Tag, n.Value = yaml.ScalarNode, resolveTag(v), v
	n.Line, n.Column = p.line, p.col(start)
	return n
}

// inline parses a value that starts at offset i on the current line, in a collection at
// indentation ind, and moves the cursor past it (to the next line, not skipping blank lines).
func (p *parser) inline(i, ind int) *yaml.Node {
	src := p.src
	switch src[i] {
	case '"', '\'':
		n, end := p.quoted(i)
		p.finishLine(end)
		return n
	case '[', '{':
		n, end := p.flow(i)
		p.finishLine(end)
		return n
	case '|', '>':
		return p.blockScalar(i, ind)
	}
	if !p.plainStart(i) {
		p.fail("value is not a plain, quoted, flow or block scalar")
	}
	j, end := i, i
	for ; j < p.n; j++ {
		c := src[j]
		if c == '\n' {
			break
		}
		if c == ':' && isBreakOrSpace(src, j+1) {
			p.fail("mapping value not allowed here")
		}
		if c == '#' && src[j-1] == ' ' {
			break
		}
		if c != ' ' {
			end = j + 1
		}
	}
	n := p.plain(i, end)
	if n.Tag == mergeTag {
		p.fail("merge key as a value")
	}
	p.finishLine(end)
	return n
}

// quoted parses a single- or double-quoted scalar that must end on its line; it returns the
// node and the offset after the closing quote.
func (p *parser) quoted(i int) (*yaml.Node, int) {
	src := p.src
	n := p.newNode()
	n.Kind, n.Tag = yaml.ScalarNode, strTag
	n.Line, n.Column = p.line, p.col(i)
	start := i + 1
	j := start
	escaped := false
	buf := p.buf[:0]
	if src[i] == '\'' {
		n.Style = yaml.SingleQuotedStyle
		for {
			if j >= p.n || src[j] == '\n' {
				p.fail("multi-line or unterminated quoted scalar")
			}
			c := src[j]
			if c == '\'' {
				if j+1 < p.n && src[j+1] == '\'' {
					if !escaped {
						buf = append(buf, src[start:j]...)
						escaped = true
					}
					buf = append(buf, '\'')
					j += 2
					continue
				}
				break
			}
			if escaped {
				buf = append(buf, c)
			}
			j++
		}
	} else {
		n.Style = yaml.DoubleQuotedStyle
		for {
			if j >= p.n || src[j] == '\n' {
				p.fail("multi-line or unterminated quoted scalar")
			}
			c := src[j]
			if c == '"' {
				break
			}
			if c != '\\' {
				if escaped {
					buf = append(buf, c)
				}
				j++
				continue
			}
			if !escaped {
				buf = append(buf, src[start:j]...)
				escaped = true
			}
			if j+1 >= p.n {
				p.fail("unterminated escape")
			}
			codeLen := 0
			switch src[j+1] {
			case '0':
				buf = append(buf, 0)
			case 'a':
				buf = append(buf, '\x07')
			case 'b':
				buf = append(buf, '\x08')
			case 't':
				buf = append(buf, '\x09')
			case 'n':
				buf = append(buf, '\x0A')
			case 'v':
				buf = append(buf, '\x0B')
			case 'f':
				buf = append(buf, '\x0C')
			case 'r':
				buf = append(buf, '\x0D')
			case 'e':
				buf = append(buf, '\x1B')
			case ' ':
				buf = append(buf, ' ')
			case '"':
				buf = append(buf, '"')
			case '\'':
				buf = append(buf, '\'')
			case '\\':
				buf = append(buf, '\\')
			case 'N':
				buf = append(buf, 0xC2, 0x85)
			case '_':
				buf = append(buf, 0xC2, 0xA0)
			case 'L':
				buf = append(buf, 0xE2, 0x80, 0xA8)
			case 'P':
				buf = append(buf, 0xE2, 0x80, 0xA9)
			case 'x':
				codeLen = 2
			case 'u':
				codeLen = 4
			case 'U':
				codeLen = 8
			default:
				p.fail("unknown or multi-line escape")
			}
			j += 2
			if codeLen > 0 {
				if j+codeLen > p.n {
					p.fail("short escape")
				}
				v := 0
				for k := 0; k < codeLen; k++ {
					h := hexVal(src[j+k])
					if h < 0 {
						p.fail("bad hex escape")
					}
					v = v<<4 + h
				}
				if (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF {
					p.fail("invalid escaped code point")
				}
				buf = utf8.AppendRune(buf, rune(v))
				j += codeLen
			}
		}
	}
	if escaped {
		n.Value = string(buf)
		p.buf = buf
	} else {
		n.Value = p.str[start:j]
	}
	return n, j + 1
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// flow parses a flow sequence or mapping of scalars that ends on its line; it returns the node
// and the offset after the closing bracket.
func (p *parser) flow(i int) (*yaml.Node, int) {
	src := p.src
	n := p.newNode()
	n.Style = yaml.FlowStyle
	n.Line, n.Column = p.line, p.col(i)
	isMap := src[i] == '{'
	closer := byte(']')
	if isMap {
		n.Kind, n.Tag = yaml.MappingNode, mapTag
		closer = '}'
	} else {
		n.Kind, n.Tag = yaml.SequenceNode, seqTag
	}
	base := len(p.stack)
	j := p.skipSpaces(i + 1)
	if j < p.n && src[j] == closer {
		return n, j + 1
	}
	for {
		var item *yaml.Node
		start := j
		item, j = p.flowScalar(j)
		p.stack = append(p.stack, item)
		j = p.skipSpaces(j)
		if isMap {
			if j+1 >= p.n || src[j] != ':' || src[j+1] != ' ' {
				p.fail("flow mapping entry without ': '")
			}
			if j-start > maxKeyLen {
				p.fail("key too long")
			}
			item, j = p.flowScalar(p.skipSpaces(j + 1))
			p.stack = append(p.stack, item)
			j = p.skipSpaces(j)
		}
		if j >= p.n {
			p.fail("unterminated flow collection")
		}
		if src[j] == ',' {
			j = p.skipSpaces(j + 1)
			if j < p.n && src[j] == closer {
				break
			}
			continue
		}
		if src[j] == closer {
			break
		}
		p.fail("unexpected character in a flow collection")
	}
	n.Content = p.popContent(base)
	return n, j + 1
}

func (p *parser) skipSpaces(j int) int {
	for j < p.n && p.src[j] == ' ' {
		j++
	}
	return j
}

// flowScalar parses a plain or quoted scalar inside a single-line flow collection.
func (p *parser) flowScalar(j int) (*yaml.Node, int) {
	src := p.src
	if j >= p.n {
		p.fail("unterminated flow collection")
	}
	switch c := src[j]; c {
	case '"', '\'':
		return p.quoted(j)
	case '-':
		if j+1 >= p.n || !isWordByte(src[j+1]) {
			p.fail("unsupported '-' in a flow collection")
		}
	default:
		if !p.plainStart(j) {
			p.fail("unsupported flow collection item")
		}
	}
	k, end := j, j
	for ; k < p.n; k++ {
		c := src[k]
		if c == '\n' || c == ',' || c == ']' || c == '}' {
			break
		}
		switch c {
		case '[', '{', '?', '#':
			p.fail("unsupported character in a flow scalar")
		case ':':
			if k+1 < p.n && src[k+1] == ' ' {
				return p.plainFlow(j, end), end
			}
			if k+1 >= p.n || !(isWordByte(src[k+1]) || src[k+1] == '/') {
				p.fail("unsupported ':' in a flow scalar")
			}
		}
		if c != ' ' {
			end = k + 1
		}
	}
	return p.plainFlow(j, end), end
}

func (p *parser) plainFlow(start, end int) *yaml.Node {
	n := p.plain(start, end)
	if n.Tag == mergeTag {
		p.fail("merge key")
	}
	return n
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
}

// blockScalar parses a literal or folded block scalar whose indicator is at offset i, in a
// collection at indentation ind. It follows yaml_parser_scan_block_scalar of yaml.v3 and leaves
// the cursor at the start of the first line that is not part of the scalar.
func (p *parser) blockScalar(i, ind int) *yaml.Node {
	src := p.src
	n := p.newNode()
	n.Kind, n.Tag = yaml.ScalarNode, strTag
	n.Line, n.Column = p.line, p.col(i)
	literal := src[i] == '|'
	if literal {
		n.Style = yaml.LiteralStyle
	} else {
		n.Style = yaml.FoldedStyle
	}
	j := i + 1
	chomping := 0
	if j < p.n && (src[j] == '-' || src[j] == '+') {
		if src[j] == '+' {
			chomping = 1
		} else {
			chomping = -1
		}
		j++
	}
	k := p.skipSpaces(j)
	if k < p.n && src[k] != '\n' {
		if src[k] != '#' || k == j {
			p.fail("unsupported block scalar header")
		}
		k = p.lineEnd(k)
	}
	if k >= p.n {
		// The header ends the input: the value is empty.
		p.ls = p.n
		return n
	}
	pos := k + 1
	line := p.line + 1
	lineStart := pos
	indent := 0
	trailing := 0
	s := p.buf[:0]

	// breaks is yaml_parser_scan_block_scalar_breaks.
	breaks := func() {
		maxIndent := 0
		for {
			for (indent == 0 || pos-lineStart < indent) && pos < p.n && src[pos] == ' ' {
				pos++
			}
			if pos-lineStart > maxIndent {
				maxIndent = pos - lineStart
			}
			if pos >= p.n || src[pos] != '\n' {
				break
			}
			trailing++
			pos++
			lineStart = pos
			line++
		}
		if indent == 0 {
			indent = max(maxIndent, ind+1, 1)
		}
	}
	breaks()
	leadingBreak, leadingBlank := false, false
	for pos-lineStart == indent && pos < p.n {
		trailingBlank := src[pos] == ' '
		if !literal && !leadingBlank && !trailingBlank && leadingBreak {
			if trailing == 0 {
				s = append(s, ' ')
			}
		} else if leadingBreak {
			s = append(s, '\n')
		}
		leadingBreak = false
		for ; trailing > 0; trailing-- {
			s = append(s, '\n')
		}
		leadingBlank = src[pos] == ' '
		e := p.lineEnd(pos)
		s = append(s, src[pos:e]...)
		pos = e
		if pos < p.n {
			leadingBreak = true
			pos++
			lineStart = pos
			line++
		}
		breaks()
	}
	if chomping != -1 && leadingBreak {
		s = append(s, '\n')
	}
	if chomping == 1 {
		for ; trailing > 0; trailing-- {
			s = append(s, '\n')
		}
	}
	n.Value = string(s)
	p.buf = s
	p.ls, p.line = lineStart, line
	if pos >= p.n {
		p.ls = p.n
	}
	return n
}
