# kubectl-batch admission webhook image.
#   docker build -t kubectl-batch-webhook:dev .
# (No Docker engine runs on this project's build machines, so CI does not build this image;
# `make build` builds the same static binary.)
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/kubectl-batch/kubectl-batch/internal/version.Version=${VERSION}" \
      -o /out/kubectl-batch-webhook ./cmd/kubectl-batch-webhook

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/kubectl-batch-webhook /kubectl-batch-webhook
USER 65532:65532
EXPOSE 9443 8080
ENTRYPOINT ["/kubectl-batch-webhook"]
