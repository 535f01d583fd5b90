package lint

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestForeverCommand(t *testing.T) {
	for _, c := range []struct {
		command, args []string
		want          string
	}{
		{[]string{"sleep", "infinity"}, nil, "sleep infinity"},
		{[]string{"sh", "-c"}, []string{"sleep inf"}, "sleep inf"},
		{[]string{"/bin/sh", "-c", "while true; do sleep 30; done"}, nil, "while true"},
		{[]string{"bash", "-c", "while :; do date; sleep 60; done"}, nil, "while :"},
		{[]string{"sh", "-c", "while [ 1 ]; do sleep 5; done"}, nil, "while 1"},
		{[]string{"tail", "-f", "/dev/null"}, nil, "tail -f"},
		{[]string{"sh", "-c", "tail -F /var/log/app.log"}, nil, "tail -f"},
		{[]string{"tail"}, []string{"--follow=name", "/var/log/app.log"}, "tail -f"},
		// Ways out: the loop exits or breaks, tail ends with a process, or it does not follow.
		{[]string{"sh", "-c", "while true; do [ -f /shared/done ] && exit 0; sleep 1; done"}, nil, ""},
		{[]string{"sh", "-c", "while true; do if [ -f /tmp/stop ]; then break; fi; sleep 1; done"}, nil, ""},
		{[]string{"tail", "--pid=1", "-f", "/dev/null"}, nil, ""},
		{[]string{"tail", "-n", "100", "/var/log/app.log"}, nil, ""},
		{[]string{"sleep", "30"}, nil, ""},
		{[]string{"./run-export.sh"}, []string{"--since", "yesterday"}, ""},
		{nil, nil, ""},
	} {
		ctr := &corev1.Container{Command: c.command, Args: c.args}
		if got := foreverCommand(ctr); got != c.want {
			t.Errorf("command %q args %q: %q, want %q", c.command, c.args, got, c.want)
		}
	}
}

// TestForeverCommandValidPathAllocates nothing: most containers run a plain command.
func TestForeverCommandValidPathAllocates(t *testing.T) {
	ctr := &corev1.Container{Command: []string{"/app/export"}, Args: []string{"--since", "yesterday"}}
	if allocs := testing.AllocsPerRun(100, func() { foreverCommand(ctr) }); allocs != 0 {
		t.Errorf("%v allocations per call, want 0", allocs)
	}
}
