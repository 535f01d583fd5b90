//go:build integration

package conformance

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/kubectl-batch/kubectl-batch/internal/manifest"
)

var listIndex = regexp.MustCompile(`\[\d+\]`)

const jobYAML = `apiVersion: batch/v1
kind: Job
metadata:
  name: decode
spec:
%s  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
%s`

// TestDecoderMatchesStrictServer sends raw YAML to the server with strict field validation (what
// kubectl apply does by default) and compares with the decoder's unknown-field and wrong-type
// verdicts, field by field.
func TestDecoderMatchesStrictServer(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	e := engine(t)
	cases := []struct{ name, spec, container string }{
		{"valid", "", ""},
		{"unknown spec field", "  backofLimit: 3\n", ""},
		{"unknown nested field", "", "        imag: busybox\n"},
		{"two unknown fields", "  backofLimit: 3\n  paralelism: 2\n", ""},
		{"string for int", "  backoffLimit: \"3\"\n", ""},
		{"string for bool", "  suspend: \"true\"\n", ""},
		{"yaml 1.1 bool yes", "  suspend: yes\n", ""},
		{"yaml 1.1 bool off", "  suspend: off\n", ""},
		{"int for string", "  completionMode: 3\n", ""},
		{"list for int", "  parallelism: [1]\n", ""},
		{"object for string", "", "        imagePullPolicy: {a: b}\n"},
		{"float for int", "  backoffLimit: 2.5\n", ""},
		{"hex int", "  backoffLimit: 0x3\n", ""},
		{"null value", "  backoffLimit: null\n", ""},
		{"unknown status-like field", "  statuss: {}\n", ""},
		{"string for int in container", "", "        ports:\n        - containerPort: \"80\"\n"},
	}
	var tl tally
	for _, c := range cases {
		body := fmt.Sprintf(jobYAML, c.spec, c.container)
		res := manifest.Decode("decode.yaml", []byte(body))
		if len(res.Errors) > 0 || len(res.Objects) != 1 {
			t.Fatalf("%s: decode errors %v", c.name, res.Errors)
		}
		var lintPaths []string
		for _, f := range e.Check(ctx, res.Objects[0]) {
			if f.RuleID == "unknown-field" || f.RuleID == "wrong-type" {
				lintPaths = append(lintPaths, f.Path)
			}
		}
		err := env.Client.BatchV1().RESTClient().Post().Namespace(ns).Resource("jobs").
			Param("dryRun", "All").Param("fieldValidation", "Strict").
			SetHeader("Content-Type", "application/yaml").Body([]byte(body)).Do(ctx).Error()
		serverRejects := err != nil
		ok := serverRejects == (len(lintPaths) > 0)
		for _, p := range lintPaths {
			// The server's type errors name fields without list indexes (its unknown-field errors
			// keep them); ours always keep them.
			if err == nil || !strings.Contains(err.Error(), p) && !strings.Contains(err.Error(), listIndex.ReplaceAllString(p, "")) {
				ok = false
			}
		}
		tl.add(ok)
		if !ok {
			t.Errorf("%s: lint %v; server: %v", c.name, lintPaths, err)
		}
	}
	t.Logf("decoder conformance: %d/%d", tl.agree, tl.total)
}
