// Package kubeversion is the version model: the Kubernetes minors the linter supports and, for
// each, what its kube-apiserver does differently with Jobs, CronJobs and their pod templates:
// which fields its API has (fields_gen.go), which feature gates are on by default (gates_gen.go;
// a field whose gate is off is dropped before validation), and which validation changed
// (Version's behaviour methods). Both generated tables are read from each version's upstream
// sources by hack/genversions (make versions). Nothing else in the project branches on version
// strings.
package kubeversion

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a supported Kubernetes minor version of the 1.x line, e.g. 1.37. The zero value is
// not valid; use Default, Parse or FromServer.
type Version struct{ minor int }

// The supported range, oldest and newest.
const (
	OldestMinor = 32
	NewestMinor = 37
)

// Default is the version lint decides for when nothing else says: the newest supported.
func Default() Version { return Version{NewestMinor} }

// Supported lists every supported version, oldest first.
func Supported() []Version {
	out := make([]Version, 0, NewestMinor-OldestMinor+1)
	for m := OldestMinor; m <= NewestMinor; m++ {
		out = append(out, Version{m})
	}
	return out
}

// SupportedList is the supported versions as text, for errors and help: "1.32, 1.33, ...".
func SupportedList() string {
	var b strings.Builder
	for i, v := range Supported() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v.String())
	}
	return b.String()
}

// Parse reads "1.33", "v1.33", "1.33.4" or "v1.33.13" (a patch is allowed and ignored). A
// version outside the supported range is an error that lists the supported ones.
func Parse(s string) (Version, error) {
	t := strings.TrimPrefix(strings.TrimSpace(s), "v")
	parts := strings.Split(t, ".")
	if len(parts) < 2 || len(parts) > 3 || parts[0] != "1" {
		return Version{}, fmt.Errorf("bad Kubernetes version %q: want MAJOR.MINOR such as 1.33 (supported: %s)", s, SupportedList())
	}
	minor, err := strconv.Atoi(parts[1])
	if err != nil || minor < 0 {
		return Version{}, fmt.Errorf("bad Kubernetes version %q: want MAJOR.MINOR such as 1.33 (supported: %s)", s, SupportedList())
	}
	if len(parts) == 3 {
		if _, err := strconv.Atoi(parts[2]); err != nil {
			return Version{}, fmt.Errorf("bad Kubernetes version %q: want MAJOR.MINOR such as 1.33 (supported: %s)", s, SupportedList())
		}
	}
	if minor < OldestMinor || minor > NewestMinor {
		return Version{}, fmt.Errorf("unsupported Kubernetes version %s (supported: %s)", "1."+parts[1], SupportedList())
	}
	return Version{minor}, nil
}

// FromServer reads the version an API server reports (/version): its major and minor fields
// ("1", "33" or "33+" as managed clouds write it), falling back to gitVersion
// ("v1.33.13-eks-4f2a1b7").
func FromServer(major, minor, gitVersion string) (Version, error) {
	m := strings.TrimRight(minor, "+")
	if major != "" && m != "" {
		return Parse(major + "." + m)
	}
	g := strings.TrimPrefix(gitVersion, "v")
	if i := strings.IndexAny(g, "-+"); i >= 0 {
		g = g[:i]
	}
	return Parse(g)
}

// String returns "1.37".
func (v Version) String() string { return "1." + strconv.Itoa(v.minor) }

// Minor returns the minor number, e.g. 37.
func (v Version) Minor() int { return v.minor }

// Valid reports whether v is a supported version (the zero Version is not).
func (v Version) Valid() bool { return v.minor >= OldestMinor && v.minor <= NewestMinor }

// AtLeast reports whether v is 1.minor or newer.
func (v Version) AtLeast(minor int) bool { return v.minor >= minor }

// TestedPatch is the patch release whose kube-apiserver the conformance tests ran (the newest
// the Go module proxy served), e.g. "v1.37.2".
func (v Version) TestedPatch() string {
	switch v.minor {
	case 32:
		return "v1.32.13"
	case 33:
		return "v1.33.13"
	case 34:
		return "v1.34.4"
	case 35:
		return "v1.35.4"
	case 36:
		return "v1.36.3"
	case 37:
		return "v1.37.2"
	}
	return ""
}

// Enabled reports whether feature gate g is on by default in v's kube-apiserver. A gate the
// version does not know is off, except the gates upstream removed after graduating them, which
// are on (their code paths are unconditional).
func (v Version) Enabled(g Gate) bool { return gateDefault(g, v.minor) }

// Has reports whether v's API has field f.
func (v Version) Has(f Field) bool { return v.minor >= f.Since && (f.Until == 0 || v.minor <= f.Until) }

// Field is an API field that exists in some supported versions only.
type Field struct {
	// Kind is "Job" (the field is also in a CronJob's jobTemplate) or "CronJob".
	Kind string
	// Path is the field's path in a Job, with [*] for list items, e.g.
	// "spec.template.spec.containers[*].restartPolicyRules". The same field of a CronJob is under
	// spec.jobTemplate.
	Path string
	// Since and Until bound the minors whose API has the field (Until 0: still there).
	Since, Until int
}

// Range says in words which versions have the field, e.g. "1.34 and later" or "1.35 only".
func (f Field) Range() string {
	switch {
	case f.Until == 0:
		return fmt.Sprintf("1.%d and later", f.Since)
	case f.Since == f.Until:
		return fmt.Sprintf("1.%d only", f.Since)
	}
	return fmt.Sprintf("1.%d to 1.%d", f.Since, f.Until)
}

// ExistsIn reports whether version v's API has the field (the same as v.Has(f)).
func (f Field) ExistsIn(v Version) bool { return v.Has(f) }

// Span is the supported range as text, "1.32 to 1.37".
func Span() string { return fmt.Sprintf("1.%d to 1.%d", OldestMinor, NewestMinor) }

// MarshalJSON writes "1.37" (null for the zero Version).
func (v Version) MarshalJSON() ([]byte, error) {
	if !v.Valid() {
		return []byte("null"), nil
	}
	return []byte(`"` + v.String() + `"`), nil
}

// UnmarshalJSON reads "1.33" (or an unquoted YAML 1.33, which arrives as a JSON number).
func (v *Version) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		*v = Version{}
		return nil
	}
	p, err := Parse(s)
	if err != nil {
		return err
	}
	*v = p
	return nil
}

// IsZero reports whether v is the zero Version (for omitzero).
func (v Version) IsZero() bool { return v.minor == 0 }
