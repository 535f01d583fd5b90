//go:build integration

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// BenchmarkStatusAll measures `kubectl batch status -A -o json` as a process over 2,000
// CronJobs (daily, none due while it runs) and 20,000 Jobs, ten owned by each CronJob
// (suspended, so no pods run), in 20 namespaces of the test control plane: wall time per run
// and peak RSS (VmHWM of the process, sampled every 10 ms), over three runs. The objects are
// created once, in parallel, and deleted afterwards. Run by make bench-status with -benchtime
// 1x (a second round would seed again); not by make test.
func BenchmarkStatusAll(b *testing.B) {
	const namespaces, cronJobsPerNS, jobsPerCronJob = 20, 100, 10
	ctx := context.Background()
	cfg := rest.CopyConfig(env.Config)
	cfg.QPS, cfg.Burst = 2000, 2000
	c, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		b.Fatal(err)
	}
	prefix := "bench-status-" + strconv.FormatInt(time.Now().Unix()%100000, 10) + "-"
	b.Cleanup(func() {
		for i := 0; i < namespaces; i++ {
			_ = c.CoreV1().Namespaces().Delete(context.Background(), fmt.Sprintf("%s%02d", prefix, i), metav1.DeleteOptions{})
		}
	})
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, namespaces)
	for i := 0; i < namespaces; i++ {
		wg.Add(1)
		go func(ns string) {
			defer wg.Done()
			errs <- seedNamespace(ctx, c, ns, cronJobsPerNS, jobsPerCronJob)
		}(fmt.Sprintf("%s%02d", prefix, i))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("seeded %d CronJobs and %d Jobs in %s", namespaces*cronJobsPerNS, namespaces*cronJobsPerNS*jobsPerCronJob, time.Since(start).Round(time.Second))

	bin := binary(b)
	var peak int64
	var fastest, slowest time.Duration
	b.ResetTimer()
	for i := 0; i < 3; i++ {
		cmd := exec.Command(bin, "status", "-A", "-o", "json", "--fail-on", "never", "--kubeconfig", env.Kubeconfig)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, os.Stderr
		began := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		hwm := int64(0)
	poll:
		for {
			if v := vmHWM(cmd.Process.Pid); v > hwm {
				hwm = v
			}
			select {
			case err := <-done:
				if err != nil {
					b.Fatalf("status -A: %v", err)
				}
				break poll
			case <-time.After(10 * time.Millisecond):
			}
		}
		took := time.Since(began)
		if fastest == 0 || took < fastest {
			fastest = took
		}
		slowest = max(slowest, took)
		if n := strings.Count(out.String(), `"kind": "CronJob"`); n != namespaces*cronJobsPerNS {
			b.Fatalf("status -A reported %d CronJobs, want %d (objects of an earlier round left?)", n, namespaces*cronJobsPerNS)
		}
		peak = max(peak, hwm)
	}
	b.ReportMetric(fastest.Seconds(), "fastest-s")
	b.ReportMetric(slowest.Seconds(), "slowest-s")
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
}

// vmHWM reads a process's peak resident set (KiB) from /proc; 0 once it is gone.
func vmHWM(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// seedNamespace creates ns with cronJobs daily CronJobs and, per CronJob, jobs suspended Jobs
// it owns.
func seedNamespace(ctx context.Context, c kubernetes.Interface, ns string, cronJobs, jobs int) error {
	if _, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
		return err
	}
	tmpl := corev1.PodTemplateSpec{Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyNever,
		Containers: []corev1.Container{{Name: "main", Image: "busybox:1.36"}}}}
	for i := 0; i < cronJobs; i++ {
		cj, err := c.BatchV1().CronJobs(ns).Create(ctx, &batchv1.CronJob{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("report-%03d", i)},
			Spec: batchv1.CronJobSpec{Schedule: fmt.Sprintf("%d %d * * *", i%60, (time.Now().UTC().Hour()+12)%24), TimeZone: ptr("Etc/UTC"),
				JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: tmpl}}},
		}, metav1.CreateOptions{})
		if err != nil {
			return err
		}
		controller := true
		for j := 0; j < jobs; j++ {
			_, err := c.BatchV1().Jobs(ns).Create(ctx, &batchv1.Job{
				ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("%s-%d", cj.Name, 29000000+j),
					OwnerReferences: []metav1.OwnerReference{{APIVersion: "batch/v1", Kind: "CronJob", Name: cj.Name, UID: cj.UID, Controller: &controller}}},
				Spec: batchv1.JobSpec{Suspend: ptr(true), Template: tmpl},
			}, metav1.CreateOptions{})
			if err != nil {
				return err
			}
		}
	}
	return nil
}
