# branchcast server image.
#   docker build -t branchcast .
#   docker run -d -p 8080:8080 -e BRANCHCAST_ADMIN_KEY=... -v branchcast-data:/data branchcast
# README.md ("Container") says more; compose.yaml runs a 2-node cluster on Redis.

# Stage 1: install every dependency and compile. `npm ci` runs npm's prepare
# step, `npm run build` (esbuild, scripts/build.ts), which writes
# dist/branchcast.js, dist/player/app.js and the client SDK in dist/client/; it
# needs the devDependencies (tsx, esbuild, typescript), which only this stage has.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY scripts ./scripts
COPY engine ./engine
COPY client ./client
COPY server ./server
COPY player ./player
# The API document: the build converts it to dist/openapi.json, served at /api/openapi.json.
COPY docs/openapi.yaml ./docs/
# Then drop the devDependencies here rather than `npm ci --omit=dev` in the
# runtime stage: that runs prepare again and fails (`tsx: not found`), and
# with --ignore-scripts ffprobe is left without an execute bit.
# The ffmpeg packages' own postinstall is `chmod u+x`: executable by root
# (who ran npm) only, so the server's user would not find ffprobe. Hence a+x.
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund \
 && chmod 0755 node_modules/@ffmpeg-installer/*/ffmpeg node_modules/@ffprobe-installer/*/ffprobe

# Stage 2: what `branchcast serve` loads, and nothing to build with.
# ffmpeg: the static build from the @ffmpeg-installer/@ffprobe-installer
# dependencies (ffmpeg 4.1, ffprobe 5.2), already in node_modules, so no apt layer
# (Debian's ffmpeg adds about 100 packages). The server prefers an ffmpeg on
# PATH, so an image derived from this one can `apt-get install ffmpeg` for 5.1.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data \
    MEDIA_DIR=/data/media
WORKDIR /app
# Owned by root and read-only to the server's user: the code cannot be rewritten at run time.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY stories/*.json ./stories/
# The image's `node` user (uid 1000) owns /data, so a new named volume
# mounted there inherits that owner (Docker copies it from the image).
RUN mkdir -p /data/media && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Node's fetch, so the image needs no curl. It asks PORT: change the port with
# PORT=..., not --port, or this check asks the wrong one.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `serve` stops gracefully on SIGTERM (docker stop) by itself, so node can be PID 1.
# Other commands work too: `docker run --rm branchcast doctor`, `... media demo`.
ENTRYPOINT ["node", "bin/branchcast.js"]
# Not bound to loopback, so BRANCHCAST_ADMIN_KEY is required (the server refuses to start without it).
CMD ["serve", "--host", "0.0.0.0"]
