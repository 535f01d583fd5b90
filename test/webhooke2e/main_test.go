//go:build integration

// Package webhooke2e runs the admission webhook against the real test control plane: the webhook
// serves on 127.0.0.1 with a CA made in the test, and a ValidatingWebhookConfiguration, scoped by
// namespaceSelector to the test's own namespaces, makes kube-apiserver call it.
package webhooke2e

import (
	"os"
	"testing"

	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { os.Exit(testenv.Main(m, &env)) }
