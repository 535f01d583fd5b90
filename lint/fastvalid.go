package lint

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// Fast checks that vouch for the common, plainly valid names and labels without apimachinery's
// regular expressions. They only ever say "certainly valid"; anything else goes through the
// upstream validators, so messages and verdicts stay exactly the server's.

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

func isLowerAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// simpleDNSLabel: 1-63 characters of a-z, 0-9 and '-', starting and ending alphanumeric.
func simpleDNSLabel(s string) bool {
	if len(s) == 0 || len(s) > 63 || !isLowerAlnum(s[0]) || !isLowerAlnum(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isLowerAlnum(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

// simpleDNSSubdomain: DNS labels joined by dots, at most 253 characters.
func simpleDNSSubdomain(s string) bool {
	if len(s) == 0 || len(s) > 253 {
		return false
	}
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if !simpleDNSLabel(s[start:i]) {
				return false
			}
			start = i + 1
		}
	}
	return true
}

// simpleName: 1-63 characters of letters, digits, '-', '_' and '.', starting and ending
// alphanumeric (a label value or the name part of a qualified name).
func simpleName(s string) bool {
	if len(s) == 0 || len(s) > 63 || !isAlnum(s[0]) || !isAlnum(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

func simpleLabelValue(s string) bool { return s == "" || simpleName(s) }

// simpleQualifiedName: [DNS-subdomain "/"] name.
func simpleQualifiedName(s string) bool {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return simpleDNSSubdomain(s[:i]) && simpleName(s[i+1:])
		}
	}
	return simpleName(s)
}

func labelsSimple(m map[string]string) bool {
	for k, v := range m {
		if !simpleQualifiedName(k) || !simpleLabelValue(v) {
			return false
		}
	}
	return true
}

// metaSimple reports whether ObjectMeta is certainly valid for a namespaced object named by a
// DNS subdomain (what ValidateObjectMeta checks for Jobs and CronJobs).
func metaSimple(m *metav1.ObjectMeta) bool {
	if !simpleDNSSubdomain(m.Name) || m.GenerateName != "" || m.Namespace != "" && !simpleDNSLabel(m.Namespace) ||
		m.Generation < 0 || len(m.OwnerReferences) > 0 || len(m.Finalizers) > 0 || len(m.ManagedFields) > 0 ||
		!labelsSimple(m.Labels) {
		return false
	}
	size := 0
	for k, v := range m.Annotations {
		if !simpleQualifiedName(k) {
			return false
		}
		size += len(k) + len(v)
	}
	return size < 256*1024
}
