//go:build integration

package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"

	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
	"github.com/kubectl-batch/kubectl-batch/lint"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// fixtureDocs reads the documents of a rule fixture as kubectl does (YAML or JSON, several
// documents), as JSON objects.
func fixtureDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var docs []map[string]any
	for {
		var doc map[string]any
		if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
			return docs
		} else if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if doc != nil {
			docs = append(docs, doc)
		}
	}
}

// sendFixture dry-runs a create of doc (or, with old, an update of the stored old) in namespace
// ns with strict field validation, as kubectl apply does, and returns the server's error.
func sendFixture(ctx context.Context, t *testing.T, ns string, doc, old map[string]any) error {
	t.Helper()
	resource := strings.ToLower(doc["kind"].(string)) + "s"
	setNamespace := func(d map[string]any) []byte {
		meta, _ := d["metadata"].(map[string]any)
		if meta == nil {
			meta = map[string]any{}
			d["metadata"] = meta
		}
		meta["namespace"] = ns
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	rc := env.Client.BatchV1().RESTClient()
	if old == nil {
		return rc.Post().Namespace(ns).Resource(resource).Param("dryRun", "All").Param("fieldValidation", "Strict").
			Body(setNamespace(doc)).Do(ctx).Error()
	}
	// The stored object of a fixture carries the server-generated selector and labels of some
	// uid; create it without them, then put the new uid into the document in place of the old.
	meta := old["metadata"].(map[string]any)
	name := meta["name"].(string)
	oldUID, _ := meta["uid"].(string)
	clean := stripGenerated(old, oldUID)
	if err := rc.Post().Namespace(ns).Resource(resource).Body(setNamespace(clean)).Do(ctx).Error(); err != nil {
		t.Fatalf("creating the stored object %s: %v", name, err)
	}
	var stored struct {
		Metadata metav1.ObjectMeta `json:"metadata"`
	}
	raw, err := rc.Get().Namespace(ns).Resource(resource).Name(name).Do(ctx).Raw()
	if err != nil || json.Unmarshal(raw, &stored) != nil {
		t.Fatalf("reading back %s: %v", name, err)
	}
	doc["metadata"].(map[string]any)["resourceVersion"] = stored.Metadata.ResourceVersion
	body := setNamespace(doc)
	if oldUID != "" {
		body = bytes.ReplaceAll(body, []byte(oldUID), []byte(stored.Metadata.UID))
	}
	return rc.Put().Namespace(ns).Resource(resource).Name(name).Param("dryRun", "All").Param("fieldValidation", "Strict").
		Body(body).Do(ctx).Error()
}

// stripGenerated returns a copy of a stored Job fixture without what the server generates on
// create: metadata.uid, a selector and template labels naming uid.
func stripGenerated(obj map[string]any, uid string) map[string]any {
	data, _ := json.Marshal(obj)
	var out map[string]any
	_ = json.Unmarshal(data, &out)
	delete(out["metadata"].(map[string]any), "uid")
	spec, _ := out["spec"].(map[string]any)
	if uid == "" || spec == nil {
		return out
	}
	delete(spec, "selector")
	if tmpl, ok := spec["template"].(map[string]any); ok {
		if tm, ok := tmpl["metadata"].(map[string]any); ok {
			if labels, ok := tm["labels"].(map[string]any); ok {
				for k, v := range labels {
					if v == uid {
						delete(labels, k)
					}
				}
			}
		}
	}
	return out
}

// TestServerRuleFixtures: the real API server rejects every document of each server-class rule's
// bad fixture and accepts every document of its good fixture (updates over the rule's old.yaml),
// so no server-class rule can claim what the server does not do.
func TestServerRuleFixtures(t *testing.T) {
	ctx := context.Background()
	ns := env.Namespace(t)
	dir := filepath.Join(testenv.RepoRoot(), "lint", "testdata", "rules")
	checked := 0
	for _, r := range lint.DefaultRules() {
		if r.Class != lint.ClassServer {
			continue
		}
		var old []map[string]any
		if _, err := os.Stat(filepath.Join(dir, r.ID, "old.yaml")); err == nil {
			old = fixtureDocs(t, filepath.Join(dir, r.ID, "old.yaml"))
		}
		for _, which := range []string{"bad", "good"} {
			for i, doc := range fixtureDocs(t, filepath.Join(dir, r.ID, which+".yaml")) {
				var stored map[string]any
				if i < len(old) {
					stored = old[i]
				}
				where := ns
				if stored != nil {
					where = env.Namespace(t) // the stored object must not meet the creates
				}
				err := sendFixture(ctx, t, where, doc, stored)
				checked++
				switch {
				case which == "bad" && r.Severity < lint.SeverityError && err != nil:
					// A server-class warning (field-ignored): the server accepts and drops.
					t.Errorf("%s: bad.yaml document %d is rejected by kube-apiserver, which should accept it and drop the field: %v", r.ID, i+1, err)
				case which == "bad" && r.Severity >= lint.SeverityError && err == nil:
					t.Errorf("%s: bad.yaml document %d is accepted by kube-apiserver", r.ID, i+1)
				case which == "good" && err != nil:
					t.Errorf("%s: good.yaml document %d is rejected by kube-apiserver: %v", r.ID, i+1, err)
				}
			}
		}
	}
	t.Logf("%d fixture documents of server-class rules checked against kube-apiserver", checked)
}

// decoderRules are the server-class rules the manifest decoder reports: typed objects cannot
// carry what they find, so the typed corpus cannot exercise them; TestDecoderMatchesStrictServer
// and TestServerRuleFixtures do.
var decoderRules = map[string]bool{
	lint.RuleUnknownField: true, lint.RuleWrongType: true, lint.RuleAPIVersionRemoved: true, lint.RuleAPIVersionUnknown: true,
}

// TestCorpusExercisesEveryServerRule: each server-class rule fires at least once in the
// conformance corpus (creates, pod-template mutations, updates), so a new server-class rule
// cannot skip conformance.
func TestCorpusExercisesEveryServerRule(t *testing.T) {
	e := engine(t)
	fired := map[string]bool{}
	note := func(obj any, old *lint.Object) {
		_, _, o := lintVerdict(t, e, obj, old)
		findings := e.Check(context.Background(), o)
		if old != nil {
			findings = e.CheckUpdate(context.Background(), old, o)
		}
		for _, f := range findings {
			if f.Class == lint.ClassServer {
				fired[f.RuleID] = true
			}
		}
	}
	jobs, cronJobs := createCases()
	for _, c := range jobs {
		note(c.job, nil)
	}
	for _, c := range cronJobs {
		note(c.cj, nil)
	}
	for _, m := range podMutations() {
		j := baseJob()
		m.fn(&j.Spec.Template)
		note(j, nil)
	}
	for _, u := range jobUpdates() {
		_, _, stored := lintVerdict(t, e, baseJob(), nil)
		j := lint.Defaulted(stored, kubeversion.Default()).Job // as stored: the server's selector and labels
		u.fn(j)
		note(j, stored)
	}
	var missing []string
	for _, r := range lint.DefaultRules() {
		if r.Class == lint.ClassServer && !decoderRules[r.ID] && !fired[r.ID] {
			missing = append(missing, r.ID)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("server-class rules that no conformance case exercises (add mutations that trigger them): %s", strings.Join(missing, ", "))
	}
}
