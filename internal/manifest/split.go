package manifest

// Splitting a stream into documents at "---" and "..." lines, before any parsing, so that a
// malformed document does not hide the ones after it.

import (
	"bufio"
	"bytes"
	"io"
)

type chunk struct {
	text []byte
	line int // 1-based line of the chunk's first line in the file
}

// documentScanner cuts a YAML stream read from r at "---" and "..." lines, one document at a
// time, so a malformed document does not hide the ones after it and a large file is never held
// whole.
type documentScanner struct {
	r    *bufio.Reader
	line int // lines read so far
	// cur is the document being read, starting at line curLine.
	cur       []byte
	curLine   int
	eof, done bool
	err       error
}

func newDocumentScanner(r io.Reader) *documentScanner {
	return &documentScanner{r: bufio.NewReaderSize(r, 64<<10), curLine: 1}
}

// next returns the next document; false once the stream is exhausted (after its last document,
// which may be empty) or a read failed (see err).
func (s *documentScanner) next() (chunk, bool) {
	if s.done {
		return chunk{}, false
	}
	for {
		if s.eof { // the stream ended right after a separator: the document after it is last
			s.done = true
			return chunk{text: s.cur, line: s.curLine}, true
		}
		raw, err := s.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull { // a line longer than the buffer: gather it whole
			full := append([]byte(nil), raw...)
			for err == bufio.ErrBufferFull {
				raw, err = s.r.ReadSlice('\n')
				full = append(full, raw...)
			}
			raw = full
		}
		if err != nil && err != io.EOF {
			s.done, s.err = true, err
			return chunk{}, false
		}
		if len(raw) > 0 {
			s.line++
			if l := bytes.TrimRight(raw, "\r\n"); isSeparator(l) {
				out := chunk{text: s.cur, line: s.curLine}
				s.cur, s.curLine = nil, s.line+1
				if bytes.HasPrefix(l, []byte("---")) {
					// "--- {json}" or "--- !tag" keeps content on the separator line.
					if rest := bytes.TrimSpace(l[3:]); len(rest) > 0 && rest[0] != '#' {
						s.cur, s.curLine = append([]byte(nil), raw[3:]...), s.line
					}
				}
				s.eof = err == io.EOF
				return out, true
			}
			s.cur = append(s.cur, raw...)
		}
		if err == io.EOF {
			s.done = true
			return chunk{text: s.cur, line: s.curLine}, true
		}
	}
}

// splitDocuments is every document of data (tests and callers holding the whole stream).
func splitDocuments(data []byte) []chunk {
	var out []chunk
	sc := newDocumentScanner(bytes.NewReader(data))
	for c, ok := sc.next(); ok; c, ok = sc.next() {
		out = append(out, c)
	}
	return out
}

func isSeparator(l []byte) bool {
	if bytes.HasPrefix(l, []byte("---")) {
		return len(l) == 3 || l[3] == ' ' || l[3] == '\t'
	}
	return bytes.Equal(bytes.TrimRight(l, " \t"), []byte("..."))
}

// isBlank reports whether b has only blank lines and comments.
func isBlank(b []byte) bool {
	atLineStart := true
	for _, c := range b {
		switch {
		case c == '\n':
			atLineStart = true
		case c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
		case !atLineStart:
			// inside a comment
		case c == '#':
			atLineStart = false
		case c >= 0x80:
			return isBlankUnicode(b) // other white space (U+0085, U+00A0, ...)
		default:
			return false
		}
	}
	return true
}

func isBlankUnicode(b []byte) bool {
	for _, l := range bytes.Split(b, []byte("\n")) {
		t := bytes.TrimSpace(l)
		if len(t) > 0 && t[0] != '#' {
			return false
		}
	}
	return true
}
