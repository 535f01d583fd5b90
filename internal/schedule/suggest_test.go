package schedule

import (
	"archive/zip"
	"errors"
	"io/fs"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSundayAsZero(t *testing.T) {
	for spec, want := range map[string]string{
		"* * * * 7":       "* * * * 0",
		"0 4 * * 7":       "0 4 * * 0",
		"0 3 * * 5-7":     "0 3 * * 5-6,0",
		"0 3 * * 6-7":     "0 3 * * 6,0",
		"0 3 * * 1,3,7":   "0 3 * * 1,3,0",
		"0 3 * * 0":       "", // valid already
		"0 3 * * 8":       "", // not a Sunday slip
		"0 3 * * 1-7/2":   "", // a step: no guess
		"0 7 * * *":       "", // 7 in another field
		"@weekly":         "",
		"0 3 * * MON-7":   "0 3 * * MON-6,0",
		"0 3 * * 7 extra": "",
		"0 3 * * 7,9":     "", // still invalid after the rewrite
	} {
		got, ok := SundayAsZero(spec)
		if ok != (want != "") || got != want {
			t.Errorf("SundayAsZero(%q) = %q, %v; want %q", spec, got, ok, want)
		}
		if want != "" {
			if _, err := Parse(spec, nil); err == nil {
				t.Errorf("%q parses: the controller's parser is expected to reject day-of-week 7", spec)
			}
		}
	}
}

func TestClosestZone(t *testing.T) {
	for name, want := range map[string]string{
		"Europe/Londn":      "Europe/London",
		"europe/london":     "Europe/London",
		"America/New_Yrok":  "America/New_York",
		"Asia/Tokio":        "Asia/Tokyo",
		"Europe/Berlin":     "", // a zone
		"Mars/Olympus":      "",
		"Local":             "",
		"Etc/UTC":           "",
		"US/Pacifc":         "US/Pacific",
		"Amerika/Sao_Paolo": "America/Sao_Paulo",
	} {
		if got := ClosestZone(name); got != want {
			t.Errorf("ClosestZone(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestClockAligned(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Minute: "* * * * *", 5 * time.Minute: "*/5 * * * *", 15 * time.Minute: "*/15 * * * *",
		time.Hour: "0 * * * *", 6 * time.Hour: "0 */6 * * *", 24 * time.Hour: "0 0 * * *",
		7 * time.Minute: "", 90 * time.Minute: "", 30 * time.Second: "", 48 * time.Hour: "",
	} {
		if got := ClockAligned(d); got != want {
			t.Errorf("ClockAligned(%s) = %q, want %q", d, got, want)
		}
	}
}

// TestZoneNamesMatchGoroot: the generated zone list is Go's time zone database (the one
// time/tzdata embeds); after a Go upgrade run go generate ./internal/schedule.
func TestZoneNamesMatchGoroot(t *testing.T) {
	names := zoneNames()
	if !slices.IsSorted(names) || len(names) < 400 {
		t.Fatalf("%d zone names, sorted %v", len(names), slices.IsSorted(names))
	}
	for _, n := range names {
		if _, err := time.LoadLocation(n); err != nil {
			t.Errorf("zone %q does not load: %v", n, err)
		}
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("no go command to find Go's time zone database: %v", err)
	}
	z, err := zip.OpenReader(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "time", "zoneinfo.zip"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("no $GOROOT/lib/time/zoneinfo.zip to compare with")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var want []string
	for _, f := range z.File {
		if !strings.HasSuffix(f.Name, "/") {
			want = append(want, f.Name)
		}
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("zonenames_gen.go is stale (%d names, Go's database has %d): run go generate ./internal/schedule", len(names), len(want))
	}
}
