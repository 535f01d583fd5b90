//go:build integration

// Package policye2e applies the ValidatingAdmissionPolicies of "kubectl batch policy export" to
// the test control plane and checks that kube-apiserver, evaluating their CEL, reaches the same
// verdicts with the same messages as the webhook's handler on the same objects: the deny and allow
// cases of test/webhooke2e and more (updates, immutable fields, warn mode, excluded namespaces).
//
// kube-apiserver validates restartPolicy and CronJob name lengths itself, before any admission
// policy runs, so those rules never reach the policy on batch/v1. To run their CEL anyway, every
// policy is also applied to a mirror: CustomResourceDefinitions of kinds Job and CronJob without a
// schema, which the API server does not validate, and which receive the objects as defaulted.
package policye2e

import (
	"os"
	"testing"

	"github.com/kubectl-batch/kubectl-batch/internal/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { os.Exit(testenv.Main(m, &env)) }
