# Stormstarter. `make help` lists the targets.

GO        ?= go
ADDR      ?= :8000
VERSION   ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
GOFLAGS_BUILD = -trimpath -ldflags='-s -w -X main.version=$(VERSION)'
WASM_GOFLAGS  = -trimpath -ldflags='-s -w'

# Sources that change the binaries; the wasm never needs server/ or stormpath/,
# but listing all Go files keeps the rule simple and correct.
GO_SOURCES := go.mod go.sum $(shell find . -name '*.go' -not -path './node_modules/*' -not -name '*_test.go' 2>/dev/null)
# Files embedded into bin/web (go:embed) besides Go sources: the pages' loader
# scripts and the console's pages and styles.
GO_SOURCES += $(wildcard server/*.js stormpath/local/console/templates/*.html stormpath/local/console/static/*.css)

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: bin/web web/app.wasm.br ## build bin/web and web/app.wasm (+ .br and .gz)

# The identity service's console wears the site's theme: its embedded copies
# of web/theme.css and web/app.css follow them at every build.
stormpath/local/console/static/%.css: web/%.css
	cp $< $@

bin/web: $(GO_SOURCES)
	$(GO) build $(GOFLAGS_BUILD) -o bin/web ./cmd/web

web/app.wasm: $(GO_SOURCES)
	GOOS=js GOARCH=wasm $(GO) build $(WASM_GOFLAGS) -o web/app.wasm ./cmd/web

web/app.wasm.br: web/app.wasm bin/web
	bin/web precompress web/app.wasm

.PHONY: run
run: build ## build, then serve the site on $(ADDR) with embedded defaults
	bin/web serve --addr $(ADDR)

# The loop for customizing the site (README, "Customize your auth screens"):
# bin/web dev builds what is stale itself, without precompressing.
.PHONY: dev
dev: bin/web ## develop on $(ADDR), this machine only: rebuild on save, reload the open pages
	bin/web dev --addr $(ADDR)

.PHONY: vet
vet: ## gofmt, go vet natively and for the wasm build
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./cmd/web ./app/... ./components/...

.PHONY: check-wasm-deps
check-wasm-deps: ## fail if a server-side package is linked into the wasm
	@mod=$$($(GO) list -m); \
	bad=$$(GOOS=js GOARCH=wasm $(GO) list -deps ./cmd/web | grep -E "redis|alexedwards/scs|sqlite|chromedp|^$$mod/(server|stormpath)(/|$$)" || true); \
	if [ -n "$$bad" ]; then echo "server packages in the wasm:"; echo "$$bad"; exit 1; fi; \
	echo "wasm dependencies ok"

NODE_SDK_DIR := stormpath/local/testdata/node

# The Node SDK compatibility test runs when Node is installed: fetch the SDK
# once (npm ci, from the lock file).
.PHONY: node-deps
node-deps:
	@if command -v npm >/dev/null && [ ! -d $(NODE_SDK_DIR)/node_modules ]; then \
		echo "npm ci in $(NODE_SDK_DIR)"; (cd $(NODE_SDK_DIR) && npm ci --no-audit --no-fund --loglevel=error); fi

# The identity service's tests, the Go client's and the API's run twice:
# on SQLite (with everything else) and on PostgreSQL (STORMPATH_TEST_BACKEND).
.PHONY: test
test: vet check-wasm-deps build node-deps ## vet, the Go tests (Redis, PostgreSQL, Chromium, Node SDK), the wasm build and its size budget
	bench/wasm-size.sh
	$(GO) test -count=1 -timeout 20m ./...
	STORMPATH_TEST_BACKEND=postgres $(GO) test -count=1 -timeout 10m ./stormpath/... ./server/...

# bench/sessioncheck needs wrk (apt-get install wrk) and Redis (REDIS_URL,
# default redis://127.0.0.1:6379/0): GET /api/me through the whole chain vs
# a bare scs + goredisstore handler, over HTTP, and their ratio.
.PHONY: bench
bench: build ## the Go benchmarks, then GET /api/me vs bare scs over HTTP with wrk (bench/sessioncheck)
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(GO) run ./bench/sessioncheck

# Each fuzz target runs for FUZZTIME; its seeds (f.Add and testdata/fuzz/)
# also run in every `make test`. A crash is saved under testdata/fuzz/ by
# the go command: commit it with the fix, and it stays a regression test.
FUZZTIME ?= 30s
FUZZ_TARGETS := ./stormpath/sauthc1:FuzzVerify ./stormpath:FuzzParseProperties ./stormpath:FuzzCheckHref \
	./stormpath/local:FuzzParseHref ./stormpath/local:FuzzServiceBody ./server:FuzzDecodeJSON

.PHONY: fuzz
fuzz: ## run each fuzz target for FUZZTIME (default 30s)
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; echo "fuzz $$fn ($$pkg, $(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	done

.PHONY: bench-identity
bench-identity: ## the identity service at 1k/10k/100k accounts on SQLite and PostgreSQL (several minutes)
	$(GO) run ./bench/identity

.PHONY: demo
demo: build ## two sites, dronewars (:8001) and carswap (:8002), sharing one directory of users
	bin/web demo

.PHONY: rename
rename: ## make your site of it: make rename MODULE=example.com/dronewars NAME=dronewars
	@test -n "$(MODULE)" -a -n "$(NAME)" || { echo "usage: make rename MODULE=example.com/dronewars NAME=dronewars"; exit 2; }
	$(GO) run ./cmd/web rename --module "$(MODULE)" --name "$(NAME)"

.PHONY: clean
clean: ## remove build output (keeps ./data)
	rm -rf bin web/app.wasm web/app.wasm.br web/app.wasm.gz
