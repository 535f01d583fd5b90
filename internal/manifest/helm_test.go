package manifest

import (
	"strings"
	"testing"
)

// TestHelmSourceMarkers: documents of `helm template` output are attributed to the template
// their "# Source:" comment names, without lines (the rendered stream's lines are not the
// template's); documents without a marker keep the stream's name and lines.
func TestHelmSourceMarkers(t *testing.T) {
	const stream = `---
# Source: app/templates/cronjob.yaml
apiVersion: batch/v1
kind: CronJob
metadata: {name: app-nightly}
spec: {schedule: "0 3 * * *", jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: i}]}}}}}
---
# a comment first
#   Source: not a marker
# Source: app/templates/values-doc.yaml
replicas: 2
---
apiVersion: batch/v1
kind: Job
metadata: {name: plain}
spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: i}]}}}
---
# Source: app/templates/broken.yaml
apiVersion: batch/v1
kind: Job
metadata: {name: x
`
	res := Decode("-", []byte(stream))
	if len(res.Objects) != 2 {
		t.Fatalf("%d objects, want 2: %+v", len(res.Objects), res.Errors)
	}
	cj, job := res.Objects[0], res.Objects[1]
	if cj.Source.File != "app/templates/cronjob.yaml" || cj.Source.Line != 0 || cj.LineOf("spec.schedule") != 0 {
		t.Errorf("templated CronJob: source %+v, schedule line %d; want the template without lines", cj.Source, cj.LineOf("spec.schedule"))
	}
	if job.Source.File != "-" || job.Source.Line != 13 || job.LineOf("metadata.name") != 15 {
		t.Errorf("plain Job: source %+v, name line %d; want the stream and its lines", job.Source, job.LineOf("metadata.name"))
	}
	if len(res.NonManifestDocuments) != 1 || res.NonManifestDocuments[0].File != "app/templates/values-doc.yaml" || res.NonManifestDocuments[0].Line != 0 {
		t.Errorf("skipped documents %+v", res.NonManifestDocuments)
	}
	if len(res.Errors) != 1 || res.Errors[0].File != "app/templates/broken.yaml" || res.Errors[0].Line != 0 ||
		!strings.Contains(res.Errors[0].Message, "of standard input, rendered from app/templates/broken.yaml") {
		t.Errorf("errors %+v", res.Errors)
	}
}
