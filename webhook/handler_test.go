package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
)

const goodCronJob = `{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly-report","namespace":"reporting"},
"spec":{"schedule":"30 3 * * *","timeZone":"Europe/Berlin","startingDeadlineSeconds":60,"concurrencyPolicy":"Forbid",
"jobTemplate":{"spec":{"backoffLimit":2,"ttlSecondsAfterFinished":3600,"template":{"spec":{"restartPolicy":"Never",
"containers":[{"name":"report","image":"registry.example.com/reporting/nightly:2.3.0"}]}}}}}}`

const goodJob = `{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"migrate","namespace":"reporting"},
"spec":{"backoffLimit":2,"ttlSecondsAfterFinished":600,"template":{"spec":{"restartPolicy":"Never",
"containers":[{"name":"m","image":"registry.example.com/migrate:1.0"}]}}}}`

// mutate applies string replacements to a fixture.
func mutate(s string, kv ...string) string {
	return strings.NewReplacer(kv...).Replace(s)
}

var (
	shortDeadline = mutate(goodCronJob, `"startingDeadlineSeconds":60`, `"startingDeadlineSeconds":5`)
	alwaysJob     = mutate(goodJob, `"restartPolicy":"Never"`, `"restartPolicy":"Always"`)
	longName      = mutate(goodCronJob, `"name":"nightly-report"`, `"name":"reporting-nightly-revenue-summary-export-to-warehouse"`)
	noTTLJob      = mutate(goodJob, `"ttlSecondsAfterFinished":600,`, ``)
	otherZone     = mutate(goodCronJob, `Europe/Berlin`, `America/New_York`)
)

// review renders an AdmissionReview v1 for a Job or CronJob.
func review(uid, kind, op, obj, old string) string {
	return reviewGVK(uid, "batch", "v1", kind, op, obj, old)
}

func reviewGVK(uid, group, version, kind, op, obj, old string) string {
	r := map[string]any{
		"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
		"request": map[string]any{
			"uid": uid, "kind": map[string]string{"group": group, "version": version, "kind": kind},
			"resource":  map[string]string{"group": group, "version": version, "resource": strings.ToLower(kind) + "s"},
			"namespace": "reporting", "name": "x", "operation": op,
			"userInfo": map[string]any{"username": "alice"},
		},
	}
	req := r["request"].(map[string]any)
	if obj != "" {
		req["object"] = json.RawMessage(obj)
	}
	if old != "" {
		req["oldObject"] = json.RawMessage(old)
	}
	b, err := json.Marshal(r)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func newTestHandler(t testing.TB, cfgYAML string) (*Handler, *bytes.Buffer) {
	t.Helper()
	cfg := decision.AdmissionDefaults()
	if cfgYAML != "" {
		var err error
		if cfg, err = decision.Parse([]byte(cfgYAML), decision.AdmissionDefaults()); err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	h, err := NewHandler(cfg, slog.New(slog.NewJSONHandler(&logs, nil)), NewMetrics())
	if err != nil {
		t.Fatal(err)
	}
	return h, &logs
}

type httpResult struct {
	status int
	review admissionv1.AdmissionReview
	raw    string
}

func post(t testing.TB, h http.Handler, method, contentType, body string) httpResult {
	t.Helper()
	req := httptest.NewRequest(method, Path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := httpResult{status: rec.Code, raw: rec.Body.String()}
	if err := json.Unmarshal(rec.Body.Bytes(), &res.review); err != nil {
		t.Fatalf("response is not an AdmissionReview (%v): %q", err, res.raw)
	}
	return res
}

// TestBadInput sends malformed, incomplete and unexpected requests: each gets a 4xx status or a
// well-formed AdmissionReview whose result says what is wrong; none panics or gets a bare 500.
func TestBadInput(t *testing.T) {
	h, _ := newTestHandler(t, "")
	srv := h.HTTPHandler(64 << 10)
	const ct = "application/json"
	big := review("u1", "CronJob", "CREATE", mutate(goodCronJob, `"namespace":"reporting"}`, `"namespace":"reporting","annotations":{"a":"`+strings.Repeat("x", 70<<10)+`"}}`), "")
	cases := []struct {
		name, method, ct, body string
		status                 int    // HTTP status
		code                   int32  // response.result.code; 0: allowed
		want                   string // in the result message
	}{
		{"empty body", "POST", ct, "", 200, 400, "body is empty"},
		{"malformed JSON", "POST", ct, `{"apiVersion":`, 200, 400, ""},
		{"not JSON", "POST", ct, `hello`, 200, 400, ""},
		{"JSON array", "POST", ct, `[1,2]`, 200, 400, ""},
		{"JSON null", "POST", ct, `null`, 200, 400, ""},
		{"no kind", "POST", ct, `{"apiVersion":"admission.k8s.io/v1","request":{"uid":"a"}}`, 200, 400, "not an AdmissionReview"},
		{"no apiVersion", "POST", ct, `{"kind":"AdmissionReview","request":{"uid":"a"}}`, 200, 400, "not an AdmissionReview"},
		{"wrong kind", "POST", ct, `{"apiVersion":"admission.k8s.io/v1","kind":"Pod","request":{"uid":"a"}}`, 200, 400, "Pod"},
		{"wrong apiVersion", "POST", ct, `{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{"uid":"a"}}`, 200, 400, "admission.k8s.io/v2"},
		{"other group", "POST", ct, `{"apiVersion":"batch/v1","kind":"AdmissionReview"}`, 200, 400, "batch/v1"},
		{"missing request", "POST", ct, `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}`, 200, 400, "request.uid"},
		{"request null", "POST", ct, `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":null}`, 200, 400, "request.uid"},
		{"missing uid", "POST", ct, review("", "CronJob", "CREATE", goodCronJob, ""), 200, 400, "request.uid"},
		{"missing object", "POST", ct, review("u", "CronJob", "CREATE", "", ""), 200, 400, "request.object is missing"},
		{"object null", "POST", ct, review("u", "CronJob", "CREATE", "null", ""), 200, 400, "request.object"},
		{"object is a string", "POST", ct, review("u", "CronJob", "CREATE", `"hi"`, ""), 200, 400, "request.object"},
		{"object is an array", "POST", ct, review("u", "Job", "CREATE", `[]`, ""), 200, 400, "request.object"},
		{"UPDATE without oldObject", "POST", ct, review("u", "CronJob", "UPDATE", goodCronJob, ""), 200, 400, "without request.oldObject"},
		{"oldObject malformed", "POST", ct, review("u", "CronJob", "UPDATE", goodCronJob, `{"spec":7}`), 200, 400, "request.oldObject"},
		{"missing operation", "POST", ct, review("u", "CronJob", "", goodCronJob, ""), 200, 400, "operation is missing"},
		{"operation in lower case", "POST", ct, review("u", "Job", "create", goodJob, ""), 200, 400, `request.operation "create" is not one of`},
		{"unknown operation", "POST", ct, review("u", "Job", "PATCH", goodJob, ""), 200, 400, `request.operation "PATCH"`},
		{"CONNECT not checked", "POST", ct, review("u", "Job", "CONNECT", goodJob, ""), 200, 0, "CONNECT is not checked"},
		{"missing request kind", "POST", ct, strings.Replace(review("u", "Job", "CREATE", goodJob, ""), `"kind":{"group":"batch","kind":"Job","version":"v1"},`, "", 1), 200, 400, "request.kind is missing"},
		{"request kind without version", "POST", ct, reviewGVK("u", "batch", "", "Job", "CREATE", goodJob, ""), 200, 400, "request.kind is missing or incomplete"},
		{"missing resource", "POST", ct, strings.Replace(review("u", "Job", "CREATE", goodJob, ""), `"resource":{"group":"batch","resource":"jobs","version":"v1"},`, "", 1), 200, 400, "request.resource is missing"},
		{"object kind differs from request", "POST", ct, review("u", "CronJob", "CREATE", goodJob, ""), 200, 400, "but the request is for batch/v1 CronJob"},
		{"object apiVersion v1beta1", "POST", ct, review("u", "CronJob", "CREATE", mutate(goodCronJob, "batch/v1", "batch/v1beta1"), ""), 200, 400, "batch/v1beta1"},
		{"wrong field type", "POST", ct, review("u", "Job", "CREATE", mutate(goodJob, `"backoffLimit":2`, `"backoffLimit":"2"`), ""), 200, 400, "not a valid batch/v1 Job"},
		{"unexpected kind Deployment", "POST", ct, reviewGVK("u", "apps", "v1", "Deployment", "CREATE", `{"apiVersion":"apps/v1","kind":"Deployment"}`, ""), 200, 0, "not apps/v1 Deployment"},
		{"unexpected version batch/v1beta1", "POST", ct, reviewGVK("u", "batch", "v1beta1", "CronJob", "CREATE", goodCronJob, ""), 200, 0, "not batch/v1beta1 CronJob"},
		{"subresource", "POST", ct, strings.Replace(review("u", "Job", "UPDATE", goodJob, goodJob), `"operation"`, `"subResource":"status","operation"`, 1), 200, 0, "subresource status"},
		{"DELETE not checked", "POST", ct, review("u", "Job", "DELETE", "", goodJob), 200, 0, "DELETE is not checked"},
		{"unknown field in object", "POST", ct, review("u", "Job", "CREATE", mutate(goodJob, `"backoffLimit":2`, `"backofLimit":2`), ""), 200, 0, ""},
		{"unknown field in review", "POST", ct, strings.Replace(review("u", "Job", "CREATE", goodJob, ""), `"request"`, `"extra":1,"request"`, 1), 200, 0, ""},
		{"content type text/plain", "POST", "text/plain", review("u", "Job", "CREATE", goodJob, ""), 200, 400, "expected application/json"},
		{"no content type", "POST", "", review("u", "Job", "CREATE", goodJob, ""), 200, 400, "expected application/json"},
		{"content type yaml", "POST", "application/yaml", review("u", "Job", "CREATE", goodJob, ""), 200, 400, "expected application/json"},
		{"oversized body", "POST", ct, big, 413, 413, "over the limit"},
		{"GET", "GET", ct, "", 405, 405, "not allowed"},
		{"PUT", "PUT", ct, review("u", "Job", "CREATE", goodJob, ""), 405, 405, "not allowed"},
		{"deep nesting", "POST", ct, strings.Repeat("[", 20000) + strings.Repeat("]", 20000), 200, 400, ""},
		{"binary garbage", "POST", ct, "\x00\xff\xfe{", 200, 400, ""},
		{"v1beta1 review", "POST", ct, strings.Replace(review("u", "Job", "CREATE", goodJob, ""), "admission.k8s.io/v1", "admission.k8s.io/v1beta1", 1), 200, 0, ""},
		{"denied create", "POST", ct, review("u", "CronJob", "CREATE", shortDeadline, ""), 200, 403, "spec.startingDeadlineSeconds"},
		{"denied dry-run create", "POST", ct, strings.Replace(review("u", "CronJob", "CREATE", shortDeadline, ""), `"operation"`, `"dryRun":true,"operation"`, 1), 200, 403, "spec.startingDeadlineSeconds"},
		{"request kind is a string", "POST", ct, strings.Replace(review("u", "Job", "CREATE", goodJob, ""), `"kind":{"group":"batch","kind":"Job","version":"v1"}`, `"kind":"Job"`, 1), 200, 400, ""},
		{"operation is a number", "POST", ct, strings.Replace(review("u", "Job", "CREATE", goodJob, ""), `"operation":"CREATE"`, `"operation":1`, 1), 200, 400, ""},
		{"object is a number", "POST", ct, review("u", "Job", "CREATE", `42`, ""), 200, 400, "request.object"},
		{"object without kind", "POST", ct, review("u", "Job", "CREATE", strings.Replace(goodJob, `"kind":"Job",`, "", 1), ""), 200, 0, ""},
		{"UPDATE with oldObject of another kind", "POST", ct, review("u", "Job", "UPDATE", goodJob, goodCronJob), 200, 400, "request.oldObject"},
		{"duplicate keys in the review", "POST", ct, strings.Replace(review("u", "Job", "CREATE", goodJob, ""), `"request":{`, `"request":{"uid":"first",`, 1), 200, 0, ""},
		{"trailing garbage after the review", "POST", ct, review("u", "Job", "CREATE", goodJob, "") + "}", 200, 400, ""},
	}
	if len(cases) < 50 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := post(t, srv, c.method, c.ct, c.body)
			if res.status != c.status {
				t.Fatalf("HTTP status %d, want %d: %s", res.status, c.status, res.raw)
			}
			r := res.review.Response
			if r == nil {
				t.Fatalf("no response: %s", res.raw)
			}
			var code int32
			var msg string
			if r.Result != nil {
				code, msg = r.Result.Code, r.Result.Message
			}
			if r.Allowed != (c.code == 0) || (c.code != 0 && code != c.code) {
				t.Fatalf("allowed=%v code=%d, want code %d: %s", r.Allowed, code, c.code, res.raw)
			}
			if !strings.Contains(msg, c.want) {
				t.Fatalf("message %q does not contain %q", msg, c.want)
			}
			if code >= 500 {
				t.Fatalf("server error: %s", res.raw)
			}
		})
	}
}

func decideReview(t *testing.T, h *Handler, body string) *admissionv1.AdmissionResponse {
	t.Helper()
	res := post(t, h.HTTPHandler(0), "POST", "application/json", body)
	if res.review.Response == nil {
		t.Fatalf("no response: %s", res.raw)
	}
	return res.review.Response
}

func TestVerdicts(t *testing.T) {
	h, logs := newTestHandler(t, "policy:\n  immutableCronJobFields: [spec.timeZone]\n")
	cases := []struct {
		name, kind, op, obj, old string
		allowed                  bool
		want                     []string // in the denial message
		warn                     string   // in some warning
	}{
		{"valid CronJob", "CronJob", "CREATE", goodCronJob, "", true, nil, ""},
		{"short starting deadline", "CronJob", "CREATE", shortDeadline, "", false,
			[]string{"CronJob reporting/nightly-report", "spec.startingDeadlineSeconds", "is 5, below 10", "to proceed: set spec.startingDeadlineSeconds to 10 or more"}, ""},
		{"restartPolicy Always (the server rejects it first)", "Job", "CREATE", alwaysJob, "", false, []string{"restartPolicy", "Always", "rule restart-policy-invalid"}, ""},
		{"CronJob name over 52", "CronJob", "CREATE", longName, "", false, []string{"metadata.name", "53 characters", "cronjob-name-too-long"}, ""},
		{"advice warns", "Job", "CREATE", noTTLJob, "", true, nil, "job-ttl-missing: "},
		{"unknown field warns", "Job", "CREATE", mutate(goodJob, `"backoffLimit":2`, `"backofLimit":2`), "", true, nil, "unknown field"},
		{"policy-immutable timeZone", "CronJob", "UPDATE", otherZone, goodCronJob, false,
			[]string{"spec.timeZone", "may not be changed by policy", "delete and recreate the CronJob", "new CronJob under a new name"}, ""},
		{"Job template immutable (the server rejects it first)", "Job", "UPDATE", mutate(goodJob, "migrate:1.0", "migrate:1.1"), goodJob, false,
			[]string{"spec.template", "field is immutable", "delete and recreate"}, ""},
		{"ratchet: an existing violation does not block updates", "CronJob", "UPDATE", mutate(shortDeadline, `"name":"nightly-report"`, `"name":"nightly-report","labels":{"a":"b"}`), shortDeadline, true, nil, "starting-deadline-too-short"},
		{"update introducing a violation is denied", "CronJob", "UPDATE", shortDeadline, goodCronJob, false, []string{"startingDeadlineSeconds"}, ""},
		{"deletion in progress is not blocked", "CronJob", "UPDATE", mutate(otherZone, `"name":"nightly-report"`, `"name":"nightly-report","deletionTimestamp":"2026-01-01T00:00:00Z"`), goodCronJob, true, nil, ""},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := decideReview(t, h, review(fmt.Sprint("uid-", i), c.kind, c.op, c.obj, c.old))
			if string(r.UID) != fmt.Sprint("uid-", i) {
				t.Errorf("uid %q", r.UID)
			}
			if r.Allowed != c.allowed {
				t.Fatalf("allowed=%v, want %v: %+v", r.Allowed, c.allowed, r.Result)
			}
			for _, w := range c.want {
				if !strings.Contains(r.Result.Message, w) {
					t.Errorf("message %q does not contain %q", r.Result.Message, w)
				}
			}
			if !c.allowed && (r.Result.Details == nil || len(r.Result.Details.Causes) == 0) {
				t.Errorf("no causes in %+v", r.Result)
			}
			found := c.warn == ""
			for _, w := range r.Warnings {
				if n := len([]rune(w)); n > decision.MaxWarningLength {
					t.Errorf("warning of %d characters: %q", n, w)
				}
				if strings.Contains(w, c.warn) {
					found = true
				}
			}
			if !found {
				t.Errorf("no warning contains %q: %q", c.warn, r.Warnings)
			}
		})
	}
	if !strings.Contains(logs.String(), `"verdict":"denied","denied":["starting-deadline-too-short"]`) ||
		!strings.Contains(logs.String(), `"uid":"uid-1"`) || !strings.Contains(logs.String(), `"object":"reporting/x"`) {
		t.Errorf("decision log lacks fields:\n%s", logs.String())
	}
}

func TestModesAndNamespaces(t *testing.T) {
	h, _ := newTestHandler(t, `
modes:
  job-ttl-missing: deny
  starting-deadline-too-short: warn
  restart-policy-invalid: "off"
namespaces:
  exclude: [kube-system, "sandbox-*"]
`)
	if r := decideReview(t, h, review("a", "Job", "CREATE", noTTLJob, "")); r.Allowed {
		t.Errorf("job-ttl-missing in mode deny admitted")
	}
	r := decideReview(t, h, review("b", "CronJob", "CREATE", shortDeadline, ""))
	if !r.Allowed || len(r.Warnings) == 0 || !strings.HasPrefix(r.Warnings[0], "starting-deadline-too-short: ") {
		t.Errorf("mode warn: allowed=%v warnings=%q", r.Allowed, r.Warnings)
	}
	if r := decideReview(t, h, review("c", "Job", "CREATE", alwaysJob, "")); !r.Allowed {
		t.Errorf("mode off: denied: %v", r.Result.Message)
	}
	for _, ns := range []string{"kube-system", "sandbox-7"} {
		body := strings.Replace(review("d", "Job", "CREATE", noTTLJob, ""), `"namespace":"reporting"`, `"namespace":"`+ns+`"`, 1)
		if r := decideReview(t, h, body); !r.Allowed || len(r.Warnings) != 0 {
			t.Errorf("excluded namespace %s checked: %+v", ns, r)
		}
	}
}

func TestSuppressionAnnotationIgnoredByDefault(t *testing.T) {
	obj := mutate(shortDeadline, `"name":"nightly-report"`, `"name":"nightly-report","annotations":{"lint.kubectl-batch.io/ignore":"starting-deadline-too-short"}`)
	h, _ := newTestHandler(t, "")
	if r := decideReview(t, h, review("a", "CronJob", "CREATE", obj, "")); r.Allowed {
		t.Error("the ignore annotation let a denial through")
	}
	h, _ = newTestHandler(t, "ignoreSuppressions: false\n")
	if r := decideReview(t, h, review("a", "CronJob", "CREATE", obj, "")); !r.Allowed {
		t.Error("ignoreSuppressions: false did not honour the annotation")
	}
}

// FuzzHandler feeds arbitrary bodies and content types to the HTTP handler: it must never panic
// and always answer with a 4xx or an AdmissionReview carrying a response.
func FuzzHandler(f *testing.F) {
	for _, s := range []string{
		review("u", "CronJob", "CREATE", goodCronJob, ""),
		review("u", "CronJob", "UPDATE", otherZone, goodCronJob),
		review("u", "Job", "CREATE", alwaysJob, ""),
		review("u", "Job", "UPDATE", noTTLJob, goodJob),
		review("u", "CronJob", "CREATE", shortDeadline, ""),
		`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}`, `{`, ``,
	} {
		f.Add(s, "application/json")
	}
	h, err := NewHandler(decision.AdmissionDefaults(), nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	srv := h.HTTPHandler(256 << 10)
	f.Fuzz(func(t *testing.T, body, ct string) {
		req := httptest.NewRequest("POST", Path, strings.NewReader(body))
		req.Header.Set("Content-Type", ct)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d", rec.Code)
		}
		var ar admissionv1.AdmissionReview
		b, _ := io.ReadAll(rec.Body)
		if err := json.Unmarshal(b, &ar); err != nil || ar.Response == nil {
			t.Fatalf("not an AdmissionReview with a response (%v): %q", err, b)
		}
		if ar.Response.Result != nil && ar.Response.Result.Code >= 500 {
			t.Fatalf("result code %d: %s", ar.Response.Result.Code, ar.Response.Result.Message)
		}
		for _, w := range ar.Response.Warnings {
			if len([]rune(w)) > decision.MaxWarningLength {
				t.Fatalf("long warning %q", w)
			}
		}
	})
}

// TestDecisionLogLevels: at the default level (info) a denial is logged and an admission is
// not; the metrics count both.
func TestDecisionLogLevels(t *testing.T) {
	h, logs := newTestHandler(t, "")
	decideReview(t, h, review("ok", "CronJob", "CREATE", goodCronJob, ""))
	if logs.Len() != 0 {
		t.Errorf("an admission was logged at info: %s", logs)
	}
	decideReview(t, h, review("no", "CronJob", "CREATE", shortDeadline, ""))
	if !strings.Contains(logs.String(), `"uid":"no"`) || !strings.Contains(logs.String(), `"verdict":"denied"`) {
		t.Errorf("the denial was not logged at info: %s", logs)
	}
	for _, v := range []string{"allowed", "denied"} {
		if n := testutil.ToFloat64(h.metrics.reviews.WithLabelValues("CronJob", "CREATE", v)); n != 1 {
			t.Errorf("reviews counted as %s: %v, want 1", v, n)
		}
	}
}

// TestBoundedAnswer: a review whose object name fills a 3 MiB body gets a denial that repeats
// no value in full: the response stays under 64 KiB, and so does the decision log line.
func TestBoundedAnswer(t *testing.T) {
	h, logs := newTestHandler(t, "")
	name := strings.Repeat("a", 3<<20-2048)
	obj := mutate(goodCronJob, `"name":"nightly-report"`, `"name":"`+name+`"`)
	body := strings.Replace(review("big", "CronJob", "CREATE", obj, ""), `"name":"x"`, `"name":"`+name+`"`, 1)
	res := post(t, h.HTTPHandler(8<<20), "POST", "application/json", body)
	if res.review.Response == nil || res.review.Response.Allowed {
		t.Fatalf("a 3 MiB name was not denied: %.300s", res.raw)
	}
	if n := len(res.raw); n > 64<<10 {
		t.Errorf("response is %d bytes, want at most 64 KiB: %.300s", n, res.raw)
	}
	if !strings.Contains(res.raw, "cronjob-name-too-long") || !strings.Contains(res.raw, "...") {
		t.Errorf("the denial does not name the rule with the name shortened: %.500s", res.raw)
	}
	if n := logs.Len(); n > 16<<10 {
		t.Errorf("decision log line is %d bytes", n)
	}
}

// BenchmarkBigReview answers, in process, a review that fills the default 3 MiB body limit with
// its object's name (given twice: request.name and metadata.name, as the API server sends it).
func BenchmarkBigReview(b *testing.B) {
	h, _ := newTestHandler(b, "")
	const limit = 3 << 20
	name := strings.Repeat("a", (limit-4096)/2)
	obj := mutate(goodCronJob, `"name":"nightly-report"`, `"name":"`+name+`"`)
	body := strings.Replace(review("big", "CronJob", "CREATE", obj, ""), `"name":"x"`, `"name":"`+name+`"`, 1)
	if len(body) > limit || len(body) < limit-8192 {
		b.Fatalf("review is %d bytes, want just under %d", len(body), limit)
	}
	srv := h.HTTPHandler(limit)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		post(b, srv, "POST", "application/json", body)
	}
}
