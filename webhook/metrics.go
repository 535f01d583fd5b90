package webhook

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the webhook's own Prometheus metrics, kept in a registry of their own (the server
// serves it together with controller-runtime's registry, which holds the webhook request metrics
// controller_runtime_webhook_requests_total, ..._latency_seconds and ..._in_flight).
type Metrics struct {
	// Registry holds the collectors below.
	Registry *prometheus.Registry

	decisions *prometheus.CounterVec
	reviews   *prometheus.CounterVec
	reloads   *prometheus.CounterVec
	loaded    prometheus.Gauge
}

// NewMetrics creates and registers the webhook's metrics in a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubectl_batch_webhook_decisions_total",
			Help: "Rule decisions by kind, rule and verdict (denied, warned); rule is empty for a review allowed without findings.",
		}, []string{"kind", "rule", "verdict"}),
		reviews: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubectl_batch_webhook_reviews_total",
			Help: "Admission reviews by kind, operation and verdict (allowed, denied, skipped, error).",
		}, []string{"kind", "operation", "verdict"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kubectl_batch_webhook_config_reloads_total",
			Help: "Configuration file loads by result (success, failure). A failure keeps the last good configuration.",
		}, []string{"result"}),
		loaded: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kubectl_batch_webhook_config_last_reload_success_timestamp_seconds",
			Help: "When the configuration in force was loaded.",
		}),
	}
	m.Registry.MustRegister(m.decisions, m.reviews, m.reloads, m.loaded)
	return m
}

func (m *Metrics) observe(kind, op string, d outcome) {
	m.reviews.WithLabelValues(kind, op, d.verdict).Inc()
	for _, r := range d.denied {
		m.decisions.WithLabelValues(kind, r, "denied").Inc()
	}
	for _, r := range d.warned {
		m.decisions.WithLabelValues(kind, r, "warned").Inc()
	}
	if d.verdict == "allowed" && len(d.warned) == 0 {
		m.decisions.WithLabelValues(kind, "", "allowed").Inc()
	}
}

func (m *Metrics) reloaded(ok bool) {
	if m == nil {
		return
	}
	if ok {
		m.reloads.WithLabelValues("success").Inc()
		m.loaded.SetToCurrentTime()
		return
	}
	m.reloads.WithLabelValues("failure").Inc()
}
