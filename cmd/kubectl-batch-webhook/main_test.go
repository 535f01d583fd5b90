package main

import "testing"

// TestUsageExitCodes: --help prints the usage and exits 0; an unknown flag or an unsupported
// --kubernetes-version is a usage error (2).
func TestUsageExitCodes(t *testing.T) {
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"--help"}, 0},
		{[]string{"-h"}, 0},
		{[]string{"--bogus"}, 2},
		{[]string{"--kubernetes-version=1.31"}, 2},
	} {
		if got := run(c.args); got != c.want {
			t.Errorf("%v: exit %d, want %d", c.args, got, c.want)
		}
	}
}
