# kubectl-batch images, built from source:
#   docker build -t kubectl-batch-webhook:dev .              # the admission webhook (default)
#   docker build --target cli -t kubectl-batch:dev .          # the CLI, for CI systems that run images
#   docker run --rm -v "$PWD:/work" -w /work kubectl-batch:dev lint -f deploy/ -R
# Releases build the same images from GoReleaser's binaries (Dockerfile.release, .goreleaser.yaml).
# No Docker engine runs on this project's build machines, so CI does not build these images;
# `make build` builds the same static binaries.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/kubectl-batch/kubectl-batch/internal/version.Version=${VERSION}" \
      -o /out/kubectl-batch-webhook ./cmd/kubectl-batch-webhook
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/kubectl-batch/kubectl-batch/internal/version.Version=${VERSION}" \
      -o /out/kubectl-batch ./cmd/kubectl-batch

# The CLI: distroless, non-root, the binary as entrypoint (arguments: lint -f ..., explain ...).
FROM gcr.io/distroless/static-debian12:nonroot AS cli
COPY --from=build /out/kubectl-batch /kubectl-batch
USER 65532:65532
ENTRYPOINT ["/kubectl-batch"]

# The webhook (the default target: last).
FROM gcr.io/distroless/static-debian12:nonroot AS webhook
COPY --from=build /out/kubectl-batch-webhook /kubectl-batch-webhook
USER 65532:65532
EXPOSE 9443 8080
ENTRYPOINT ["/kubectl-batch-webhook"]
