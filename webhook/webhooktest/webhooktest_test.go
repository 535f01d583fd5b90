package webhooktest

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

// TestStart sends the server an AdmissionReview made by Request, over TLS verified with
// CABundle, and reads the denial and the decision log; Stop may be called again.
func TestStart(t *testing.T) {
	s := Start(t, ConfigHeader+"policy: {minStartingDeadlineSeconds: 30}\n")
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.CABundle()) {
		t.Fatal("CABundle holds no certificate")
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	cj := CronJob("reporting", "nightly", func(cj *batchv1.CronJob) { cj.Spec.StartingDeadlineSeconds = ptr.To[int64](20) })
	req := Request(t, admissionv1.Create, Defaulted(cj), nil)
	body, err := json.Marshal(admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request:  &req.AdmissionRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Post(s.URL(), "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var review admissionv1.AdmissionReview
	if err := json.NewDecoder(resp.Body).Decode(&review); err != nil {
		t.Fatal(err)
	}
	if review.Response == nil || review.Response.Allowed || !strings.Contains(review.Response.Result.Message, "is 20, below 30") {
		t.Fatalf("response %+v, want a denial for a deadline of 20 below 30", review.Response)
	}
	if !strings.Contains(s.Logs.String(), `"object":"reporting/nightly","operation":"CREATE"`) {
		t.Errorf("decision log:\n%s", s.Logs.String())
	}
	s.Stop()
	s.Stop()
}
