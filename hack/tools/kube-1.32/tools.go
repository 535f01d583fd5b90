//go:build tools

// Package tools pins the Kubernetes v1.32.13 control-plane binaries the tests run.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
)
