# syntax=docker/dockerfile:1
#
# One image for every hamkor service. HAMKOR_SERVICES picks what a container runs:
#   docker build -t hamkor:local .
#   docker run --rm -p 3001:3000 -e HAMKOR_SERVICES=partnerships ... hamkor:local
# The one-shot deployment step (migrations of every service + all Kafka topics) uses the same image:
#   docker run --rm ... hamkor:local node dist/apps/platform/src/migrate.js
# See docker-compose.yml for a complete, working set of environment variables.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------------
# build: all dependencies, TypeScript -> dist/ (dist/apps/platform/src/main.js, dist/libs/...)
# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
# npm install with the committed lock rather than npm ci: see scripts/ensure-deps.sh for why.
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
RUN npm run build

# ---------------------------------------------------------------------------------------------------
# runtime: production dependencies only, compiled code, non-root
# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: Nest's shutdown hooks re-raise SIGTERM on the process after closing, which PID 1
# itself would ignore; tini also reaps zombies. (Kubernetes has no --init, so it is in the image.)
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
RUN node -e "require.resolve('tsconfig-paths/register')" \
 || { echo 'tsconfig-paths must be a production dependency (package.json "dependencies"): the compiled code imports @hamkor/* aliases' >&2; exit 1; }
# tsconfig.json carries the @hamkor/* path aliases; TS_NODE_BASEURL points them at dist/ instead of
# the sources (same as `npm run start:service`). NODE_OPTIONS preloads the resolver for every `node`
# run in this image, so `node dist/apps/platform/src/main.js` and `node dist/.../migrate.js` just work.
COPY tsconfig.json ./
COPY --from=build /app/dist ./dist
ENV TS_NODE_PROJECT=/app/tsconfig.json \
    TS_NODE_BASEURL=./dist \
    NODE_OPTIONS="--require /app/node_modules/tsconfig-paths/register.js" \
    HAMKOR_SERVICES=all \
    PORT=3000
# Files stay root-owned (read-only for the app); the process runs as the image's unprivileged "node" user.
USER node
EXPOSE 3000
# Liveness only (the process answers HTTP); readiness (/health/ready: PostgreSQL, Kafka, Redis) is for
# the orchestrator's own probe, see docker-compose.yml.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "require('http').get('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1)).setTimeout(4000,()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/apps/platform/src/main.js"]
