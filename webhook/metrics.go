package webhook

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the webhook's own Prometheus metrics, kept in a registry of their own (the server
// serves it together with controller-runtime's registry): decisions, reviews, configuration
// reloads, the HTTP requests of the webhook path (count by status code, duration, in flight) and
// connections evicted at the connection limit.
type Metrics struct {
	// Registry holds the collectors below.
	Registry *prometheus.Registry

	decisions *prometheus.CounterVec
	reviews   *prometheus.CounterVec
	reloads   *prometheus.CounterVec
	loaded    prometheus.Gauge

	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inFlight prometheus.Gauge
	evicted  prometheus.Counter
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
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kubectl_batch_webhook_http_requests_total",
		Help: "HTTP requests to the webhook path by status code.",
	}, []string{"code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "kubectl_batch_webhook_http_request_duration_seconds",
		Help:    "Time to answer a request to the webhook path.",
		Buckets: []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
	}, nil)
	m.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "kubectl_batch_webhook_http_requests_in_flight",
		Help: "Requests to the webhook path being answered.",
	})
	m.evicted = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "kubectl_batch_webhook_connections_evicted_total",
		Help: "Connections closed before their first request because every connection slot was taken (see --max-connections).",
	})
	m.Registry.MustRegister(m.decisions, m.reviews, m.reloads, m.loaded, m.requests, m.latency, m.inFlight, m.evicted)
	return m
}

// instrument counts and times the requests h answers.
func (m *Metrics) instrument(h http.Handler) http.Handler {
	return promhttp.InstrumentHandlerInFlight(m.inFlight,
		promhttp.InstrumentHandlerDuration(m.latency, promhttp.InstrumentHandlerCounter(m.requests, h)))
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
