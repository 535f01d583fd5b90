package manifest

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// splitWhole is the splitter over a whole buffer that documentScanner replaced, kept as the
// reference the scanner must agree with.
func splitWhole(data []byte) []chunk {
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
				if rest := bytes.TrimSpace(l[3:]); len(rest) > 0 && rest[0] != '#' {
					start, startLine = i+3, line
				}
			}
		}
		i = next
		line++
	}
	return append(out, chunk{text: data[start:], line: startLine})
}

func normalized(cs []chunk) []chunk {
	for i := range cs {
		if len(cs[i].text) == 0 {
			cs[i].text = nil
		}
	}
	return cs
}

var splitSeeds = []string{
	"", "a: 1\n", "a: 1", "---\n", "---", "a: 1\n---\nb: 2\n", "a: 1\n---\nb: 2", "--- {\"a\": 1}\n---\n",
	"...\n", "a: 1\n...\n---\nb: 2\n", "a\r\n---\r\nb\r\n", "--- # comment\nx: 1\n", "---x\n", "--- !tag\nx\n",
	"a: 1\n---", "--- {\"a\":1}", strings.Repeat("k: "+strings.Repeat("v", 100<<10)+"\n---\n", 3),
}

func TestDocumentScannerMatchesWholeSplit(t *testing.T) {
	for _, s := range splitSeeds {
		want := normalized(splitWhole([]byte(s)))
		if got := normalized(splitDocuments([]byte(s))); !reflect.DeepEqual(got, want) {
			t.Errorf("%.60q: scanner %+v, want %+v", s, got, want)
		}
		// One byte per read, as a pipe may deliver it.
		var got []chunk
		sc := newDocumentScanner(iotest.OneByteReader(strings.NewReader(s)))
		for c, ok := sc.next(); ok; c, ok = sc.next() {
			got = append(got, c)
		}
		if got = normalized(got); !reflect.DeepEqual(got, want) {
			t.Errorf("%.60q one byte at a time: %+v, want %+v", s, got, want)
		}
	}
}

func TestDocumentScannerReadError(t *testing.T) {
	sc := newDocumentScanner(iotest.ErrReader(iotest.ErrTimeout))
	if _, ok := sc.next(); ok || sc.err == nil {
		t.Errorf("read error: ok=%v err=%v", ok, sc.err)
	}
}

func FuzzSplitDocuments(f *testing.F) {
	for _, s := range splitSeeds[:len(splitSeeds)-1] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normalized(splitDocuments([]byte(s))), normalized(splitWhole([]byte(s))); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: scanner %+v, want %+v", s, got, want)
		}
	})
}
