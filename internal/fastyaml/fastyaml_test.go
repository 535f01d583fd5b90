package fastyaml

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// diffNodes compares two trees field by field, ignoring HeadComment, LineComment and
// FootComment. It returns "" when they are equal, or a description of the first difference.
func diffNodes(path string, got, want *yaml.Node) string {
	if got == nil || want == nil {
		if got != want {
			return fmt.Sprintf("%s: got %v, want %v", path, got, want)
		}
		return ""
	}
	type view struct {
		Kind         yaml.Kind
		Style        yaml.Style
		Tag, Value   string
		Anchor       string
		Line, Column int
		HasAlias     bool
		NContent     int
	}
	g := view{got.Kind, got.Style, got.Tag, got.Value, got.Anchor, got.Line, got.Column, got.Alias != nil, len(got.Content)}
	w := view{want.Kind, want.Style, want.Tag, want.Value, want.Anchor, want.Line, want.Column, want.Alias != nil, len(want.Content)}
	if g != w {
		return fmt.Sprintf("%s:\n  got  %+v\n  want %+v", path, g, w)
	}
	if got.Alias != nil {
		if d := diffNodes(path+"*", got.Alias, want.Alias); d != "" {
			return d
		}
	}
	for i := range got.Content {
		if d := diffNodes(fmt.Sprintf("%s/%d", path, i), got.Content[i], want.Content[i]); d != "" {
			return d
		}
	}
	return ""
}

// checkSame parses doc with both parsers. It fails the test if Parse returns a tree that is not
// yaml.v3's, or an error other than ErrUnsupported. It reports whether Parse took the fast path.
func checkSame(t *testing.T, doc []byte) bool {
	t.Helper()
	got, err := Parse(doc)
	if err != nil {
		if !errors.Is(err, ErrUnsupported) {
			t.Fatalf("Parse(%q): error %v does not wrap ErrUnsupported", doc, err)
		}
		if strings.Contains(err.Error(), "internal error") {
			t.Fatalf("Parse(%q): %v", doc, err)
		}
		return false
	}
	var want yaml.Node
	if verr := yaml.Unmarshal(doc, &want); verr != nil {
		t.Fatalf("Parse(%q) returned a tree but yaml.v3 fails: %v", doc, verr)
	}
	if d := diffNodes("doc", got, &want); d != "" {
		t.Fatalf("Parse(%q) differs from yaml.v3 at %s", doc, d)
	}
	return true
}

func TestCorpusMatchesV3(t *testing.T) {
	names := make([]string, 0, len(corpus))
	for name := range corpus {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			doc := []byte(corpus[name])
			if _, err := Parse(doc); err != nil {
				t.Fatalf("typical manifest not on the fast path: %v", err)
			}
			checkSame(t, doc)
			crlf := []byte(strings.ReplaceAll(corpus[name], "\n", "\r\n"))
			if _, err := Parse(crlf); err != nil {
				t.Fatalf("CRLF manifest not on the fast path: %v", err)
			}
			checkSame(t, crlf)
		})
	}
}

// TestValidateBytes puts every byte value at every position of an 8-byte-aligned window and
// checks that the word-at-a-time scan agrees with a byte-by-byte rule.
func TestValidateBytes(t *testing.T) {
	for b := 0; b < 256; b++ {
		for pos := 0; pos < 20; pos++ {
			doc := []byte("k: abcdefghijklmnopqrstuvwxyz\n")
			doc[3+pos] = byte(b)
			_, err := Parse(doc)
			bad := b < 0x20 && b != '\n' || b >= 0x7f
			if bad && err == nil {
				t.Errorf("byte %#x at %d accepted", b, pos)
			}
			if !bad && b != '\n' && b != '#' && b != ':' && b != ' ' && err != nil {
				if (b == '\'' || b == '"' || b == '[' || b == '{' || b == '|' || b == '>' || b == '&' || b == '*' ||
					b == '!' || b == '%' || b == '@' || b == '`' || b == '?' || b == ',' || b == ']' || b == '}' || b == '-') && pos == 0 {
					continue
				}
				t.Errorf("byte %#x at %d rejected: %v", b, pos, err)
			}
			checkSame(t, doc)
		}
	}
}

func TestSnippetsMatchV3(t *testing.T) {
	snippets := []string{
		"", "\n", "# only a comment\n", "   \n\n  # indented comment", "#",
		"a: 1", "a:", "a: \n", "a:   # comment\nb: 2\n", "a:\n  # c\nb:\n",
		"a: b c  d  \n", "a: b#c\n", "a: b #c\n", "a: 'x'\n", "a: \"\"\n", "a: ''\n",
		"'quoted key': 1\n\"dq key\" : 2\n", "k  : v\n", "1: one\ntrue: t\n~: n\n",
		"a:\n- 1\n- 2\nb: 3\n", "a:\n  - 1\n  -\n  - x: y\n    z: w\n",
		"- a\n- b\n", "  - a\n  - b: c\n", "-\n  a: 1\n-\n", "- a:\n  - b\n", "- a:\n  b: 1\n",
		"a: [1, 2.5, x, \"y\", 'z', true, null, ~]\n", "a: {x: 1, 'y': \"2\", z: [}\n",
		"a: [ a , b ,]\n", "a: {x: 1,}\n", "a: [http://x, a:b]\n", "a: {k: v:w}\n",
		"a: |\n  x\n", "a: |\n  x\n\n\n", "a: |+\n  x\n\n\nb: 1\n", "a: |-\n  x\n  y\n",
		"a: >\n  x\n  y\n\n  z\n    more\n  back\n", "a: >-\n\n  x\n", "a: |\nb: 1\n", "a: |", "a: |\n",
		"a: |\n    x\n  # c\nb: 1\n", "a: |\n  x\n   \n  y\n", "a: |\n      \n  x\n", "a: >\n  a\n   b\n  c\n",
		"a: > # comment\n  text\n", "- |\n  item\n- >-\n  folded\n  item\n",
		"a: 0x_1F\n", "a: 1__0\n", "a: +.5\n", "a: -.5e3\n", "a: 1.\n", "a: 1e\n", "a: 0b\n", "a: -0b11\n", "a: -0o17\n",
		"a: 2001-12-14 21:59:43.10\n", "a: 2001-12-14t21:59:43Z\n", "a: 2001-1-1\n", "a: 20011-12-14\n",
		"a: 9223372036854775807\n", "a: 9223372036854775808\n", "a: 18446744073709551616\n", "a: -9223372036854775809\n",
		"a: \"\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\0\\a\\b\\e\\v\\f\\r\\ \"\n", "a: 'it''s'''\n",
		"é: ü\nb: [é, ü]\n", "a: \"é\" # ü\nb: x\n",
		"a: b\n  # indented comment after value\nc: d\n",
	}
	for _, s := range snippets {
		checkSame(t, []byte(s))
	}
}

func TestUnsupported(t *testing.T) {
	inputs := []string{
		"a: &anchor 1\nb: *anchor\n",
		"a: !!str 1\n",
		"a: !custom x\n",
		"<<: {a: 1}\n",
		"? complex\n: key\n",
		"a: this is\n  continued\n",
		"a: \"multi\n  line\"\n",
		"a: 'multi\n  line'\n",
		"a: [1,\n  2]\n",
		"a: [[1], 2]\n",
		"a: {b: {c: 1}}\n",
		"a: |2\n  x\n",
		"a: |2-\n  x\n",
		"%YAML 1.2\n---\na: 1\n",
		"---\na: 1\n",
		"a: 1\n...\n",
		"a:\n\tb: 1\n",
		"a: 1\t# tab\n",
		"\ufeffa: 1\n",
		"a: 1\rb: 2\r",
		"just a scalar\n",
		"[1, 2]\n",
		"a: \"\\/\"\n",
		"a: b: c\n",
		"a: - b\n",
		"a: 1\n - b\n",
		"a: 1\n  b: 2\n",
		"- - nested\n",
		"a: @x\n",
		"a: `x`\n",
		"a: 'x'#c\n",
		"a: \"\\\n b\"\n",
		"a:\n  just text\n",
		"a: \x00\n",
		"a: \xff\n",
	}
	for _, s := range inputs {
		n, err := Parse([]byte(s))
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("Parse(%q) = %v, %v; want ErrUnsupported", s, n, err)
		}
	}
}

func TestYAMLStyleFloat(t *testing.T) {
	re := regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
	alphabet := "0123456789.eE+-x"
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 200000; i++ {
		b := make([]byte, r.Intn(8))
		for j := range b {
			b[j] = alphabet[r.Intn(len(alphabet))]
		}
		if got, want := isYAMLStyleFloat(string(b)), re.MatchString(string(b)); got != want {
			t.Fatalf("isYAMLStyleFloat(%q) = %v, want %v", b, got, want)
		}
	}
}

// TestResolveMatchesV3 checks tag resolution against yaml.v3 for many plain scalars.
func TestResolveMatchesV3(t *testing.T) {
	values := []string{"0", "00", "08", "0777", "0o8", "0x", "0xg", "1_", "_1", "+", "-", "+0", "-0",
		"1.5e+3", "1.5E-3", ".", "..", ".e1", "+.Inf", "-.nan", ".NaN", "1e3", "1e+", "0b2", "0b1_0",
		"-0x1", "+0x1", "2001-12-14", "2001-13-14", "2001-12-14T21:59:43.10-05:00", "1:20", "1,000",
		"yes", "No", "ON", "off", "y", "n", "nULL", "TRUE", "tRUE", "<<x", "<", "~x"}
	r := rand.New(rand.NewSource(2))
	alphabet := "0123456789._-+xobeEinfINFaT:Z "
	for i := 0; i < 20000; i++ {
		b := make([]byte, 1+r.Intn(10))
		for j := range b {
			b[j] = alphabet[r.Intn(len(alphabet))]
		}
		values = append(values, strings.TrimSpace(string(b)))
	}
	for _, v := range values {
		if v == "" || strings.ContainsAny(v, ":#") || v[0] == '-' && len(v) == 1 {
			continue
		}
		checkSame(t, []byte("k: "+v+"\n"))
		checkSame(t, []byte("- "+v+"\n"))
	}
}

// TestRandomDocs builds random documents from the supported grammar (plus some noise) and
// compares both parsers. It also checks that most of them take the fast path.
func TestRandomDocs(t *testing.T) {
	r := rand.New(rand.NewSource(testSeed(3)))
	n := iterations(20000)
	fast := 0
	for i := 0; i < n; i++ {
		doc := randomDoc(r)
		if checkSame(t, []byte(doc)) {
			fast++
		}
	}
	t.Logf("%d of %d random documents took the fast path", fast, n)
	if fast < n/3 {
		t.Errorf("only %d of %d random documents took the fast path", fast, n)
	}
}

var scalarPieces = []string{
	"a", "b c", "x:y", "http://h:80/p?q=1#f", "1", "-1", "+2", "0x1F", "0o7", "1.5", ".5", "1e3",
	"true", "False", "null", "~", "yes", "500m", "1Gi", "2001-12-14", "-x", "--flag=1", "a#b",
	"a, b", "[x]", "{y}", "é", "✓ ok", "it's", "say \"hi\"", "a  b", "<<", "-", "?x", ":x", "@x",
	"%x", "!x", "&x", "*x", "|", ">", "'q'", "\"dq\"", "'it''s'", "\"\\n\\t\\u00e9\"", "\"\\/\"",
	"0777", "1_000", ".inf", "-.Inf", ".nan", "2001-12-14T21:59:43Z", "a:", "a :b", "#c",
}

func randomScalar(r *rand.Rand) string {
	s := scalarPieces[r.Intn(len(scalarPieces))]
	if r.Intn(8) == 0 {
		s += " " + scalarPieces[r.Intn(len(scalarPieces))]
	}
	return s
}

func randomFlow(r *rand.Rand) string {
	var b strings.Builder
	isMap := r.Intn(2) == 0
	if isMap {
		b.WriteString("{")
	} else {
		b.WriteString("[")
	}
	k := r.Intn(4)
	for i := 0; i < k; i++ {
		if i > 0 {
			b.WriteString([]string{",", ", ", " , "}[r.Intn(3)])
		}
		if isMap {
			b.WriteString(randomScalar(r) + ": ")
		}
		b.WriteString(randomScalar(r))
	}
	if k > 0 && r.Intn(5) == 0 {
		b.WriteString(",")
	}
	if isMap {
		b.WriteString("}")
	} else {
		b.WriteString("]")
	}
	return b.String()
}

func randomComment(r *rand.Rand) string {
	switch r.Intn(6) {
	case 0:
		return " # comment"
	case 1:
		return "  #"
	case 2:
		return " "
	}
	return ""
}

func randomBlockScalar(r *rand.Rand, ind int) string {
	var b strings.Builder
	b.WriteString([]string{"|", ">", "|-", ">-", "|+", ">+"}[r.Intn(6)])
	b.WriteString(randomComment(r))
	b.WriteString("\n")
	base := ind + 1 + r.Intn(3)
	lines := r.Intn(5)
	for i := 0; i < lines; i++ {
		switch r.Intn(6) {
		case 0:
			b.WriteString("\n")
		case 1:
			b.WriteString(strings.Repeat(" ", r.Intn(base+3)) + "\n")
		default:
			extra := 0
			if r.Intn(4) == 0 {
				extra = 1 + r.Intn(2)
			}
			b.WriteString(strings.Repeat(" ", base+extra) + randomScalar(r) + "\n")
		}
	}
	return b.String()
}

func randomValue(r *rand.Rand, ind, depth int) string {
	switch x := r.Intn(10); {
	case x < 5 || depth > 4:
		return " " + randomScalar(r) + randomComment(r) + "\n"
	case x == 5:
		return " " + randomFlow(r) + randomComment(r) + "\n"
	case x == 6:
		return " " + randomBlockScalar(r, ind)
	case x == 7:
		return randomComment(r) + "\n"
	case x == 8:
		// Nested sequence, maybe indentless.
		child := ind + r.Intn(3)
		return randomComment(r) + "\n" + randomSeq(r, child, depth+1)
	default:
		child := ind + 1 + r.Intn(3)
		return randomComment(r) + "\n" + randomMap(r, child, depth+1)
	}
}

func randomKey(r *rand.Rand) string {
	keys := []string{"name", "image", "a", "b c", "'q k'", "\"d k\"", "x.y/z", "1", "true", "k ", "-k", "~", "é"}
	return keys[r.Intn(len(keys))]
}

func randomMap(r *rand.Rand, ind, depth int) string {
	var b strings.Builder
	k := 1 + r.Intn(4)
	for i := 0; i < k; i++ {
		if r.Intn(8) == 0 {
			b.WriteString(strings.Repeat(" ", r.Intn(ind+2)) + "# c\n")
		}
		if r.Intn(10) == 0 {
			b.WriteString("\n")
		}
		b.WriteString(strings.Repeat(" ", ind) + randomKey(r) + ":")
		b.WriteString(randomValue(r, ind, depth))
	}
	return b.String()
}

func randomSeq(r *rand.Rand, ind, depth int) string {
	var b strings.Builder
	k := 1 + r.Intn(4)
	for i := 0; i < k; i++ {
		b.WriteString(strings.Repeat(" ", ind) + "-")
		switch r.Intn(4) {
		case 0:
			// Compact mapping.
			sp := 1 + r.Intn(3)
			b.WriteString(strings.Repeat(" ", sp))
			m := randomMap(r, ind+1+sp, depth+1)
			b.WriteString(strings.TrimLeft(m, " "))
		default:
			b.WriteString(randomValue(r, ind, depth))
		}
	}
	return b.String()
}

func randomDoc(r *rand.Rand) string {
	var s string
	if r.Intn(5) == 0 {
		s = randomSeq(r, r.Intn(2), 0)
	} else {
		s = randomMap(r, r.Intn(2), 0)
	}
	if r.Intn(4) == 0 {
		s = strings.TrimSuffix(s, "\n")
	}
	if r.Intn(20) == 0 && len(s) > 0 {
		// Noise: flip one byte to something syntactically interesting.
		i := r.Intn(len(s))
		s = s[:i] + string(" -:#'\"[]{}|>\n"[r.Intn(13)]) + s[i+1:]
	}
	if r.Intn(8) == 0 {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	return s
}

func FuzzParseMatchesV3(f *testing.F) {
	names := make([]string, 0, len(corpus))
	for name := range corpus {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f.Add([]byte(corpus[name]))
	}
	r := rand.New(rand.NewSource(4))
	for i := 0; i < 50; i++ {
		f.Add([]byte(randomDoc(r)))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		checkSame(t, doc)
	})
}

func BenchmarkParse(b *testing.B) {
	doc := []byte(benchCronJob)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkYAMLv3(b *testing.B) {
	doc := []byte(benchCronJob)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		var n yaml.Node
		if err := yaml.Unmarshal(doc, &n); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExhaustiveScalars tries every short string over an alphabet of YAML indicators in each
// scalar position the subset supports.
func TestExhaustiveScalars(t *testing.T) {
	alphabet := []string{"a", " ", ":", "#", "-", "'", "\"", "[", "]", "{", "}", ",", "?", "&", "|", ">",
		"!", "%", "@", "`", "~", ".", "\\", "*", "<", "0", "é"}
	maxLen := 3
	if testing.Short() {
		maxLen = 2
	}
	contexts := []string{"k: %s\n", "%s: v\n", "- %s\n", "k: [%s]\n", "k: {%s: v}\n", "k: {a: %s}\n",
		"k: [a, %s]\n", "- k: %s\n  j: 1\n", "k:\n  %s: 1\n"}
	var gen func(prefix string, n int)
	gen = func(prefix string, n int) {
		if prefix != "" {
			for _, c := range contexts {
				checkSame(t, []byte(fmt.Sprintf(c, prefix)))
			}
		}
		if n == 0 {
			return
		}
		for _, a := range alphabet {
			gen(prefix+a, n-1)
		}
	}
	gen("", maxLen)
}

// TestExhaustiveBlockScalars tries block scalar headers with every combination of a few
// following lines, in mapping and sequence contexts.
func TestExhaustiveBlockScalars(t *testing.T) {
	headers := []string{"|", ">", "|-", ">-", "|+", ">+", "| #c", ">- #c"}
	lines := []string{"", " ", "  ", "   ", "    ", "  x", "   x", " x", "    y z", "  # c", "b: 1", "  - q", "- q"}
	// FASTYAML_EXHAUSTIVE=1 adds a fourth line (about a minute).
	depth := 3
	if os.Getenv("FASTYAML_EXHAUSTIVE") != "" {
		depth = 4
	}
	contexts := []struct{ pre, ind string }{{"a: ", ""}, {"- ", ""}, {"k:\n- ", ""}, {"k:\n  a: ", "  "}, {"- a: ", "  "}}
	var gen func(body []string, n int)
	gen = func(body []string, n int) {
		for _, h := range headers {
			for _, c := range contexts {
				var b strings.Builder
				b.WriteString(c.pre + h + "\n")
				for _, l := range body {
					if l != "" {
						b.WriteString(c.ind)
					}
					b.WriteString(l + "\n")
				}
				s := b.String()
				checkSame(t, []byte(s))
				checkSame(t, []byte(strings.TrimSuffix(s, "\n")))
				checkSame(t, []byte(strings.ReplaceAll(s, "\n", "\r\n")))
			}
		}
		if n == 0 {
			return
		}
		for _, l := range lines {
			gen(append(body, l), n-1)
		}
	}
	if testing.Short() {
		depth = 2
	}
	gen(nil, depth)
}

// mutateLines applies a few random line-level edits (indentation changes, deletions,
// duplications, swaps, inserted dashes and comments) that byte-level fuzzing reaches slowly.
func mutateLines(r *rand.Rand, doc string) string {
	lines := strings.Split(doc, "\n")
	for k := 1 + r.Intn(3); k > 0 && len(lines) > 1; k-- {
		i := r.Intn(len(lines))
		l := lines[i]
		switch r.Intn(9) {
		case 0:
			lines[i] = strings.Repeat(" ", 1+r.Intn(2)) + l
		case 1:
			lines[i] = strings.TrimPrefix(l, strings.Repeat(" ", 1+r.Intn(2)))
		case 2:
			lines = append(lines[:i], lines[i+1:]...)
		case 3:
			lines = append(lines[:i+1], lines[i:]...)
		case 4:
			j := r.Intn(len(lines))
			lines[i], lines[j] = lines[j], lines[i]
		case 5:
			t := strings.TrimLeft(l, " ")
			lines[i] = l[:len(l)-len(t)] + "- " + t
		case 6:
			lines[i] = l + []string{" #", " # x", ":", " :", " - x", " |", " >-", " [a]", " {}"}[r.Intn(9)]
		case 7:
			lines = append(lines[:i], append([]string{strings.Repeat(" ", r.Intn(8)) + []string{"", "#c", "x", "- y", "z:"}[r.Intn(5)]}, lines[i:]...)...)
		case 8:
			if i+1 < len(lines) {
				lines[i] = l + " " + strings.TrimLeft(lines[i+1], " ")
				lines = append(lines[:i+1], lines[i+2:]...)
			}
		}
	}
	return strings.Join(lines, "\n")
}

func TestMutatedCorpus(t *testing.T) {
	names := make([]string, 0, len(corpus))
	for name := range corpus {
		names = append(names, name)
	}
	sort.Strings(names)
	r := rand.New(rand.NewSource(testSeed(5)))
	n := iterations(20000)
	fast := 0
	for i := 0; i < n; i++ {
		doc := mutateLines(r, corpus[names[r.Intn(len(names))]])
		if checkSame(t, []byte(doc)) {
			fast++
		}
	}
	t.Logf("%d of %d mutated documents took the fast path", fast, n)
}

// iterations scales randomized tests: n normally, n/10 with -short, 25n with FASTYAML_EXHAUSTIVE
// set (which also varies the seed through FASTYAML_SEED).
func iterations(n int) int {
	if testing.Short() {
		return n / 10
	}
	if os.Getenv("FASTYAML_EXHAUSTIVE") != "" {
		return 25 * n
	}
	return n
}

func testSeed(base int64) int64 {
	v, _ := strconv.ParseInt(os.Getenv("FASTYAML_SEED"), 10, 64)
	return base + v
}
