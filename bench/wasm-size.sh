#!/bin/sh
# wasm-size.sh: fail when web/app.wasm is over its budget, brotli-compressed.
# `make test` runs it after `make build` has written web/app.wasm.br.
#
#   bench/wasm-size.sh [budget-bytes]     (default 1800000, i.e. 1.8 MB)
#
# It prints the raw, gzip and brotli sizes. A go-app hello world is
# 1.42 MB brotli; net/http's client alone would add about 0.87 MB, which is
# why the pages call the API through window.fetch.
set -eu
cd "$(dirname "$0")/.."
budget=${1:-1800000}
wasm=web/app.wasm
for f in "$wasm" "$wasm.br" "$wasm.gz"; do
	if [ ! -f "$f" ]; then
		echo "wasm-size: $f missing; run \`make build\` first" >&2
		exit 1
	fi
done
if [ "$wasm.br" -ot "$wasm" ]; then
	echo "wasm-size: $wasm.br is older than $wasm; run \`make build\`" >&2
	exit 1
fi
size() { wc -c <"$1" | tr -d ' '; }
raw=$(size "$wasm")
gz=$(size "$wasm.gz")
br=$(size "$wasm.br")
echo "app.wasm: raw $raw, gzip $gz, brotli $br bytes (budget $budget brotli)"
if [ "$br" -gt "$budget" ]; then
	echo "wasm-size: app.wasm is $br bytes brotli, over the budget of $budget" >&2
	exit 1
fi
