# Two stages: build both binaries with the Go toolchain image, then copy the
# server and its static files into a small image that runs as non-root.
# (No Docker engine runs on the project's own machines: this file is kept
# simple enough to review by eye.)

FROM golang:1.26-bookworm AS build
WORKDIR /src
# A static binary: the runtime image has no C library.
ENV CGO_ENABLED=0
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=container
RUN make build VERSION=$VERSION && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /srv
COPY --from=build /src/bin/web /srv/bin/web
COPY --from=build /src/web /srv/web
# The embedded identity service keeps its data here; mount a volume on it.
# Owned by the nonroot user (65532), so a new volume is writable.
COPY --from=build --chown=65532:65532 /out/data /srv/data
VOLUME /srv/data
ENV ADDR=:8000 DATA_DIR=/srv/data WEB_DIR=/srv/web
EXPOSE 8000
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s CMD ["/srv/bin/web", "healthcheck"]
ENTRYPOINT ["/srv/bin/web"]
CMD ["serve"]
