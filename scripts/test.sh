#!/usr/bin/env bash
# npm test: everything a fresh clone needs, then every test against the real PostgreSQL, Redis and Kafka.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
node scripts/services.js ensure
node scripts/kafka.js start --test
npm run --silent typecheck
npm run --silent lint
exec npx jest "$@"
