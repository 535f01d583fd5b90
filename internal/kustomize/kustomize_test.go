package kustomize

import (
	"strings"
	"testing"
)

func TestRenderNamesOrigins(t *testing.T) {
	objs, err := Render("testdata/overlays/prod")
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != 2 {
		t.Fatalf("%d objects, want 2", len(objs))
	}
	want := map[string]string{"CronJob": "../../base/cronjob.yaml", "Job": "../../base/job.yaml"}
	for _, o := range objs {
		y := string(o.YAML)
		kind := strings.TrimSpace(strings.SplitN(strings.SplitN(y, "kind:", 2)[1], "\n", 2)[0])
		if o.Origin != want[kind] {
			t.Errorf("%s: origin %q, want %q", kind, o.Origin, want[kind])
		}
		if strings.Contains(y, "config.kubernetes.io/origin") {
			t.Errorf("%s: the origin annotation kubectl would not send is left in:\n%s", kind, y)
		}
		if !strings.Contains(y, "name: production-eu-west-1-analytics-team-01-") || !strings.Contains(y, "namespace: reports") {
			t.Errorf("%s: the overlay was not applied:\n%s", kind, y)
		}
		if kind == "Job" && !strings.Contains(y, "restartPolicy: Always") {
			t.Errorf("Job: the patch was not applied:\n%s", y)
		}
	}
}

func TestRenderKeepsRequestedOriginAnnotations(t *testing.T) {
	objs, err := Render("testdata/tracked")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if !strings.Contains(string(o.YAML), "config.kubernetes.io/origin") {
			t.Errorf("a kustomization that asks for origin annotations lost them:\n%s", o.YAML)
		}
		if !strings.HasPrefix(o.Origin, "../base/") {
			t.Errorf("origin %q", o.Origin)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	for _, dir := range []string{"testdata/missing", "testdata/base/cronjob.yaml"} {
		if _, err := Render(dir); err == nil || !strings.Contains(err.Error(), dir) {
			t.Errorf("Render(%q): %v, want an error naming the directory", dir, err)
		}
	}
}
