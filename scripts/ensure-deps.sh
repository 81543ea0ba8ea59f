#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than package-lock.json, so that
# `npm start` and `npm test` work on a fresh clone with nothing but Node, a JDK and Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
marker=node_modules/.hamkor-installed
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ] || [ package.json -nt "$marker" ]; then
  echo "hamkor: installing npm dependencies..." >&2
  # `npm install` with the committed lock, not `npm ci`: the lock records only the optional native
  # packages of the platforms the registry here serves, and npm 11's ci refuses such a lock.
  npm install --no-audit --no-fund --loglevel=error
  touch "$marker"
fi
