package webhook

import (
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkWebhookHTTPS drives the HTTPS endpoint on loopback with a mix of AdmissionReviews
// (Jobs and CronJobs, creates and updates, about a quarter denied) from 8 keep-alive clients,
// with the decision log formatted as JSON, and reports reviews/s, the handler's p50/p99/max
// (decode, rules, encode), the client's round-trip p99 and the process's resident memory (server
// and client together). Run it with `make bench-webhook`.
func BenchmarkWebhookHTTPS(b *testing.B) {
	dir := b.TempDir()
	cfg := dir + "/config.yaml"
	if err := os.WriteFile(cfg, []byte(testConfigHeader+"policy: {immutableCronJobFields: [spec.timeZone]}\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	var (
		mu       sync.Mutex
		handlerT []time.Duration
	)
	o := &Options{ConfigFile: cfg, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		wrap: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				start := time.Now()
				next.ServeHTTP(w, r)
				d := time.Since(start)
				mu.Lock()
				handlerT = append(handlerT, d)
				mu.Unlock()
			})
		}}
	s := startServer(b, o)
	labelled := mutate(goodCronJob, `"name":"nightly-report"`, `"name":"nightly-report","labels":{"team":"reporting"}`)
	mix := []struct {
		body   string
		denied bool
	}{
		{review("c1", "CronJob", "CREATE", goodCronJob, ""), false},
		{review("c2", "CronJob", "CREATE", goodCronJob, ""), false},
		{review("c3", "CronJob", "CREATE", shortDeadline, ""), true},
		{review("c4", "CronJob", "UPDATE", labelled, goodCronJob), false},
		{review("c5", "CronJob", "UPDATE", otherZone, goodCronJob), true},
		{review("j1", "Job", "CREATE", goodJob, ""), false},
		{review("j2", "Job", "CREATE", noTTLJob, ""), false},
		{review("j3", "Job", "CREATE", alwaysJob, ""), true},
	}
	// Warm up (and check the verdicts once).
	for _, m := range mix {
		_, body := s.review(b, m.body)
		if strings.Contains(body, `"allowed":false`) != m.denied {
			b.Fatalf("unexpected verdict: %s", body)
		}
	}
	mu.Lock()
	handlerT = make([]time.Duration, 0, b.N)
	mu.Unlock()
	const workers = 8
	var next atomic.Int64
	rtt := make([][]time.Duration, workers)
	var wg sync.WaitGroup
	var failed atomic.Value
	runtime.GC()
	b.ResetTimer()
	start := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				t0 := time.Now()
				resp, err := s.client.Post(s.url, "application/json", strings.NewReader(mix[i%int64(len(mix))].body))
				if err != nil {
					failed.Store(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				rtt[w] = append(rtt[w], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	mu.Lock()
	h := slices.Clone(handlerT)
	mu.Unlock()
	slices.Sort(h)
	all := slices.Concat(rtt...)
	slices.Sort(all)
	q := func(d []time.Duration, p float64) float64 {
		if len(d) == 0 {
			return 0
		}
		return float64(d[min(len(d)-1, int(p*float64(len(d))))].Microseconds())
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "reviews/s")
	b.ReportMetric(q(h, 0.50), "handler-p50-µs")
	b.ReportMetric(q(h, 0.99), "handler-p99-µs")
	b.ReportMetric(q(h, 1), "handler-max-µs")
	b.ReportMetric(q(all, 0.99), "roundtrip-p99-µs")
	b.ReportMetric(procStatusMiB("VmRSS"), "RSS-MiB")
	b.ReportMetric(procStatusMiB("VmHWM"), "peakRSS-MiB")
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		b.Logf("load average: %s", strings.TrimSpace(string(load)))
	}
	b.Logf("%d reviews in %s", b.N, elapsed.Round(time.Millisecond))
}

// procStatusMiB reads a memory figure (VmRSS, VmHWM) of this process from /proc/self/status.
func procStatusMiB(field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, field+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				return 0
			}
			return kb / 1024
		}
	}
	return 0
}
