// Package version holds build information, set with -ldflags -X at release time.
package version

import (
	"runtime"
	"runtime/debug"
)

// Set by -ldflags "-X github.com/kubectl-batch/kubectl-batch/internal/version.Version=v1.2.3" etc.
var (
	Version = "dev"
	Commit  = ""
	Date    = ""
)

// Info describes the running binary.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit,omitempty"`
	Date      string `json:"date,omitempty"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
	// KubernetesValidation is the kube-apiserver version whose validation lint mirrors.
	KubernetesValidation string `json:"kubernetesValidation"`
}

// Get returns the build information, falling back to the module's VCS stamp for commit.
func Get(kubeVersion string) Info {
	i := Info{Version: Version, Commit: Commit, Date: Date, GoVersion: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH, KubernetesValidation: kubeVersion}
	if i.Commit == "" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" {
					i.Commit = s.Value
				}
			}
		}
	}
	return i
}
