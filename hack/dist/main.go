// Command dist builds the release archives and the krew manifest into dist/ (make dist).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/kubectl-batch/kubectl-batch/internal/release"
	"github.com/kubectl-batch/kubectl-batch/lint/kubeversion"
)

func main() {
	o := release.Options{RepoRoot: ".", KubernetesVersion: kubeversion.Span()}
	flag.StringVar(&o.OutDir, "out", "dist", "output directory")
	flag.StringVar(&o.Version, "version", "v0.0.0-dev", "release version (semantic, with a leading v)")
	flag.StringVar(&o.Commit, "commit", "", "git commit")
	flag.StringVar(&o.Date, "date", "", "build date (RFC 3339)")
	base := flag.String("base-url", "https://github.com/kubectl-batch/kubectl-batch/releases/download/{{version}}", "download URL of the archives; {{version}} is replaced")
	platforms := flag.String("platforms", "", "comma-separated os/arch list (default: all krew platforms)")
	flag.Parse()
	o.BaseURL = strings.ReplaceAll(*base, "{{version}}", o.Version)
	o.Platforms = release.DefaultPlatforms()
	if *platforms != "" {
		o.Platforms = nil
		for _, p := range strings.Split(*platforms, ",") {
			osName, arch, ok := strings.Cut(strings.TrimSpace(p), "/")
			if !ok {
				fmt.Fprintf(os.Stderr, "dist: bad platform %q (want os/arch)\n", p)
				os.Exit(2)
			}
			o.Platforms = append(o.Platforms, release.Platform{OS: osName, Arch: arch})
		}
	}
	arts, err := release.Build(context.Background(), o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dist:", err)
		os.Exit(1)
	}
	for _, a := range arts {
		fmt.Printf("%s  %s\n", a.SHA256, a.File)
	}
	fmt.Printf("krew manifest: %s/batch.yaml\n", o.OutDir)
}
