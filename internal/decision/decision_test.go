package decision

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kubectl-batch/kubectl-batch/internal/manifest"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// ruleModeConfigs are configurations that exercise every way a rule's mode is decided.
var ruleModeConfigs = []string{
	"",
	"modes: {job-ttl-missing: deny, starting-deadline-too-short: warn, restart-policy-invalid: off, timezone-unset: deny}\n",
	"rules: {starting-deadline-too-short: warning, schedule-invalid: info, timezone-unset: off, job-ttl-missing: error}\n",
	"rules: {timezone-unset: off, cronjob-name-too-long: warning}\nmodes: {timezone-unset: off, cronjob-name-too-long: deny, history-limit-zero: warn}\n",
}

func TestRuleModes(t *testing.T) {
	want := []struct {
		config string
		modes  map[string]Mode
	}{
		{ruleModeConfigs[0], map[string]Mode{
			"restart-policy-invalid": ModeDeny, "starting-deadline-too-short": ModeDeny, lint.RulePolicyImmutable: ModeDeny,
			"job-ttl-missing": ModeWarn, "timezone-unset": ModeWarn,
		}},
		{ruleModeConfigs[1], map[string]Mode{
			"job-ttl-missing": ModeDeny, "starting-deadline-too-short": ModeWarn, "restart-policy-invalid": ModeOff,
			"timezone-unset": ModeDeny, "cronjob-name-too-long": ModeDeny,
		}},
		{ruleModeConfigs[2], map[string]Mode{
			"starting-deadline-too-short": ModeWarn, "schedule-invalid": ModeWarn, "timezone-unset": ModeOff,
			"job-ttl-missing": ModeWarn, // advice never denies without a mode
		}},
		{ruleModeConfigs[3], map[string]Mode{
			"timezone-unset": ModeOff, "cronjob-name-too-long": ModeDeny, "history-limit-zero": ModeWarn,
		}},
	}
	for _, tt := range want {
		cfg, err := Parse([]byte(tt.config), AdmissionDefaults())
		if err != nil {
			t.Fatal(err)
		}
		modes, pol, err := cfg.RuleModes()
		if err != nil {
			t.Fatalf("%q: %v", tt.config, err)
		}
		for _, r := range lint.DefaultRules() {
			if _, ok := modes[r.ID]; !ok {
				t.Errorf("%q: no mode for %s", tt.config, r.ID)
			}
		}
		if len(modes) != len(lint.DefaultRules()) {
			t.Errorf("%q: %d modes for %d rules", tt.config, len(modes), len(lint.DefaultRules()))
		}
		for id, m := range tt.modes {
			if modes[id] != m {
				t.Errorf("%q: %s is %s, want %s", tt.config, id, modes[id], m)
			}
		}
		if pol.MinStartingDeadlineSeconds != 10 || pol.MaxHistoryLimit != 100 {
			t.Errorf("%q: policy defaults not filled in: %+v", tt.config, pol)
		}
	}
	if _, _, err := (Config{Modes: map[string]Mode{"nope": ModeDeny}}).RuleModes(); err == nil {
		t.Error("unknown rule in modes accepted")
	}
}

// TestRuleModesDecideFindings: the mode of a rule (RuleModes) is the webhook's decision for each
// of its findings, as it was decided per finding before (the configured mode, else deny when
// Finding.Denies and warn otherwise), on the findings of every rule's bad fixture.
func TestRuleModesDecideFindings(t *testing.T) {
	dir := filepath.Join("..", "..", "lint", "testdata", "rules")
	decode := func(path string) []*lint.Object {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		res := manifest.Decode(filepath.Base(path), data)
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %v", path, res.Errors[0])
		}
		return res.Objects
	}
	for _, yaml := range ruleModeConfigs {
		cfg, err := Parse([]byte(yaml), AdmissionDefaults())
		if err != nil {
			t.Fatal(err)
		}
		cfg.Clock = func() time.Time { return time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC) }
		cfg.Policy.ImmutableCronJobFields = []string{"spec.timeZone"}
		p, err := Compile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		modes, _, err := cfg.RuleModes()
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, r := range lint.DefaultRules() {
			objs := decode(filepath.Join(dir, r.ID, "bad.yaml"))
			var old []*lint.Object
			if _, err := os.Stat(filepath.Join(dir, r.ID, "old.yaml")); err == nil {
				old = decode(filepath.Join(dir, r.ID, "old.yaml"))
			}
			for i, obj := range objs {
				var fs []lint.Finding
				if i < len(old) {
					fs = p.Engine().CheckUpdate(context.Background(), old[i], obj)
				} else {
					fs = p.Engine().Check(context.Background(), obj)
				}
				for _, f := range fs {
					seen[f.RuleID] = true
					want, ok := cfg.Modes[f.RuleID]
					if !ok {
						want = ModeWarn
						if f.Denies() {
							want = ModeDeny
						}
					}
					if got := p.ModeOf(f); got != want || modes[f.RuleID] != want {
						t.Errorf("%q: finding %s at %s (%s, %s): modeOf %s, RuleModes %s, want %s",
							yaml, f.RuleID, f.Path, f.Class, f.Severity, got, modes[f.RuleID], want)
					}
				}
			}
		}
		for _, r := range lint.DefaultRules() {
			if modes[r.ID] != ModeOff && !seen[r.ID] {
				t.Errorf("%q: no finding of %s (mode %s) in the fixtures", yaml, r.ID, modes[r.ID])
			}
			if modes[r.ID] == ModeOff && seen[r.ID] {
				t.Errorf("%q: %s is off but reported", yaml, r.ID)
			}
		}
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"modes: {no-such-rule: deny}", "unknown rule"},
		{"modes: {job-ttl-missing: block}", "deny, warn or off"},
		{"rules: {job-ttl-missing: off}\nmodes: {job-ttl-missing: deny}", "choose one"},
		{"namespaces: {exclude: ['[']}", "bad pattern"},
		{"namespaces: {include: [a]}", "unknown field"},
		{"policy: {minStartingDeadlineSeconds: -1}", "must not be negative"},
		{"policy: {immutableCronJobFields: [timeZone]}", "must be a field path"},
		{"rules: {nope: error}", ""},
	} {
		cfg, err := Parse([]byte(c.yaml), AdmissionDefaults())
		if err == nil {
			_, err = Compile(cfg)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.yaml, err, c.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	s := Truncate(strings.Repeat("é", 200) + "\nx")
	if n := len([]rune(s)); n != MaxWarningLength || !strings.HasSuffix(s, "...") {
		t.Errorf("%d runes: %q", n, s)
	}
	if Truncate("a\nb") != "a b" {
		t.Error("line break kept")
	}
}

// TestConfigHeader: the apiVersion/kind header is optional for lint (Parse) and required by the
// webhook (ParseAdmission); when present it must be this project's.
func TestConfigHeader(t *testing.T) {
	const header = "apiVersion: kubectl-batch.io/v1alpha1\nkind: Config\n"
	const body = "policy: {minStartingDeadlineSeconds: 30}\n"
	for _, c := range []struct {
		content           string
		lintErr, admitErr string // "" for accepted
	}{
		{header + body, "", ""},
		{header, "", ""},
		{body, "", "does not say what it is"},
		{"", "", "configuration file is empty"},
		{"apiVersion: v1\nkind: ConfigMap\n" + body, "not a kubectl-batch configuration", "not a kubectl-batch configuration"},
		{"apiVersion: kubectl-batch.io/v1alpha1\n" + body, "not a kubectl-batch configuration", "not a kubectl-batch configuration"},
		{"kind: Config\n" + body, "not a kubectl-batch configuration", "not a kubectl-batch configuration"},
	} {
		for _, p := range []struct {
			name  string
			parse func([]byte) (Config, error)
			want  string
		}{
			{"Parse", func(b []byte) (Config, error) { return Parse(b, Config{}) }, c.lintErr},
			{"ParseAdmission", ParseAdmission, c.admitErr},
		} {
			cfg, err := p.parse([]byte(c.content))
			switch {
			case p.want == "" && err != nil:
				t.Errorf("%s(%q): %v, want it accepted", p.name, c.content, err)
			case p.want != "" && (err == nil || !strings.Contains(err.Error(), p.want)):
				t.Errorf("%s(%q): %v, want an error with %q", p.name, c.content, err, p.want)
			case err == nil && strings.Contains(c.content, "30") && cfg.Policy.MinStartingDeadlineSeconds != 30:
				t.Errorf("%s(%q): policy not read: %+v", p.name, c.content, cfg.Policy)
			}
		}
	}
}
