package podspec

import (
	"strconv"
	"strings"

	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubectl-batch/kubectl-batch/lint/internal/fastvalid"
)

// Helpers of the pod-level, volume, scheduling and pod-security checks: a field path that is
// only turned into a string when an error is reported, error constructors that word the detail
// like field.Error.ErrorBody(), and fast checks for the common valid names.

// fpath is a field path under a base such as "spec.template.spec". It is a value (no
// allocation while walking the spec); String builds the text for an error.
type fpath struct {
	base string
	n    int
	segs [12]fseg
}

type fseg struct {
	kind byte // 'c' child, 'i' index, 'k' key
	s    string
	i    int
}

func newFPath(base string) fpath { return fpath{base: base} }

func (p fpath) c(name string) fpath {
	p.segs[p.n] = fseg{kind: 'c', s: name}
	p.n++
	return p
}

func (p fpath) i(i int) fpath {
	p.segs[p.n] = fseg{kind: 'i', i: i}
	p.n++
	return p
}

func (p fpath) k(key string) fpath {
	p.segs[p.n] = fseg{kind: 'k', s: key}
	p.n++
	return p
}

func (p fpath) String() string {
	var b strings.Builder
	b.WriteString(p.base)
	for _, s := range p.segs[:p.n] {
		switch s.kind {
		case 'c':
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.s)
		case 'i':
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.i))
			b.WriteByte(']')
		case 'k':
			b.WriteByte('[')
			b.WriteString(s.s)
			b.WriteByte(']')
		}
	}
	return b.String()
}

// field returns the path as an apimachinery field path, for calling upstream validators.
func (p fpath) field() *field.Path { return field.NewPath(p.String()) }

func fErr(p fpath, e *field.Error) Error { return Error{Path: p.String(), Detail: e.ErrorBody()} }

func fInvalid(p fpath, v any, msg string) Error {
	return fErr(p, field.Invalid(nil, v, msg))
}

func fRequired(p fpath, msg string) Error { return fErr(p, field.Required(nil, msg)) }

func fForbidden(p fpath, msg string) Error { return fErr(p, field.Forbidden(nil, msg)) }

func fDuplicate(p fpath, v any) Error { return fErr(p, field.Duplicate(nil, v)) }

func fTooLong(p fpath, max int) Error { return fErr(p, field.TooLong(nil, "", max)) }

func fNotSupported[T ~string](p fpath, v any, valid []T) Error {
	return fErr(p, field.NotSupported(nil, v, valid))
}

// fList appends the errors of an upstream validator.
func fList(errs []Error, list field.ErrorList) []Error {
	for _, e := range list {
		errs = append(errs, Error{Path: e.Field, Detail: e.ErrorBody()})
	}
	return errs
}

// fMsgs appends one Invalid error per message of a validation.IsXxx function.
func fMsgs(errs []Error, p fpath, v string, msgs []string) []Error {
	for _, m := range msgs {
		errs = append(errs, fInvalid(p, v, m))
	}
	return errs
}

func vDNSLabel(errs []Error, p fpath, v string) []Error {
	if fastvalid.DNSLabel(v) {
		return errs
	}
	return fMsgs(errs, p, v, validation.IsDNS1123Label(v))
}

func vDNSSubdomain(errs []Error, p fpath, v string) []Error {
	if fastvalid.DNSSubdomain(v) {
		return errs
	}
	return fMsgs(errs, p, v, validation.IsDNS1123Subdomain(v))
}

func vQualifiedName(errs []Error, p fpath, v string) []Error {
	if fastvalid.QualifiedName(v) {
		return errs
	}
	return fMsgs(errs, p, v, validation.IsQualifiedName(v))
}

// vLabelName is metav1validation.ValidateLabelName.
func vLabelName(errs []Error, p fpath, v string) []Error {
	if fastvalid.QualifiedName(v) {
		return errs
	}
	for _, m := range validation.IsQualifiedName(v) {
		errs = append(errs, fInvalid(p, v, m))
	}
	return errs
}

func vLabelValue(errs []Error, p fpath, v string) []Error {
	if v == "" || fastvalid.Name(v) {
		return errs
	}
	return fMsgs(errs, p, v, validation.IsValidLabelValue(v))
}

// vLocalDescendingPath: relative, no '..' element.
func vLocalDescendingPath(errs []Error, p fpath, v string) []Error {
	if strings.HasPrefix(v, "/") {
		errs = append(errs, fInvalid(p, v, "must be a relative path"))
	}
	return vNoBacksteps(errs, p, v)
}

func vNoBacksteps(errs []Error, p fpath, v string) []Error {
	if hasBackstep(v) {
		return append(errs, fInvalid(p, v, "must not contain '..'"))
	}
	return errs
}

// hasBackstep reports whether a slash-separated path has a ".." element, as
// validatePathNoBacksteps checks on a Linux API server (its filepath.ToSlash leaves backslashes
// alone there, whatever system lint runs on). It does not allocate.
func hasBackstep(v string) bool {
	for v != "" {
		elem, rest, _ := strings.Cut(v, "/")
		if elem == ".." {
			return true
		}
		v = rest
	}
	return false
}

// vLocalNonReservedPath is ValidateLocalNonReservedPath.
func vLocalNonReservedPath(errs []Error, p fpath, v string) []Error {
	errs = vLocalDescendingPath(errs, p, v)
	if strings.HasPrefix(v, "..") && !strings.HasPrefix(v, "../") {
		errs = append(errs, fInvalid(p, v, "must not start with '..'"))
	}
	return errs
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// vLabelSelector is metav1validation.ValidateLabelSelector (invalid label values not allowed).
func vLabelSelector(errs []Error, p fpath, s *metav1.LabelSelector) []Error {
	if s == nil || labelSelectorSimple(s) {
		return errs
	}
	return fList(errs, metav1validation.ValidateLabelSelector(s, metav1validation.LabelSelectorValidationOptions{}, p.field()))
}

func labelSelectorSimple(s *metav1.LabelSelector) bool {
	for k, v := range s.MatchLabels {
		if !fastvalid.QualifiedName(k) || !(v == "" || fastvalid.Name(v)) {
			return false
		}
	}
	for _, e := range s.MatchExpressions {
		if !fastvalid.QualifiedName(e.Key) {
			return false
		}
		switch e.Operator {
		case metav1.LabelSelectorOpIn, metav1.LabelSelectorOpNotIn:
			if len(e.Values) == 0 {
				return false
			}
		case metav1.LabelSelectorOpExists, metav1.LabelSelectorOpDoesNotExist:
			if len(e.Values) > 0 {
				return false
			}
		default:
			return false
		}
		for _, v := range e.Values {
			if !(v == "" || fastvalid.Name(v)) {
				return false
			}
		}
	}
	return true
}

// vAnnotations is ValidateAnnotations: qualified-name keys (lower-cased), total size.
func vAnnotations(errs []Error, p fpath, m map[string]string) []Error {
	size := 0
	simple := true
	for k, v := range m {
		size += len(k) + len(v)
		if !fastvalid.QualifiedName(strings.ToLower(k)) {
			simple = false
		}
	}
	if simple && size <= apimachineryvalidation.TotalAnnotationSizeLimitB {
		return errs
	}
	return fList(errs, apimachineryvalidation.ValidateAnnotations(m, p.field()))
}
