// Package corpus generates a deterministic, realistic corpus of Job and CronJob manifests for
// benchmarks (make bench) and load tests.
package corpus

import (
	"bytes"
	"fmt"
	"math/rand/v2"
)

// Generate builds a deterministic multi-document manifest of n resources, about 60% Jobs and
// 40% CronJobs of 30-40 lines each, some with common defects.
func Generate(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	teams := []string{"payments", "reporting", "analytics", "media", "ml", "billing", "search", "platform"}
	tasks := []string{"export", "import", "migrate", "reindex", "cleanup", "rollup", "backup", "sync", "render", "train"}
	zones := []string{"Etc/UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney"}
	schedules := []string{"30 2 * * *", "0 * * * *", "*/15 * * * *", "0 6 * * 1-5", "15 3 1 * *", "0 0 30 2 *", "0 6 1 * 1", "@daily", "*/5 * * * *"}
	var b bytes.Buffer
	b.Grow(n * 1100)
	for i := range n {
		team := teams[rng.IntN(len(teams))]
		task := tasks[rng.IntN(len(tasks))]
		name := fmt.Sprintf("%s-%s-%d", team, task, i)
		image := fmt.Sprintf("registry.example.com/%s/%s:%d.%d.%d", team, task, rng.IntN(4), rng.IntN(20), rng.IntN(10))
		restart := "Never"
		if rng.IntN(12) == 0 {
			restart = "OnFailure"
		}
		backoff := fmt.Sprintf("backoffLimit: %d", rng.IntN(7))
		if rng.IntN(40) == 0 {
			backoff = fmt.Sprintf("backofLimit: %d", rng.IntN(7)) // typo
		}
		if i > 0 {
			b.WriteString("---\n")
		}
		if rng.IntN(10) < 6 {
			ttl := "  ttlSecondsAfterFinished: 86400\n"
			if rng.IntN(8) == 0 {
				ttl = ""
			}
			fmt.Fprintf(&b, `# generated Job %d
apiVersion: batch/v1
kind: Job
metadata:
  name: %s
  namespace: %s
  labels:
    app.kubernetes.io/name: %s
    app.kubernetes.io/part-of: %s
    team: %s
spec:
  %s
  activeDeadlineSeconds: %d
%s  template:
    metadata:
      labels:
        app.kubernetes.io/name: %s
    spec:
      restartPolicy: %s
      serviceAccountName: %s-jobs
      containers:
        - name: %s
          image: %s
          args: ["--batch-size", "%d", "--verbose"]
          env:
            - name: TEAM
              value: %s
            - name: LOG_LEVEL
              value: info
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              memory: 512Mi
`, i, name, team, task, team, team, backoff, 300*(1+rng.IntN(24)), ttl, task, restart, team, task, image, 100*(1+rng.IntN(50)), team)
			continue
		}
		tz := "  timeZone: " + zones[rng.IntN(len(zones))] + "\n"
		if rng.IntN(6) == 0 {
			tz = ""
		}
		deadline := "  startingDeadlineSeconds: 300\n"
		switch rng.IntN(10) {
		case 0:
			deadline = "  startingDeadlineSeconds: 5\n"
		case 1:
			deadline = ""
		}
		concurrency := []string{"Forbid", "Forbid", "Replace", "Allow"}[rng.IntN(4)]
		fmt.Fprintf(&b, `# generated CronJob %d
apiVersion: batch/v1
kind: CronJob
metadata:
  name: %s
  namespace: %s
  labels:
    app.kubernetes.io/name: %s
    team: %s
spec:
  schedule: %q
%s%s  concurrencyPolicy: %s
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: %d
  jobTemplate:
    spec:
      %s
      activeDeadlineSeconds: %d
      template:
        spec:
          restartPolicy: %s
          containers:
            - name: %s
              image: %s
              args: ["--since", "24h"]
              env:
                - name: TEAM
                  value: %s
              resources:
                requests:
                  cpu: 100m
                  memory: 128Mi
`, i, name, team, task, team, schedules[rng.IntN(len(schedules))], tz, deadline, concurrency, rng.IntN(3), backoff, 600*(1+rng.IntN(12)), restart, task, image, team)
	}
	return b.Bytes()
}
