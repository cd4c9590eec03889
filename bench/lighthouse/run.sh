#!/bin/sh
# Lighthouse 12 (desktop preset) on the starter's pages; see run.mjs.
#   bench/lighthouse/run.sh [-runs N] [-url URL] [-pages /,/signup] [-out DIR]
# Needs Node 18.16+ and Chromium (CHROME_PATH, default /usr/bin/chromium);
# without -url, `make build` first. Fetches Lighthouse once (npm ci).
# package.json's overrides pin the two packages Lighthouse's trace engine
# asks for as "latest": npm ci would refuse the lock file once a newer one
# is published.
set -e
dir=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$dir/node_modules/lighthouse" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
	(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
exec node "$dir/run.mjs" "$@"
