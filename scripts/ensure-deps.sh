#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than package-lock.json, so that
# `npm start` and `npm test` work on a fresh clone with nothing but Node, a JDK and Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
marker=node_modules/.hamkor-installed
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ] || [ package.json -nt "$marker" ]; then
  echo "hamkor: installing npm dependencies (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error
  touch "$marker"
fi
