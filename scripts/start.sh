#!/usr/bin/env bash
# npm start: everything a fresh clone needs, then the whole platform in one process with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
node scripts/services.js ensure
node scripts/kafka.js start
echo "hamkor: building..." >&2
npm run --silent build
export DEMO_DATA="${DEMO_DATA:-true}"
export TS_NODE_BASEURL=./dist
exec node -r tsconfig-paths/register dist/apps/platform/src/main.js
