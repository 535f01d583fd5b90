package helmchart

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	tmpls, err := Render("testdata/app", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, tm := range tmpls {
		paths = append(paths, tm.Path)
	}
	if strings.Join(paths, " ") != "app/templates/cronjob.yaml app/templates/migrate-hook.yaml" {
		t.Fatalf("templates %v: want the two manifests, without helpers and NOTES.txt, sorted", paths)
	}
	cj := string(tmpls[0].Content)
	for _, want := range []string{"name: release-name-app-nightly-report", "namespace: default", `schedule: "0 3 * * *"`, "image: busybox:1.36"} {
		if !strings.Contains(cj, want) {
			t.Errorf("CronJob lacks %q:\n%s", want, cj)
		}
	}
}

func TestRenderValuesAndRelease(t *testing.T) {
	tmpls, err := Render("testdata/app", Options{ValueFiles: []string{"testdata/prod-values.yaml"},
		Set: []string{"image=busybox:1.37", "migrate.enabled=true"}, ReleaseName: "prod", Namespace: "reports", KubeVersion: "1.33"})
	if err != nil {
		t.Fatal(err)
	}
	all := string(tmpls[0].Content) + string(tmpls[1].Content)
	for _, want := range []string{"name: prod-app-nightly-report", "namespace: reports", "image: busybox:1.37", "restartPolicy: Always"} {
		if !strings.Contains(all, want) {
			t.Errorf("rendered output lacks %q:\n%s", want, all)
		}
	}
	if tmpls, err = Render("testdata/app", Options{Set: []string{"migrate.enabled=false"}}); err != nil || len(tmpls) != 1 {
		t.Errorf("a disabled template still rendered: %d templates, %v", len(tmpls), err)
	}
}

func TestRenderErrors(t *testing.T) {
	for _, c := range []struct {
		dir  string
		o    Options
		want string
	}{
		{"testdata/missing", Options{}, "loading the chart testdata/missing"},
		{"testdata/app", Options{ValueFiles: []string{"testdata/nope.yaml"}}, "values file testdata/nope.yaml"},
		{"testdata/app", Options{Set: []string{"a[=1"}}, "--set a[=1"},
		{"testdata/app", Options{Set: []string{"schedule=5"}}, "values"}, // the schema wants a string
	} {
		if _, err := Render(c.dir, c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Render(%s, %+v): %v, want an error with %q", c.dir, c.o, err, c.want)
		}
	}
}
