package admissionpolicy

import (
	"fmt"
	"regexp"
	"strings"
)

// globToRegexp translates a path.Match pattern (as namespaces.exclude takes them) into an
// anchored RE2 expression for CEL's matches(). The pattern must be well-formed (the webhook's
// configuration validation checks it).
func globToRegexp(p string) string {
	var b strings.Builder
	b.WriteByte('^')
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*':
			b.WriteString(`[^/]*`)
		case '?':
			b.WriteString(`[^/]`)
		case '\\':
			i++
			if i < len(p) {
				b.WriteString(regexp.QuoteMeta(p[i : i+1]))
			}
		case '[':
			i++
			b.WriteByte('[')
			if i < len(p) && p[i] == '^' {
				b.WriteByte('^')
				i++
			}
			for ; i < len(p) && p[i] != ']'; i++ {
				if p[i] == '\\' && i+1 < len(p) {
					i++
				}
				b.WriteString(classChar(p[i]))
				if i+2 < len(p) && p[i+1] == '-' && p[i+2] != ']' {
					i += 2
					if p[i] == '\\' && i+1 < len(p) {
						i++
					}
					b.WriteString("-" + classChar(p[i]))
				}
			}
			b.WriteByte(']')
		default:
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		}
	}
	b.WriteByte('$')
	return b.String()
}

func classChar(c byte) string {
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
		return string(c)
	}
	return fmt.Sprintf(`\x{%x}`, c)
}
