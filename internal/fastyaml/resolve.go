package fastyaml

import (
	"strconv"
	"strings"
	"time"
)

// Tags as go.yaml.in/yaml/v3 writes them into yaml.Node.Tag.
const (
	nullTag      = "!!null"
	boolTag      = "!!bool"
	strTag       = "!!str"
	intTag       = "!!int"
	floatTag     = "!!float"
	timestampTag = "!!timestamp"
	seqTag       = "!!seq"
	mapTag       = "!!map"
	mergeTag     = "!!merge"
)

// resolveHint mirrors resolveTable in yaml.v3's resolve.go: the first byte of a plain scalar
// decides which rules can apply. 0 means "always a string".
var resolveHint = func() (t [256]byte) {
	t['+'] = 'S'
	t['-'] = 'S'
	for _, c := range "0123456789" {
		t[c] = 'D'
	}
	for _, c := range "yYnNtTfFoO~" {
		t[c] = 'M'
	}
	t['<'] = 'M'
	t['.'] = '.'
	return t
}()

// resolveTag returns the tag yaml.v3 gives a plain (unquoted, untagged) scalar with value in.
// It follows resolve("", in) of go.yaml.in/yaml/v3 v3.0.x step by step.
func resolveTag(in string) string {
	hint := byte('N')
	if in != "" {
		hint = resolveHint[in[0]]
	}
	if hint == 0 {
		return strTag
	}
	switch in {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return boolTag
	case "", "~", "null", "Null", "NULL":
		return nullTag
	case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return floatTag
	case "<<":
		return mergeTag
	}
	switch hint {
	case '.':
		if _, err := strconv.ParseFloat(in, 64); err == nil {
			return floatTag
		}
	case 'D', 'S':
		if isTimestamp(in) {
			return timestampTag
		}
		plain := in
		if strings.IndexByte(in, '_') >= 0 {
			plain = strings.ReplaceAll(in, "_", "")
		}
		if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return intTag
		}
		if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return intTag
		}
		if isYAMLStyleFloat(plain) {
			if _, err := strconv.ParseFloat(plain, 64); err == nil {
				return floatTag
			}
		}
		if strings.HasPrefix(plain, "0b") {
			if _, err := strconv.ParseInt(plain[2:], 2, 64); err == nil {
				return intTag
			}
			if _, err := strconv.ParseUint(plain[2:], 2, 64); err == nil {
				return intTag
			}
		} else if strings.HasPrefix(plain, "-0b") {
			if _, err := strconv.ParseInt("-"+plain[3:], 2, 64); err == nil {
				return intTag
			}
		}
		if strings.HasPrefix(plain, "0o") {
			if _, err := strconv.ParseInt(plain[2:], 8, 64); err == nil {
				return intTag
			}
			if _, err := strconv.ParseUint(plain[2:], 8, 64); err == nil {
				return intTag
			}
		} else if strings.HasPrefix(plain, "-0o") {
			if _, err := strconv.ParseInt("-"+plain[3:], 8, 64); err == nil {
				return intTag
			}
		}
	}
	return strTag
}

// isYAMLStyleFloat reports whether s matches ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
// (yamlStyleFloat in yaml.v3), without a regexp.
func isYAMLStyleFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// allowedTimestampFormats is yaml.v3's list, in its order.
var allowedTimestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// isTimestamp mirrors parseTimestamp in yaml.v3.
func isTimestamp(s string) bool {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' {
			break
		}
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, format := range allowedTimestampFormats {
		if _, err := time.Parse(format, s); err == nil {
			return true
		}
	}
	return false
}
