package manifest

// Splitting a stream into documents at "---" and "..." lines, before any parsing, so that a
// malformed document does not hide the ones after it.

import (
	"bytes"
)

type chunk struct {
	text []byte
	line int // 1-based line of the chunk's first line in the file
}

// splitDocuments cuts a YAML stream at "---" and "..." lines so a malformed document does not
// hide the ones after it.
func splitDocuments(data []byte) []chunk {
	var out []chunk
	start, startLine, line := 0, 1, 1
	for i := 0; i < len(data); {
		end := bytes.IndexByte(data[i:], '\n')
		next := len(data)
		if end >= 0 {
			next = i + end + 1
		}
		l := bytes.TrimRight(data[i:next], "\r\n")
		if isSeparator(l) {
			out = append(out, chunk{text: data[start:i], line: startLine})
			start, startLine = next, line+1
			if bytes.HasPrefix(l, []byte("---")) {
				// "--- {json}" or "--- !tag" keeps content on the separator line.
				if rest := bytes.TrimSpace(l[3:]); len(rest) > 0 && rest[0] != '#' {
					start, startLine = i+3, line
				}
			}
		}
		i = next
		line++
	}
	out = append(out, chunk{text: data[start:], line: startLine})
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
