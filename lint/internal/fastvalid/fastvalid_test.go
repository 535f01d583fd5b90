package fastvalid

import (
	"math/rand/v2"
	"regexp"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation"
)

// dns1123Subdomain is upstream's format expression (k8s.io/apimachinery/pkg/util/validation).
var dns1123Subdomain = regexp.MustCompile("^" + "[a-z0-9]([-a-z0-9]*[a-z0-9])?" + "(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*" + "$")

// The fast checks may only ever vouch for values apimachinery also accepts.
func TestFastChecksNeverDisagreeWithUpstream(t *testing.T) {
	alphabet := []byte("abcXYZ019-_./")
	if !DNSSubdomainSyntax("a."+"b-c") || DNSSubdomainSyntax("a..b") || DNSSubdomainSyntax("-a") || DNSSubdomainSyntax("a.") {
		t.Fatal("DNSSubdomainSyntax basics")
	}
	rng := rand.New(rand.NewPCG(7, 7))
	seen := 0
	for i := 0; i < 200000; i++ {
		n := rng.IntN(70)
		if rng.IntN(50) == 0 {
			n = 240 + rng.IntN(30)
		}
		b := make([]byte, n)
		for j := range b {
			b[j] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(b)
		if DNSLabel(s) {
			seen++
			if msgs := validation.IsDNS1123Label(s); len(msgs) > 0 {
				t.Fatalf("DNSLabel(%q) but upstream: %v", s, msgs)
			}
		}
		if DNSSubdomain(s) {
			if msgs := validation.IsDNS1123Subdomain(s); len(msgs) > 0 {
				t.Fatalf("DNSSubdomain(%q) but upstream: %v", s, msgs)
			}
		}
		// Exact agreement on the format (the length aside) with upstream's expression.
		if got, want := DNSSubdomainSyntax(s), dns1123Subdomain.MatchString(s); got != want {
			t.Fatalf("DNSSubdomainSyntax(%q) = %v, upstream's expression %v", s, got, want)
		}
		if LabelValue(s) {
			if msgs := validation.IsValidLabelValue(s); len(msgs) > 0 {
				t.Fatalf("LabelValue(%q) but upstream: %v", s, msgs)
			}
		}
		if QualifiedName(s) {
			if msgs := validation.IsQualifiedName(s); len(msgs) > 0 {
				t.Fatalf("QualifiedName(%q) but upstream: %v", s, msgs)
			}
		}
	}
	if seen == 0 {
		t.Fatal("the generator never produced a valid label; the test proves nothing")
	}
	for _, s := range []string{"report", "nightly-report", "a", "a.b-c", "team/app", "example.com/role", "x_y.z"} {
		if !QualifiedName(s) && !DNSSubdomain(s) {
			t.Errorf("%q should take the fast path", s)
		}
	}
}
