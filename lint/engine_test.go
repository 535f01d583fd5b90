package lint_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

func TestShortenValues(t *testing.T) {
	long := strings.Repeat("é", 5000)
	for _, c := range []struct{ in, want string }{
		{"short", "short"},
		{"name " + strings.Repeat("a", 200) + " is fine", "name " + strings.Repeat("a", 200) + " is fine"},
		{`name "` + long + `" is too long`, `name "` + strings.Repeat("é", 196) + `... is too long`},
		{strings.Repeat("b", 201), strings.Repeat("b", 197) + "..."},
	} {
		if got := lint.ShortenValues(c.in); got != c.want {
			t.Errorf("ShortenValues(%.40q...) = %.60q..., want %.60q...", c.in, got, c.want)
		}
	}
}

// FuzzShortenValues compares ShortenValues with a plain reference: split at spaces, newlines and
// tabs, and cut every run longer than MaxEchoedValue runes to MaxEchoedValue-3 runes and "...".
func FuzzShortenValues(f *testing.F) {
	long := strings.Repeat("x", 300)
	for _, s := range []string{"", "a b", long, "a\t" + long + "\nb " + long, strings.Repeat("é ", 150) + long + "\t\t" + strings.Repeat("ü", 250)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		if !utf8.ValidString(msg) { // the reference's runes would replace bad bytes
			if got := lint.ShortenValues(msg); len(got) > len(msg)+3 {
				t.Errorf("ShortenValues(%q) = %q grew", msg, got)
			}
			return
		}
		if got, want := lint.ShortenValues(msg), shortenReference(msg); got != want {
			t.Errorf("ShortenValues(%q) = %q, want %q", msg, got, want)
		}
	})
}

func shortenReference(msg string) string {
	var b strings.Builder
	run := []rune{}
	flush := func() {
		if len(run) > lint.MaxEchoedValue {
			run = append(run[:lint.MaxEchoedValue-3], []rune("...")...)
		}
		b.WriteString(string(run))
		run = run[:0]
	}
	for i := 0; i < len(msg); i++ {
		if c := msg[i]; c == ' ' || c == '\n' || c == '\t' {
			flush()
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(msg) && msg[j] != ' ' && msg[j] != '\n' && msg[j] != '\t' {
			j++
		}
		run = append(run, []rune(msg[i:j])...)
		i = j - 1
	}
	flush()
	if len(msg) <= lint.MaxEchoedValue {
		return msg
	}
	return b.String()
}
