// Package fastvalid has fast checks that vouch for the common, plainly valid names and labels
// without apimachinery's regular expressions, for package lint and lint/podspec. They only ever
// say "certainly valid"; anything else goes through the upstream validators, so messages and
// verdicts stay exactly the server's.
package fastvalid

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// Alnum: a-z, A-Z or 0-9.
func Alnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

// LowerAlnum: a-z or 0-9.
func LowerAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// DNSLabel: 1-63 characters of a-z, 0-9 and '-', starting and ending alphanumeric.
func DNSLabel(s string) bool {
	if len(s) == 0 || len(s) > 63 || !LowerAlnum(s[0]) || !LowerAlnum(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !LowerAlnum(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

// DNSSubdomain: DNS labels joined by dots, at most 253 characters.
func DNSSubdomain(s string) bool {
	if len(s) == 0 || len(s) > 253 {
		return false
	}
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if !DNSLabel(s[start:i]) {
				return false
			}
			start = i + 1
		}
	}
	return true
}

// DNSSubdomainSyntax: the characters of a DNS subdomain, whatever its length: non-empty labels of
// lower-case letters, digits and '-', starting and ending alphanumeric, joined by dots (upstream's
// format regular expression, in linear time: for over-long values, where only the length is
// wrong, without running the expression over megabytes).
func DNSSubdomainSyntax(s string) bool {
	if len(s) == 0 {
		return false
	}
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			if c := s[i]; !LowerAlnum(c) && c != '-' {
				return false
			}
			continue
		}
		if i == start || !LowerAlnum(s[start]) || !LowerAlnum(s[i-1]) {
			return false
		}
		start = i + 1
	}
	return true
}

// Name: 1-63 characters of letters, digits, '-', '_' and '.', starting and ending
// alphanumeric (a label value or the name part of a qualified name).
func Name(s string) bool {
	if len(s) == 0 || len(s) > 63 || !Alnum(s[0]) || !Alnum(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !Alnum(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

// LabelValue: empty, or a Name.
func LabelValue(s string) bool { return s == "" || Name(s) }

// QualifiedName: [DNS-subdomain "/"] name.
func QualifiedName(s string) bool {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return DNSSubdomain(s[:i]) && Name(s[i+1:])
		}
	}
	return Name(s)
}

// Labels: every key a QualifiedName and every value a LabelValue.
func Labels(m map[string]string) bool {
	for k, v := range m {
		if !QualifiedName(k) || !LabelValue(v) {
			return false
		}
	}
	return true
}

// Meta reports whether ObjectMeta is certainly valid for a namespaced object named by a
// DNS subdomain (what ValidateObjectMeta checks for Jobs and CronJobs).
func Meta(m *metav1.ObjectMeta) bool {
	if !DNSSubdomain(m.Name) || m.GenerateName != "" || m.Namespace != "" && !DNSLabel(m.Namespace) ||
		m.Generation < 0 || len(m.OwnerReferences) > 0 || len(m.Finalizers) > 0 || len(m.ManagedFields) > 0 ||
		!Labels(m.Labels) {
		return false
	}
	size := 0
	for k, v := range m.Annotations {
		if !QualifiedName(k) {
			return false
		}
		size += len(k) + len(v)
	}
	return size < 256*1024
}
