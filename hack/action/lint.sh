#!/usr/bin/env bash
# Runs kubectl batch lint for the GitHub Action (action.yml) and records its exit code in the
# step outputs instead of failing, so that the SARIF upload still runs; the action's last step
# exits with it. Inputs (environment): INPUT_PATHS, INPUT_KUSTOMIZE, INPUT_HELM, INPUT_FAIL_ON, INPUT_FORMAT,
# INPUT_KUBERNETES_VERSION, INPUT_ARGS, INPUT_SARIF, RUNNER_TEMP, GITHUB_OUTPUT.
set -uo pipefail

args=(lint --fail-on "${INPUT_FAIL_ON:-error}")
if [ -n "${INPUT_KUSTOMIZE:-}" ]; then
  args+=(-k "$INPUT_KUSTOMIZE")
elif [ -n "${INPUT_HELM:-}" ]; then
  args+=(--helm "$INPUT_HELM")
else
  read -ra paths <<< "${INPUT_PATHS:-.}"
  for p in "${paths[@]}"; do args+=(-f "$p"); done
  args+=(-R)
fi
[ -n "${INPUT_KUBERNETES_VERSION:-}" ] && args+=(--kubernetes-version "$INPUT_KUBERNETES_VERSION")
if [ -n "${INPUT_ARGS:-}" ]; then
  read -ra extra <<< "$INPUT_ARGS"
  args+=("${extra[@]}")
fi

code=0
kubectl-batch "${args[@]}" -o "${INPUT_FORMAT:-github}" || code=$?
out=${GITHUB_OUTPUT:-/dev/null}
if [ "${INPUT_SARIF:-false}" = true ]; then
  sarif="${RUNNER_TEMP:-$(mktemp -d)}/kubectl-batch.sarif"
  kubectl-batch "${args[@]}" -o sarif > "$sarif" || true
  echo "sarif-file=$sarif" >> "$out"
fi
echo "exit-code=$code" >> "$out"
