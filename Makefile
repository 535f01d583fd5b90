# kubectl-batch. `make test` is what CI runs (see .ci/run).
GO       ?= go
BIN      ?= $(or $(shell $(GO) env GOBIN),$(shell $(GO) env GOPATH)/bin)
TOOLS    := $(CURDIR)/.tools
STATICCHECK_VERSION ?= v0.8.2
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# Commit and build date for `kubectl batch version`; outside a git checkout (a source tarball)
# the commit is "unknown". [ -e .git ] keeps a tarball unpacked inside another repository from
# taking that repository's commit.
COMMIT   ?= $(shell [ -e .git ] && git rev-parse --short HEAD 2>/dev/null || echo unknown)
DATE     ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
VERSION_PKG := github.com/kubectl-batch/kubectl-batch/internal/version
LDFLAGS  := -s -w -X $(VERSION_PKG).Version=$(VERSION) -X $(VERSION_PKG).Commit=$(COMMIT) -X $(VERSION_PKG).Date=$(DATE)

.PHONY: all build install test unit fuzz-short integration lint-go vet staticcheck docs docs-check versions conformance-record bench bench-status bench-webhook fuzz fuzz-webhook dist testenv-up testenv-down clean

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/kubectl-batch ./cmd/kubectl-batch
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/kubectl-batch-webhook ./cmd/kubectl-batch-webhook

## install: put kubectl-batch on PATH (in $(BIN)) so `kubectl batch` finds it
install:
	$(GO) install -trimpath -ldflags '$(LDFLAGS)' ./cmd/kubectl-batch
	install -m 0755 hack/kubectl_complete-batch $(BIN)/kubectl_complete-batch
	@echo "installed $(BIN)/kubectl-batch (and kubectl_complete-batch for shell completion)"
	@case ":$$PATH:" in *":$(BIN):"*) ;; *) echo "note: add $(BIN) to PATH: export PATH=\$$PATH:$(BIN)";; esac

## test: the fast checks first (formatting, vet, staticcheck, generated docs, unit tests with
## -race, a few seconds of every fuzz target), stopping there on failure; then the integration
## tests on a local control plane (started here when none is running; built on first use: the
## first run with empty caches took 60 min on 2 busy cores, later runs ~10 min).
test: lint-go docs-check unit fuzz-short integration

lint-go: vet staticcheck
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.tools/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet -tags integration ./...

$(TOOLS)/staticcheck:
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

staticcheck: $(TOOLS)/staticcheck
	$(TOOLS)/staticcheck -tags integration ./...

unit:
	$(GO) test -race -count=1 ./...

# Every fuzz target, as PACKAGE:TARGET; fuzz-short runs each for FUZZ_SHORT.
FUZZ_TARGETS := ./lint/:FuzzLint ./lint/:FuzzShortenValues ./internal/manifest/:FuzzDecode ./internal/manifest/:FuzzSplitDocuments ./internal/manifest/:FuzzTypedDecode \
	./internal/manifest/:FuzzDecodeMatchesKubectlYAML \
	./internal/schedule/:FuzzParse ./internal/fastyaml/:FuzzParseMatchesV3 ./webhook/:FuzzHandler
FUZZ_SHORT ?= 3s

fuzz-short:
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzz $${t#*:} ($(FUZZ_SHORT))"; \
	  $(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZ_SHORT) "$${t%%:*}" || exit 1; \
	done

# The integration tests run live against the default Kubernetes version (a whole control plane)
# and the oldest supported one (kube-apiserver and etcd); the others through recorded verdicts.
OLDEST_KUBERNETES_VERSION := 1.32

integration:
	hack/testenv.sh build
	hack/testenv.sh build --kubernetes-version $(OLDEST_KUBERNETES_VERSION)
	$(GO) test -count=1 -p 1 -tags integration -timeout 45m ./test/...

## docs: regenerate docs/rules.md from the rule table and docs/versions.md from the version model
docs:
	$(GO) run ./hack/gendocs > docs/rules.md
	$(GO) run ./hack/gendocs -versions > docs/versions.md

docs-check:
	@$(GO) run ./hack/gendocs | diff -u docs/rules.md - || { echo "docs/rules.md is stale: run 'make docs'"; exit 1; }
	@$(GO) run ./hack/gendocs -versions | diff -u docs/versions.md - || { echo "docs/versions.md is stale: run 'make docs'"; exit 1; }

## versions: regenerate the version model's tables (lint/kubeversion/*_gen.go) from each
## supported version's upstream sources (fetched through the Go module proxy)
versions:
	$(GO) run ./hack/genversions -out lint/kubeversion

## conformance-record: build the kube-apiserver of each version in RECORD_VERSIONS (first time:
## 7-14 min each on 2 cores), run the create corpus against it and record its verdicts in
## test/conformance/testdata/verdicts/<version>.json (the versions not run live by `make test`)
RECORD_VERSIONS ?= 1.33,1.34,1.35,1.36
conformance-record:
	hack/testenv.sh build
	for v in $(subst $(comma), ,$(RECORD_VERSIONS)); do hack/testenv.sh build --kubernetes-version $$v || exit 1; done
	CONFORMANCE_RECORD=$(RECORD_VERSIONS) $(GO) test -count=1 -tags integration -timeout 120m -run '^TestConformanceAcrossVersions$$' ./test/conformance/

comma := ,

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count=1 ./lint/... ./internal/... ./cmd/...

# status -A over 2,000 CronJobs and 20,000 Jobs on the test control plane (seeding takes minutes).
bench-status:
	$(GO) test -tags integration -run '^$$' -bench BenchmarkStatusAll -benchtime 1x -timeout 60m ./test/e2e/

bench-webhook:
	$(GO) test -run '^$$' -bench BenchmarkWebhookHTTPS -benchtime 20000x -count 3 ./webhook/
	$(GO) test -run '^$$' -bench 'BenchmarkBigReview' -benchtime 20x ./webhook/
	$(GO) test -run '^$$' -bench BenchmarkHeldConnections -benchtime 1x ./cmd/kubectl-batch-webhook/

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzLint -fuzztime 30s ./lint/

fuzz-webhook:
	$(GO) test -run '^$$' -fuzz FuzzHandler -fuzztime 60s -fuzzminimizetime 10s ./webhook/

## dist: static binaries for every krew platform, archives with LICENSE, checksums, krew manifest
dist:
	$(GO) run ./hack/dist -out dist -version $(if $(filter v%,$(VERSION)),$(VERSION),v0.0.0-$(VERSION)) -commit "$$(git rev-parse HEAD 2>/dev/null)" -date "$$(date -u +%Y-%m-%dT%H:%M:%SZ)"

testenv-up:
	hack/testenv.sh up

testenv-down:
	hack/testenv.sh down

clean:
	rm -rf bin .tools dist
