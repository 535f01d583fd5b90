#!/usr/bin/env bash
# Installs a kubectl-batch release archive for this runner's OS and architecture, verified
# against the release's checksums.txt, and puts it on the job's PATH (GitHub Action, action.yml).
# Inputs (environment): INPUT_VERSION (vX.Y.Z or latest), INPUT_DOWNLOAD_URL (base of the
# downloads: URL/VERSION/FILE), RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH.
set -euo pipefail

die() { echo "::error title=kubectl-batch install::$*" >&2; exit 1; }

base=${INPUT_DOWNLOAD_URL:-https://github.com/kubectl-batch/kubectl-batch/releases/download}
version=${INPUT_VERSION:-latest}

case "${RUNNER_OS:-$(uname -s)}" in
  Linux) os=linux ;;
  macOS | Darwin) os=darwin ;;
  Windows | MINGW* | MSYS*) os=windows ;;
  *) die "unsupported OS ${RUNNER_OS:-$(uname -s)}" ;;
esac
case "${RUNNER_ARCH:-$(uname -m)}" in
  X64 | x86_64 | amd64) arch=amd64 ;;
  ARM64 | aarch64 | arm64) arch=arm64 ;;
  *) die "unsupported architecture ${RUNNER_ARCH:-$(uname -m)}" ;;
esac

if [ "$version" = latest ]; then
  # The latest release's page redirects to its tag; no API token needed.
  url=$(curl -fsSLI -o /dev/null -w '%{url_effective}' "${base%/download}/latest") || die "cannot find the latest release at ${base%/download}/latest"
  version=${url##*/}
fi
case "$version" in v*) ;; *) die "version $version must look like v0.1.0" ;; esac

archive="kubectl-batch_${version}_${os}_${arch}.tar.gz"
[ "$os" = windows ] && archive="kubectl-batch_${version}_${os}_${arch}.zip"
dir="${RUNNER_TEMP:-$(mktemp -d)}/kubectl-batch-${version}"
mkdir -p "$dir"
curl -fsSL --retry 3 -o "$dir/$archive" "$base/$version/$archive" || die "downloading $base/$version/$archive"
curl -fsSL --retry 3 -o "$dir/checksums.txt" "$base/$version/checksums.txt" || die "downloading $base/$version/checksums.txt"

want=$(awk -v f="$archive" '$2 == f { print $1 }' "$dir/checksums.txt")
[ -n "$want" ] || die "checksums.txt of $version lists no $archive"
if command -v sha256sum >/dev/null; then
  got=$(sha256sum "$dir/$archive" | awk '{ print $1 }')
else
  got=$(shasum -a 256 "$dir/$archive" | awk '{ print $1 }')
fi
[ "$got" = "$want" ] || die "checksum mismatch for $archive: got $got, checksums.txt says $want"

if [ "$os" = windows ]; then
  unzip -oq "$dir/$archive" -d "$dir"
else
  tar -xzf "$dir/$archive" -C "$dir"
fi
rm -f "$dir/$archive"
echo "$dir" >> "${GITHUB_PATH:-/dev/null}"
"$dir/kubectl-batch" version
