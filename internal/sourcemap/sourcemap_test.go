package sourcemap

import (
	"os"
	"path/filepath"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

const template = `{{- if .Values.enabled }}
# a comment
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {{ include "app.fullname" . }}-nightly
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  schedule: {{ .Values.schedule | quote }}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: {{ .Values.restartPolicy }}
          containers:
          - name: report
            image: {{ .Values.image }}
          - name: shipper
            image: busybox
            args:
            - sh
            resources:
              {{- toYaml .Values.resources | nindent 14 }}
{{- end }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-migrate
spec:
  template:
    spec:
      containers:
        - name: migrate
          image: x
`

func write(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "t.yaml")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTemplateLines(t *testing.T) {
	file := write(t, template)
	cj := lint.NewCronJobObject(&batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: "rel-app-nightly"}}, lint.Source{})
	pos, start := Template(file)(cj)
	if pos == nil || start != 1 {
		t.Fatalf("CronJob not located: %v %d", pos, start)
	}
	for path, want := range map[string]int{
		"metadata.name":   6,
		"metadata.labels": 7,
		"spec.schedule":   10,
		"spec.jobTemplate.spec.template.spec.restartPolicy":                  15,
		"spec.jobTemplate.spec.template.spec.containers[0]":                  17,
		"spec.jobTemplate.spec.template.spec.containers[0].image":            18,
		"spec.jobTemplate.spec.template.spec.containers[1].image":            20,
		"spec.jobTemplate.spec.template.spec.containers[1].args[0]":          22,
		"spec.jobTemplate.spec.template.spec.containers[1].resources":        23,
		"spec.jobTemplate.spec.template.spec.containers[1].resources.limits": 0, // written by toYaml
		"spec.jobTemplate.spec.template.spec.containers[2]":                  0,
		"spec.suspend": 0,
	} {
		if got := pos.Line(path); got != want {
			t.Errorf("Line(%s) = %d, want %d", path, got, want)
		}
	}
	job := lint.NewJobObject(&batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "rel-migrate"}}, lint.Source{})
	pos, start = Template(file)(job)
	if pos == nil || start != 27 {
		t.Fatalf("Job not located: start %d", start)
	}
	for path, want := range map[string]int{"metadata.name": 30, "spec.template.spec.containers[0].image": 36, "spec.template.spec.containers[0].name": 35} {
		if got := pos.Line(path); got != want {
			t.Errorf("Job Line(%s) = %d, want %d", path, got, want)
		}
	}
}

func TestManifestLines(t *testing.T) {
	file := write(t, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: i}]\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: cleanup\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: i}]\n")
	obj := lint.NewJobObject(&batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "prod-cleanup-v2"}}, lint.Source{})
	pos, start := Manifest(file)(obj)
	if pos == nil || start != 11 || pos.Line("spec.template.spec.restartPolicy") != 18 {
		t.Fatalf("cleanup: start %d, restartPolicy line %v", start, pos)
	}
	if pos, _ := Manifest(file)(lint.NewJobObject(&batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "other"}}, lint.Source{})); pos != nil {
		t.Error("a name matching no Job of several was located")
	}
	if pos, _ := Manifest(filepath.Join(t.TempDir(), "missing.yaml"))(obj); pos != nil {
		t.Error("a missing file located something")
	}
}
