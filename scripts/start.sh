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
# Without a mail server of your own, e-mail goes to a local sink (.cache/dev-mail) instead of failing.
if [ -n "${NOTIFY_SMTP_URL:-}" ]; then
  exec node -r tsconfig-paths/register dist/apps/platform/src/main.js
fi
export NOTIFY_SMTP_URL="smtp://127.0.0.1:${DEV_MAIL_PORT:-2525}"
node scripts/dev-mail.js &
mail_pid=$!
node -r tsconfig-paths/register dist/apps/platform/src/main.js &
app_pid=$!
# Ctrl-C or a TERM stops the platform (its graceful shutdown) and the sink with it.
trap 'kill -TERM "$app_pid" 2>/dev/null || true' INT TERM
status=0
wait "$app_pid" || status=$?
# A signal interrupts the first wait; wait again for the platform's own shutdown to finish.
if kill -0 "$app_pid" 2>/dev/null; then wait "$app_pid" || status=$?; fi
kill "$mail_pid" 2>/dev/null || true
exit "$status"
