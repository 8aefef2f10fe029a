# kubeviz as a container: a static binary on a distroless base, non-root.
#   docker build -t kubeviz . && docker run --rm -p 8080:8080 kubeviz
# Everything the server serves (pages, CSS, JS) is embedded in the binary.

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first, so a source change does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/kubeviz ./cmd/server

# distroless static: no shell, no package manager, CA certificates and
# tzdata only; "nonroot" is uid 65532.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/kubeviz /kubeviz
USER 65532:65532
EXPOSE 8080
ENV PORT=8080
ENTRYPOINT ["/kubeviz"]
