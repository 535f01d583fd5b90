package jobs

import (
	"errors"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func TestParseRefs(t *testing.T) {
	tests := []struct {
		args    []string
		allowed []Kind
		want    string
		err     string
	}{
		{[]string{"cronjob/x"}, nil, "cronjob/x", ""},
		{[]string{"cj/x", "job/y"}, nil, "cronjob/x job/y", ""},
		{[]string{"cronjobs", "a", "b"}, nil, "cronjob/a cronjob/b", ""},
		{[]string{"jobs.batch/x"}, nil, "job/x", ""},
		{[]string{"Job/x"}, nil, "job/x", ""},
		{[]string{"deployment/x"}, nil, "", "wrong kind"},
		{[]string{"job/x"}, []Kind{KindCronJob}, "", "takes cronjob/NAME"},
		{[]string{"cronjobs"}, nil, "", "no name"},
		{[]string{"job/"}, nil, "", "not TYPE/NAME"},
		{[]string{"jobs", "a/b"}, nil, "", "mixed argument forms"},
		{nil, nil, "", "no resource"},
	}
	for _, tt := range tests {
		refs, err := ParseRefs(tt.args, tt.allowed...)
		var got []string
		for _, r := range refs {
			got = append(got, r.String())
		}
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseRefs(%v) error %v, want %q", tt.args, err, tt.err)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("ParseRefs(%v) = %v, %v; want %s", tt.args, got, err, tt.want)
		}
	}
}

func TestDescribeError(t *testing.T) {
	ref := Ref{Kind: KindCronJob, Name: "nightly"}
	gr := schema.GroupResource{Group: "batch", Resource: "cronjobs"}
	if msg := DescribeError(apierrors.NewNotFound(gr, "nightly"), "get", ref, "prod").Error(); msg != "cronjob/nightly not found in namespace prod" {
		t.Errorf("not found: %q", msg)
	}
	if msg := DescribeError(apierrors.NewForbidden(gr, "nightly", errors.New("no")), "get", ref, "prod").Error(); !strings.Contains(msg, "permission to get cronjobs.batch in namespace prod") {
		t.Errorf("forbidden: %q", msg)
	}
}
