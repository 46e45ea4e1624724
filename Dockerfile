# The claims image: the CLI (`claims run`, `claims worker`, `claims serve`, …) on Node 20.
# Build: docker build -t claims .   Run: see docker-compose.yml and README "Service mode".
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary matches; native/ (malloc tuning) always.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY jobs ./jobs
COPY bin ./bin
COPY templates ./templates
COPY native ./native
RUN npm ci && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/templates ./templates
COPY --from=build /app/native/build/Release/malloc_tuning.node ./native/build/Release/
# Database, spool and outputs live on the one volume mounted here (owned by the user that runs).
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
ENTRYPOINT ["node", "/app/bin/claims.js"]
CMD ["--help"]
