package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

func genericIOForTest() genericiooptions.IOStreams {
	return genericiooptions.IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}
}

const goodJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  ttlSecondsAfterFinished: 600
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
`

const badCronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: data
spec:
  schedule: "0 3 * * *"
  timeZone: Etc/UTC
  startingDeadlineSeconds: 5
  jobTemplate:
    spec:
      ttlSecondsAfterFinished: 600
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox:1.36
`

// runWithFake runs "run -f - ARGS" against a fake clientset (it only records the calls; the
// e2e tests run it against a real API server).
func runWithFake(t *testing.T, manifest string, explicitNS bool, configure func(*RunOptions)) (*fake.Clientset, string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	streams := genericiooptions.IOStreams{In: strings.NewReader(manifest), Out: &out, ErrOut: &errb}
	o := &RunOptions{createFlags: newCreateFlags(), Filename: "-", IOStreams: streams}
	if configure != nil {
		configure(o)
	}
	if err := o.complete(); err != nil {
		t.Fatal(err)
	}
	var err error
	if o.engine, err = lint.New(lint.Config{}); err != nil {
		t.Fatal(err)
	}
	client := fake.NewClientset()
	o.client, o.namespace, o.explicitNS = client, "default", explicitNS
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	err = o.Run(context.Background())
	return client, out.String(), errb.String(), err
}

func creates(c *fake.Clientset) []*batchv1.Job {
	var out []*batchv1.Job
	for _, a := range c.Actions() {
		if a.GetVerb() == "create" {
			out = append(out, a.(k8stesting.CreateAction).GetObject().(*batchv1.Job))
		}
	}
	return out
}

func TestRunLintGate(t *testing.T) {
	client, _, errs, err := runWithFake(t, badCronJob, false, nil)
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != ExitUsage || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("lint error: %v, want exit 2 mentioning --force", err)
	}
	if !strings.Contains(errs, "starting-deadline-too-short") || len(client.Actions()) != 0 {
		t.Errorf("stderr %q, %d API calls; want the finding and none", errs, len(client.Actions()))
	}

	client, out, errs, err := runWithFake(t, badCronJob, false, func(o *RunOptions) { o.Force = true })
	if err != nil {
		t.Fatal(err)
	}
	got := creates(client)
	if len(got) != 1 || got[0].Namespace != "data" || !strings.HasPrefix(got[0].Name, "nightly-manual-") ||
		got[0].Annotations["cronjob.kubernetes.io/instantiate"] != "manual" || len(got[0].OwnerReferences) != 0 {
		t.Errorf("--force on a CronJob manifest created %+v", got)
	}
	if !strings.Contains(errs, "--force") || !strings.HasPrefix(out, "job.batch/nightly-manual-") {
		t.Errorf("stdout %q stderr %q", out, errs)
	}
}

func TestRunJobManifest(t *testing.T) {
	client, out, _, err := runWithFake(t, goodJob, false, nil)
	if err != nil || len(creates(client)) != 1 || creates(client)[0].Namespace != "default" || out != "job.batch/migrate created\n" {
		t.Errorf("err %v, out %q, creates %v", err, out, creates(client))
	}
	client, out, _, err = runWithFake(t, goodJob, false, func(o *RunOptions) {
		o.Name = "migrate-2"
		o.DryRun = "client"
		o.PrintFlags.OutputFormat = runTestPtr("name")
	})
	if err != nil || len(client.Actions()) != 0 || out != "job.batch/migrate-2\n" {
		t.Errorf("client dry run: err %v, out %q, calls %v", err, out, client.Actions())
	}
	// Namespace conflict with an explicit -n.
	_, _, _, err = runWithFake(t, strings.Replace(badCronJob, "startingDeadlineSeconds: 5", "startingDeadlineSeconds: 50", 1), true, nil)
	if err == nil || !strings.Contains(err.Error(), `namespace "data" does not match --namespace "default"`) {
		t.Errorf("namespace conflict: %v", err)
	}
	// Two documents.
	_, _, _, err = runWithFake(t, goodJob+"---\n"+goodJob, false, nil)
	if err == nil || !strings.Contains(err.Error(), "holds 2 Jobs and CronJobs; run takes exactly one") {
		t.Errorf("two documents: %v", err)
	}
}

func runTestPtr[T any](v T) *T { return &v }
