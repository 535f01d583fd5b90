// Package decision is the decision layer every front end shares: the one configuration file
// (.kubectl-batch.yaml) with its one schema and loader, the per-rule modes of the admission front
// ends (webhook and CEL policy export), namespace exclusions, and the texts of denials and
// warnings. lint and explain read the same file and use its lint part. The package links no
// controller-runtime, so the plugin binary does not either.
package decision

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/kubectl-batch/kubectl-batch/lint"
)

// FileName is the configuration file the CLI looks up from the working directory upward.
const FileName = ".kubectl-batch.yaml"

// APIVersion and Kind head a configuration file, saying what it is. lint, explain and the policy
// export accept a file without them; the webhook requires them, so that an empty, cut or foreign
// file is never taken for the cluster's policy.
const (
	APIVersion = "kubectl-batch.io/v1alpha1"
	Kind       = "Config"
)

// Mode says what an admission front end does with a rule's findings.
type Mode string

// Modes of a rule.
const (
	// ModeDeny rejects the request with the finding's message.
	ModeDeny Mode = "deny"
	// ModeWarn admits the request and returns the finding as a warning.
	ModeWarn Mode = "warn"
	// ModeOff does not run the rule.
	ModeOff Mode = "off"
)

// UnmarshalJSON accepts deny, warn or off (and false for off: YAML 1.1 reads an unquoted off as a
// boolean).
func (m *Mode) UnmarshalJSON(b []byte) error {
	switch s := strings.Trim(string(b), `"`); strings.ToLower(s) {
	case "deny", "warn", "off":
		*m = Mode(strings.ToLower(s))
		return nil
	case "false":
		*m = ModeOff
		return nil
	default:
		return fmt.Errorf("mode must be deny, warn or off, not %s", string(b))
	}
}

// Config is the configuration file, read by every front end. Example:
//
//	apiVersion: kubectl-batch.io/v1alpha1  # required by the webhook, optional elsewhere
//	kind: Config
//	rules:                      # lint severities (error, warning, info, off)
//	  timezone-unset: off
//	policy:
//	  minStartingDeadlineSeconds: 10
//	  immutableCronJobFields: [spec.timeZone, spec.jobTemplate.spec.template.spec.serviceAccountName]
//	modes:                      # what the webhook and the policy export do per rule: deny, warn or off
//	  job-ttl-missing: deny
//	namespaces:                 # namespaces the webhook and the policy export do not check
//	  exclude: [kube-system, "sandbox-*"]
//	ignoreSuppressions: true    # default: false for lint, true for the admission front ends
//
// lint, explain and run use the lint part (rules, policy, ignoreSuppressions) and ignore modes
// and namespaces, which only admission has. Without a mode, a rule denies when its findings deny
// (lint.Finding.Denies: server and policy rules at error severity) and warns otherwise.
type Config struct {
	// APIVersion and Kind, when set, must be APIVersion and Kind.
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind,omitempty"`
	lint.Config
	// Modes overrides, per rule ID, what admission does with the rule's findings.
	Modes map[string]Mode `json:"modes,omitempty"`
	// Namespaces selects namespaces admission does not check.
	Namespaces NamespaceConfig `json:"namespaces,omitempty"`
}

// NamespaceConfig is the namespace allow-list.
type NamespaceConfig struct {
	// Exclude lists namespaces whose objects are admitted unchecked. Entries are names or
	// path.Match patterns ("team-*").
	Exclude []string `json:"exclude,omitempty"`
}

// AdmissionDefaults is the configuration of the webhook and the policy export before a file is
// read: every rule at its default, suppression annotations ignored (an annotation on the object
// must not let its author opt out of the cluster's policy).
func AdmissionDefaults() Config {
	var c Config
	c.IgnoreSuppressions = true
	return c
}

// Parse reads a configuration file's bytes (YAML or JSON) over base (Config{} for lint,
// AdmissionDefaults for admission). Unknown keys, unknown rule IDs and bad values are errors.
func Parse(data []byte, base Config) (Config, error) {
	c := base
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return Config{}, fmt.Errorf("reading configuration: %s", yamlErrorText(err))
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// ParseAdmission parses an admission configuration (the webhook's file) over
// AdmissionDefaults. Unlike Parse it rejects a file that is empty or does not say what it is
// (apiVersion and kind): a configuration mounted from a ConfigMap that is momentarily empty or
// cut off, or the wrong file, must not silently drop the policy (its immutable fields, modes and
// thresholds).
func ParseAdmission(data []byte) (Config, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err == nil && len(doc) == 0 {
		return Config{}, fmt.Errorf("configuration file is empty: it must start with %s (an empty file would drop the policy); for the defaults, run without --config", header)
	}
	c, err := Parse(data, AdmissionDefaults())
	if err != nil {
		return Config{}, err
	}
	if c.APIVersion == "" || c.Kind == "" {
		return Config{}, fmt.Errorf("configuration file does not say what it is: the webhook requires it to start with %s", header)
	}
	return c, nil
}

// yamlErrorText says what is wrong with a YAML configuration without the layers
// sigs.k8s.io/yaml goes through ("error converting YAML to JSON: yaml: ...", "error
// unmarshaling JSON: while decoding JSON: json: ..."): the file is YAML to its reader.
func yamlErrorText(err error) string {
	msg := err.Error()
	for _, layer := range []string{"error converting YAML to JSON: yaml: ", "error converting YAML to JSON: ",
		"error unmarshaling JSON: while decoding JSON: ", "error unmarshaling JSON: ", "json: "} {
		if rest, ok := strings.CutPrefix(msg, layer); ok {
			if strings.HasPrefix(layer, "error converting") {
				return "invalid YAML: " + rest
			}
			msg = rest
		}
	}
	return msg
}

// header is how a configuration file starts, for messages.
const header = `"apiVersion: ` + APIVersion + `" and "kind: ` + Kind + `"`

// Load reads and parses the file at path over base. An empty path is base. It also returns the
// file's bytes (those of a file that failed to parse too), for callers that watch it for changes.
func Load(path string, base Config) (Config, []byte, error) {
	if path == "" {
		return base, nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, nil, fmt.Errorf("reading configuration: %w", err)
	}
	c, err := Parse(data, base)
	if err != nil {
		return Config{}, data, fmt.Errorf("%s: %w", path, err)
	}
	return c, data, nil
}

// Find returns the path of FileName in dir or its nearest ancestor that has one, or "".
func Find(dir string) string {
	for {
		p := filepath.Join(dir, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// LoadFor is the CLI's loader: the file at path, or else FileName found from the working
// directory upward, or else base. It returns the configuration and the file read ("" for none).
func LoadFor(path string, base Config) (Config, string, error) {
	if path == "" {
		if wd, err := os.Getwd(); err == nil {
			path = Find(wd)
		}
	}
	c, _, err := Load(path, base)
	return c, path, err
}

// Validate checks modes, namespace patterns and the lint configuration (rule IDs in rules are
// checked by lint.New).
func (c Config) Validate() error {
	if (c.APIVersion != "" || c.Kind != "") && (c.APIVersion != APIVersion || c.Kind != Kind) {
		return fmt.Errorf("not a kubectl-batch configuration: apiVersion %q and kind %q, want %s", c.APIVersion, c.Kind, header)
	}
	if err := c.Config.Validate(); err != nil {
		return err
	}
	known := map[string]bool{}
	for _, r := range lint.DefaultRules() {
		known[r.ID] = true
	}
	for _, id := range sortedKeys(c.Modes) {
		m := c.Modes[id]
		if !known[id] {
			return fmt.Errorf("modes: unknown rule %q (see kubectl batch lint --list-rules)", id)
		}
		switch m {
		case ModeDeny, ModeWarn, ModeOff:
		default:
			return fmt.Errorf("modes.%s: mode must be deny, warn or off, not %q", id, m)
		}
		if s, ok := c.Rules[id]; ok && s == lint.SeverityOff && m != ModeOff {
			return fmt.Errorf("rule %q is off in rules but %s in modes: choose one", id, m)
		}
	}
	for _, p := range c.Namespaces.Exclude {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("namespaces.exclude: bad pattern %q: %w", p, err)
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
