// Package action tests the GitHub Action at the repository root: its metadata against GitHub's
// rules for action.yml, and (with the integration tag) its scripts against release archives built
// by internal/release and served from 127.0.0.1.
package action

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// actionMetadata is action.yml, strictly: an unknown key fails the test as GitHub would ignore it.
type actionMetadata struct {
	Name        string                  `json:"name"`
	Description string                  `json:"description"`
	Author      string                  `json:"author"`
	Branding    map[string]string       `json:"branding"`
	Inputs      map[string]actionInput  `json:"inputs"`
	Outputs     map[string]actionOutput `json:"outputs"`
	Runs        struct {
		Using string       `json:"using"`
		Steps []actionStep `json:"steps"`
	} `json:"runs"`
}

type actionInput struct {
	Description string  `json:"description"`
	Required    bool    `json:"required"`
	Default     *string `json:"default"`
}

type actionOutput struct {
	Description string `json:"description"`
	Value       string `json:"value"`
}

type actionStep struct {
	Name  string            `json:"name"`
	ID    string            `json:"id"`
	If    string            `json:"if"`
	Shell string            `json:"shell"`
	Run   string            `json:"run"`
	Uses  string            `json:"uses"`
	With  map[string]string `json:"with"`
	Env   map[string]string `json:"env"`
}

func repoRoot(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

func readAction(t *testing.T) actionMetadata {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionMetadata
	if err := yaml.UnmarshalStrict(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return a
}

var (
	idPattern   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	exprPattern = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)
	refPattern  = regexp.MustCompile(`\b(inputs|steps)\.([A-Za-z0-9_-]+)(?:\.outputs\.([A-Za-z0-9_-]+))?`)
	icons       = []string{"check-circle", "check-square", "shield", "alert-triangle", "activity"}
	colors      = []string{"white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"}
)

// TestActionMetadata checks action.yml against GitHub's metadata syntax for actions: name and
// description, inputs and outputs with descriptions and valid ids, a composite run whose run
// steps name their shell and whose uses steps pin a version, branding GitHub knows, every
// ${{ inputs.X }} and ${{ steps.Y.outputs.Z }} defined, and the scripts present and executable.
func TestActionMetadata(t *testing.T) {
	a := readAction(t)
	if a.Name == "" || a.Description == "" {
		t.Error("name and description are required")
	}
	if !slices.Contains(icons, a.Branding["icon"]) || !slices.Contains(colors, a.Branding["color"]) {
		t.Errorf("branding %v: an icon and colour GitHub knows", a.Branding)
	}
	for id, in := range a.Inputs {
		if !idPattern.MatchString(id) || in.Description == "" {
			t.Errorf("input %q: a valid id and a description are required", id)
		}
		if !in.Required && in.Default == nil {
			t.Errorf("input %q: optional without a default", id)
		}
	}
	for id, out := range a.Outputs {
		if !idPattern.MatchString(id) || out.Description == "" || out.Value == "" {
			t.Errorf("output %q: composite outputs need an id, a description and a value", id)
		}
	}
	if a.Runs.Using != "composite" || len(a.Runs.Steps) == 0 {
		t.Fatalf("runs.using %q with %d steps: want a composite action", a.Runs.Using, len(a.Runs.Steps))
	}
	stepIDs := map[string]bool{}
	var texts []string
	for i, s := range a.Runs.Steps {
		switch {
		case s.Run != "" && s.Uses != "":
			t.Errorf("step %d: run and uses are exclusive", i)
		case s.Run != "" && s.Shell == "":
			t.Errorf("step %d: a composite run step needs shell", i)
		case s.Uses != "" && !strings.Contains(s.Uses, "@"):
			t.Errorf("step %d: uses %q without a version", i, s.Uses)
		case s.Run == "" && s.Uses == "":
			t.Errorf("step %d: neither run nor uses", i)
		}
		if s.ID != "" {
			stepIDs[s.ID] = true
		}
		texts = append(texts, s.Run, s.If)
		for _, v := range s.With {
			texts = append(texts, v)
		}
		for _, v := range s.Env {
			texts = append(texts, v)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %d: expressions in run scripts are injection-prone; pass them through env", i)
		}
	}
	for _, o := range a.Outputs {
		texts = append(texts, o.Value)
	}
	for _, text := range texts {
		exprs := exprPattern.FindAllStringSubmatch(text, -1)
		if strings.HasPrefix(strings.TrimSpace(text), "always()") {
			exprs = append(exprs, []string{text, text}) // if: conditions are expressions without ${{ }}
		}
		for _, e := range exprs {
			for _, ref := range refPattern.FindAllStringSubmatch(e[1], -1) {
				switch {
				case ref[1] == "inputs" && a.Inputs[ref[2]].Description == "":
					t.Errorf("%q refers to undefined input %s", text, ref[2])
				case ref[1] == "steps" && !stepIDs[ref[2]]:
					t.Errorf("%q refers to undefined step %s", text, ref[2])
				}
			}
		}
	}
	for _, script := range []string{"install.sh", "lint.sh"} {
		st, err := os.Stat(filepath.Join(repoRoot(t), "hack", "action", script))
		if err != nil || st.Mode()&0o111 == 0 {
			t.Errorf("hack/action/%s must exist and be executable: %v", script, err)
		}
	}
}
