package lint

import (
	"fmt"
	"strings"
	"time"

	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

// Config selects rules and sets policy values. The zero value is the default configuration. It
// is the lint part of the configuration file, which package internal/decision reads.
type Config struct {
	// Rules overrides severities by rule ID; SeverityOff disables a rule.
	Rules map[string]Severity `json:"rules,omitempty"`
	// Policy holds the values policy and advice rules compare against.
	Policy Policy `json:"policy,omitempty"`
	// IgnoreSuppressions makes the engine disregard the IgnoreAnnotation on objects.
	IgnoreSuppressions bool `json:"ignoreSuppressions,omitempty"`
	// Clock gives the current time to schedule rules (nil: time.Now). Tests fix it.
	Clock func() time.Time `json:"-"`
	// KubernetesVersion is the version whose API server the server-class rules decide for
	// ("1.33"; the zero value: kubeversion.Default(), or the cluster's for live commands).
	KubernetesVersion kubeversion.Version `json:"kubernetesVersion,omitzero"`
}

// Policy values. Zero fields take the defaults documented on each.
type Policy struct {
	// MinStartingDeadlineSeconds: CronJobs with a smaller startingDeadlineSeconds are flagged
	// (default 10: the CronJob controller looks for work every 10 seconds).
	MinStartingDeadlineSeconds int64 `json:"minStartingDeadlineSeconds,omitempty"`
	// MaxHistoryLimit: history limits above it are flagged (default 100).
	MaxHistoryLimit int32 `json:"maxHistoryLimit,omitempty"`
	// MissedRunsWindow: a CronJob without startingDeadlineSeconds is flagged when controller
	// downtime shorter than this makes it miss more than 100 runs (default 24h): the controller then
	// records a TooManyMissedTimes event and starts only the most recent run.
	MissedRunsWindow Duration `json:"missedRunsWindow,omitempty"`
	// ImmutableCronJobFields are CronJob field paths (e.g. "spec.timeZone",
	// "spec.jobTemplate.spec.template.spec.serviceAccountName") that may not change on update.
	ImmutableCronJobFields []string `json:"immutableCronJobFields,omitempty"`
	// ImmutableJobFields is the same for Jobs, beyond what the server already makes immutable.
	ImmutableJobFields []string `json:"immutableJobFields,omitempty"`
}

func (p Policy) withDefaults() Policy {
	if p.MinStartingDeadlineSeconds == 0 {
		p.MinStartingDeadlineSeconds = 10
	}
	if p.MaxHistoryLimit == 0 {
		p.MaxHistoryLimit = 100
	}
	if p.MissedRunsWindow.Duration == 0 {
		p.MissedRunsWindow.Duration = defaultMissedRunsWindow
	}
	return p
}

// Validate checks the configuration's values (rule IDs are checked by New).
func (c Config) Validate() error {
	if c.Policy.MinStartingDeadlineSeconds < 0 {
		return fmt.Errorf("policy.minStartingDeadlineSeconds must not be negative, got %d", c.Policy.MinStartingDeadlineSeconds)
	}
	if c.Policy.MaxHistoryLimit < 0 {
		return fmt.Errorf("policy.maxHistoryLimit must not be negative, got %d", c.Policy.MaxHistoryLimit)
	}
	if c.Policy.MissedRunsWindow.Duration < 0 {
		return fmt.Errorf("policy.missedRunsWindow must not be negative, got %s", c.Policy.MissedRunsWindow.Duration)
	}
	for _, f := range append(append([]string{}, c.Policy.ImmutableCronJobFields...), c.Policy.ImmutableJobFields...) {
		if !strings.HasPrefix(f, "spec.") && !strings.HasPrefix(f, "metadata.") {
			return fmt.Errorf("immutable field %q must be a field path starting with \"spec.\" or \"metadata.\"", f)
		}
	}
	return nil
}
