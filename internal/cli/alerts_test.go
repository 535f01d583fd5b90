package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestAlertsExportGolden: the rules for the examples' CronJobs, YAML and JSON, reviewed; the
// CronJob whose schedule never fires is named on stderr; a second run is byte-identical.
func TestAlertsExportGolden(t *testing.T) {
	for _, format := range []string{"yaml", "json"} {
		code, out, errs := runCLI(t, "", "alerts", "export", "-f", "../../examples", "-o", format, "-n", "default")
		if code != 0 || !strings.Contains(errs, "note: cronjob/leap-archive in namespace archive has no alerts: the schedule") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		assertGolden(t, filepath.Join("testdata", "golden", "alerts."+format), out)
		if _, again, _ := runCLI(t, "", "alerts", "export", "-f", "../../examples", "-o", format, "-n", "default"); again != out {
			t.Error("a second export differs from the first")
		}
	}
}

func TestAlertsExportUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"alerts", "export"}, "no CronJobs: give -f FILENAME"},
		{[]string{"alerts", "export", "-f", "x.yaml", "--live"}, "not both"},
		{[]string{"alerts", "export", "-f", "x.yaml", "-A"}, "-A applies to --live"},
		{[]string{"alerts", "export", "-f", "x.yaml", "--tolerance", "0.5"}, "--tolerance must be between 1 and 100"},
		{[]string{"alerts", "export", "-f", "x.yaml", "-o", "toml"}, "--output must be yaml or json"},
		{[]string{"alerts", "export", "-f", "testdata/nope.yaml"}, "no such file"},
		{[]string{"alerts", "export", "-f", "../../lint/testdata/rules/job-ttl-missing/bad.yaml"}, "no CronJob in"},
	} {
		code, _, errs := runCLI(t, "", tc.args...)
		if code != ExitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}
