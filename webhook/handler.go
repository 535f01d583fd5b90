// Package webhook is kubectl-batch's validating admission webhook: it enforces the verdicts of the
// rule engine (package lint) on batch/v1 Jobs and CronJobs when they are created or updated.
//
// Findings that deny (server and policy rules at error severity, or any rule in mode deny) reject
// the request with a message naming the field, the value, why, and how to proceed; the other
// findings come back as warnings, one line each, at most 120 characters, so kubectl prints them.
//
// The API server validates its built-in rules (restartPolicy, name lengths, the Job template's
// immutability, ...) before validating webhooks run, so on a real cluster requests that break
// them are rejected by the server and never reach this webhook. The webhook still decides them
// (the handler tests prove it), so the verdict is the same everywhere, whatever the cluster's
// version.
//
// On UPDATE the webhook ratchets: a finding that the stored object already had (same rule and
// field) is returned as a warning rather than a denial, so objects created before a rule was
// enforced can still be labelled, suspended or deleted. Immutable-field rules always deny.
package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"

	admissionv1 "k8s.io/api/admission/v1"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
	sigsjson "sigs.k8s.io/json"

	"github.com/kubectl-batch/kubectl-batch/internal/decision"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// Path is the URL path the webhook serves.
const Path = "/validate-batch-v1"

var (
	gvkJob     = batchv1.SchemeGroupVersion.WithKind("Job")
	gvkCronJob = batchv1.SchemeGroupVersion.WithKind("CronJob")
)

// Handler decides admission requests for Jobs and CronJobs. It implements admission.Handler and
// is safe for concurrent use; SetConfig swaps its configuration atomically.
type Handler struct {
	pol     atomic.Pointer[decision.Decider]
	log     *slog.Logger
	metrics *Metrics
}

// NewHandler builds a handler with configuration cfg (see decision.Config). log receives one
// line per decision (nil: discard); metrics may be nil.
func NewHandler(cfg decision.Config, log *slog.Logger, metrics *Metrics) (*Handler, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &Handler{log: log, metrics: metrics}
	if err := h.SetConfig(cfg); err != nil {
		return nil, err
	}
	return h, nil
}

// SetConfig replaces the configuration. On error the previous one stays in force.
func (h *Handler) SetConfig(cfg decision.Config) error {
	p, err := decision.Compile(cfg)
	if err != nil {
		return err
	}
	h.pol.Store(p)
	return nil
}

// HTTPHandler returns the webhook's HTTP handler: it reads the body (at most maxBody bytes;
// <= 0 means 1 MiB), decodes an AdmissionReview of admission.k8s.io/v1 or v1beta1 in one pass,
// decides it, and answers an AdmissionReview of the request's version; every error is answered
// with a well-formed AdmissionReview, a panic included.
func (h *Handler) HTTPHandler(maxBody int64) http.Handler {
	if maxBody <= 0 {
		maxBody = 1 << 20
	}
	return limitBody(h.serveReview, maxBody)
}

// serveReview decodes the review in body (its envelope already checked by limitBody), decides
// it and writes the answer.
func (h *Handler) serveReview(w http.ResponseWriter, r *http.Request, body []byte, apiVersion string) {
	defer func() {
		if p := recover(); p != nil {
			h.log.Error("panic while deciding a review", "panic", fmt.Sprint(p))
			writeError(w, http.StatusInternalServerError, fmt.Sprintf("internal error: %v", p))
		}
	}()
	var review admissionv1.AdmissionReview // v1beta1 has the same JSON shape
	if err := sigsjson.UnmarshalCaseSensitivePreserveInts(body, &review); err != nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("malformed AdmissionReview: %v", err))
		return
	}
	var req admission.Request
	if review.Request != nil {
		req.AdmissionRequest = *review.Request
	}
	resp := h.Handle(r.Context(), req)
	out := admissionv1.AdmissionReview{TypeMeta: metav1.TypeMeta{APIVersion: apiVersion, Kind: "AdmissionReview"}, Response: &resp.AdmissionResponse}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(out); err != nil {
		h.log.Error("writing the answer", "error", err)
	}
}

// limitBody answers what is not an AdmissionReview before it is decoded: methods other than
// POST (405), bodies over limit (413), a content type other than application/json, empty
// bodies, malformed JSON and documents that are not an AdmissionReview of admission.k8s.io/v1
// or v1beta1 (400). Every answer is an AdmissionReview whose result names the problem.
func limitBody(next func(w http.ResponseWriter, r *http.Request, body []byte, apiVersion string), limit int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("method %s not allowed: send AdmissionReviews with POST", r.Method))
			return
		}
		tooLarge := func() {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is over the limit of %d bytes", limit))
		}
		if r.ContentLength > limit {
			tooLarge()
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			tooLarge()
			return
		case err != nil:
			writeError(w, http.StatusBadRequest, fmt.Sprintf("reading the request body: %v", err))
			return
		case len(body) == 0:
			writeError(w, http.StatusBadRequest, "request body is empty: send an AdmissionReview")
			return
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("contentType=%s, expected application/json", ct))
			return
		}
		apiVersion, kind, err := envelopeType(body)
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("malformed AdmissionReview JSON: %v", err))
			return
		}
		if kind != "AdmissionReview" || (apiVersion != "admission.k8s.io/v1" && apiVersion != "admission.k8s.io/v1beta1") {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("not an AdmissionReview of admission.k8s.io/v1 or v1beta1: apiVersion %q, kind %q", apiVersion, kind))
			return
		}
		next(w, r, body, apiVersion)
	})
}

// envelopeType reads the top-level apiVersion and kind of a JSON object, stopping as soon as both
// are found (the API server writes them first, so this rarely scans the whole review; the full
// decode that follows catches malformed JSON further on).
func envelopeType(body []byte) (apiVersion, kind string, err error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	tok, err := dec.Token()
	if err != nil {
		return "", "", err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return "", "", fmt.Errorf("want a JSON object, got %v", tok)
	}
	var haveVersion, haveKind bool
	for dec.More() && !(haveVersion && haveKind) {
		tok, err := dec.Token()
		if err != nil {
			return "", "", err
		}
		key, _ := tok.(string)
		switch key {
		case "apiVersion":
			err, haveVersion = dec.Decode(&apiVersion), true
		case "kind":
			err, haveKind = dec.Decode(&kind), true
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return "", "", err
		}
	}
	return apiVersion, kind, nil
}

// writeError answers with an AdmissionReview whose status carries code and msg. A malformed
// review (code 400) gets HTTP 200, as controller-runtime answers the malformed reviews it finds,
// so every malformed review is answered the same way; a request that is not read as a review at
// all (wrong method, 405; body over the limit, 413) gets that HTTP status too.
func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	status := code
	if code == http.StatusBadRequest {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	resp := admission.Errored(int32(code), fmt.Errorf("%s", msg))
	ar := admissionv1.AdmissionReview{TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"}, Response: &resp.AdmissionResponse}
	b, _ := json.Marshal(ar)
	_, _ = w.Write(b)
}

// outcome is the result of one request, for the log and the metrics.
type outcome struct {
	verdict string // allowed, denied, skipped, error
	denied  []string
	warned  []string
}

// Handle decides one admission request. It implements admission.Handler.
func (h *Handler) Handle(ctx context.Context, req admission.Request) admission.Response {
	resp, d := h.decide(ctx, req)
	resp.UID = req.UID
	h.record(req, d, resp)
	return resp
}

func (h *Handler) record(req admission.Request, d outcome, resp admission.Response) {
	kind := req.Kind.Kind
	attrs := []slog.Attr{
		slog.String("uid", string(req.UID)),
		slog.String("kind", kind),
		slog.String("object", lint.ShortenValues(req.Namespace+"/"+req.Name)),
		slog.String("operation", string(req.Operation)),
		slog.Bool("dryRun", req.DryRun != nil && *req.DryRun),
		slog.String("verdict", d.verdict),
	}
	if len(d.denied) > 0 {
		attrs = append(attrs, slog.Any("denied", d.denied))
	}
	if len(d.warned) > 0 {
		attrs = append(attrs, slog.Any("warned", d.warned))
	}
	if d.verdict == "error" && resp.Result != nil {
		attrs = append(attrs, slog.String("error", resp.Result.Message))
	}
	// Denials and errors at info; admissions (allowed, skipped) at debug (--log-level=debug),
	// so a busy cluster's log carries what needs attention. Metrics count every decision.
	level := slog.LevelDebug
	if d.verdict == "denied" || d.verdict == "error" {
		level = slog.LevelInfo
	}
	h.log.LogAttrs(context.Background(), level, "admission decision", attrs...)
	if h.metrics != nil {
		h.metrics.observe(kind, string(req.Operation), d)
	}
}

func (h *Handler) decide(ctx context.Context, req admission.Request) (admission.Response, outcome) {
	fail := func(code int32, format string, args ...any) (admission.Response, outcome) {
		return admission.Errored(code, fmt.Errorf(format, args...)), outcome{verdict: "error"}
	}
	skip := func(msg string) (admission.Response, outcome) {
		r := admission.Allowed(msg)
		return r, outcome{verdict: "skipped"}
	}
	if req.UID == "" {
		return fail(http.StatusBadRequest, "AdmissionReview has no request, or request.uid is missing")
	}
	// A review whose kind, resource or operation cannot be read is denied, never allowed.
	if req.Kind.Kind == "" || req.Kind.Version == "" {
		return fail(http.StatusBadRequest, "request.kind is missing or incomplete: cannot tell what is being admitted")
	}
	gvk := schema.GroupVersionKind{Group: req.Kind.Group, Version: req.Kind.Version, Kind: req.Kind.Kind}
	if gvk != gvkJob && gvk != gvkCronJob {
		// A registration that sends other kinds is a mistake in the configuration; admitting
		// with a warning keeps it from blocking unrelated objects.
		r, d := skip(fmt.Sprintf("kubectl-batch checks batch/v1 Jobs and CronJobs, not %s", gvkString(gvk)))
		r.Warnings = []string{decision.Truncate(fmt.Sprintf("kubectl-batch webhook: %s is not checked (only batch/v1 Job and CronJob)", gvkString(gvk)))}
		return r, d
	}
	if req.SubResource != "" {
		return skip("subresource " + req.SubResource + " is not checked")
	}
	if req.Resource.Resource == "" {
		return fail(http.StatusBadRequest, "request.resource is missing")
	}
	switch req.Operation {
	case admissionv1.Create, admissionv1.Update:
	case "":
		return fail(http.StatusBadRequest, "request.operation is missing")
	case admissionv1.Delete, admissionv1.Connect:
		return skip("operation " + string(req.Operation) + " is not checked")
	default:
		return fail(http.StatusBadRequest, "request.operation %q is not one of CREATE, UPDATE, DELETE, CONNECT", decision.Truncate(string(req.Operation)))
	}
	pol := h.pol.Load()
	if pol.Excluded(req.Namespace) {
		return skip("namespace " + req.Namespace + " is excluded from checks")
	}
	if len(req.Object.Raw) == 0 {
		return fail(http.StatusBadRequest, "request.object is missing")
	}
	obj, unknown, err := decodeObject(req.Object.Raw, gvk, req.Namespace)
	if err != nil {
		return fail(http.StatusBadRequest, "request.object: %v", err)
	}
	if req.Operation == admissionv1.Update && len(req.OldObject.Raw) == 0 {
		return fail(http.StatusBadRequest, "UPDATE request without request.oldObject")
	}
	var old *lint.Object
	if req.Operation == admissionv1.Update {
		if old, _, err = decodeObject(req.OldObject.Raw, gvk, req.Namespace); err != nil {
			return fail(http.StatusBadRequest, "request.oldObject: %v", err)
		}
		if m := obj.Meta(); m.DeletionTimestamp != nil {
			return skip("object is being deleted")
		}
	}

	var findings []lint.Finding
	var before map[string]bool
	if old != nil {
		findings = pol.Engine().CheckUpdate(ctx, old, obj)
		before = map[string]bool{}
		for _, f := range pol.Engine().Check(ctx, old) {
			before[decision.Key(f)] = true
		}
	} else {
		findings = pol.Engine().Check(ctx, obj)
	}
	if err := ctx.Err(); err != nil {
		return fail(http.StatusServiceUnavailable, "review abandoned: %v", err)
	}

	deny, warn := pol.Split(findings, before)
	notes := make([]string, 0, len(unknown))
	for _, u := range unknown {
		notes = append(notes, u+" (not checked)")
	}
	warnings := decision.Warnings(notes, warn)
	d := outcome{verdict: "allowed"}
	for _, f := range warn {
		d.warned = appendUnique(d.warned, f.RuleID)
	}
	var resp admission.Response
	if len(deny) > 0 {
		d.verdict = "denied"
		for _, f := range deny {
			d.denied = appendUnique(d.denied, f.RuleID)
		}
		resp = denial(obj, deny)
	} else {
		resp = admission.Allowed("")
	}
	resp.Warnings = warnings
	return resp, d
}

func gvkString(gvk schema.GroupVersionKind) string {
	if gvk.Group == "" {
		return gvk.Version + " " + gvk.Kind
	}
	return gvk.Group + "/" + gvk.Version + " " + gvk.Kind
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// decodeObject decodes a Job or CronJob strictly. Unknown fields (possible when the cluster is
// newer than the webhook) do not fail the decode: they are returned so the response can say they
// were not checked. A declared apiVersion or kind that does not match the request is an error.
func decodeObject(raw []byte, gvk schema.GroupVersionKind, namespace string) (*lint.Object, []string, error) {
	var obj *lint.Object
	var strict []error
	var err error
	if gvk.Kind == "Job" {
		var job batchv1.Job
		strict, err = sigsjson.UnmarshalStrict(raw, &job, sigsjson.DisallowUnknownFields)
		obj = lint.NewJobObject(&job, lint.Source{File: "admission"})
	} else {
		var cj batchv1.CronJob
		strict, err = sigsjson.UnmarshalStrict(raw, &cj, sigsjson.DisallowUnknownFields)
		obj = lint.NewCronJobObject(&cj, lint.Source{File: "admission"})
	}
	var tm metav1.TypeMeta
	if obj.Job != nil {
		tm = obj.Job.TypeMeta
	} else {
		tm = obj.CronJob.TypeMeta
	}
	if tm.APIVersion != "" && tm.APIVersion != gvk.GroupVersion().String() || tm.Kind != "" && tm.Kind != gvk.Kind {
		return nil, nil, fmt.Errorf("object is %s %s, but the request is for %s", tm.APIVersion, tm.Kind, gvkString(gvk))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("not a valid %s: %v", gvkString(gvk), err)
	}
	if m := obj.Meta(); m.Namespace == "" {
		m.Namespace = namespace
	}
	var unknown []string
	for _, e := range strict {
		unknown = append(unknown, e.Error())
	}
	return obj, unknown, nil
}

// denial builds the response for denying findings: the decision layer's message, and the
// fields again as status causes.
func denial(obj *lint.Object, deny []lint.Finding) admission.Response {
	ref := obj.Ref()
	causes := make([]metav1.StatusCause, 0, len(deny))
	for _, f := range deny {
		causes = append(causes, metav1.StatusCause{Type: metav1.CauseTypeFieldValueInvalid, Field: f.Path, Message: f.Message})
	}
	resp := admission.Denied(decision.DenialMessage(ref, deny))
	resp.Result.Details = &metav1.StatusDetails{Name: lint.ShortenValues(obj.Meta().Name), Group: "batch", Kind: strings.ToLower(ref.Kind) + "s", Causes: causes}
	return resp
}
