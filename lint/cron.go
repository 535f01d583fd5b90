package lint

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // like kube-apiserver: zone names do not depend on the host

	"github.com/robfig/cron/v3"
)

// parseCronLikeServer parses a schedule as kube-apiserver does: robfig/cron's ParseStandard on
// the raw text, a panic inside the parser becoming an error.
func parseCronLikeServer(s string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("invalid schedule format: %v", r)
		}
	}()
	_, err = cron.ParseStandard(s)
	return err
}

var tzSegmentRE = regexp.MustCompile(`^[A-Za-z\.\-_0-9+]{1,14}$`)

// validateTimeZoneLikeServer returns the server's complaints about a spec.timeZone value.
func validateTimeZoneLikeServer(tz string) []string {
	if tz == "" {
		return []string{"timeZone must be nil or non-empty string"}
	}
	for _, part := range strings.Split(tz, "/") {
		if part == "." || part == ".." || strings.HasPrefix(part, "-") || !tzSegmentRE.MatchString(part) {
			return []string{"unknown time zone " + tz}
		}
	}
	var msgs []string
	if strings.EqualFold(tz, "Local") {
		msgs = append(msgs, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")
	}
	if _, err := time.LoadLocation(tz); err != nil {
		msgs = append(msgs, err.Error())
	}
	return msgs
}
