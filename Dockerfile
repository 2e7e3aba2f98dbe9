# syntax=docker/dockerfile:1
# inclusion-gateway: multi-stage build. Node 20, non-root, prod deps only.

# 1. All dependencies, exactly as locked.
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. Compile TypeScript to dist/ (tsconfig.build.json leaves tests out). .dockerignore trims the context.
FROM deps AS build
COPY . .
RUN npm run build && mkdir -p config

# 3. Production dependencies only, installed apart so dev tools never reach the runtime image.
FROM node:20-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 4. Runtime: prod node_modules + compiled code + the data files read at run time (connectors/tables.ts
#    finds data/ beside dist/) + optional source declarations (SOURCES_FILE=config/…).
FROM node:20-slim AS runtime
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/data ./data
COPY --from=build --chown=node:node /app/config ./config
COPY --chown=node:node package.json ./
USER node
EXPOSE 4000
# node:20-slim has no curl: probe liveness with Node's own fetch (honours a PORT override).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself, for the graceful shutdown in src/main.ts.
CMD ["node", "dist/src/main.js"]
