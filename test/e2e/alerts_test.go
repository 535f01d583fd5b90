//go:build integration

package e2e

import (
	"context"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// TestAlertsExportLiveMatchesFiles: alerts export --live over the CronJobs of a namespace
// writes the same PrometheusRule as the export of their manifests, with one list call; a
// suspended CronJob gets no alerts either way.
func TestAlertsExportLiveMatchesFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ns := env.Namespace(t)
	var manifests []string
	for _, cj := range []*batchv1.CronJob{
		cronJob(ns, "nightly", nil),
		cronJob(ns, "weekdays", nil),
		cronJob(ns, "paused", nil),
	} {
		switch cj.Name {
		case "nightly":
			cj.Spec.Schedule = "0 3 * * *"
		case "weekdays":
			cj.Spec.Schedule = "30 6 * * 1-5"
			cj.Spec.TimeZone = ptr("Europe/Berlin")
		case "paused":
			cj.Spec.Suspend = ptr(true)
		}
		if _, err := env.Client.BatchV1().CronJobs(ns).Create(ctx, cj, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		cj.APIVersion, cj.Kind = "batch/v1", "CronJob"
		b, err := yaml.Marshal(cj)
		if err != nil {
			t.Fatal(err)
		}
		manifests = append(manifests, string(b))
	}
	file := twManifest(t, strings.Join(manifests, "---\n"))

	fromFile := run(t, "alerts", "export", "-f", file)
	live := run(t, "alerts", "export", "--live", "-n", ns)
	twExpect(t, fromFile, 0, []string{"alert: CronJobNoRecentSuccess", "cronjob: weekdays"}, []string{"cronjob/paused in namespace " + ns + " has no alerts: suspended"})
	twExpect(t, live, 0, nil, []string{"cronjob/paused in namespace " + ns + " has no alerts: suspended"})
	if live.out != fromFile.out {
		t.Errorf("--live and -f differ\n--live:\n%s\n-f:\n%s", live.out, fromFile.out)
	}
	if strings.Contains(live.out, "cronjob: paused") {
		t.Error("the suspended CronJob got alerts")
	}
	if len(live.requests) != 1 || !strings.HasPrefix(live.requests[0], "GET /apis/batch/v1/namespaces/"+ns+"/cronjobs?") {
		t.Errorf("requests %v, want one list", live.requests)
	}
}
