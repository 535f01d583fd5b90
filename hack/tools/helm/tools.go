//go:build tools

// Package tools pins the helm binary the chart tests (test/helm) run. It is its own module,
// nested in hack/tools, so that helm's dependencies never change the versions the Kubernetes
// control plane in hack/tools is built with (adding helm there upgrades grpc, otel, x/net, ...).
// hack/testenv.sh build builds it into the same directory as the control plane.
package tools

import (
	_ "helm.sh/helm/v3/cmd/helm"
)
